"""Building with worker processes and caches gives the same site as without, and a rebuild
writes only what changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator import verdicts
from generator.loading.cache import CACHE_DIR
from generator.loading.digest import JUnitDigest, ResultsDigest
from generator.loading.junit import JUnitReport
from generator.loading.registry import load_registry
from generator.model import tests
from generator.site import uptodate
from generator.site.publish import build_site
from generator.site.write import SiteFiles, replace_folder
from tests.perf.conftest import SUBMISSIONS, journal_lines, submissions, tree

DAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def full_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build here does its work, however long the test takes: these tests are about what
    a build that has something to do reads and writes (tests/perf/test_uptodate.py covers a
    build with nothing to do)."""
    monkeypatch.setattr(uptodate, "RACY_SECONDS", float("inf"))


def build(root: Path, out: Path, jobs: int = 1, cache: bool = True) -> dict[str, bytes]:
    build_site(root, out, None, DAY, jobs=jobs, cache=cache)
    return tree(out)


def test_parallel_and_serial_builds_are_byte_identical(small: Path, tmp_path: Path) -> None:
    serial = build(small, tmp_path / "serial", jobs=1, cache=False)
    parallel = build(small, tmp_path / "parallel", jobs=2, cache=False)
    cached = build(small, tmp_path / "cold", jobs=2)
    report = build_site(small, tmp_path / "warm", None, DAY, jobs=2)
    assert (report.checked, report.unchanged, report.parsed) == (0, SUBMISSIONS, 0)
    assert serial == parallel == cached == tree(tmp_path / "warm")
    assert len(serial) > SUBMISSIONS


def add_submission(root: Path) -> Path:
    """A new certification: a copy of the newest submission as a new product of its vendor."""
    source = submissions(root)[-1]
    target = source.parent.parent / "newcomer-kube" / source.name
    shutil.copytree(source, target)
    product = target / "PRODUCT.yaml"
    text = product.read_text()
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    product.write_text(text.replace(name, "name: Newcomer Kube"))
    log = target / "e2e.log"
    log.write_bytes(b"A run of its own.\n" + log.read_bytes())  # results never seen before
    vendor_file = source.parent.parent / "VENDOR.yaml"
    offering = "- name: Newcomer Kube\n  website_url: https://example.org/newcomer\n"
    vendor_file.write_text(
        vendor_file.read_text().replace("offerings:\n", "offerings:\n" + offering)
    )
    return target


def test_a_rebuild_writes_only_what_changed(small: Path, tmp_path: Path) -> None:
    out = small / "site"
    first = build(small, out)
    inodes = {path: (out / path).stat().st_ino for path in first}
    build(small, out)  # the first site is now the spare beside the second
    added = add_submission(small)
    report = build_site(small, out, None, DAY, jobs=2)
    after = tree(out)
    clean = build(small, tmp_path / "clean", cache=False)
    assert after == clean  # the same as a build from nothing
    changed = {p for p in after if first.get(p) != after[p]}
    assert any(f"/{added.parent.name}/" in p for p in changed)
    # Only the new submission's result files were read; its vendor's record changed, so the
    # verdicts on its other submissions were worked out again (from cached digests).
    assert report.parsed == 1 and report.checked + report.unchanged == SUBMISSIONS + 1
    assert report.written == len(changed) and report.reused == len(after) - len(changed)
    # The files that did not change were not written again: they are the first build's files.
    kept = set(after) - changed
    assert kept and all((out / p).stat().st_ino == inodes[p] for p in kept)
    assert all((out / p).stat().st_ino != inodes.get(p) for p in changed)


def test_removed_pages_do_not_linger_in_a_reused_site(small: Path) -> None:
    out = small / "site"
    build(small, out)
    build(small, out)
    added = add_submission(small)
    with_new = build(small, out)
    shutil.rmtree(added.parent)
    without = build(small, out)
    assert set(with_new) - set(without)
    assert without == build(small, out)


