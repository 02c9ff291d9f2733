"""Building with worker processes and caches gives the same site as without, and a rebuild
writes only what changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from generator import verdicts
from generator.loading.cache import CACHE_DIR, Cache
from generator.loading.digest import JUnitDigest, ResultsDigest
from generator.loading.junit import JUnitReport
from generator.loading.registry import load_registry
from generator.model import tests
from generator.site import pagecache, pool, sync, uptodate, write
from generator.site.publish import build_site
from generator.site.write import Content, SiteFiles, replace_folder
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
    values = [json.loads(line.split(b" ", 2)[2])["verdict"] for line in lines]
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


def site_of(contents: dict[str, str | Content]) -> SiteFiles:
    files = SiteFiles()
    for path, content in {"api/v1/registry.json": "{}", **contents}.items():
        files.add(path, content)
    return files


def made_when_asked(text: str, asked: list[str]) -> Content:
    """Content named for `text`, noting in `asked` each time its bytes are made."""

    def make() -> bytes:
        asked.append(text)
        return text.encode()

    return Content(f"test:{text}", make)


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (the tests write within seconds)."""
    monkeypatch.setattr(sync, "RACY_SECONDS", 0.0)
    monkeypatch.delenv(pagecache.VERIFY_SWITCH, raising=False)


@pytest.mark.usefixtures("settled_at_once")
def test_a_spare_whose_manifest_vouches_for_a_file_is_neither_read_nor_given_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "site", Cache(tmp_path / "cache")
    asked: list[str] = []
    for _ in range(2):  # the site, then its spare, made with the same content
        replace_folder(site_of({"index.html": made_when_asked("home", asked)}), out, True, cache)
    assert asked == ["home", "home"]
    read: list[str] = []
    monkeypatch.setattr(sync, "_holds", lambda path, *rest: read.append(path) or False)
    stats = replace_folder(
        site_of({"index.html": made_when_asked("home", asked)}), out, True, cache
    )
    assert asked == ["home", "home"] and not any(p.endswith("index.html") for p in read)
    assert (stats.written, stats.reused) == (0, 2)
    assert (out / "index.html").read_text() == "home"


@pytest.mark.usefixtures("settled_at_once")
def test_a_file_changed_since_the_manifest_was_kept_is_read_and_written_again(
    tmp_path: Path,
) -> None:
    out, cache = tmp_path / "site", Cache(tmp_path / "cache")
    for _ in range(2):
        replace_folder(site_of({"index.html": "home", "a.html": "page a"}), out, True, cache)
    spare = tmp_path / ".site.spare"
    (spare / "index.html").write_text("HOME")  # the same size: only lstat's times tell
    (spare / "a.html").unlink()
    (spare / "a.html").write_text("page a")  # the same bytes, another file
    asked: list[str] = []
    contents: dict[str, str | Content] = {
        "index.html": made_when_asked("home", asked),
        "a.html": made_when_asked("page a", asked),
    }
    stats = replace_folder(site_of(contents), out, True, cache)
    assert tree(out) == {"index.html": b"home", "a.html": b"page a", "api/v1/registry.json": b"{}"}
    assert sorted(asked) == ["home", "page a"]
    assert (stats.written, stats.reused) == (1, 2)


@pytest.mark.usefixtures("settled_at_once")
def test_a_manifest_that_lies_is_caught_by_the_verify_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "site", Cache(tmp_path / "cache")
    for _ in range(2):
        replace_folder(site_of({"index.html": "home"}), out, True, cache)
    spare = tmp_path / ".site.spare"
    (spare / "index.html").write_text("HOME")
    folder = write._identity(spare)
    kept = cache.get(write.MANIFESTS, folder)
    assert isinstance(kept, dict)
    kept["files"]["index.html"][1] = sync.lstat_facts((spare / "index.html").lstat())
    cache.put(write.MANIFESTS, folder, kept)
    monkeypatch.setenv(pagecache.VERIFY_SWITCH, "1")
    with pytest.raises(AssertionError, match="manifest"):
        replace_folder(site_of({"index.html": "home"}), out, True, cache)


def test_files_written_in_the_last_seconds_are_left_out_of_the_manifest(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", Cache(tmp_path / "cache")
    replace_folder(site_of({"index.html": "home"}), out, True, cache)
    kept = cache.get(write.MANIFESTS, write._identity(out))
    assert kept == {"format": write.MANIFEST_FORMAT, "files": {}}


@pytest.mark.usefixtures("settled_at_once")
def test_pages_in_the_page_cache_are_read_only_when_the_folder_needs_them(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        build(small, small / "site")
    taken: list[str] = []
    take = pool._take
    monkeypatch.setattr(pool, "_take", lambda *a: taken.append(a[-1]) or take(*a))
    (small / ".site.spare" / "index.html").unlink()
    readme = submissions(small)[-1] / "README.md"
    readme.write_text(readme.read_text() + "\nOne more step.\n")
    after = build(small, small / "site")
    assert after == build(small, tmp_path / "clean", cache=False)
    # The product page is rendered again (its README changed); of the others, only the one
    # the spare lacks is read from the page cache.
    assert len(taken) == 1


@pytest.mark.usefixtures("settled_at_once")
def test_a_damaged_page_entry_found_when_its_page_is_needed_is_rendered_again(
    small: Path, tmp_path: Path
) -> None:
    build(small, small / "site")
    for entry in (small / CACHE_DIR / pagecache.KIND).iterdir():
        entry.write_bytes(entry.read_bytes()[:-20])
    shutil.rmtree(small / "site")
    report = build_site(small, small / "site", None, DAY, jobs=1)
    assert tree(small / "site") == build(small, tmp_path / "clean", cache=False)
    assert report.written == report.files


def test_a_build_prunes_the_cache_and_keeps_the_digests_of_the_registry_files(
    committed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verdicts, "JOURNAL_MIN", 1)  # verdicts come from the journal, as at scale
    out = committed / "site"
    assert build_site(committed, out, None, DAY).parsed == SUBMISSIONS
    cache = committed / CACHE_DIR
    month_ago = time.time() - 30 * 24 * 3600
    for path in cache.rglob("*"):
        os.utime(path, (month_ago, month_ago), follow_symlinks=False)
    digests = sorted((cache / "results").iterdir())
    assert len(digests) == SUBMISSIONS
    pages, parts = sorted((cache / "pages").iterdir()), sorted((cache / "api").iterdir())
    # Nothing changed: the verdicts and pages are reused, and no digest is read.
    again = build_site(committed, out, None, DAY, force=True)
    assert (again.checked, again.parsed) == (0, 0)
    assert again.pruned > 0  # the verdicts' own entries, read from the journal instead
    assert sorted((cache / "results").iterdir()) == digests
    # What the build used is kept: its pages and API parts, its journal.
    assert sorted((cache / "pages").iterdir()) == pages
    assert sorted((cache / "api").iterdir()) == parts
    assert (cache / "verdicts-fail-warn" / "journal.jsonl").is_file()
    # The next day every verdict is worked out again, from the digests that were kept.
    tomorrow = DAY + dt.timedelta(days=1)
    next_day = build_site(committed, out, None, tomorrow)
    assert (next_day.checked, next_day.parsed, next_day.pruned) == (SUBMISSIONS, 0, 0)
    clean = committed.parent / "clean"
    build_site(committed, clean, None, tomorrow, cache=False)
    assert tree(out) == tree(clean)
