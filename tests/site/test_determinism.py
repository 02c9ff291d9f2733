"""Two builds of the same data and date are byte-identical."""

from __future__ import annotations

from pathlib import Path

from generator.model.registry import Registry
from generator.site.build import SiteSettings, render_site
from generator.site.write import SiteFiles, replace_folder
from tests.site import sample
from tests.site.conftest import TEMPLATES


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_identical(
    small_registry: Registry, tmp_path: Path, site: SiteFiles
) -> None:
    settings = SiteSettings(sample.DAY, sample.BASE_URL, TEMPLATES)
    again = render_site(small_registry, settings)
    assert list(again.items()) == list(site.items())
    replace_folder(site, tmp_path / "one")
    replace_folder(again, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_date_changes_the_site(small_registry: Registry, site: SiteFiles) -> None:
    later = render_site(small_registry, SiteSettings(
        sample.DAY.replace(year=2027), sample.BASE_URL, TEMPLATES
    ))  # fmt: skip
    assert later["api/v1/registry.json"] != site["api/v1/registry.json"]
    assert later["badges/acme/kube-edge.svg"] != site["badges/acme/kube-edge.svg"]


def test_base_url_is_normalised(small_registry: Registry, site: SiteFiles) -> None:
    other = render_site(small_registry, SiteSettings(
        sample.DAY, sample.BASE_URL.rstrip("/"), TEMPLATES
    ))  # fmt: skip
    assert list(other.items()) == list(site.items())
