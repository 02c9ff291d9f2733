"""Writing the site: every file collected in memory, then swapped in as a whole.

`SiteFiles` refuses a file twice and any path that would leave the output folder. `replace_folder`
writes everything into a fresh folder beside the output and exchanges the two in one step, so a
failed or interrupted build leaves the previous site as it was. A build can also keep the
previous site beside the output as a spare and write the next site into it (see
`replace_folder`), so that a rebuild after a small change writes only what changed.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.loading.cache import Cache
from generator.site.pagecache import verify_cached
from generator.site.sync import Manifest, WriteStats, sync_folder

# A site we made has these; anything else in an existing output folder is not ours to replace.
SITE_MARKERS = ("index.html", "api/v1/registry.json")
#: The cache kind of folder manifests, and the shape of one.
MANIFESTS = "site-manifests"
MANIFEST_FORMAT = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class WriteError(Exception):
    """A file cannot be written where the site would put it, or the output is not ours."""


@dataclass(frozen=True)
class Content:
    """A file's content named before it is made: `name` stands for exactly the bytes `make`
    returns (a page's name is its page cache key), so that a folder known to hold a file of
    that name already needs neither the bytes nor a read of the file (see sync.py)."""

    name: str
    make: Callable[[], bytes]


class SiteFiles:
    """The built site in memory: relative POSIX path -> bytes, or content made when asked."""

    def __init__(self) -> None:
        self._files: dict[str, bytes | Content] = {}

    def add(self, path: str, content: str | bytes | Content) -> None:
        check_path(path)
        if path in self._files:
            raise WriteError(f"{path}: written twice")
        self._files[path] = content.encode("utf-8") if isinstance(content, str) else content

    def __contains__(self, path: object) -> bool:
        return path in self._files

    def __len__(self) -> int:
        return len(self._files)

    def __getitem__(self, path: str) -> bytes:
        content = self._files[path]
        if isinstance(content, Content):
            content = self._files[path] = content.make()
        return content

    def name(self, path: str) -> str:
        """A name for the content of the file at `path`: the same name, the same bytes."""
        content = self._files[path]
        if isinstance(content, Content):
            return content.name
        return f"sha256:{hashlib.sha256(content).hexdigest()}"

    def paths(self) -> tuple[str, ...]:
        return tuple(sorted(self._files))

    def items(self) -> Iterator[tuple[str, bytes]]:
        for path in self.paths():
            yield path, self[path]


def check_path(path: str) -> None:
    """Refuse any path that is absolute, climbs out, or is not plain relative POSIX."""
    segments = path.split("/")
    if (
        path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or "" in segments
        or "." in segments
        or ".." in segments
    ):
        raise WriteError(f"{path!r}: not a file path inside the output folder")


def replace_folder(
    files: SiteFiles, out: Path, reuse: bool = False, cache: Cache | None = None
) -> WriteStats:
    """Write `files` into a folder beside `out` and swap it in for `out` in one step.

    Without `reuse`, that folder is new and the previous site is deleted after the swap. With
    `reuse`, the previous site is kept beside `out` as `.<name>.spare` instead, and the next
    build writes into it: only the files that differ are written (and strays removed), and no
    folder is made or deleted, which on many file systems costs more than writing files. With
    `cache` as well, each folder's manifest is kept there (see sync.py), so that the files a
    reused folder still holds as they were are not even read.
    """
    out = out.absolute()
    _check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    spare = out.with_name(f".{out.name}.spare")
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    if reuse:
        _claim(spare, work)
    try:
        work.chmod(0o755)
        manifests = cache if reuse and cache is not None and cache.enabled else None
        if manifests is None:
            synced = sync_folder(work, files)
        else:
            folder = _identity(work)
            synced = sync_folder(work, files, _manifest(manifests, folder), verify_cached())
            manifests.put(MANIFESTS, folder, {"format": MANIFEST_FORMAT, "files": synced.manifest})
        _swap(work, out)
    finally:
        # After a swap this holds the previous site; after a failure, the partial new one:
        # either way never the live site, and fit to be brought up to date next time.
        if not (reuse and _keep(work, spare)):
            shutil.rmtree(work, ignore_errors=True)
    return synced.stats


def _identity(folder: Path) -> str:
    """The folder itself, whatever it is named later: renaming it, as builds do, keeps it."""
    info = folder.lstat()
    return f"{info.st_dev}:{info.st_ino}"


def _manifest(cache: Cache, folder: str) -> Manifest | None:
    value = cache.get(MANIFESTS, folder)
    if not isinstance(value, dict) or value.get("format") != MANIFEST_FORMAT:
        return None
    files = value.get("files")
    return files if isinstance(files, dict) else None  # an entry of another shape never matches


def _claim(spare: Path, work: Path) -> None:
    """Move the spare folder, if there is a usable one, to `work` (an empty folder): one
    rename, so two builds at once never share it."""
    try:
        info = spare.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        spare.unlink()  # not ours to reuse: a file or a link is removed, never followed
        return
    try:
        spare.rename(work)
    except OSError:
        return  # another build took it first


def _keep(work: Path, spare: Path) -> bool:
    try:
        work.rename(spare)
    except OSError:
        return False  # another build kept one first
    return True


def _check_replaceable(out: Path) -> None:
    if out.is_symlink():
        raise WriteError(f"{out}: is a symbolic link; give the folder itself")
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out}: exists and is not a folder")
    ours = all((out / marker).is_file() for marker in SITE_MARKERS)
    if out.is_dir() and any(out.iterdir()) and not ours:
        raise WriteError(
            f"{out}: is not empty and does not look like a built site; "
            "refusing to replace it (choose another --out or empty it)"
        )


def _swap(fresh: Path, out: Path) -> None:
    """Put `fresh` at `out`; the previous `out`, if any, ends up at `fresh`."""
    if not out.exists():
        fresh.rename(out)
        return
    if _exchange(fresh, out):
        return
    # No atomic exchange on this system: two renames, the old site kept until the new one is in.
    aside = fresh.with_name(fresh.name + ".old")
    out.rename(aside)
    try:
        fresh.rename(out)
    except OSError:
        aside.rename(out)
        raise
    aside.rename(fresh)


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically with Linux renameat2(RENAME_EXCHANGE); False if unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    # The C library this process runs with (dlopen of no file), without asking `ldconfig`.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
