"""Digests as plain JSON values, and back: strictly, since a cache file may be anything.

`from_json` checks every field's type and shape and raises ValueError at the first thing out of
place; the caller then treats the entry as missing and reads the files again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.loading.digest import JUnitDigest, LogDigest, ResultsDigest, Tallied
from generator.loading.e2elog import Summary, VersionLine
from generator.loading.problems import ReadProblem
from generator.model.tests import Outcome

#: Bumped whenever the digest or its JSON form changes, so cached digests are computed again.
DIGEST_FORMAT = 1

_CODES = {
    Outcome.PASSED: "p",
    Outcome.FAILED: "f",
    Outcome.ERRORED: "e",
    Outcome.SKIPPED: "s",
}
_OUTCOMES = {code: outcome for outcome, code in _CODES.items()}


def to_json(digest: ResultsDigest) -> dict[str, Any]:
    return {
        "junit": _junit_out(digest.junit) if digest.junit is not None else None,
        "log": _log_out(digest.log) if digest.log is not None else None,
    }


def from_json(data: object) -> ResultsDigest:
    fields = _mapping(data, {"junit", "log"})
    junit, log = fields["junit"], fields["log"]
    return ResultsDigest(
        junit=_junit_in(junit) if junit is not None else None,
        log=_log_in(log) if log is not None else None,
    )


def _junit_out(junit: JUnitDigest) -> dict[str, Any]:
    names = sorted(junit.tests)
    tests = [junit.tests[name] for name in names]
    return {
        "problem": _problem_out(junit.problem),
        "names": names,
        "outcomes": "".join(_CODES[t.outcome] for t in tests),
        "lines": [t.line for t in tests],
        "conflicting": [index for index, t in enumerate(tests) if t.conflicting],
        "spec_passed": junit.spec_passed,
        "spec_failed": junit.spec_failed,
    }


def _junit_in(data: object) -> JUnitDigest:
    fields = _mapping(
        data,
        {"problem", "names", "outcomes", "lines", "conflicting", "spec_passed", "spec_failed"},
    )
    names = _list(fields["names"], str)
    outcomes = [_OUTCOMES[code] for code in _text(fields["outcomes"])]
    lines = _list(fields["lines"], int)
    conflicting = set(_list(fields["conflicting"], int))
    count = len(names)
    if not count == len(outcomes) == len(lines) or min(lines, default=0) < 0:
        raise ValueError("junit: the test arrays disagree")
    if any(not 0 <= index < count for index in conflicting):
        raise ValueError("junit: a conflicting index is out of range")
    flags = [index in conflicting for index in range(count)] if conflicting else [False] * count
    tests = dict(zip(names, map(Tallied, outcomes, lines, flags), strict=True))
    if len(tests) != count:
        raise ValueError("junit: a test is listed twice")
    return JUnitDigest(
        problem=_problem_in(fields["problem"]),
        tests=tests,
        spec_passed=_count(fields["spec_passed"]),
        spec_failed=_count(fields["spec_failed"]),
    )


def _log_out(log: LogDigest) -> dict[str, Any]:
    summary = log.summary
    return {
        "problem": _problem_out(log.problem),
        "e2e_version": _version_out(log.e2e_version),
        "apiserver_version": _version_out(log.apiserver_version),
        "ran": list(log.ran) if log.ran is not None else None,
        "will_run": list(log.will_run) if log.will_run is not None else None,
        "summary": (
            [
                summary.success,
                summary.passed,
                summary.failed,
                summary.pending,
                summary.skipped,
                summary.flaked,
                summary.line,
            ]
            if summary is not None
            else None
        ),
        "summaries": log.summaries,
        "lines": log.lines,
        "passed_names": dict(log.passed_names),
        "failed_names": dict(log.failed_names),
    }


_LOG_FIELDS = {
    "problem",
    "e2e_version",
    "apiserver_version",
    "ran",
    "will_run",
    "summary",
    "summaries",
    "lines",
    "passed_names",
    "failed_names",
}


def _log_in(data: object) -> LogDigest:
    fields = _mapping(data, _LOG_FIELDS)
    summary = fields["summary"]
    if summary is not None:
        success, *counts = _list(summary, object)
        if not isinstance(success, bool) or len(counts) != 6:
            raise ValueError("log: a summary is [success, 6 counts]")
        passed, failed, pending, skipped, flaked, line = (_count(c) for c in counts)
        summary = Summary(success, passed, failed, pending, skipped, flaked, line)
    return LogDigest(
        problem=_problem_in(fields["problem"]),
        e2e_version=_version_in(fields["e2e_version"]),
        apiserver_version=_version_in(fields["apiserver_version"]),
        ran=_triple(fields["ran"]),
        will_run=_triple(fields["will_run"]),
        summary=summary,
        summaries=_count(fields["summaries"]),
        lines=_count(fields["lines"]),
        passed_names=_lines_by_name(fields["passed_names"]),
        failed_names=_lines_by_name(fields["failed_names"]),
    )


def _problem_out(problem: ReadProblem | None) -> list[Any] | None:
    return [problem.message, problem.line] if problem is not None else None


def _problem_in(data: object) -> ReadProblem | None:
    if data is None:
        return None
    message, line = _pair(data)
    return ReadProblem(_text(message), _count(line) if line is not None else None)


def _version_out(found: VersionLine | None) -> list[Any] | None:
    return [found.text, found.line] if found is not None else None


def _version_in(data: object) -> VersionLine | None:
    if data is None:
        return None
    text, line = _pair(data)
    return VersionLine(_text(text), _count(line))


def _triple(data: object) -> tuple[int, int, int] | None:
    if data is None:
        return None
    values = _list(data, int)
    if len(values) != 3:
        raise ValueError("expected three counts")
    return _count(values[0]), _count(values[1]), _count(values[2])


def _lines_by_name(data: object) -> dict[str, int]:
    if not isinstance(data, dict):
        raise ValueError("expected a mapping of names to lines")
    return {_text(name): _count(line) for name, line in data.items()}


def _mapping(data: object, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(data, dict) or set(data) != keys:
        raise ValueError(f"expected a mapping with exactly {sorted(keys)}")
    return data


def _pair(data: object) -> tuple[object, object]:
    values = _list(data, object)
    if len(values) != 2:
        raise ValueError("expected a pair")
    return values[0], values[1]


def _list(data: object, kind: type) -> list[Any]:
    # JSON gives exact types: `type(...) is int` keeps booleans out of counts.
    if not isinstance(data, list) or (
        kind is not object and not all(type(item) is kind for item in data)
    ):
        raise ValueError(f"expected a list of {kind.__name__}")
    return data


def _text(data: object) -> str:
    if not isinstance(data, str):
        raise ValueError("expected text")
    return data


def _count(data: object) -> int:
    if not isinstance(data, int) or isinstance(data, bool) or data < 0:
        raise ValueError("expected a count")
    return data
