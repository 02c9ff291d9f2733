"""Vendor records through the cache are the records read from the files, whatever the file
holds, and a damaged entry is read again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loading.cache import CACHE_DIR, Cache
from generator.loading.filekeys import FileKeys
from generator.loading.vendors import KIND, VendorBook, load_vendor

GOOD = """\
name: Acme Systems, Inc.
website_url: https://acme.example/
participation_form_signed: 2025-03-04
membership: member
offerings:
  - name: Acme Kubernetes
    website_url: https://acme.example/kube
contacts:
  - name: Ada
    email: ada@acme.example
"""
BROKEN = {
    "good": GOOD,
    "awaiting": GOOD + "status: awaiting-review\n",
    "bad-yaml": "name: [unclosed\n",
    "not-a-mapping": "- just\n- a list\n",
    "schema": "name: Acme\nwebsite_url: http://insecure.example/\nmembership: gold\n",
}


def book(root: Path) -> VendorBook:
    return VendorBook(root, Cache(root / CACHE_DIR), FileKeys(root, None))


@pytest.mark.parametrize("slug", sorted(BROKEN))
def test_a_cached_record_is_the_record_read_from_the_file(tmp_path: Path, slug: str) -> None:
    folder = tmp_path / "data" / "vendors" / slug
    folder.mkdir(parents=True)
    (folder / "VENDOR.yaml").write_text(BROKEN[slug])
    fresh = load_vendor(tmp_path, slug)
    first, again = book(tmp_path).get(slug), book(tmp_path).get(slug)
    assert first == fresh and again == fresh
    assert any((tmp_path / CACHE_DIR / KIND).glob("*.json"))
    assert (fresh.vendor is None) == bool(fresh.problems)
    assert (fresh.vendor is not None) == (slug in ("good", "awaiting"))


def test_a_damaged_entry_is_read_again_and_a_changed_file_is_seen(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "vendors" / "acme"
    folder.mkdir(parents=True)
    (folder / "VENDOR.yaml").write_text(GOOD)
    expected = book(tmp_path).get("acme")
    for entry in (tmp_path / CACHE_DIR / KIND).glob("*.json"):
        entry.write_bytes(entry.read_bytes().replace(b"Acme Systems", b"Evil Systems"))
    assert book(tmp_path).get("acme") == expected
    (folder / "VENDOR.yaml").write_text(GOOD.replace("Acme Systems", "Acme Renamed"))
    record = book(tmp_path).get("acme")
    assert record.vendor is not None and record.vendor.name == "Acme Renamed, Inc."


def test_a_missing_or_linked_record_is_never_cached(tmp_path: Path) -> None:
    (tmp_path / "data" / "vendors" / "ghost").mkdir(parents=True)
    linked = tmp_path / "data" / "vendors" / "linked"
    linked.mkdir()
    (tmp_path / "elsewhere.yaml").write_text(GOOD)
    (linked / "VENDOR.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    for slug in ("ghost", "linked"):
        assert book(tmp_path).get(slug) == load_vendor(tmp_path, slug)
        assert book(tmp_path).get(slug).vendor is None
    assert not (tmp_path / CACHE_DIR / KIND).exists()
