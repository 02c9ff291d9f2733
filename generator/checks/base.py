"""The registry of rules. A rule is a small function with a stable id and a docstring that is
its documentation for vendors; it yields problems as data and never prints or exits."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from generator.model.findings import Status

if TYPE_CHECKING:
    from generator.checks.context import SubmissionContext


@dataclass(frozen=True)
class Problem:
    """What a rule yields: a failure or warning, or (status PASS) a note saying what passed."""

    message: str
    file: str | None = None  # a file name inside the submission, or a repository path
    line: int | None = None
    status: Status = Status.FAIL


def fail(message: str, file: str | None = None, line: int | None = None) -> Problem:
    return Problem(message, file, line, Status.FAIL)


def warn(message: str, file: str | None = None, line: int | None = None) -> Problem:
    return Problem(message, file, line, Status.WARN)


def note(message: str, file: str | None = None, line: int | None = None) -> Problem:
    """Say what passed, so the report shows it."""
    return Problem(message, file, line, Status.PASS)


class Skip(Exception):
    """Raised by a rule that cannot be judged here; the report shows it skipped, with why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


RuleFunc = Callable[["SubmissionContext"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    func: Callable[[Any], Iterable[Problem]]
    upstream: str
    scope: str = "submission"  # or "pr": runs only when the change under review is known

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")


RULES: list[Rule] = []
PR_RULES: list[Rule] = []

F = TypeVar("F", bound=Callable[..., Iterable[Problem]])


def _register(registry: list[Rule], rule_id: str, upstream: str, scope: str) -> Callable[[F], F]:
    def register(func: F) -> F:
        if any(r.id == rule_id for r in (*RULES, *PR_RULES)):
            raise ValueError(f"rule {rule_id} registered twice")
        if not func.__doc__:
            raise ValueError(f"rule {rule_id} needs a docstring: it is the vendor's documentation")
        registry.append(Rule(rule_id, func, upstream, scope))
        return func

    return register


def rule(rule_id: str, *, upstream: str = "") -> Callable[[F], F]:
    """Register a submission rule under its stable id; rules run in registration order."""
    return _register(RULES, rule_id, upstream, "submission")


def pr_rule(rule_id: str, *, upstream: str = "") -> Callable[[F], F]:
    """Register a pull-request rule (`pr-*`), run once per change when --base is given."""
    return _register(PR_RULES, rule_id, upstream, "pr")
