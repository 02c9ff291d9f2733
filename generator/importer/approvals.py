"""Upstream approval dates: when each `vX.Y/<folder>/` reached the upstream main branch.

One `git log --first-parent --reverse` over the whole checkout lists, oldest first, the files
each first-parent commit added (a merge compared with its first parent, so it shows what the
merge brought in). The first commit that added a file under `vX.Y/<folder>/` is the merge or
squash by which the submission was approved; its committer date, in UTC, is the approval date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.gitio.log import first_parent_log, parse_log, shallow_commits
from generator.gitio.plain import GitError, head, work_tree
from generator.model.versions import Version


@dataclass(frozen=True)
class Approvals:
    """Approval date by upstream folder (`v1.29/taikun (TKS)`), and why some are unknown."""

    dates: dict[str, dt.date] = field(default_factory=dict)
    note: str | None = None  # why git could tell nothing, or only part
    from_git: bool = False


def read_approvals(src: Path) -> Approvals:
    """Dates from the git repository whose top folder is `src`; none otherwise, never an error."""
    tree = work_tree(src)
    if tree is None:
        return Approvals(
            note="the source is not the top folder of a git checkout, so no approval dates are "
            "known: add them to data/history.yaml by hand"
        )
    if head(tree) is None:
        return Approvals(note="the source repository has no commits, so no dates are known")
    try:
        output = first_parent_log(tree)
    except GitError as error:
        return Approvals(note=f"git could not read the source history: {error}")
    shallow = shallow_commits(tree)
    return approvals_from_log(output, shallow)


def approvals_from_log(output: bytes, shallow: frozenset[str] = frozenset()) -> Approvals:
    """Fold a first-parent log (oldest first) into the date each folder was first added."""
    dates: dict[str, dt.date] = {}
    seen: set[str] = set()
    undatable = 0
    for sha, stamp, changes in parse_log(output):
        day = dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date()
        for status, path in changes:
            folder = _folder_of(path) if status == "A" else None
            if folder is None or folder in seen:
                continue
            seen.add(folder)
            if sha in shallow:
                undatable += 1  # present before a shallow clone's horizon: date unknown
            else:
                dates[folder] = day
    note = None
    if undatable:
        note = (
            f"the source is a shallow clone, so {undatable} submission folders older than its "
            "first commit cannot be dated: fetch the whole history (git fetch --unshallow)"
        )
    return Approvals(dates, note, from_git=True)


def _folder_of(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) < 3 or not Version.is_folder_name(parts[0]):
        return None
    return f"{parts[0]}/{parts[1]}"
