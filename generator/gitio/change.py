"""The change under review: what a branch changed since it left the base branch.

Like a pull request's "Files changed", the change runs from the merge base of the base branch
and the branch's head to that head, so commits the base branch gained since the branch left it
are not part of it. When HEAD is a test merge of the branch into the base branch (what CI checks
out for a pull request), the branch's head is the merge's second parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator.gitio.repo import RepositoryError, git_message, require_repository
from generator.loading.submission import VENDORS_DIR

if TYPE_CHECKING:
    import git

SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"
_ABSENT = "000000"
_SHALLOW = (
    "this is a shallow clone and the merge base of HEAD and {ref} is not in it: fetch more "
    "history (git fetch --unshallow, or fetch-depth: 0 for actions/checkout)"
)


@dataclass(frozen=True)
class ChangedPath:
    """One path the change touched, as `git diff --raw` reports it.

    status: A added, M modified, D deleted, R renamed (perhaps also edited), T type or mode
    changed (a file became a symbolic link, or became executable).
    """

    status: str
    path: str  # after the change; for a deletion, the path that was deleted
    old_path: str | None = None  # before a rename
    mode: str | None = None  # after: 100644, 100755, 120000 (symbolic link), 160000 (submodule)
    old_mode: str | None = None  # before; None when added

    @property
    def before(self) -> str | None:
        """The path at the merge base, None when the change added it."""
        if self.status == "A":
            return None
        return self.old_path or self.path

    @property
    def after(self) -> str | None:
        """The path at the head, None when the change deleted it."""
        return None if self.status == "D" else self.path

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path involved: both names of a rename."""
        return tuple(p for p in (self.old_path, self.path) if p is not None)

    @property
    def is_symlink(self) -> bool:
        return self.mode == SYMLINK_MODE


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str


@dataclass(frozen=True)
class Change:
    """What the branch under review changed, and what was already there."""

    base_ref: str
    merge_base: str
    head: str  # the branch's head (the second parent of a test merge)
    paths: tuple[ChangedPath, ...]
    commits: tuple[Commit, ...]  # merge base (excluded) to head, oldest first
    on_base: frozenset[str]  # files under data/vendors/ at the merge base or the tip of base_ref

    def touched(self) -> tuple[str, ...]:
        """Every path the change touched (old and new names), sorted, without repeats."""
        return tuple(sorted({p for changed in self.paths for p in changed.paths}))


def changes(root: Path, base_ref: str) -> Change:
    """The change from the merge base of `base_ref` and HEAD to HEAD in the registry at `root`.

    Raises RepositoryError for what a user must fix first: no repository, a base that does not
    exist, no merge base (a shallow clone), uncommitted changes under data/.
    """
    repo = require_repository(root)
    import git

    try:
        base = _resolve(repo, base_ref)
        head = _head(repo)
        branch = _branch_head(repo, head, base)
        merge_base = _merge_base(repo, base, branch, base_ref)
        _require_clean(repo)
        return Change(
            base_ref=base_ref,
            merge_base=merge_base,
            head=branch,
            paths=_diff(repo, merge_base, branch),
            commits=_commits(repo, merge_base, branch),
            on_base=_vendor_files(repo, merge_base) | _vendor_files(repo, base),
        )
    except git.GitCommandError as error:
        raise RepositoryError(
            f"git could not compare with {base_ref}: {git_message(error)}"
        ) from error


def _resolve(repo: git.Repo, ref: str) -> str:
    import git

    unusable = not ref.strip() or ref.startswith("-") or any(ch in ref for ch in "\0\r\n")
    if not unusable:
        try:
            return str(repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}"))
        except git.GitCommandError:
            pass
    return _no_such_base(ref)


def _no_such_base(ref: str) -> NoReturn:
    shown = ref if len(ref) <= 80 and ref.isprintable() else repr(ref[:80])
    raise RepositoryError(
        f"--base {shown}: there is no such branch, tag or commit here; check the name, or "
        "fetch it first (for example: git fetch origin main, then --base origin/main)"
    )


def _head(repo: git.Repo) -> str:
    if not repo.head.is_valid():
        raise RepositoryError("--base: nothing is committed on this branch yet")
    return str(repo.head.commit.hexsha)


