"""An equivalent Hugo site of a registry, to time Hugo on the same pages as `certreg build`.

One page per product (its details, its certification history and the README of its newest
certification, the same Markdown), one per vendor (its products) and one per version (the
products certified for it), and the listing of every product; a minimal layout. Syntax
highlighting is off, as certreg does not highlight README code either. certreg also writes
badges, the API, the feed and the sitemap, which this site leaves out.

    python benchmarks/hugo_site.py REGISTRY OUT [--as-of DATE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
from pathlib import Path

from generator.loading.registry import load_registry
from generator.model.registry import Registry
from generator.site.snapshot import Snapshot

CONFIG = """\
baseURL = "https://example.org/"
title = "Certified products"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.highlight]
codeFences = false
"""
BASEOF = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="/">Certified products</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LISTING = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<table><tr><th>Product</th><th>Vendor</th><th>Type</th><th>State</th><th>Until</th></tr>
{{ range where .Site.RegularPages "Section" "products" }}
<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.vendor_name }}</td>
<td>{{ .Params.product_type }}</td><td>{{ .Params.state }}</td><td>{{ .Params.until }}</td></tr>
{{ end }}</table>{{ end }}
"""
PRODUCT = """\
{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.description }}</p>
<p>by <a href="/vendors/{{ .Params.vendor }}/">{{ .Params.vendor_name }}</a>: {{ .Params.state }}
until {{ .Params.until }}</p>
<table>{{ range .Params.history }}<tr><td>{{ .version }}</td><td>{{ .product_version }}</td>
<td>{{ .certified_on }}</td><td>{{ .expires_on }}</td><td>{{ .passed }}/{{ .required }}</td></tr>
{{ end }}</table><section>{{ .Content }}</section>{{ end }}
"""
VENDOR = """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range where (where .Site.RegularPages "Section" "products") "Params.vendor" .Params.slug }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.state }}</li>{{ end }}</ul>{{ end }}
"""
VERSION = """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range where (where .Site.RegularPages "Section" "products") "Params.versions" "intersect" (slice .Params.version) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.vendor_name }}</li>{{ end }}</ul>
{{ end }}
"""


def front(fields: dict[str, object]) -> str:
    """Front matter as JSON, which Hugo reads and which needs no escaping rules of our own."""
    return json.dumps(fields, indent=1, ensure_ascii=False) + "\n"


def write_hugo_site(registry: Registry, day: dt.date, out: Path) -> int:
    """Write the Hugo project for `registry` as of `day` into `out`; return its page count."""
    if out.exists():
        shutil.rmtree(out)
    snap = Snapshot.of(registry, day, "https://example.org/")
    layouts = out / "layouts"
    for rel, text in {
        "_default/baseof.html": BASEOF,
        "index.html": LISTING,
        "products/single.html": PRODUCT,
        "vendors/single.html": VENDOR,
        "versions/single.html": VERSION,
        "_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}',
        "_default/list.html": '{{ define "main" }}{{ .Content }}{{ end }}',
    }.items():
        (layouts / rel).parent.mkdir(parents=True, exist_ok=True)
        (layouts / rel).write_text(text, encoding="utf-8")
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    content = out / "content"
    pages = [("_index.md", front({"title": "Certified products"}))]
    for product in snap.products():
        status = snap.status(product)
        newest = status.newest
        fields = {
            "title": product.info.name,
            "vendor": product.vendor,
            "vendor_name": snap.vendor_name(product.vendor),
            "product_type": product.info.type,
            "description": product.info.description,
            "state": status.state.value,
            "until": str(status.until or ""),
            "versions": [str(c.key.version) for c in product.certifications],
            "history": [
                {
                    "version": str(c.key.version),
                    "product_version": c.info.version,
                    "certified_on": str(c.certified_on or ""),
                    "expires_on": str(c.expires_on),
                    "passed": c.tests_passed,
                    "required": c.tests_required,
                }
                for c in reversed(product.certifications)
            ],
        }
        pages.append((f"products/{product.id}.md", front(fields) + newest.readme))
    for slug in snap.vendor_slugs():
        fields = {"title": snap.vendor_name(slug), "slug": slug}
        pages.append((f"vendors/{slug}.md", front(fields)))
    for version in snap.versions():
        fields = {"title": f"Certified for {version}", "version": str(version)}
        pages.append((f"versions/{version}.md", front(fields)))
    for rel, text in pages:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("registry", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    registry = load_registry(args.registry).registry()
    print(f"{write_hugo_site(registry, args.as_of, args.out)} pages in {args.out}")


if __name__ == "__main__":
    main()
