"""When each submission was certified, read from git history in one pass.

A submission is certified on the date of the first commit on the first-parent history of the
current branch that contains it: the merge, squash or rebased commit by which it reached the
branch. One `git log --first-parent --reverse` over data/vendors/ lists, oldest first, the files
each of those commits added or deleted there (a merge compared with its first parent, so it
shows what the merge brought in); counting files per submission folder tells when each folder
appeared. A folder deleted and later added again dates from its return: that is a new approval.
The date is the committer date, in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.gitio.log import first_parent_log, parse_log, shallow_commits
from generator.gitio.plain import GitError, head, work_tree
from generator.loading.submission import VENDORS_DIR, key_for
from generator.model.registry import SubmissionKey


@dataclass(frozen=True)
class History:
    """Certification dates git could tell, and why others are unknown (None: nothing to say)."""

    dates: dict[SubmissionKey, dt.date]
    unknown: str | None = None


def certification_dates(root: Path) -> dict[SubmissionKey, dt.date]:
    """The certification date of every submission committed on the current branch."""
    return read_history(root).dates


def read_history(root: Path) -> History:
    """Certification dates from the repository at `root`; none outside git, never an error."""
    tree = work_tree(root)
    if tree is None:
        return History({}, "the registry is not a git repository, so git cannot date anything")
    if head(tree) is None:
        return History({}, "nothing has been committed yet")
    try:
        output = first_parent_log(tree, VENDORS_DIR)
    except GitError as error:
        return History({}, f"git could not read the history: {error}")
    shallow = shallow_commits(tree)
    return dates_from_log(output, shallow)


def dates_from_log(output: bytes, shallow: frozenset[str] = frozenset()) -> History:
    """Fold the log (oldest first) into the date each submission folder last appeared."""
    fold = DateFold()
    fold.add(output, shallow)
    return fold.history()


@dataclass
class DateFold:
    """The fold of a first-parent log, which can go on with the commits that follow: the count
    of files of each submission folder on the branch, the date each present folder appeared,
    and whether a folder predates a shallow clone's horizon."""

    counts: dict[SubmissionKey, int] = field(default_factory=dict)
    dates: dict[SubmissionKey, dt.date] = field(default_factory=dict)
    undatable: bool = False

    def add(self, output: bytes, shallow: frozenset[str] = frozenset()) -> None:
        """Fold in the commits of a `first_parent_log` listing that follow those folded so far."""
        keys = _KeyCache()
        counts, dates = self.counts, self.dates
        for sha, stamp, changes in parse_log(output):
            before: dict[SubmissionKey, int] = {}
            for status, path in changes:
                key = keys.of(path)
                if key is None or status not in "AD":
                    continue
                before.setdefault(key, counts.get(key, 0))
                counts[key] = counts.get(key, 0) + (1 if status == "A" else -1)
            day = dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date()
            for key, was in before.items():
                if counts[key] <= 0:
                    del counts[key]
                    dates.pop(key, None)
                elif was <= 0 and sha in shallow:
                    self.undatable = True  # present before the clone's horizon: date unknown
                elif was <= 0:
                    dates[key] = day

    def history(self) -> History:
        unknown = None
        if self.undatable:
            unknown = (
                "this is a shallow clone, so submissions older than its first commit cannot be "
                "dated: fetch the whole history (git fetch --unshallow, or fetch-depth: 0)"
            )
        return History(dict(self.dates), unknown)


class _KeyCache:
    """The submission a repository path belongs to, parsed once per folder."""

    def __init__(self) -> None:
        self._known: dict[str, SubmissionKey | None] = {}
        self._prefix = VENDORS_DIR + "/"

    def of(self, path: str) -> SubmissionKey | None:
        if not path.startswith(self._prefix):
            return None
        parts = path[len(self._prefix) :].split("/", 3)
        if len(parts) < 4:
            return None  # not inside a vendor/product/version folder
        folder = "/".join(parts[:3])
        if folder not in self._known:
            self._known[folder] = key_for((parts[0], parts[1], parts[2]))[0]
        return self._known[folder]


def undated_note(undated: Sequence[SubmissionKey], history: History) -> str | None:
    """One line saying which submissions have no certification date, and why; None if all do."""
    if not undated:
        return None
    names = sorted(str(key) for key in undated)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    why = history.unknown or "they are not committed on this branch yet"
    count = f"{len(names)} submission" + ("s" if len(names) != 1 else "")
    return f"certification dates unknown for {count} ({shown}): {why}"