def test_a_failed_build_into_a_spare_leaves_the_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = SiteFiles()
    first.add("index.html", "one")
    first.add("api/v1/registry.json", "{}")
    replace_folder(first, out, reuse=True)
    replace_folder(first, out, reuse=True)
    broken = SiteFiles()
    broken.add("index.html", "two")
    broken.add("api/v1/registry.json", "{}")
    broken.add("clash", "a file")
    broken.add("clash/inside.html", "cannot be written under a file")
    with pytest.raises(OSError):
        replace_folder(broken, out, reuse=True)
    assert (out / "index.html").read_text() == "one"
    second = SiteFiles()
    second.add("index.html", "three")
    second.add("api/v1/registry.json", "{}")
    stats = replace_folder(second, out, reuse=True)
    assert tree(out) == {"index.html": b"three", "api/v1/registry.json": b"{}"}
    assert (stats.written, stats.reused) == (1, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.spare", "site"]


def test_a_linked_spare_is_never_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    (tmp_path / ".site.spare").symlink_to(precious)
    files = SiteFiles()
    files.add("index.html", "home")
    files.add("api/v1/registry.json", "{}")
    replace_folder(files, tmp_path / "site", reuse=True)
    assert tree(precious) == {"keep.txt": b"mine"}
    assert (tmp_path / "site" / "index.html").read_text() == "home"


def test_a_spare_file_linked_to_the_live_site_is_replaced_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    files = SiteFiles()
    files.add("index.html", "home")
    files.add("api/v1/registry.json", "{}")
    replace_folder(files, out, reuse=True)
    replace_folder(files, out, reuse=True)
    spare = tmp_path / ".site.spare" / "index.html"
    spare.unlink()
    spare.hardlink_to(out / "index.html")
    changed = SiteFiles()
    changed.add("index.html", "new home")
    changed.add("api/v1/registry.json", "{}")
    old = out / "index.html"
    replace_folder(changed, out, reuse=True)
    assert (out / "index.html").read_text() == "new home"
    assert (tmp_path / ".site.spare" / "index.html").read_text() == "home"
    assert not old.exists() or old.read_text() in ("home", "new home")


def test_digests_hold_no_testcase_lists(small: Path) -> None:
    loaded = load_registry(small, jobs=1)
    for files in loaded.stream():
        digest = files.results(loaded.extras_of(files))
        assert isinstance(digest, ResultsDigest) and isinstance(digest.junit, JUnitDigest)
        # Only the conformance tests (of about 7,300 testcases in a real report) are kept.
        assert digest.junit.tests and all("[Conformance]" in name for name in digest.junit.tests)
        assert "results" in files.holding()
        assert not _holds_reports(vars(files)) and not _holds_reports(vars(digest.junit))
    # Once streamed, nothing read is kept for any submission.
    for files in loaded.submissions:
        assert files.holding() == []


def _holds_reports(values: dict[str, object]) -> bool:
    for value in values.values():
        if isinstance(value, JUnitReport) or (
            isinstance(value, list) and value and isinstance(value[0], tests.TestResult)
        ):
            return True
    return False


@pytest.mark.parametrize("damage", ["none", "cut", "swapped"])
def test_a_build_keeps_a_journal_of_failures_and_warnings_only(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setattr(verdicts, "JOURNAL_MIN", 1)  # as in a build of a large registry
    product = submissions(small)[0] / "PRODUCT.yaml"
    product.write_text(product.read_text() + "colour: green\n")  # an unknown field: a warning
    out = small / "site"
    first = build_site(small, out, None, DAY)
    journal = small / CACHE_DIR / "verdicts-fail-warn" / "journal.jsonl"
    lines = journal.read_bytes().splitlines()
    assert len(lines) == SUBMISSIONS
    values = [json.loads(line.split(b" ", 2)[2]) for line in lines]
    assert not any(f[1] not in ("fail", "warn") for v in values for f in v["findings"])
    assert any(f[1] == "warn" for v in values for f in v["findings"])  # and they are there
    if damage == "cut":  # a crash while the journal was written
        journal.write_bytes(b"\n".join(line[:-7] for line in lines))
    elif damage == "swapped":  # good lines, checksums and all, under each other's keys
        entries = [line.split(b" ", 2)[1:] for line in lines]
        swapped = [(a[0], b[1]) for a, b in zip(entries, entries[1:] + entries[:1], strict=True)]
        journal.write_bytes(journal_lines(swapped, "verdicts-fail-warn"))
    again = build_site(small, out, None, DAY, force=True)
    assert again.unchanged == SUBMISSIONS and again.checked == 0
    assert again.warnings == first.warnings
    assert tree(out) == build(small, tmp_path / "clean", cache=False)
