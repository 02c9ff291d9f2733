"""Shared fixtures: the real corpus beside the project, and small registries in temp folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = Path(__file__).resolve().parent / "examples"

os.environ.setdefault("CERTREG_DEBUG", "1")  # a bug in a check must fail tests, not hide
# Every page a build takes from the page cache is rendered again and compared: a page whose
# recorded inputs miss one it reads fails the test that shows it, instead of going stale.
os.environ.setdefault("CERTREG_VERIFY_PAGE_CACHE", "1")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real data from the upstream program; CI must have it, elsewhere its tests skip."""
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing at {CORPUS.name}: CI must provide ../shared")
        pytest.skip("../shared/corpus is not beside the project")
    return CORPUS


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A tiny registry: the project's program.yaml, a three-test list for v1.35, one vendor."""
    root = tmp_path / "registry"
    shutil.copytree(EXAMPLES / "base" / "data", root / "data")
    shutil.copy(ROOT / "data" / "program.yaml", root / "data" / "program.yaml")
    return root


def place_submission(root: Path, rel: str = "data/vendors/acme/acme-kube/v1.35") -> Path:
    """Copy the valid example submission into the registry at `rel`."""
    target = root / rel
    shutil.copytree(EXAMPLES / "base" / "submission", target)
    return target
