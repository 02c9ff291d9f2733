"""The pull-request review: a validator report (`--format json`) turned into one comment and a
label set that a workflow can post.

The report is untrusted input. It arrives as a workflow artifact, and a pull request that
changes the code or the workflows decides what its own run uploads; so the shape is checked
strictly, the labels are recomputed from the checks (the report's own `ok` and `labels` are
ignored), and every string from it is escaped so that it shows as plain text.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.model.findings import Finding, Report, Status, SubmissionReport
from generator.report import labels as label_rules
from generator.report.labels import labels_of

MARKER = "<!-- certreg-review -->"
REPORT_LIMIT = 32 * 1024 * 1024
# In UTF-8 bytes. GitHub refuses comments over 65,536 characters, and the review workflow
# passes the body through an environment variable, which Linux caps at 128 KiB.
BODY_LIMIT = 60_000
MESSAGE_LIMIT = 600
PER_CHECK = 25
_CHECK_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CHECK_ID_MAX = 64


class ReportError(ValueError):
    """The report file cannot be used; the message says where and why."""


# ---------------------------------------------------------------------------------------------
# Reading


def load_report(path: Path) -> Report:
    """Read and check a report file (`-` for standard input)."""
    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(REPORT_LIMIT + 1)
        else:
            with path.open("rb") as handle:
                raw = handle.read(REPORT_LIMIT + 1)
    except OSError as error:
        raise ReportError(f"cannot read the report: {error.strerror or error}") from error
    if len(raw) > REPORT_LIMIT:
        raise ReportError(f"the report is larger than {REPORT_LIMIT} bytes")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise ReportError("the report is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise ReportError(f"not JSON: {error.msg} at line {error.lineno}") from error
    except (RecursionError, ValueError) as error:
        raise ReportError(f"not a usable JSON report: {error}") from error
    return parse_report(data)


def parse_report(data: object) -> Report:
    """The typed report from a decoded `--format json` object; ReportError names the bad part."""
    top = _mapping(data, "the report")
    as_of = _string(top.get("as_of"), "as_of")
    pr: tuple[Finding, ...] | None = None
    if top.get("pr") is not None:
        pr = _checks(_mapping(top["pr"], "pr").get("checks"), "pr.checks")
    submissions = []
    for index, item in enumerate(_list(top.get("submissions"), "submissions")):
        where = f"submissions[{index}]"
        entry = _mapping(item, where)
        path = _string(entry.get("path"), f"{where}.path")
        submissions.append(SubmissionReport(path, _checks(entry.get("checks"), f"{where}.checks")))
    return Report(as_of=as_of, submissions=tuple(submissions), pr=pr)


def labels_for(report: object) -> list[str]:
    """The sorted labels a decoded `--format json` report implies (see generator.report.labels)."""
    return labels_of(parse_report(report))


def _checks(value: object, where: str) -> tuple[Finding, ...]:
    return tuple(_finding(item, f"{where}[{i}]") for i, item in enumerate(_list(value, where)))


def _finding(value: object, where: str) -> Finding:
    check = _mapping(value, where)
    check_id = _string(check.get("id"), f"{where}.id")
    if len(check_id) > _CHECK_ID_MAX or not _CHECK_ID.fullmatch(check_id):
        raise ReportError(f"{where}.id: {check_id[:80]!r} is not a check id")
    status = _string(check.get("status"), f"{where}.status")
    if status not in {s.value for s in Status}:
        raise ReportError(f"{where}.status: {status[:80]!r} is not pass, fail, warn or skip")
    file = check.get("file")
    line = check.get("line")
    if file is not None and not isinstance(file, str):
        raise ReportError(f"{where}.file: expected a string or null")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 0):
        raise ReportError(f"{where}.line: expected a line number or null")
    message = _string(check.get("message"), f"{where}.message")
    return Finding(check_id, Status(status), message, file, line)


def _mapping(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ReportError(f"{where}: expected an object")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise ReportError(f"{where}: expected a list")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ReportError(f"{where}: expected a string")
    return value


def _no_constant(name: str) -> object:
    raise ReportError(f"not JSON: {name} is not a number")


# ---------------------------------------------------------------------------------------------
# Escaping


_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
# Markdown punctuation, and `$` for GitHub's math; `|` becomes an entity so it never ends a cell.
_ESCAPES = {ch: "\\" + ch for ch in "\\`*_[]{}()!~$"}
_ESCAPES |= {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "|": "&#124;"}
# A zero-width space after `@` and `#` stops mentions and issue references; inside `://` and
# `www.` it stops autolinks.
_ESCAPES |= {"@": "@&#8203;", "#": "#&#8203;"}
_AUTOLINK = re.compile(r"(?i)(:)(//)|\b(www)(\.)")


_TABLE = str.maketrans(_ESCAPES)


def plain(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` as inert Markdown on one line: no markup, links, mentions or HTML survive."""
    # Only the start can be shown; the margin makes up for what the filter below removes.
    cut = len(text) > 4 * limit
    text = _BREAKS.sub(" ", text[: 4 * limit])
    if not text.isprintable():
        text = "".join(ch for ch in text if ch == " " or unicodedata.category(ch)[0] != "C")
    if cut or len(text) > limit:
        text = text[: limit - 1] + "…"
    return _AUTOLINK.sub(
        lambda m: "&#8203;".join(g for g in m.groups() if g), text.translate(_TABLE)
    )


