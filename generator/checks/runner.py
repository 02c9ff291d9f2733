"""Running every rule over submissions and collecting findings as data."""

from __future__ import annotations

import os

from generator.checks import RULES
from generator.checks.base import Problem, Rule, Skip
from generator.checks.context import Environment, SubmissionContext
from generator.loading.files import SubmissionFiles
from generator.loading.submission import SubmissionFolder
from generator.model.findings import Finding, Status, SubmissionReport


def _finding(rule: Rule, problem: Problem, folder: SubmissionFolder) -> Finding:
    file = problem.file
    if file is not None and "/" not in file and not folder.stray:
        file = folder.file(file)
    return Finding(rule.id, problem.status, problem.message, file, problem.line)


def run_rule(rule: Rule, ctx: SubmissionContext) -> list[Finding]:
    found: list[Finding] = []
    try:
        for problem in rule.func(ctx):
            found.append(_finding(rule, problem, ctx.folder))
    except Skip as skip:
        found.append(Finding(rule.id, Status.SKIP, skip.reason))
    except Exception as error:  # a bug must not hide the other checks' results from a vendor
        if os.environ.get("CERTREG_DEBUG"):
            raise
        found.append(
            Finding(
                rule.id,
                Status.FAIL,
                f"internal error in this check ({type(error).__name__}: {error}); please report it",
            )
        )
    notes = [f for f in found if f.status is Status.PASS]
    others = [f for f in found if f.status is not Status.PASS]
    if others:
        return others
    if notes:
        return notes[:1]
    return [Finding(rule.id, Status.PASS, "passed")]


def check_submission(files: SubmissionFiles, env: Environment) -> SubmissionReport:
    folder = files.folder
    ctx = SubmissionContext(files, env)
    rules = [r for r in RULES if r.id == "layout"] if folder.stray else list(RULES)
    findings = [finding for rule in rules for finding in run_rule(rule, ctx)]
    return SubmissionReport(path=folder.rel, findings=tuple(findings))
