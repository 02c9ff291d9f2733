"""Pages rendered before come from the cache only when rendering them again would give the same
text: the site is the same as a build from nothing, whatever the cache holds."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.loading.cache import CACHE_DIR, Cache
from generator.loading.registry import load_registry
from generator.model.registry import Product
from generator.site import api, build, pagecache
from generator.site.build import SiteSettings, render_site
from generator.site.pagecache import PageCache
from generator.site.publish import build_site
from generator.site.render import CompiledTemplates
from tests.perf.conftest import submissions, tree

DAY = dt.date(2026, 11, 27)


def rendered(root: Path, cache: Cache) -> tuple[dict[str, bytes], PageCache]:
    """The site's files, and the page cache with its counts, rendered in this process."""
    registry = load_registry(root).registry()
    settings = SiteSettings(DAY, "https://certreg.example.org/", root / "templates")
    memo = PageCache(cache, settings.templates)
    files = render_site(registry, settings, jobs=1, cache=cache, memo=memo)
    return {path: files[path] for path in files.paths()}, memo


def test_a_second_render_renders_no_page(small: Path) -> None:
    cache = Cache(small / CACHE_DIR)
    first, cold = rendered(small, cache)
    again, warm = rendered(small, cache)
    assert again == first
    assert cold.renders > 0 and cold.hits == 0
    assert warm.renders == 0 and warm.hits == cold.renders


def test_only_pages_whose_content_changed_are_rendered(small: Path) -> None:
    cache = Cache(small / CACHE_DIR)
    first, cold = rendered(small, cache)
    readme = submissions(small)[-1] / "README.md"
    readme.write_text(readme.read_text() + "\nOne more step.\n")
    after, warm = rendered(small, cache)
    uncached, _ = rendered(small, Cache(None))
    assert after == uncached
    changed = {p for p in after if p.endswith(".html") and after[p] != first.get(p)}
    assert changed and warm.renders == len(changed) < cold.renders


def test_a_template_change_renders_every_page_again(small: Path) -> None:
    cache = Cache(small / CACHE_DIR)
    _, cold = rendered(small, cache)
    base = small / "templates" / "base.html"
    base.write_text(base.read_text() + "\n")
    _, warm = rendered(small, cache)
    assert warm.hits == 0 and warm.renders == cold.renders


def test_damaged_or_swapped_entries_are_never_shown(small: Path) -> None:
    cache = Cache(small / CACHE_DIR)
    first, cold = rendered(small, cache)
    entries = sorted((small / CACHE_DIR / pagecache.KIND).glob("*.json"))
    assert len(entries) == cold.renders
    entries[0].write_bytes(entries[0].read_bytes()[:-20] + b"<script>x</script>")
    entries[1].write_bytes(entries[2].read_bytes())  # another page's entry under this name
    again, warm = rendered(small, cache)
    assert again == first
    assert warm.renders == 2


def test_builds_use_the_page_cache_and_match_a_build_without_it(
    small: Path, tmp_path: Path
) -> None:
    build_site(small, small / "site", None, DAY, jobs=2)
    assert any((small / CACHE_DIR / pagecache.KIND).glob("*.json"))
    product = submissions(small)[0] / "PRODUCT.yaml"
    product.write_text(product.read_text().replace("description:", "description: Changed.", 1))
    build_site(small, small / "site", None, DAY, jobs=2)
    build_site(small, tmp_path / "clean", None, DAY, jobs=1, cache=False)
    assert tree(small / "site") == tree(tmp_path / "clean")


