"""Pages rendered in worker processes are the pages rendered in one, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from generator.model.registry import Registry
from generator.site import pool
from generator.site.build import SiteSettings, render_site
from generator.site.write import SiteFiles
from tests.site import sample
from tests.site.conftest import TEMPLATES


@pytest.fixture
def everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render even a small site in workers."""
    monkeypatch.setattr(pool, "PARALLEL_MIN", 1)


@pytest.mark.usefixtures("everywhere")
def test_pages_rendered_in_workers_are_the_same(small_registry: Registry, site: SiteFiles) -> None:
    settings = SiteSettings(sample.DAY, sample.BASE_URL, TEMPLATES)
    for jobs in (2, 3):
        assert list(render_site(small_registry, settings, jobs=jobs).items()) == list(site.items())


@pytest.mark.usefixtures("everywhere")
def test_a_template_error_in_a_worker_reads_as_it_would_here(
    small_registry: Registry, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    product = templates / "product.html"
    product.write_text(product.read_text().replace("{{ page.name }}", "{{ page.no_such_field }}"))
    settings = SiteSettings(sample.DAY, sample.BASE_URL, templates)
    with pytest.raises(jinja2.UndefinedError) as serial:
        render_site(small_registry, settings, jobs=1)
    with pytest.raises(jinja2.UndefinedError) as parallel:
        render_site(small_registry, settings, jobs=2)
    assert str(parallel.value) == str(serial.value)


@pytest.mark.usefixtures("everywhere")
def test_an_error_making_the_data_files_in_the_background_reads_as_it_would_here(
    small_registry: Registry, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    feed = templates / "feed.xml"
    feed.write_text(feed.read_text().replace("{{", "{{ page.no_such_field }}{{", 1))
    settings = SiteSettings(sample.DAY, sample.BASE_URL, templates)
    with pytest.raises(jinja2.UndefinedError) as serial:
        render_site(small_registry, settings, jobs=1)
    with pytest.raises(jinja2.UndefinedError) as parallel:
        render_site(small_registry, settings, jobs=2)
    assert str(parallel.value) == str(serial.value)


def test_work_in_the_background_gives_what_it_gives_here() -> None:
    assert pool.in_background(lambda: sum(range(10)))() == 45
    assert pool.in_background(lambda: [("a", "b")], parallel=False)() == [("a", "b")]
