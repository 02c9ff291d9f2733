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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.gitio.repo import git_message, open_repository
from generator.loading.submission import VENDORS_DIR, key_for
from generator.model.registry import SubmissionKey

if TYPE_CHECKING:
    import git

_HEADER = b"\x01"
_LOG_ARGS = (
    "--first-parent",
    "--reverse",
    "--diff-merges=first-parent",
    "--root",
    "--no-renames",
    "--name-status",
    "-z",
    "--no-color",
    "--no-relative",
    "--format=%x01%H %ct",
)


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
    repo = open_repository(root)
    if repo is None:
        return History({}, "the registry is not a git repository, so git cannot date anything")
    if not repo.head.is_valid():
        return History({}, "nothing has been committed yet")
    import git

    try:
        output = repo.git.log(*_LOG_ARGS, "--", VENDORS_DIR, stdout_as_string=False)
        shallow = _shallow_commits(repo)
    except git.GitCommandError as error:
        return History({}, f"git could not read the history: {git_message(error)}")
    return dates_from_log(output, shallow)


def _shallow_commits(repo: git.Repo) -> frozenset[str]:
    """The commits whose parents a shallow clone lacks: their files have no known date."""
    try:
        text = (Path(repo.git_dir) / "shallow").read_text(encoding="ascii")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def dates_from_log(output: bytes, shallow: frozenset[str] = frozenset()) -> History:
    """Fold the log (oldest first) into the date each submission folder last appeared."""
    keys = _KeyCache()
    counts: dict[SubmissionKey, int] = {}
    dates: dict[SubmissionKey, dt.date] = {}
    undatable = False
    for sha, stamp, changes in _commits(output):
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
                undatable = True  # present before the clone's horizon: its date is unknown
            elif was <= 0:
                dates[key] = day
    unknown = None
    if undatable:
        unknown = (
            "this is a shallow clone, so submissions older than its first commit cannot be "
            "dated: fetch the whole history (git fetch --unshallow, or fetch-depth: 0)"
        )
    return History(dates, unknown)


def _commits(output: bytes) -> Iterator[tuple[str, int, list[tuple[str, str]]]]:
    """(sha, committer timestamp, [(status, path)]) per commit of `git log -z --name-status`."""
    tokens = iter(output.split(b"\0"))
    current: tuple[str, int, list[tuple[str, str]]] | None = None
    for token in tokens:
        text = token.lstrip(b"\n")
        if text.startswith(_HEADER):
            if current is not None:
                yield current
            sha, _, stamp = text[1:].decode("ascii").partition(" ")
            current = (sha, int(stamp), [])
        elif text and current is not None:
            path = next(tokens, b"").decode("utf-8", "surrogateescape")
            current[2].append((text.decode("ascii", "replace")[:1], path))
    if current is not None:
        yield current


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
