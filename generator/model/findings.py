"""Check outcomes as data: what the validator found, where, and what to do."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"

    @property
    def rank(self) -> int:
        """Severity for sorting and for deciding the worst outcome."""
        return {"pass": 0, "skip": 1, "warn": 2, "fail": 3}[self.value]


@dataclass(frozen=True)
class Finding:
    """One line of a report: a check's status with a message for the vendor."""

    check: str
    status: Status
    message: str
    file: str | None = None
    line: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.check,
            "status": self.status.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class SubmissionReport:
    """Every finding for one submission folder."""

    path: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.status is not Status.FAIL for f in self.findings)

    def failed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.FAIL)

    def warned(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.WARN)

    def status_of(self, check: str) -> Status | None:
        """The worst status a check reached here, or None when it did not run."""
        statuses = [f.status for f in self.findings if f.check == check]
        return max(statuses, key=lambda s: s.rank) if statuses else None


@dataclass(frozen=True)
class Report:
    """The whole result of one `certreg validate` run."""

    as_of: str
    submissions: tuple[SubmissionReport, ...]
    pr: tuple[Finding, ...] | None = None
    labels: tuple[str, ...] = ()

    def all_findings(self) -> tuple[Finding, ...]:
        own = tuple(self.pr or ())
        return own + tuple(f for s in self.submissions for f in s.findings)

    @property
    def ok(self) -> bool:
        return all(f.status is not Status.FAIL for f in self.all_findings())

    @property
    def has_warnings(self) -> bool:
        return any(f.status is Status.WARN for f in self.all_findings())


def finding_to_json(finding: Finding) -> list[object]:
    return [finding.check, finding.status.value, finding.message, finding.file, finding.line]


def finding_from_json(item: object) -> Finding:
    """A finding from `finding_to_json`; ValueError when `item` is anything else."""
    if not isinstance(item, list) or len(item) != 5:
        raise ValueError("a finding is [check, status, message, file, line]")
    check, status, message, file, line = item
    if not isinstance(check, str) or not isinstance(message, str) or not isinstance(status, str):
        raise ValueError("a finding's check, status and message are text")
    if file is not None and not isinstance(file, str):
        raise ValueError("a finding's file is text or null")
    if line is not None and (type(line) is not int or line < 0):
        raise ValueError("a finding's line is a count or null")
    found = _STATUSES.get(status)
    if found is None:
        raise ValueError(f"{status!r} is not a status")
    return Finding(check, found, message, file, line)


_STATUSES = {status.value: status for status in Status}
