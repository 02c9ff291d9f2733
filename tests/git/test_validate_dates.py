"""`validate PATH` reads the certification dates of the folders it checks from a git log limited
to them: the dates must be those a log over every submission gives."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from generator.gitio.history import certification_dates
from generator.loading.ledgers import parse_key
from generator.loading.submission import discover
from generator.validation import dates_of
from tests.git.repos import ACME, ZETA, GitRegistry, merged_registry

ZETA_KEY = parse_key("zeta/zeta-kube/v1.35")
ACME_KEY = parse_key("acme/acme-kube/v1.35")


def _each_alone(root: Path) -> dict[object, dt.date]:
    """The dates read folder by folder, each from a log limited to it."""
    found: dict[object, dt.date] = {}
    for folder in discover(root):
        dates = dates_of(root, [folder])
        assert dates is not None
        assert set(dates) <= {folder.key}
        found.update(dates)
    return found


def _with_acme(registry: GitRegistry, how: str) -> GitRegistry:
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Add results", "2026-01-06T08:00:00+00:00")
    registry.write(f"{ACME}/README.md", "# Acme Kubernetes\n\nReproduce with sonobuoy.\n")
    registry.commit("Fix the README", "2026-01-07T08:00:00+00:00")
    registry.merge("acme", "2026-01-09T10:00:00+00:00", how=how)
    return registry


def test_a_merge_a_squash_and_a_rebase_date_alike(tmp_path: Path) -> None:
    for how in ("merge", "squash", "rebase"):
        registry = _with_acme(merged_registry(tmp_path / how), how)
        full = certification_dates(registry.root)
        assert full[ACME_KEY] == dt.date(2026, 1, 9)
        assert _each_alone(registry.root) == full


def test_a_folder_deleted_and_added_again_dates_alike(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    shutil.rmtree(registry.root / ZETA)
    registry.commit("Withdraw zeta's v1.35", "2026-02-01T10:00:00+00:00")
    registry.submission(ZETA)
    registry.commit("Conformance results for v1.35/zeta/zeta-kube", "2026-02-10T10:00:00+00:00")
    assert _each_alone(registry.root) == certification_dates(registry.root)
    assert _each_alone(registry.root) == {ZETA_KEY: dt.date(2026, 2, 10)}


def test_a_shallow_clone_dates_alike(tmp_path: Path) -> None:
    registry = _with_acme(merged_registry(tmp_path / "reg"), "merge")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", registry.root.as_uri(), str(clone)], check=True
    )
    assert _each_alone(clone) == certification_dates(clone) == {}


def test_an_uncommitted_folder_and_a_folder_outside_git_have_no_date(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    assert _each_alone(registry.root) == {ZETA_KEY: dt.date(2026, 1, 5)}
    outside = tmp_path / "plain"
    shutil.copytree(registry.root / "data", outside / "data")
    assert _each_alone(outside) == {}
