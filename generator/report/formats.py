"""Report formats for `certreg validate`: text for people, json for tools, github annotations,
and markdown for a pull-request comment or step summary. Each takes the Report and returns text."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.checks.text import shown_path
from generator.model.findings import Finding, Report, Status
from generator.report.labels import labels_of
from generator.report.workflow import escape_data, escape_property

DOCS = "docs/checks.md"
_MARK = {Status.PASS: "ok  ", Status.FAIL: "FAIL", Status.WARN: "warn", Status.SKIP: "skip"}


def _where(finding: Finding) -> str:
    if finding.file is None:
        return ""
    return f"{finding.file}:{finding.line}" if finding.line else finding.file


def as_json(report: Report) -> str:
    data = {
        "ok": report.ok,
        "as_of": report.as_of,
        "pr": None if report.pr is None else {"checks": [f.as_json() for f in report.pr]},
        "submissions": [
            {"path": shown_path(s.path), "ok": s.ok, "checks": [f.as_json() for f in s.findings]}
            for s in report.submissions
        ],
        "labels": labels_of(report),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_text(report: Report, verbose: bool = False) -> str:
    lines = []
    groups = ([("pull request", report.pr)] if report.pr is not None else []) + [
        (shown_path(s.path), s.findings) for s in report.submissions
    ]
    for title, findings in groups:
        bad = [f for f in findings if f.status in (Status.FAIL, Status.WARN)]
        verdict = "FAILED" if any(f.status is Status.FAIL for f in findings) else "passed"
        lines.append(f"{title}: {verdict}")
        for finding in findings if verbose else bad:
            where = _where(finding)
            lines.append(
                f"  {_MARK[finding.status]} {finding.check:<18} "
                f"{where + ': ' if where else ''}{finding.message}"
            )
        if not verbose:
            passed = sum(1 for f in findings if f.status is Status.PASS)
            lines.append(f"  {passed} checks passed" + (", see --verbose" if passed else ""))
    failed = sum(1 for s in report.submissions if not s.ok)
    lines.append(
        f"{len(report.submissions)} submission(s) checked as of {report.as_of}: "
        f"{len(report.submissions) - failed} passed, {failed} failed"
    )
    return "\n".join(lines) + "\n"


def as_github(report: Report) -> str:
    """GitHub workflow commands: one annotation per failure or warning, at its file and line."""
    lines = []
    for finding in report.all_findings():
        if finding.status not in (Status.FAIL, Status.WARN):
            continue
        level = "error" if finding.status is Status.FAIL else "warning"
        props = []
        if finding.file:
            props.append(f"file={escape_property(finding.file)}")
            if finding.line:
                props.append(f"line={finding.line}")
        props.append(f"title={escape_property('certreg ' + finding.check)}")
        lines.append(f"::{level} {','.join(props)}::{escape_data(finding.message)}")
    return "\n".join(lines) + ("\n" if lines else "") + as_text(report)


def md_text(text: str) -> str:
    """Untrusted text made inert in Markdown and HTML: no markup, no mentions, no table breaks."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]()<>#+!|~&\"'":
            out.append(f"&#{ord(ch)};")
        elif ch == "@":
            out.append("@\u200b")
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def as_markdown(report: Report) -> str:
    findings = report.all_findings()
    judged = [f for f in findings if f.status is not Status.SKIP]
    passed = sum(1 for f in judged if f.status is not Status.FAIL)
    heading = "passed" if report.ok else "needs changes"
    lines = [
        f"## certreg: conformance review {heading}",
        "",
        f"**{passed} of {len(judged)} requirements passed** (as of {report.as_of}).",
        "",
    ]
    failures = [f for f in findings if f.status is Status.FAIL]
    warnings = [f for f in findings if f.status is Status.WARN]
    for title, group in (("Requirements not met", failures), ("Warnings", warnings)):
        if not group:
            continue
        lines += [f"### {title}", "", "| check | where | what to do |", "|---|---|---|"]
        for finding in group:
            where = md_text(_where(finding)) or "&#8212;"
            lines.append(
                f"| [`{finding.check}`]({DOCS}#{finding.check}) | {where} | "
                f"{md_text(finding.message)} |"
            )
        lines.append("")
    labels = labels_of(report)
    if labels:
        lines.append("Labels: " + ", ".join(f"`{label}`" for label in labels))
    return "\n".join(lines).rstrip() + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
    "markdown": as_markdown,
}
