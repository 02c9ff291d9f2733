"""The first-parent history of a branch in one `git log`, read into plain values.

Both the registry's own certification dates and an upstream import's approval dates come from
the same listing: oldest first, for each commit on the first-parent line (a merge compared with
its first parent, so that it shows what the merge brought in), the files it added, modified or
deleted, with the committer time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from generator.gitio.plain import GitError, WorkTree, run, shallow_file

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


class LoggedCommit(NamedTuple):
    sha: str
    stamp: int  # committer time, seconds since the epoch
    changes: list[tuple[str, str]]  # (status letter A/M/D/T, path)


def first_parent_log(tree: WorkTree, *pathspec: str, after: str | None = None) -> bytes:
    """The raw listing (of the commits that follow `after` on the first-parent line, if
    given); raises GitError when git cannot read the history."""
    spec = ("--", *pathspec) if pathspec else ()
    revisions = (f"{after}..HEAD",) if after else ()
    return run(tree, "log", *_LOG_ARGS, *revisions, *spec)


def first_parent_line(tree: WorkTree, within: int) -> list[str]:
    """The last `within` commits of HEAD's first-parent line, newest (HEAD) first."""
    try:
        listing = run(tree, "rev-list", "--first-parent", f"--max-count={within}", "HEAD")
    except GitError:
        return []
    return listing.decode("ascii", "replace").split()


def parse_log(output: bytes) -> Iterator[LoggedCommit]:
    """The commits of a `first_parent_log` listing, oldest first."""
    tokens = iter(output.split(b"\0"))
    current: LoggedCommit | None = None
    for token in tokens:
        text = token.lstrip(b"\n")
        if text.startswith(_HEADER):
            if current is not None:
                yield current
            sha, _, stamp = text[1:].decode("ascii").partition(" ")
            current = LoggedCommit(sha, int(stamp.strip()), [])
        elif text and current is not None:
            path = next(tokens, b"").decode("utf-8", "surrogateescape")
            current.changes.append((text.decode("ascii", "replace")[:1], path))
    if current is not None:
        yield current


def shallow_commits(tree: WorkTree) -> frozenset[str]:
    """The commits whose parents a shallow clone lacks: their files have no known date."""
    text = (shallow_file(tree) or b"").decode("ascii", "replace")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())
