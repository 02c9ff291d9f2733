"""Validation as one function: load the registry, check the submissions, build the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.context import Environment
from generator.checks.runner import check_submission
from generator.loading.registry import LoadedRegistry, load_registry
from generator.loading.submission import discover
from generator.model.findings import Finding, Report


@dataclass
class ValidateOptions:
    paths: list[Path] = field(default_factory=list)
    base: str | None = None
    title: str | None = None
    review_date: dt.date = field(default_factory=dt.date.today)
    online: bool = False


def environment(loaded: LoadedRegistry, review_date: dt.date, online: bool = False) -> Environment:
    return Environment(
        root=loaded.root,
        program=loaded.program,
        requirements=loaded.requirements,
        vendors=loaded.vendors,
        review_date=review_date,
        certified=loaded.dates,
        online=online,
    )


def validate(root: Path, options: ValidateOptions) -> Report:
    loaded = load_registry(root)
    pr: tuple[Finding, ...] | None = None
    folders = discover(root, options.paths or None)
    env = environment(loaded, options.review_date, options.online)
    reports = tuple(check_submission(files, env) for files in loaded.files_of(folders))
    return Report(as_of=options.review_date.isoformat(), submissions=reports, pr=pr)
