"""The pull-request labels a report implies, named as the upstream conformance bot names them.

| label | given when |
|---|---|
| `conformance-product-submission` | the change holds a submission |
| `release-vX.Y` | the submission's folder is for vX.Y and `layout` did not fail |
| `tests-verified-vX.Y` | `tests-complete` passed: every required test is in junit_01.xml |
| `no-failed-tests-vX.Y` | `tests-passed` passed: no conformance test failed |
| `release-documents-checked` | `files-required`, `files-allowed` and `product-metadata` passed |
| `not-verifiable` | any check failed, on the pull request or on a submission |
| `required-tests-missing` | `tests-complete` failed |
| `evidence-missing` | `tests-passed` failed |
| `missing-file-<name>` | `files-required` failed for the file `<name>` as a whole (absent, empty, |
|  | not a regular file); a failure at a line of the file is about its content |

"Passed" means the check ran and did not fail: a warning still passes, a skip does not.
Every label here is *managed*: the review workflow adds the ones a report implies and removes
the managed ones it no longer implies, and leaves every other label alone.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from generator.model.findings import Finding, Report, Status, SubmissionReport
from generator.model.versions import Version

SUBMISSION = "conformance-product-submission"
DOCUMENTS_CHECKED = "release-documents-checked"
NOT_VERIFIABLE = "not-verifiable"
REQUIRED_TESTS_MISSING = "required-tests-missing"
EVIDENCE_MISSING = "evidence-missing"
MISSING_FILE = "missing-file-"

# The files of a submission, as the labels name them (the `files-required` check's list).
LABELLED_FILES = ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")

_DOCUMENT_CHECKS = ("files-required", "files-allowed", "product-metadata")
_PASSED = (Status.PASS, Status.WARN)

MANAGED_LABELS = (
    SUBMISSION,
    DOCUMENTS_CHECKED,
    NOT_VERIFIABLE,
    REQUIRED_TESTS_MISSING,
    EVIDENCE_MISSING,
    *(MISSING_FILE + name for name in LABELLED_FILES),
)
# Families of managed labels whose members depend on the version or file; anchored, so that a
# maintainer's own `release-vnext` is left alone. Plain enough for both Python and JavaScript.
MANAGED_PATTERNS = (
    r"^release-v[0-9]+\.[0-9]+$",
    r"^tests-verified-v[0-9]+\.[0-9]+$",
    r"^no-failed-tests-v[0-9]+\.[0-9]+$",
    r"^missing-file-.+$",
)
# The labels that vouch for results; withheld when the report cannot be trusted.
CERTIFYING_PATTERNS = (
    r"^tests-verified-v[0-9]+\.[0-9]+$",
    r"^no-failed-tests-v[0-9]+\.[0-9]+$",
    r"^release-documents-checked$",
)


def labels_of(report: Report) -> list[str]:
    """The sorted label set that `report` implies (see the module's table)."""
    labels: set[str] = set()
    for submission in report.submissions:
        labels |= _submission_labels(submission)
    if not report.ok:
        labels.add(NOT_VERIFIABLE)
    return sorted(labels)


def is_managed(label: str) -> bool:
    """Whether the review workflow owns `label` (may add and remove it)."""
    return label in MANAGED_LABELS or any(re.match(p, label) for p in MANAGED_PATTERNS)


def is_certifying(label: str) -> bool:
    """Whether `label` vouches for the results (withheld from an untrusted report)."""
    return any(re.match(p, label) for p in CERTIFYING_PATTERNS)


def _submission_labels(submission: SubmissionReport) -> set[str]:
    labels = {SUBMISSION}
    version = _version_of(submission.path)
    if version is not None and submission.status_of("layout") is not Status.FAIL:
        labels.add(f"release-{version}")
        if submission.status_of("tests-complete") in _PASSED:
            labels.add(f"tests-verified-{version}")
        if submission.status_of("tests-passed") in _PASSED:
            labels.add(f"no-failed-tests-{version}")
    if all(submission.status_of(check) in _PASSED for check in _DOCUMENT_CHECKS):
        labels.add(DOCUMENTS_CHECKED)
    if submission.status_of("tests-complete") is Status.FAIL:
        labels.add(REQUIRED_TESTS_MISSING)
    if submission.status_of("tests-passed") is Status.FAIL:
        labels.add(EVIDENCE_MISSING)
    for finding in submission.findings:
        if finding.check == "files-required" and finding.status is Status.FAIL:
            labels |= {MISSING_FILE + name for name in _missing_files(finding)}
    return labels


def _version_of(path: str) -> Version | None:
    """The version a submission folder is for: its last path part, when that is `vX.Y`."""
    name = PurePosixPath(path).name
    return Version.parse(name) if Version.is_folder_name(name) else None


def _missing_files(finding: Finding) -> set[str]:
    """The required files a `files-required` failure is about as a whole.

    A finding at a line concerns the file's content (a placeholder left in README.md), so it
    names no missing file. The file field wins; without one, the message may name the files.
    """
    if finding.line is not None:
        return set()
    if finding.file is not None:
        name = PurePosixPath(finding.file).name
        return {name} if name in LABELLED_FILES else set()
    return {name for name in LABELLED_FILES if re.search(_word(name), finding.message)}


def _word(name: str) -> str:
    """A pattern for `name` standing alone, not as part of a longer file name."""
    return rf"(?<![\w.-]){re.escape(name)}(?![\w-]|\.\w)"
