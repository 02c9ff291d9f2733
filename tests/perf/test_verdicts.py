"""Cached verdicts: whatever changes that a verdict depends on, the cached run gives the report a
run without cache gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import verdicts
from generator.checks.context import Environment
from generator.checks.policy import policy_inputs
from generator.checks.runner import check_submission
from generator.checks.text import PLACEHOLDER
from generator.loading.cache import CACHE_DIR, distinct_text
from generator.loading.files import SubmissionFiles
from generator.loading.problems import ReadProblem
from generator.loading.vendors import VendorRecord
from generator.model.findings import Report, Status, SubmissionReport
from generator.validation import ValidateOptions, validate
from tests.perf.conftest import journal_lines, submissions

REVIEW = dt.date(2026, 11, 27)


def check(root: Path, cache: bool = True, review: dt.date = REVIEW) -> Report:
    return validate(root, ValidateOptions(review_date=review, cache=cache))


def first(root: Path) -> Path:
    return submissions(root)[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def readme(root: Path) -> None:
    (first(root) / "README.md").write_text(f"# Reproduce\n\nRun {PLACEHOLDER} as described.\n")


def vendor(root: Path) -> None:
    record = first(root).parent.parent / "VENDOR.yaml"
    edit(record, "membership:", "status: awaiting-review\nmembership:")


def record_of(root: Path) -> Path:
    return first(root).parent.parent / "VENDOR.yaml"


def offered_name(root: Path) -> str:
    product = (first(root) / "PRODUCT.yaml").read_text()
    return next(line for line in product.splitlines() if line.startswith("name:"))[5:].strip()


def vendor_name(root: Path) -> None:
    edit(record_of(root), "\nname: ", "\nname: Renamed ")


def vendor_form(root: Path) -> None:
    record = record_of(root)
    record.write_text(
        re.sub(
            r"(?m)^participation_form_signed: .*$",
            "participation_form_signed: 2099-01-01",
            record.read_text(),
        )
    )


def vendor_membership(root: Path) -> None:
    edit(record_of(root), "membership: member", "membership: fee")


def vendor_offering(root: Path) -> None:
    name = offered_name(root)
    edit(record_of(root), f"- name: {name}\n", f"- name: {name} Classic\n")


def vendor_unusable(root: Path) -> None:
    edit(record_of(root), "offerings:", "offerings: [")


def program(root: Path) -> None:
    product = (first(root) / "PRODUCT.yaml").read_text()
    kind = next(line for line in product.splitlines() if line.startswith("type:"))[5:].strip()
    path = root / "data" / "program.yaml"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text(
        "".join(
            line.replace(kind, "other") if line.startswith("product_types:") else line
            for line in lines
        )
    )


def requirement_list(root: Path) -> None:
    listed = root / "data" / "conformance" / f"{first(root).name}.yaml"
    extra = (
        f"- codename: '[sig-x] a test added later [Conformance]'\n  release: {first(root).name}\n"
    )
    listed.write_text(listed.read_text() + extra)


def certified_date(root: Path) -> None:
    history = root / "data" / "history.yaml"
    rel = first(root).relative_to(root / "data" / "vendors").as_posix()
    lines = [line for line in history.read_text().splitlines() if not line.startswith(rel)]
    history.write_text("\n".join(lines) + "\n")


def copied_report(root: Path) -> None:
    shutil.copy(first(root) / "junit_01.xml", submissions(root)[1] / "junit_01.xml")


def stray_file(root: Path) -> None:
    (first(root) / "screenshot.png").write_bytes(b"\x89PNG")


def results(root: Path) -> None:
    log = first(root) / "e2e.log"
    log.write_bytes(log.read_bytes().replace(b"SUCCESS!", b"FAIL!"))


CHANGES: dict[str, Callable[[Path], None]] = {
    "readme": readme,
    "vendor": vendor,
    "vendor name": vendor_name,
    "vendor form": vendor_form,
    "vendor membership": vendor_membership,
    "vendor offering": vendor_offering,
    "vendor record unusable": vendor_unusable,
    "program": program,
    "requirement list": requirement_list,
    "certified date": certified_date,
    "copied report": copied_report,
    "stray file": stray_file,
    "results": results,
}


@pytest.fixture(params=["entries", "journal"])
def kept(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Cached verdicts read one entry each, or (as in a run over a large registry) from the
    journal that holds them all."""
    if request.param == "journal":
        monkeypatch.setattr(verdicts, "JOURNAL_MIN", 1)
    return str(request.param)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_change_is_seen_through_the_cache(small: Path, name: str, kept: str) -> None:
    before = check(small)
    assert check(small) == before  # all cached now
    CHANGES[name](small)
    after = check(small)
    assert after == check(small, cache=False)
    assert after != before  # each change shows in some finding


