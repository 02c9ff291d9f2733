"""Validation as one function: load the registry, check the submissions, build the report."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks.context import Environment
from generator.checks.pr import PullRequest, check_pull_request
from generator.checks.runner import check_submission
from generator.gitio.change import Change, changes
from generator.gitio.history import certification_dates
from generator.loading.evidence import EvidenceIndex
from generator.loading.registry import LoadedRegistry, load_registry
from generator.loading.submission import SubmissionFolder, discover
from generator.model.findings import Finding, Report


@dataclass
class ValidateOptions:
    paths: list[Path] = field(default_factory=list)
    base: str | None = None
    title: str | None = None
    review_date: dt.date = field(default_factory=dt.date.today)
    online: bool = False
    jobs: int | None = None  # processes reading result files; default: every core
    cache: bool = True  # read and keep digests of result files in .cache/certreg/


def environment(loaded: LoadedRegistry, review_date: dt.date, online: bool = False) -> Environment:
    return Environment(
        root=loaded.root,
        program=loaded.program,
        requirements=loaded.requirements,
        vendors=loaded.vendors,
        review_date=review_date,
        certified=loaded.dates,
        evidence=EvidenceIndex(loaded.root, [f.folder.rel for f in loaded.submissions]),
        online=online,
    )


def validate(root: Path, options: ValidateOptions) -> Report:
    """Check the submissions under `options.paths` (default: all), or with `options.base`, the
    pull request from there to HEAD and the submissions it touches (and any paths given).

    A merged submission is judged as of its certification date (git history, then
    data/history.yaml); one the pull request touches is new, judged as of the review date.
    Raises RepositoryError when --base is given and git cannot tell the change.
    """
    if options.base is not None:
        change = changes(root, options.base)  # before reading anything: a usage error first
        return _validate_change(root, change, options)
    loaded = load_registry(
        root, git_dates=certification_dates(root), jobs=options.jobs, cache=options.cache
    )
    env = environment(loaded, options.review_date, options.online)
    return _report(loaded, env, discover(root, options.paths or None), pr=None)


def _validate_change(root: Path, change: Change, options: ValidateOptions) -> Report:
    # Paths given beside --base are checked too, as merged ones if they are.
    loaded = load_registry(
        root,
        git_dates=certification_dates(root) if options.paths else None,
        jobs=options.jobs,
        cache=options.cache,
    )
    pr = PullRequest(change, options.title, loaded.program)
    findings = check_pull_request(pr)
    folders = _touched(root, pr)
    if options.paths:
        folders += [f for f in discover(root, options.paths) if f.rel not in pr.folders]
    touched = {f.key for f in folders if f.key is not None and f.rel in pr.folders}
    env = environment(loaded, options.review_date, options.online)
    certified = {key: day for key, day in env.certified.items() if key not in touched}
    return _report(loaded, replace(env, certified=certified), folders, pr=findings)


def _touched(root: Path, pr: PullRequest) -> list[SubmissionFolder]:
    """The submission folders and stray paths the change touched that are still there."""
    wanted = {*pr.folders, *pr.strays}
    # A stray path is found by walking its folder, as discovery reports strays.
    targets = {root / rel for rel in pr.folders} | {(root / rel).parent for rel in pr.strays}
    present = sorted(path for path in targets if os.path.lexists(path))
    return [f for f in discover(root, present) if f.rel in wanted] if present else []


def _report(
    loaded: LoadedRegistry,
    env: Environment,
    folders: list[SubmissionFolder],
    pr: tuple[Finding, ...] | None,
) -> Report:
    files = loaded.files_of(folders)
    reports = tuple(check_submission(one, env) for one in loaded.stream(files))
    return Report(as_of=env.review_date.isoformat(), submissions=reports, pr=pr)
