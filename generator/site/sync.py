"""Making a folder that is not in use hold exactly a given set of files, touching only what
differs: files already holding the right bytes stay as they are, others are written, anything
else is removed. Nothing here follows a symbolic link."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

FILE_MODE = 0o644


class Files(Protocol):
    def items(self) -> Iterator[tuple[str, bytes]]: ...


@dataclass(frozen=True)
class WriteStats:
    """How the new site was made: files written, and files that already held their bytes."""

    written: int
    reused: int


def sync_folder(folder: Path, files: Files) -> WriteStats:
    """Make `folder` hold exactly `files` (relative POSIX paths, checked by the caller)."""
    wanted = dict(files.items())
    dirs = {parent for path in wanted for parent in _parents(path)}
    made, present = _remove_strays(folder, wanted, dirs)
    written = reused = 0
    top = os.fspath(folder)
    for path, content in wanted.items():
        parent = path.rpartition("/")[0]
        if parent and parent not in made:
            Path(top, parent).mkdir(parents=True, exist_ok=True)
            made.update(_parents(path))
        target = f"{top}/{path}"
        info = present.get(path)
        if info is not None and _holds(target, info, content):
            reused += 1
        else:
            _write(Path(target), content)
            written += 1
    return WriteStats(written, reused)


def _parents(path: str) -> list[str]:
    """The folders on the way to `path`: "a/b/c" -> ["a/b", "a"]."""
    found = []
    while "/" in path:
        path = path.rpartition("/")[0]
        found.append(path)
    return found


def _remove_strays(
    folder: Path, files: dict[str, bytes], dirs: set[str]
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