# ---------------------------------------------------------------------------------------------
# The comment


@dataclass(frozen=True)
class Review:
    """What a workflow posts: one comment, found again by its marker, and the labels."""

    body: str
    labels: tuple[str, ...]
    ok: bool

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "marker": MARKER,
            "body": self.body,
            "labels": list(self.labels),
            "managed_labels": list(label_rules.MANAGED_LABELS),
            "managed_label_patterns": list(label_rules.MANAGED_PATTERNS),
        }


@dataclass(frozen=True)
class _Row:
    """One line of a table, escaped only when it is shown."""

    scope: str  # the submission's path, or "" for the pull request
    check: str
    status: Status
    message: str
    file: str | None = None
    line: int | None = None
    ours: bool = False  # the message is certreg's own text, not the report's

    def cells(self) -> tuple[str, str]:
        message = self.message if self.ours else plain(self.message)
        if self.file is None and not self.scope:
            return "pull request", message
        suffix = f":{self.line}" if self.line is not None else ""
        return f"<code>{plain(self.file or self.scope, 200)}{suffix}</code>", message


def review(
    report: Report, *, checks_url: str = "docs/checks.md", untrusted: bool = False
) -> Review:
    """The comment and labels for `report`; with `untrusted`, certifying labels are withheld."""
    labels = labels_of(report)
    if untrusted:
        labels = [label for label in labels if not label_rules.is_certifying(label)]
    body = _Comment(report, checks_url, untrusted).render(labels)
    return Review(body=body, labels=tuple(labels), ok=report.ok)


