"""Small complete registries (benchmarks/make_registry.py --small) for the cache, parallel and
incremental-build tests; made once per session and copied for each test."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import make_registry
from generator.loading.cache import CACHE_FORMAT
from tests.conftest import ROOT

SUBMISSIONS = 12  # more than store.PARALLEL_MIN, so that a cold build uses worker processes
DAY = "2026-11-27"


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("made") / "registry"
    code = make_registry.main(
        ["--out", str(out), "--jobs", "1", "--small", "--submissions", str(SUBMISSIONS)]
    )
    assert code == 0
    shutil.copytree(ROOT / "templates", out / "templates")
    return out


@pytest.fixture
def small(made: Path, tmp_path: Path) -> Path:
    """A fresh copy of the small registry, outside git."""
    root = tmp_path / "registry"
    shutil.copytree(made, root)
    return root


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Maintainer", "-c", "user.email=m@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture
def committed(small: Path) -> Iterator[Path]:
    """The small registry as a git repository with everything committed."""
    git(small, "init", "-q", "-b", "main")
    git(small, "add", "-A")
    git(small, "commit", "-q", "-m", "registry")
    yield small


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def submissions(root: Path) -> list[Path]:
    return sorted(path.parent for path in (root / "data" / "vendors").glob("*/*/v*/junit_01.xml"))


def journal_lines(entries: list[tuple[bytes, bytes]], kind: str = "verdicts") -> bytes:
    """Journal lines of `(key, value)` of `kind`, each with a good checksum."""
    salt = f"{CACHE_FORMAT}\0{kind}\0".encode()
    lines = []
    for key, value in entries:
        rest = key + b" " + value
        lines.append(hashlib.sha256(salt + rest).hexdigest().encode() + b" " + rest)
    return b"\n".join(lines) + b"\n"
