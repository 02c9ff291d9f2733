"""A build with nothing to do does nothing; any change to an input, an option, the history or
the output folder makes it build again, to the same site a build from nothing makes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.loading.cache import CACHE_DIR
from generator.site import uptodate
from generator.site.publish import BuildReport, build_site
from tests.perf.conftest import SUBMISSIONS, git, submissions, tree

DAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the test wrote a moment ago count as settled: the racy window is tested apart."""
    monkeypatch.setattr(uptodate, "RACY_SECONDS", 0.0)


def build(root: Path, out: Path | None = None, day: dt.date = DAY) -> BuildReport:
    return build_site(root, out or root / "site", None, day, jobs=1)


def clean_site(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean"
    build_site(root, out, None, DAY, jobs=1, cache=False)
    return tree(out)


def test_a_second_build_with_nothing_changed_reads_and_writes_nothing(committed: Path) -> None:
    first = build(committed)
    site = tree(committed / "site")
    inodes = {p: (committed / "site" / p).stat().st_ino for p in site}
    again = build(committed)
    assert not first.up_to_date and again.up_to_date
    assert (again.written, again.reused, again.checked, again.parsed) == (0, first.files, 0, 0)
    assert (again.files, again.pages, again.products) == (first.files, first.pages, first.products)
    assert again.unchanged == SUBMISSIONS
    assert again.warnings == first.warnings
    assert tree(committed / "site") == site
    assert all((committed / "site" / p).stat().st_ino == inodes[p] for p in site)


def test_a_changed_product_file_is_built_again(committed: Path, tmp_path: Path) -> None:
    build(committed)
    before = tree(committed / "site")
    product = submissions(committed)[0] / "PRODUCT.yaml"
    text = product.read_text()
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    product.write_text(text.replace(name, "name: Renamed Kube"))
    report = build(committed)
    assert not report.up_to_date and report.written > 0
    assert tree(committed / "site") == clean_site(committed, tmp_path)
    assert tree(committed / "site") != before


def test_same_size_same_mtime_edit_is_still_seen(committed: Path, tmp_path: Path) -> None:
    """A file rewritten with its size and modification time put back still has a new change
    time, which no tool can set."""
    build(committed)
    # git itself compares change times to the second: edit in a later second than the
    # checkout, so that the index, which names unmodified files, sees the edit too.
    time.sleep(1.05)
    product = submissions(committed)[0] / "PRODUCT.yaml"
    before = product.stat()
    text = product.read_text()
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    changed = name[:-1] + ("X" if name[-1] != "X" else "Y")
    product.write_text(text.replace(name, changed))
    os.utime(product, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert product.stat().st_size == before.st_size
    report = build(committed)
    assert not report.up_to_date
    assert tree(committed / "site") == clean_site(committed, tmp_path)


def test_a_new_commit_dates_anew(committed: Path) -> None:
    build(committed)
    (committed / "notes.txt").write_text("not part of the registry\n")
    git(committed, "add", "notes.txt")
    git(committed, "commit", "-q", "-m", "notes")
    assert not build(committed).up_to_date  # certification dates come from the history


def test_options_are_part_of_the_stamp(committed: Path, tmp_path: Path) -> None:
    build(committed)
    assert not build(committed, day=DAY + dt.timedelta(days=1)).up_to_date
    assert not build(committed, out=tmp_path / "elsewhere").up_to_date
    other = build_site(committed, committed / "site", "https://other.example/", DAY, jobs=1)
    assert not other.up_to_date
    assert b"https://other.example/" in (committed / "site" / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("harm", ["edit", "delete", "add", "replace-with-link"])
def test_a_touched_output_folder_is_built_again(committed: Path, tmp_path: Path, harm: str) -> None:
    build(committed)
    site = committed / "site"
    page = site / "404.html"
    if harm == "edit":
        page.write_bytes(page.read_bytes().replace(b"<", b"&lt;", 1))
    elif harm == "delete":
        page.unlink()
    elif harm == "add":
        (site / "planted.html").write_text("<script>alert(1)</script>")
    else:
        page.unlink()
        page.symlink_to(committed / "data" / "program.yaml")
    report = build(committed)
    assert not report.up_to_date
    assert tree(site) == clean_site(committed, tmp_path)
    assert not page.is_symlink()


def test_a_template_change_is_built_again(committed: Path) -> None:
    build(committed)
    template = committed / "templates" / "base.html"
    template.write_text(template.read_text() + "\n<!-- changed -->\n")
    assert not build(committed).up_to_date
    assert b"<!-- changed -->" in (committed / "site" / "404.html").read_bytes()


def test_outside_git_the_files_alone_decide(small: Path, tmp_path: Path) -> None:
    build(small)
    assert build(small).up_to_date
    shutil.rmtree(submissions(small)[0])
    report = build(small)
    assert not report.up_to_date
    assert tree(small / "site") == clean_site(small, tmp_path)


def test_a_link_among_the_inputs_gives_no_stamp(small: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Elsewhere\n")
    (submissions(small)[0] / "NOTES.md").symlink_to(outside)
    assert uptodate.look_at_inputs(small, ("data", "templates"), {}).stamp is None
    build(small)
    assert not build(small).up_to_date


def test_files_changed_a_moment_ago_give_no_stamp(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uptodate, "RACY_SECONDS", 2.0)
    (small / "data" / "vendors" / "fresh.txt").write_text("just now\n")
    assert uptodate.look_at_inputs(small, ("data", "templates"), {}).stamp is None
    monkeypatch.setattr(uptodate, "RACY_SECONDS", 0.0)
    assert uptodate.look_at_inputs(small, ("data", "templates"), {}).stamp is not None


def test_no_record_without_the_cache_or_when_the_record_is_damaged(committed: Path) -> None:
    build_site(committed, committed / "site", None, DAY, jobs=1, cache=False)
    assert not build(committed).up_to_date  # nothing recorded by a build without the cache
    assert build(committed).up_to_date
    for record in (committed / CACHE_DIR / uptodate.KIND).glob("*.json"):
        record.write_bytes(record.read_bytes()[:-5])
    assert not build(committed).up_to_date
    assert build(committed).up_to_date


def test_warnings_are_told_again_when_nothing_changed(committed: Path) -> None:
    readme = submissions(committed)[0] / "README.md"
    readme.unlink()  # a published submission that no longer passes: a warning
    first = build(committed)
    again = build(committed)
    assert again.up_to_date and first.warnings and again.warnings == first.warnings


def test_force_builds_even_when_nothing_changed(committed: Path) -> None:
    build(committed)
    assert build(committed).up_to_date
    forced = build_site(committed, committed / "site", None, DAY, jobs=1, force=True)
    assert not forced.up_to_date and forced.unchanged == SUBMISSIONS
    assert build(committed).up_to_date  # the forced build recorded its stamp too