class _Comment:
    def __init__(self, report: Report, checks_url: str, untrusted: bool) -> None:
        self.report = report
        self.checks_url = checks_url
        self.untrusted = untrusted
        self.rows = list(_rows(report))
        statuses = list(_worst(self.rows).values())
        self.count = {status: statuses.count(status) for status in Status}

    def render(self, labels: list[str]) -> str:
        head = [MARKER, self._verdict(), "", self._tally(), ""]
        if self.untrusted:
            head += [
                "> [!WARNING]",
                "> This pull request changes files outside `data/vendors/`, so this report was"
                " produced by the pull request's own code. Labels that vouch for results are"
                " withheld; a maintainer reviews the change.",
                "",
            ]
        shown = ", ".join(f"`{label}`" for label in labels) or "none"
        tail = [
            f"**Labels:** {shown}",
            "",
            "<sub>Run <code>certreg validate --base origin/main</code> in your checkout for the"
            " same report. Each check is explained in"
            f" [{self.checks_url}]({self.checks_url}).</sub>",
        ]
        budget = BODY_LIMIT - _size(head + tail)
        parts: list[str] = []
        for title, status, folded in (
            ("Failed", Status.FAIL, False),
            ("Warnings", Status.WARN, False),
            ("Passed", Status.PASS, True),
            ("Not checked", Status.SKIP, True),
        ):
            section = self._section(title, status, folded, budget)
            budget -= _size(section)
            parts += section
        return "\n".join(head + parts + tail) + "\n"

    def _verdict(self) -> str:
        if not self.rows:
            return "## certreg found nothing to check in this change"
        failed = self.count[Status.FAIL]
        if self.report.ok:
            warned = self.count[Status.WARN]
            extra = f", with {warned} warning{'s' * (warned != 1)}" if warned else ""
            return f"## ✅ Verified: every requirement is met{extra}"
        return f"## ❌ Not verifiable yet: {failed} requirement{'s' * (failed != 1)} not met"

    def _tally(self) -> str:
        passed = self.count[Status.PASS] + self.count[Status.WARN]
        total = passed + self.count[Status.FAIL]
        skipped = self.count[Status.SKIP]
        as_of = plain(self.report.as_of, 40)
        text = f"**{passed} of {total} requirements passed**, judged as of {as_of}."
        if skipped:
            text += f" {skipped} more could not be checked until the failures are fixed."
        return text

    def _section(self, title: str, status: Status, folded: bool, budget: int) -> list[str]:
        rows = [row for row in self.rows if row.status is status]
        if not rows:
            return []
        head = [f"### {title}", ""]
        if folded:
            head = ["<details>", f"<summary>{title} ({len(rows)})</summary>", ""]
        head += ["| Check | Where | Details |", "|---|---|---|"]
        foot = ["", "</details>", ""] if folded else [""]
        budget -= _size(head + foot) + 80
        lines = []
        shown = _capped(rows)
        for row in shown:
            where, message = row.cells()
            line = f"| {self._link(row.check)} | {where} | {message} |"
            if budget < _size([line]):
                break
            budget -= _size([line])
            lines.append(line)
        if not lines:
            return [f"{title}: {len(rows)}, not shown here.", ""]
        if len(lines) < len(shown):
            lines += ["", f"…and {len(shown) - len(lines)} more rows, not shown here."]
        return head + lines + foot

    def _link(self, check: str) -> str:
        return f"[{check}]({self.checks_url}#{check})"


def _rows(report: Report) -> Iterator[_Row]:
    for finding in report.pr or ():
        yield _Row("", finding.check, finding.status, finding.message, finding.file, finding.line)
    for submission in report.submissions:
        for finding in submission.findings:
            file = finding.file
            if file is not None and "/" not in file:
                file = f"{submission.path.rstrip('/')}/{file}"
            yield _Row(
                submission.path, finding.check, finding.status, finding.message, file, finding.line
            )


def _capped(rows: list[_Row]) -> list[_Row]:
    """At most PER_CHECK rows for each check on each submission, then one row that counts the
    rest, so that 400 missing tests do not hide the other problems."""
    groups: dict[tuple[str, str], list[_Row]] = {}
    for row in rows:
        groups.setdefault((row.scope, row.check), []).append(row)
    capped = []
    for (scope, check), group in groups.items():
        capped += group[:PER_CHECK]
        if len(group) > PER_CHECK:
            more = f"…and {len(group) - PER_CHECK} more like these"
            capped.append(_Row(scope, check, group[0].status, more, ours=True))
    return capped


def _size(lines: list[str]) -> int:
    """The UTF-8 size of `lines` joined, each with its line break."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _worst(rows: list[_Row]) -> dict[tuple[str, str], Status]:
    """Each requirement (a check on the pull request or on one submission) at its worst."""
    worst: dict[tuple[str, str], Status] = {}
    for row in rows:
        key = (row.scope, row.check)
        if key not in worst or row.status.rank > worst[key].rank:
            worst[key] = row.status
    return worst
