"""Opening the registry's git repository, and the error a user sees when git cannot answer.

The registry is the repository: git history describes it only when the registry root is the top
of a work tree. A registry folder nested inside some other repository (an example registry kept
in a project's tests, say) has no history of its own, so it is treated as outside git.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git


class RepositoryError(Exception):
    """git cannot tell what was asked, for a reason the user can fix (exit code 2)."""


def git_available() -> bool:
    # GitPython looks for the git program when first imported, and raises without it; so it is
    # imported where it is used, and a registry without git still validates and builds.
    try:
        import git  # noqa: F401
    except ImportError:
        return False
    return True


def open_repository(root: Path) -> git.Repo | None:
    """The repository whose work tree top is `root`; None outside one, or without git."""
    if not git_available():
        return None
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    top = repo.working_tree_dir
    if top is None or not _same_folder(Path(top), root):
        return None
    return repo


def require_repository(root: Path) -> git.Repo:
    """The repository at `root`, or a RepositoryError saying why there is none."""
    repo = open_repository(root)
    if repo is None:
        if not git_available():
            raise RepositoryError("--base needs git, and the git program was not found")
        raise RepositoryError(
            f"--base needs a git repository whose top folder is the registry ({root.name}/), "
            "and there is none: clone the registry with git"
        )
    return repo


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def git_message(error: Exception) -> str:
    """The useful line of a failed git command: its own message, without the command line."""
    stderr = getattr(error, "stderr", "") or ""
    lines = [line.strip() for line in str(stderr).splitlines() if line.strip()]
    text = lines[0] if lines else str(error)
    for prefix in ("stderr: '", "fatal: ", "error: "):
        text = text.removeprefix(prefix)
    return text.rstrip("'").strip()
