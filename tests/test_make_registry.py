"""benchmarks/make_registry.py: a complete registry that validates, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import make_registry
from generator.cli import cli
from generator.fixtures.results import e2e_log_text
from generator.loading.e2elog import BLOCK, read_e2e_log
from generator.loading.ledgers import load_history
from generator.loading.program import load_program
from generator.model.versions import Version
from tests.conftest import ROOT


def make(out: Path, *args: str) -> Path:
    code = make_registry.main(["--out", str(out), "--jobs", "1", "--small", *args])
    assert code == 0
    return out


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def validate_json(root: Path) -> dict[str, object]:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["validate", "--format", "json"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output[-2000:]
    report = json.loads(result.output)
    assert isinstance(report, dict)
    return report


def test_every_submission_passes_validation(tmp_path: Path) -> None:
    root = make(tmp_path / "registry", "--submissions", "6")
    report = validate_json(root)
    submissions = report["submissions"]
    assert isinstance(submissions, list) and len(submissions) == 6
    for submission in submissions:
        failing = [c for c in submission["checks"] if c["status"] not in ("pass", "skip")]
        assert failing == [], submission["path"]
        assert {c["id"] for c in submission["checks"] if c["status"] == "pass"} >= {
            "vendor-policy",
            "version-supported",
            "tests-complete",
            "tests-passed",
            "log-consistent",
        }


def test_the_layout_is_complete(tmp_path: Path) -> None:
    root = make(tmp_path / "registry", "--submissions", "30")
    data = root / "data"
    assert (data / "program.yaml").read_bytes() == (ROOT / "data/program.yaml").read_bytes()
    program = load_program(root)
    lists = sorted(p.stem for p in (data / "conformance").glob("*.yaml"))
    assert lists == sorted(str(r.version) for r in program.releases)
    history = load_history(root)
    folders = sorted(p for p in (data / "vendors").glob("*/*/v*") if p.is_dir())
    assert len(folders) == len(history) == 30
    for key, day in history.items():
        assert key.version in program.certifiable_on(day), (key, day)
        names = sorted(p.name for p in (root / key.path).iterdir())
        assert names == ["PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml"]
    vendors = {p.parent.name for p in (data / "vendors").glob("*/VENDOR.yaml")}
    assert vendors == {key.vendor for key in history}


def test_the_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    one = files_of(make(tmp_path / "one", "--submissions", "5", "--seed", "7"))
    two = files_of(make(tmp_path / "two", "--submissions", "5", "--seed", "7"))
    other = files_of(make(tmp_path / "other", "--submissions", "5", "--seed", "8"))
    assert one == two
    assert one != other


def test_submissions_follow_the_upstream_proportions() -> None:
    releases = [Version(1, minor) for minor in range(23, 38)]
    counts = make_registry.per_release(3000, releases, random.Random(1))
    assert sum(counts) == 3000
    assert min(counts) >= 3000 * 100 // (130 * 15) and max(counts) <= 3000 * 130 // (100 * 15)
    tests = make_registry.conformance_tests(0, small=False)
    required = {
        minor: sum(1 for t in tests if make_registry._introduced(t.release) <= Version(1, minor))
        for minor in (23, 35, 37)
    }
    assert required == {23: 346, 35: 441, 37: 452}
    assert len({t.codename for t in tests}) == len(tests)


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("")
    with pytest.raises(SystemExit) as raised:
        make_registry.main(["--out", str(tmp_path / "taken"), "--submissions", "3"])
    assert raised.value.code == 2


def test_a_spec_header_just_after_a_read_block_is_read(tmp_path: Path) -> None:
    """Found by make_registry: a verbose log whose spec rule line ended one read block lost
    the spec that began the next, so log-consistent failed a good submission."""
    names = [f"[sig-apps] Made-up test {i} [Conformance]" for i in range(3)]
    text = e2e_log_text(style="verbose", passed=names, skipped=2, started=dt.datetime(2026, 1, 2))
    header = text.index("\n" + "-" * 30 + "\n[sig-apps]") + 32  # where a header line starts
    filler_size = BLOCK - header
    filler = "".join(f"I0102 filler {'x' * 60}\n" for _ in range(filler_size // 75))
    filler += "#" * (filler_size - len(filler) - 1) + "\n"
    log = (filler + text).encode()
    assert log[BLOCK - 31 : BLOCK] == b"-" * 30 + b"\n" and log[BLOCK:].startswith(b"[sig-apps]")
    path = tmp_path / "e2e.log"
    path.write_bytes(log)
    assert sorted(read_e2e_log(path).passed_names) == sorted(names)
