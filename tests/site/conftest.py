"""Fixtures for the site tests: the Python-built sample registry, rendered once."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.registry import Registry
from generator.site.build import SiteSettings, render_site
from generator.site.snapshot import Snapshot
from generator.site.write import SiteFiles
from tests.site import sample

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture(scope="session")
def small_registry() -> Registry:
    return sample.registry()


@pytest.fixture(scope="session")
def snap(small_registry: Registry) -> Snapshot:
    return Snapshot.of(small_registry, sample.DAY, sample.BASE_URL)


@pytest.fixture(scope="session")
def site(small_registry: Registry) -> SiteFiles:
    return render_site(small_registry, SiteSettings(sample.DAY, sample.BASE_URL, TEMPLATES))


def text_of(files: SiteFiles, path: str) -> str:
    return files[path].decode("utf-8")
