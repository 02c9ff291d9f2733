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
@pytest.mark.parametrize(
    ("template", "old", "new"),
    [
        # a page, rendered by the worker pool
        ("product.html", "{{ page.name }}", "{{ page.no_such_field }}"),
        # the feed, made in the background process beside the pages
        ("feed.xml", "{{", "{{ page.no_such_field }}{{"),
    ],
)
def test_a_template_error_in_another_process_reads_as_it_would_here(
    small_registry: Registry, tmp_path: Path, template: str, old: str, new: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    broken = templates / template
    broken.write_text(broken.read_text().replace(old, new, 1))
    settings = SiteSettings(sample.DAY, sample.BASE_URL, templates)
    with pytest.raises(jinja2.UndefinedError) as serial:
        render_site(small_registry, settings, jobs=1)
    with pytest.raises(jinja2.UndefinedError) as parallel:
        render_site(small_registry, settings, jobs=2)
    assert str(parallel.value) == str(serial.value)
