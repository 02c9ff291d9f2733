"""Verdicts as plain JSON values, and back, strictly: a cache file may hold anything, and
anything out of place makes `from_json` raise ValueError (the verdict is worked out again)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from generator.loading.registry import Facts
from generator.model.findings import (
    Status,
    SubmissionReport,
    finding_from_json,
    finding_to_json,
)
from generator.model.registry import ProductInfo

_INFO_TEXT = (
    "vendor",
    "name",
    "version",
    "type",
    "description",
    "website_url",
    "documentation_url",
    "contact_email_address",
)
_INFO_OPTIONAL = ("repo_url", "product_logo_url")
_STATUSES = frozenset(status.value for status in Status)
_VERDICT = frozenset(("path", "findings", "facts"))
_FACTS = frozenset(("info", "passed", "required", "readme"))
_INFO = frozenset(_INFO_TEXT + _INFO_OPTIONAL)


@dataclass(frozen=True)
class Verdict:
    """A submission's report from the checks, and its facts for the site (None outside the
    layout)."""

    report: SubmissionReport
    facts: Facts | None


def to_json(verdict: Verdict) -> dict[str, Any]:
    facts = verdict.facts
    return {
        "path": verdict.report.path,
        "findings": [finding_to_json(f) for f in verdict.report.findings],
        "facts": None
        if facts is None
        else {
            "info": {name: getattr(facts.info, name) for name in _INFO_TEXT + _INFO_OPTIONAL},
            "passed": facts.tests_passed,
            "required": facts.tests_required,
            "readme": facts.readme,
        },
    }


def from_json(data: object, path: str, keep: Collection[str] | None = None) -> Verdict:
    """The verdict in `data`, which must be for the submission folder `path`; with `keep`,
    holding only the findings of those statuses (values of `Status`), for a caller that needs
    no others (the rest are only checked to be findings of a known status)."""
    fields = _mapping(data, _VERDICT)
    if fields["path"] != path:
        raise ValueError("a verdict for another folder")
    findings = fields["findings"]
    if not isinstance(findings, list):
        raise ValueError("findings must be a list")
    if keep is not None:
        kept = []
        for item in findings:  # a loop: thousands of verdicts, a dozen findings each
            if type(item) is not list or len(item) != 5 or item[1] not in _STATUSES:
                raise ValueError("a finding is [check, status, message, file, line]")
            if item[1] in keep:
                kept.append(item)
        findings = kept
    report = SubmissionReport(path, tuple(finding_from_json(item) for item in findings))
    facts = fields["facts"]
    return Verdict(report, _facts(facts) if facts is not None else None)


def _facts(data: object) -> Facts:
    fields = _mapping(data, _FACTS)
    info = _mapping(fields["info"], _INFO)
    for name in _INFO_TEXT:
        if not isinstance(info[name], str):
            raise ValueError("product fields are text")
    for name in _INFO_OPTIONAL:
        if info[name] is not None and not isinstance(info[name], str):
            raise ValueError("optional product fields are text or null")
    passed, required, readme = fields["passed"], fields["required"], fields["readme"]
    if type(passed) is not int or type(required) is not int or min(passed, required) < 0:
        raise ValueError("test counts are counts")
    if not isinstance(readme, str):
        raise ValueError("the README is text")
    return Facts(ProductInfo(**info), passed, required, readme)


def _mapping(data: object, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(data, dict) or data.keys() != keys:
        raise ValueError(f"expected a mapping with exactly {sorted(keys)}")
    return data
