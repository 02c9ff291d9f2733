"""The git program asked directly, for the read-only questions every build and validation asks.

GitPython serves the pull-request checks, where it reads diffs between commits. Importing it
costs a fifth of a second (it runs `git version` to find the program), more than everything
else a build does when nothing has changed; so the questions asked on every run (is this the top
of a work tree, which commit is checked out, what the index holds, the first-parent log) go to
`git` itself, each in one call. Nothing here writes to the repository.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git ran and failed; the message is git's own first line."""


@dataclass(frozen=True)
class WorkTree:
    """A registry that is the top folder of a git work tree."""

    root: Path
    git_dir: Path


def work_tree(root: Path) -> WorkTree | None:
    """The work tree whose top is `root`; None outside one, in a nested folder, or without git."""
    try:
        output = _git(root, "rev-parse", "--show-toplevel", "--absolute-git-dir")
    except (GitError, OSError):
        return None
    lines = output.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 2:
        return None
    top, git_dir = (Path(line) for line in lines)
    if not _same_folder(top, root):
        return None
    return WorkTree(root, git_dir)


def run(tree: WorkTree, *args: str) -> bytes:
    """What `git ARGS` prints in the work tree; GitError when it fails or cannot be started."""
    try:
        return _git(tree.root, *args)
    except OSError as error:
        raise GitError(f"git could not be run: {error.strerror or error}") from error


def head(tree: WorkTree) -> str | None:
    """The commit checked out; None before the first commit."""
    try:
        output = run(tree, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return None
    sha = output.decode("ascii", "replace").strip()
    return sha or None


def shallow_file(tree: WorkTree) -> bytes | None:
    """The list of commits a shallow clone stops at; None for a full clone."""
    try:
        return (tree.git_dir / "shallow").read_bytes()
    except OSError:
        return None


def _git(cwd: Path, *args: str) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT}
    env["GIT_TERMINAL_PROMPT"] = "0"
    done = subprocess.run(
        ["git", "--no-pager", "-c", "core.quotePath=false", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(_first_line(done.stderr) or f"git {args[0]} failed")
    return done.stdout


# Settings a user may give git for the whole run; the rest (GIT_DIR, GIT_WORK_TREE, ...) would
# point git at another repository than the registry's.
_KEPT = frozenset({"GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CEILING_DIRECTORIES"})


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        text = line.strip()
        for prefix in ("fatal: ", "error: "):
            text = text.removeprefix(prefix)
        if text:
            return text
    return ""


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False