def _branch_head(repo: git.Repo, head: str, base: str) -> str:
    """HEAD, or the branch inside it when HEAD merges a branch into the base (a CI test merge)."""
    import git

    parents = repo.commit(head).parents
    if len(parents) != 2:
        return head
    try:
        repo.git.merge_base("--is-ancestor", parents[0].hexsha, base)
    except git.GitCommandError:
        return head  # the first parent is not on the base: an ordinary merge on the branch
    return str(parents[1].hexsha)


def _merge_base(repo: git.Repo, base: str, head: str, ref: str) -> str:
    import git

    try:
        return str(repo.git.merge_base(base, head))
    except git.GitCommandError:
        pass
    if repo.git.rev_parse("--is-shallow-repository") == "true":
        raise RepositoryError(_SHALLOW.format(ref=ref))
    raise RepositoryError(f"HEAD and {ref} have no common history, so there is no change to review")


def _require_clean(repo: git.Repo) -> None:
    """The files checked must be the files committed: nothing uncommitted under data/."""
    output = repo.git.status(
        "--porcelain=v1", "-z", "--untracked-files=all", "--", "data", stdout_as_string=False
    )
    tokens = iter(output.split(b"\0"))
    dirty = []
    for token in tokens:
        if len(token) < 4:
            continue
        dirty.append(token[3:].decode("utf-8", "replace"))
        if b"R" in token[:2] or b"C" in token[:2]:
            next(tokens, None)  # the name before a rename or copy
    if dirty:
        listed = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
        raise RepositoryError(
            f"--base reviews committed changes, and data/ has uncommitted ones ({listed}): "
            "commit them, or set them aside, and run again"
        )


def _diff(repo: git.Repo, merge_base: str, head: str) -> tuple[ChangedPath, ...]:
    output = repo.git.diff(
        "--raw",
        "-z",
        "--find-renames",
        "--no-abbrev",
        "--no-color",
        "--no-ext-diff",
        "--no-relative",
        merge_base,
        head,
        stdout_as_string=False,
    )
    return parse_raw_diff(output)


def parse_raw_diff(output: bytes) -> tuple[ChangedPath, ...]:
    """Parse `git diff --raw -z`: `:oldmode newmode oldsha newsha status` then one or two paths."""
    tokens = output.split(b"\0")
    found = []
    index = 0
    while index < len(tokens):
        meta = tokens[index].lstrip(b"\n")
        index += 1
        if not meta.startswith(b":"):
            continue
        old_mode, new_mode, _old, _new, status = meta[1:].decode("ascii").split()
        letter = status[:1]
        old_path = None
        if letter in ("R", "C"):
            old_path = _text(tokens[index])
            index += 1
        path = _text(tokens[index])
        index += 1
        found.append(_changed(letter, path, old_path, old_mode, new_mode))
    return tuple(found)


def _changed(
    letter: str, path: str, old_path: str | None, old_mode: str, new_mode: str
) -> ChangedPath:
    before = None if old_mode == _ABSENT else old_mode
    after = None if new_mode == _ABSENT else new_mode
    if letter == "C":  # a copy leaves its source alone: for review, an addition
        letter, old_path, before = "A", None, None
    elif letter == "M" and before != after:
        letter = "T"
    return ChangedPath(letter, path, old_path if letter == "R" else None, after, before)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _commits(repo: git.Repo, merge_base: str, head: str) -> tuple[Commit, ...]:
    listed = repo.git.rev_list("--reverse", "--format=%H %s", f"{merge_base}..{head}")
    commits = []
    for line in str(listed).splitlines():
        if line.startswith("commit "):
            continue
        sha, _, subject = line.partition(" ")
        commits.append(Commit(sha, subject))
    return tuple(commits)


def _vendor_files(repo: git.Repo, commit: str) -> frozenset[str]:
    output = repo.git.ls_tree(
        "-r", "--name-only", "-z", "--full-tree", commit, "--", VENDORS_DIR, stdout_as_string=False
    )
    return frozenset(_text(name) for name in output.split(b"\0") if name)