def test_a_page_whose_recorded_inputs_miss_one_is_caught(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test suite renders cached pages again (CERTREG_VERIFY_PAGE_CACHE): a `depends` that
    forgets an input fails loudly instead of publishing a stale page."""
    cache = Cache(small / CACHE_DIR)
    monkeypatch.setattr(build, "_product_depends", lambda snap, product: product.id)
    rendered(small, cache)
    readme = submissions(small)[-1] / "README.md"
    readme.write_text(readme.read_text() + "\nOne more step.\n")
    monkeypatch.setenv(pagecache.VERIFY_SWITCH, "1")
    with pytest.raises(AssertionError, match="out of date"):
        rendered(small, cache)


def test_text_entries_hold_text_as_written_and_never_pass_for_json(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    page = '<p>"quoted" \\ back\u2028slash \U0001f600</p>\n'
    cache.put_text("pages", "k", page)
    cache.put("values", "k", {"a": [1, None]})
    assert cache.get_text("pages", "k") == page
    assert cache.get("values", "k") == {"a": [1, None]}
    assert cache.get("pages", "k") is None  # text is not JSON, whatever it looks like
    assert cache.get_text("values", "k") is None
    entry = cache.path("pages", "k")
    assert entry is not None and page.encode() in entry.read_bytes()  # kept as it is
    entry.write_bytes(entry.read_bytes().replace(b"quoted", b"QUOTED"))
    assert cache.get_text("pages", "k") is None


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name", ""))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_templates_are_compiled_once_and_then_taken_from_the_cache(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(small / CACHE_DIR)
    compiled = compiles(monkeypatch)
    first, _ = rendered(small, cache)
    assert "product.html" in compiled and "base.html" in compiled
    compiled.clear()
    shutil.rmtree(small / CACHE_DIR / pagecache.KIND)  # every page rendered again
    again, _ = rendered(small, cache)
    assert compiled == [] and again == first


def test_a_changed_template_is_compiled_again(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(small / CACHE_DIR)
    rendered(small, cache)
    compiled = compiles(monkeypatch)
    footer = small / "templates" / "base.html"
    footer.write_text(footer.read_text().replace("</footer>", "<p>Changed.</p></footer>", 1))
    after, _ = rendered(small, cache)
    assert compiled == ["base.html"]
    assert b"<p>Changed.</p>" in after["index.html"]
    assert after == rendered(small, Cache(None))[0]


def rendered_with_entries(small: Path, kind: str) -> tuple[Cache, dict[str, bytes], list[Path]]:
    """The cache, the site rendered through it, and the cache's entries of `kind` (some)."""
    cache = Cache(small / CACHE_DIR)
    first, _ = rendered(small, cache)
    entries = sorted((small / CACHE_DIR / kind).iterdir())
    assert entries
    return cache, first, entries


@pytest.mark.parametrize("how", ["garbled", "foreign bytes"])
def test_a_damaged_compiled_template_is_compiled_again(
    small: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cache, first, entries = rendered_with_entries(small, CompiledTemplates.KIND)
    for path in entries:
        data = path.read_bytes()
        if how == "garbled":  # the checksum no longer matches: the cache ignores the entry
            path.write_bytes(data[:-9] + bytes([data[-9] ^ 0x01]) + data[-8:])
        else:  # an entry the cache accepts, holding what Jinja did not write
            head = json.loads(data.partition(b"\n")[0])
            cache.put_bytes(CompiledTemplates.KIND, head["key"], b"j2\x00 not bytecode")
    shutil.rmtree(small / CACHE_DIR / pagecache.KIND)
    compiled = compiles(monkeypatch)
    again, _ = rendered(small, cache)
    assert again == first
    assert "product.html" in compiled


def api_parts_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The products whose part of the API files is made (not taken from the cache) from now."""
    made: list[str] = []
    original = api._product

    def counting(snap: object, product: Product) -> dict[str, Any]:
        made.append(product.id)
        return original(snap, product)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_product", counting)
    return made


def test_the_api_files_are_made_from_parts_kept_per_product(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pagecache.VERIFY_SWITCH, "0")  # what the cache holds is used as it is
    cache = Cache(small / CACHE_DIR)
    made = api_parts_made(monkeypatch)
    first, _ = rendered(small, cache)
    products = sorted(set(made))
    assert len(products) == len(made) > 1
    made.clear()
    again, _ = rendered(small, cache)
    assert made == [] and again == first
    readme = submissions(small)[-1] / "README.md"
    readme.write_text(readme.read_text() + "\nOne more step.\n")
    after, _ = rendered(small, cache)
    assert len(made) == 1  # only the product whose certification changed
    uncached, _ = rendered(small, Cache(None))
    assert after == uncached
    for name in ("api/v1/registry.json", "api/v1/certifications.csv"):
        assert after[name] == uncached[name]


@pytest.mark.parametrize("how", ["garbled", "length", "stale"])
def test_api_parts_the_cache_holds_badly_are_made_again_or_caught(
    small: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cache, first, entries = rendered_with_entries(small, api.KIND)
    for path in entries:
        head, _, payload = path.read_bytes().partition(b"\n")
        key = json.loads(head)["key"]
        size, _, rest = payload.partition(b"\n")
        if how == "garbled":  # the checksum no longer matches: the cache ignores the entry
            path.write_bytes(path.read_bytes()[:-3] + b"xyz")
        elif how == "length":  # a good entry whose first part runs past its end
            cache.put_text(api.KIND, key, f"{int(size) + len(rest) + 1}\n{rest.decode()}")
        else:  # a good entry out of date: the suite's verify switch catches it
            cache.put_text(api.KIND, key, f"{size.decode()}\n{rest.decode().replace('1', '2')}")
    if how == "stale":
        monkeypatch.setenv(pagecache.VERIFY_SWITCH, "1")
        with pytest.raises(AssertionError, match="API parts out of date"):
            rendered(small, cache)
        return
    monkeypatch.setenv(pagecache.VERIFY_SWITCH, "0")
    made = api_parts_made(monkeypatch)
    again, _ = rendered(small, cache)
    assert again == first and len(made) == len(entries)
