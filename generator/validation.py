"""Validation as one function: load the registry, check the submissions, build the report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks.context import Environment
from generator.checks.pr import PullRequest, check_pull_request
from generator.gitio.change import Change, changes
from generator.gitio.history import dates_from_log
from generator.gitio.log import first_parent_log, shallow_commits
from generator.gitio.plain import GitError, work_tree
from generator.loading.evidence import EvidenceIndex
from generator.loading.program import load_program
from generator.loading.registry import LoadedRegistry, load_registry
from generator.loading.requirements import CONFORMANCE_DIR
from generator.loading.submission import SubmissionFolder, discover
from generator.model.findings import Finding, Report
from generator.model.registry import SubmissionKey
from generator.model.versions import Version
from generator.verdicts import Verdicts

#: At most this many folders are named to git to read their certification dates.
_NAMED_FOLDERS = 200


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
        evidence=EvidenceIndex(
            loaded.root,
            loaded.evidence_folders(),
            loaded.store.keys.index if loaded.store is not None else None,
        ),
        online=online,
    )


def validate(root: Path, options: ValidateOptions) -> Report:
    """Check the submissions under `options.paths` (default: all), or with `options.base`, the
    pull request from there to HEAD and the submissions it touches (and any paths given).

    A merged submission is judged as of its certification date (git history, then
    data/history.yaml); one the pull request touches is new, judged as of the review date.
    Requirement lists are read for the releases of the submissions checked (and any list the
    change edits); without paths or --base, every list is. Raises RepositoryError when --base
    is given and git cannot tell the change.
    """
    if options.base is not None:
        change = changes(root, options.base)  # before reading anything: a usage error first
        return _validate_change(root, change, options)
    folders = discover(root, options.paths or None)
    dated = dates_of(root, folders) if options.paths else None
    loaded = load_registry(
        root,
        git_dates=dated,
        dates_from_git=dated is None,
        paths=options.paths or None,
        jobs=options.jobs,
        cache=options.cache,
        versions=_versions(folders, ()) if options.paths else None,
    )
    env = environment(loaded, options.review_date, options.online)
    return _report(loaded, env, folders, pr=None)


def _validate_change(root: Path, change: Change, options: ValidateOptions) -> Report:
    # Paths given beside --base are checked too, as merged ones if they are.
    pr = PullRequest(change, options.title, load_program(root))
    folders = _touched(root, pr)
    if options.paths:
        folders += [f for f in discover(root, options.paths) if f.rel not in pr.folders]
    loaded = load_registry(
        root,
        dates_from_git=bool(options.paths),
        jobs=options.jobs,
        cache=options.cache,
        versions=_versions(folders, change.touched()),
    )
    findings = check_pull_request(pr)
    touched = {f.key for f in folders if f.key is not None and f.rel in pr.folders}
    env = environment(loaded, options.review_date, options.online)
    certified = {key: day for key, day in env.certified.items() if key not in touched}
    return _report(loaded, replace(env, certified=certified), folders, pr=findings)


def _versions(folders: list[SubmissionFolder], changed: Iterable[str]) -> set[Version]:
    """The releases whose requirement lists a check of these folders reads, and those of any
    list the change edits (so that a broken list cannot slip in)."""
    found = {folder.key.version for folder in folders if folder.key is not None}
    for path in changed:
        folder, _, name = path.rpartition("/")
        if folder == CONFORMANCE_DIR and name.endswith(".yaml"):
            version = Version.parse_lenient(name.removesuffix(".yaml"))
            if version is not None:
                found.add(version)
    return found


def dates_of(root: Path, folders: list[SubmissionFolder]) -> dict[SubmissionKey, dt.date] | None:
    """The certification dates git tells of these folders, from a log of them alone (a few
    milliseconds, where one over every submission takes a tenth of a second in a registry of
    thousands); None for too many folders to name, then every date is read."""
    keyed = [folder.rel for folder in folders if folder.key is not None]
    if len(keyed) > _NAMED_FOLDERS:
        return None
    tree = work_tree(root) if keyed else None
    if tree is None:
        return {}
    try:  # before the first commit, git log fails: nothing is dated
        # With --first-parent, git compares a merge with its first parent only, so a log
        # limited to some folders lists the same commits for them as one over all.
        output = first_parent_log(tree, *(f":(literal){rel}" for rel in keyed))
    except GitError:
        return {}
    return dates_from_log(output, shallow_commits(tree)).dates


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
    verdicts = Verdicts(loaded, env).each(loaded.files_of(folders))
    reports = tuple(verdict.report for _files, verdict in verdicts)
    return Report(as_of=env.review_date.isoformat(), submissions=reports, pr=pr)
