"""api/v1/registry.json and certifications.csv: the published contract (docs/api.md)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.registry import Registry
from generator.site.api import CSV_COLUMNS, api_files
from generator.site.snapshot import Snapshot
from generator.site.write import SiteFiles
from tests.site import sample
from tests.site.conftest import text_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
PRODUCT_FIELDS = {
    "id", "vendor", "name", "type", "description", "website_url", "documentation_url",
    "repo_url", "logo_url", "state", "certified_until", "url", "certifications",
}  # fmt: skip
CERTIFICATION_FIELDS = {
    "version", "product_version", "certified_on", "expires_on", "state", "tests_passed",
    "tests_required", "source", "revoked",
}  # fmt: skip


def registry(site: SiteFiles) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text_of(site, "api/v1/registry.json"))
    return data


def test_json_has_the_contract_fields(site: SiteFiles) -> None:
    data = registry(site)
    assert data["api_version"] == 1
    assert data["as_of"] == "2026-11-27"
    assert data["program"]["name"] == "Certified Kubernetes"
    releases = {r["version"]: r for r in data["program"]["releases"]}
    assert releases["v1.37"] == {"version": "v1.37", "released": "2026-08-26", "certifiable": True}
    assert releases["v1.34"]["certifiable"] is False
    assert {"id", "name", "website_url"} <= set(data["vendors"][0])
    for product in data["products"]:
        assert set(product) >= PRODUCT_FIELDS
        for cert in product["certifications"]:
            assert set(cert) >= CERTIFICATION_FIELDS


def test_json_values(site: SiteFiles) -> None:
    products = {p["id"]: p for p in registry(site)["products"]}
    assert list(products) == sorted(products)
    kube = products["acme/kube"]
    assert kube["state"] == "active"
    assert kube["certified_until"] == "2027-08-26"
    assert kube["url"] == "products/acme/kube/"
    assert [c["version"] for c in kube["certifications"]] == ["v1.37", "v1.36", "v1.35"]
    oldest = kube["certifications"][-1]
    assert oldest == {
        "version": "v1.35",
        "product_version": "1.0",
        "certified_on": "2026-01-05",
        "expires_on": "2027-01-22",
        "provisional": False,
        "state": "active",
        "tests_passed": 441,
        "tests_required": 441,
        "source": "data/vendors/acme/kube/v1.35",
        "revoked": None,
    }
    fleet = products["nimbus/fleet"]
    assert fleet["state"] == "revoked"
    assert fleet["certified_until"] is None
    assert fleet["certifications"][0]["revoked"] == {
        "on": "2026-10-01",
        "reason": "The results were not reproducible.",
    }


def test_json_carries_only_https_urls_and_clean_names(site: SiteFiles) -> None:
    evil = next(p for p in registry(site)["products"] if p["id"] == "shady/evil-dist")
    assert evil["website_url"] is None  # javascript:
    assert evil["documentation_url"] is None  # http:
    assert evil["logo_url"] == "https://cdn.example.com/logo.svg"
    assert "\u202e" not in evil["name"]


def test_csv_has_one_row_per_certification(site: SiteFiles) -> None:
    rows = list(csv.reader(io.StringIO(text_of(site, "api/v1/certifications.csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == 7
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["product_id"] == "acme/kube"
    assert first["version"] == "v1.37"
    assert first["url"] == "https://registry.example.org/products/acme/kube/"


def test_csv_cells_cannot_become_formulas(small_registry: Registry) -> None:
    product = small_registry.products[0]
    bad = replace(product.certifications[0], info=replace(product.info, version="=HYPERLINK(1)"))
    changed = replace(product, certifications=(bad, *product.certifications[1:]))
    reg = replace(small_registry, products=(changed, *small_registry.products[1:]))
    _, text = api_files(Snapshot.of(reg, sample.DAY, sample.BASE_URL))
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_docs_describe_every_field() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for field in PRODUCT_FIELDS | CERTIFICATION_FIELDS | set(CSV_COLUMNS):
        assert f"`{field}`" in text, f"docs/api.md does not describe {field}"


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=2),
    empty=st.booleans(),
)
def test_registry_json_is_laid_out_as_json_lays_it_out(
    small_registry: Registry, texts: list[str], empty: bool
) -> None:
    """registry.json is assembled from products' entries made one by one: the text is exactly
    what json.dumps(..., ensure_ascii=False, indent=2) makes of the same document, whatever
    the vendors wrote; and so is the CSV what csv.writer makes of its rows."""
    product = small_registry.products[0]
    info = replace(product.info, name=texts[0], description=texts[1])
    changed = replace(product, certifications=tuple(
        replace(c, info=info) for c in product.certifications
    ))  # fmt: skip
    products = () if empty else (changed, *small_registry.products[1:])
    snap = Snapshot.of(replace(small_registry, products=products), sample.DAY, sample.BASE_URL)
    document, rows = api_files(snap)
    assert document == json.dumps(json.loads(document), ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv.reader(io.StringIO(rows)))
    assert rows == buffer.getvalue()
    assert len(json.loads(document)["products"]) == len(products)
