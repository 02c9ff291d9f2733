"""Making a folder that is not in use hold exactly a given set of files, touching only what
differs: files already holding the right bytes stay as they are, others are written, anything
else is removed. Nothing here follows a symbolic link.

Telling that a file holds the right bytes takes no read when the folder's manifest says so: the
name of each file's content when the folder was last made, with what lstat said of the file then
(its size, times and inode, as git's index keeps them). A file's change time moves whenever its
content does, and no tool sets it back."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

FILE_MODE = 0o644
#: Files changed this recently (seconds) are too fresh to be told apart by what lstat says.
RACY_SECONDS = 2.0


class Files(Protocol):
    def paths(self) -> tuple[str, ...]: ...
    def name(self, path: str) -> str: ...
    def __getitem__(self, path: str) -> bytes: ...


#: What a folder held when last made: path -> [name of the file's content, what lstat said of
#: the file then]. Only files settled by then are listed (see `sync_folder`).
Manifest = dict[str, list[str]]


@dataclass(frozen=True)
class WriteStats:
    """How the new site was made: files written, and files that already held their bytes."""

    written: int
    reused: int


@dataclass(frozen=True)
class Synced:
    """What `sync_folder` did, and the manifest of the folder it made."""

    stats: WriteStats
    manifest: Manifest


def sync_folder(
    folder: Path, files: Files, known: Manifest | None = None, verify: bool = False
) -> Synced:
    """Make `folder` hold exactly `files` (relative POSIX paths, checked by the caller).

    With `known`, the folder's manifest from when it was last made: a file lstat still sees as
    it was then, and whose content had the name it has now, holds the right bytes and is neither
    read nor written (nor its content made); with `verify` it is read and compared all the same,
    and a difference is an error. Other files already there are read and compared.
    """
    paths = files.paths()
    dirs = {parent for path in paths for parent in _parents(path)}
    made, present = _remove_strays(folder, set(paths), dirs)
    written = reused = 0
    top = os.fspath(folder)
    names: dict[str, str] = {}
    seen: dict[str, os.stat_result] = {}
    for path in paths:
        parent = path.rpartition("/")[0]
        if parent and parent not in made:
            Path(top, parent).mkdir(parents=True, exist_ok=True)
            made.update(_parents(path))
        target = f"{top}/{path}"
        info = present.get(path)
        name = names[path] = files.name(path)
        if info is not None and known is not None and known.get(path) == [name, lstat_facts(info)]:
            if verify and not _holds(target, info, files[path]):
                raise AssertionError(f"{path}: the manifest of {folder} is out of date")
            reused += 1
        elif info is not None and _holds(target, info, files[path]):
            reused += 1
        else:
            _write(Path(target), files[path])
            written += 1
            info = os.lstat(target)
        seen[path] = info
    return Synced(WriteStats(written, reused), _manifest(names, seen))


def _manifest(names: dict[str, str], seen: dict[str, os.stat_result]) -> Manifest:
    """The manifest of files lstat saw as `seen`, whose contents are named `names`. A file
    changed in the last seconds is left out: a change to it within the same tick of the file
    system's clock would leave what lstat says as it was (it is read and compared next time)."""
    settled = (time.time() - RACY_SECONDS) * 1e9
    return {
        path: [names[path], lstat_facts(info)]
        for path, info in seen.items()
        if info.st_ctime_ns < settled and info.st_mtime_ns < settled
    }


def lstat_facts(info: os.stat_result) -> str:
    """What lstat says of a file that changes whenever its content does (as git's index keeps
    it): mode, size, times, inode and device."""
    return (
        f"{info.st_mode:o} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} "
        f"{info.st_ino} {info.st_dev}"
    )


def _parents(path: str) -> list[str]:
    """The folders on the way to `path`: "a/b/c" -> ["a/b", "a"]."""
    found = []
    while "/" in path:
        path = path.rpartition("/")[0]
        found.append(path)
    return found


def _remove_strays(
    folder: Path, files: set[str], dirs: set[str]
) -> tuple[set[str], dict[str, os.stat_result]]:
    """Remove every entry that is not a wanted file or a folder on the way to one; return the
    folders kept, and the wanted files found with what lstat said of them."""
    kept: set[str] = set()
    present: dict[str, os.stat_result] = {}
    pending = [(os.fspath(folder), "")]  # strings: a site has thousands of entries
    while pending:
        here, prefix = pending.pop()
        with os.scandir(here) as scan:
            entries = list(scan)
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if rel in dirs:
                    kept.add(rel)
                    pending.append((entry.path, rel + "/"))
                else:
                    shutil.rmtree(entry.path)
            elif entry.is_file(follow_symlinks=False) and rel in files:
                present[rel] = entry.stat(follow_symlinks=False)
            else:
                os.unlink(entry.path)
    return kept, present


def _holds(path: str, info: os.stat_result, content: bytes) -> bool:
    """True when the regular file at `path`, as lstat saw it (`info`), holds `content`."""
    if not (
        stat.S_ISREG(info.st_mode)
        and info.st_size == len(content)
        and stat.S_IMODE(info.st_mode) == FILE_MODE
    ):
        return False
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    with os.fdopen(handle, "rb") as opened:
        try:
            return opened.read(len(content) + 1) == content
        except OSError:
            return False


def _write(target: Path, content: bytes) -> None:
    """Write a new file, or replace one through a new file renamed into place: a file there
    before may be a hard link to something else (say, the live site), never to change."""
    try:
        with target.open("xb") as out:
            out.write(content)
        target.chmod(FILE_MODE)
        return
    except FileExistsError:
        pass
    handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temp).chmod(FILE_MODE)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
