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
    _remove_strays(folder, wanted, dirs)
    written = reused = 0
    made: set[str] = set()
    top = os.fspath(folder)
    for path, content in wanted.items():
        parent = path.rpartition("/")[0]
        if parent and parent not in made:
            Path(top, parent).mkdir(parents=True, exist_ok=True)
            made.update(_parents(path))
        target = Path(f"{top}/{path}")
        if _holds(target, content):
            reused += 1
        else:
            _write(target, content)
            written += 1
    return WriteStats(written, reused)


def _parents(path: str) -> list[str]:
    """The folders on the way to `path`: "a/b/c" -> ["a/b", "a"]."""
    found = []
    while "/" in path:
        path = path.rpartition("/")[0]
        found.append(path)
    return found


def _remove_strays(folder: Path, files: dict[str, bytes], dirs: set[str]) -> None:
    """Remove every entry that is not a wanted file or a folder on the way to one."""
    pending = [(folder, "")]
    while pending:
        here, prefix = pending.pop()
        with os.scandir(here) as scan:
            entries = list(scan)
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if rel in dirs:
                    pending.append((Path(entry.path), rel + "/"))
                else:
                    shutil.rmtree(entry.path)
            elif not (entry.is_file(follow_symlinks=False) and rel in files):
                Path(entry.path).unlink()


def _holds(path: Path, content: bytes) -> bool:
    try:
        info = path.lstat()
        return (
            stat.S_ISREG(info.st_mode)
            and info.st_size == len(content)
            and stat.S_IMODE(info.st_mode) == FILE_MODE
            and path.read_bytes() == content
        )
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