def test_an_offering_added_to_the_vendor_record_checks_no_submission_again(
    small: Path, kept: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verdict depends on the vendor record only through what the vendor-policy check reads
    of it for its product: a new offering changes none of that for the products listed."""
    check(small)  # every verdict cached
    checked: list[str] = []

    def counted(files: SubmissionFiles, env: Environment) -> SubmissionReport:
        checked.append(files.folder.rel)
        return check_submission(files, env)

    monkeypatch.setattr("generator.verdicts.check_submission", counted)
    offering = "- name: Another Product\n  website_url: https://example.org/another\n"
    edit(record_of(small), "offerings:\n", "offerings:\n" + offering)
    after = check(small)
    assert checked == []
    assert after == check(small, cache=False)
    checked.clear()
    # Taking one product off the form checks that product's submissions again, and no other.
    vendor_offering(small)
    after = check(small)
    product = first(small).parent.name
    assert checked and all(rel.split("/")[-2] == product for rel in checked)
    assert len(checked) < len(submissions(small))
    assert after == check(small, cache=False)
    assert not after.ok


def test_a_later_review_date_is_seen_through_the_cache(small: Path) -> None:
    history = small / "data" / "history.yaml"
    history.write_text("")  # nothing merged: every submission is judged as of the review date
    early = check(small)
    later = check(small, review=dt.date(2031, 1, 1))
    assert later == check(small, cache=False, review=dt.date(2031, 1, 1))
    assert later != early and not later.ok


@pytest.mark.parametrize("how", ["truncate", "empty", "other folder"])
def test_damaged_verdicts_are_worked_out_again(small: Path, how: str, kept: str) -> None:
    clean = check(small, cache=False)
    check(small)
    for path in sorted((small / CACHE_DIR / "verdicts").glob("*.json")):
        data = path.read_bytes()
        if how == "truncate":
            path.write_bytes(data[:-10])
        elif how == "empty":
            path.write_bytes(b"")
        else:  # a good entry, checksum and all, of another folder's verdict under this key
            other = next(p for p in sorted(path.parent.glob("*.json")) if p != path)
            head = json.loads(data.partition(b"\n")[0])
            payload = other.read_bytes().partition(b"\n")[2]
            head["sha256"] = hashlib.sha256(payload).hexdigest()
            path.write_bytes(json.dumps(head).encode() + b"\n" + payload)
    journal = small / CACHE_DIR / "verdicts" / "journal.jsonl"
    if kept == "journal":
        lines = journal.read_bytes().splitlines()
        assert len(lines) == len(submissions(small))
        if how == "truncate":
            journal.write_bytes(b"\n".join(line[:-10] for line in lines))
        elif how == "empty":
            journal.write_bytes(b"")
        else:  # each line's checksum and all, under another line's key
            entries = [line.split(b" ", 2)[1:] for line in lines]
            swapped = [
                (a[0], b[1]) for a, b in zip(entries, entries[1:] + entries[:1], strict=True)
            ]
            journal.write_bytes(journal_lines(swapped))
    else:
        assert not journal.exists()  # a run over a few submissions reads their own entries
    assert check(small) == clean


def test_the_journal_is_added_to_and_written_again_when_mostly_stale(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verdicts, "JOURNAL_MIN", 1)
    monkeypatch.setattr(verdicts, "JOURNAL_BATCH", 2)  # written a few lines at a time
    journal = small / CACHE_DIR / "verdicts" / "journal.jsonl"
    count = len(submissions(small))
    assert count > 2
    check(small)
    assert len(journal.read_bytes().splitlines()) == count
    check(small)  # every verdict from the journal: nothing added
    assert len(journal.read_bytes().splitlines()) == count
    readme(small)
    changed = check(small)
    assert len(journal.read_bytes().splitlines()) == count + 1  # one verdict added
    assert changed == check(small, cache=False)
    for day in range(2, 4):  # new review dates: every verdict new, the old ones never used
        check(small, review=REVIEW + dt.timedelta(days=day))
    assert len(journal.read_bytes().splitlines()) == count  # written again with those in use


def test_the_verdict_key_covers_every_part_of_the_environment() -> None:
    """A new field of Environment is something checks may read: generator/verdicts.py must put
    it in the verdict key (or say why not), and this list must be brought up to date."""
    known = {
        "root",  # the registry: every path in the key is relative to it
        "program",  # program.yaml's content
        "requirements",  # the content of the submission's own release's list
        "vendors",  # the content of the submission's vendor's VENDOR.yaml
        "review_date",
        "certified",  # the submission's own certification date
        "evidence",  # the folders holding the same JUnit report
        "online",  # never cached
        "_required",  # worked out from `requirements`
    }
    assert {f.name for f in dataclasses.fields(Environment)} == known


def test_a_failing_submission_stays_failing_when_cached(small: Path) -> None:
    results(small)
    cold = check(small)
    warm = check(small)
    assert cold == warm
    assert any(f.status is Status.FAIL for s in warm.submissions for f in s.findings)


def test_what_a_verdict_read_of_a_broken_vendor_record_is_named_whatever_its_text() -> None:
    def broken(message: str) -> VendorRecord:
        return VendorRecord("acme", "data/vendors/acme/VENDOR.yaml", None, [ReadProblem(message)])

    names = {
        distinct_text(policy_inputs(broken(message), None))
        for message in ("bad \udcff", "bad \udcfe", "bad")
    }
    assert len(names) == 3
