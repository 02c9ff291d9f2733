"""Opening a file from a stranger's pull request: only a regular file, never through a link.

Submission folders are listed with lstat before anything is read, so links, pipes and devices
are refused there already; opening with O_NOFOLLOW and O_NONBLOCK and checking what was opened
closes the gap between that listing and the read (a file replaced meanwhile), and keeps a named
pipe from blocking the run forever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)


class NotRegular(OSError):
    """The path is a symbolic link, a folder, a pipe or a device, not a regular file."""


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading in binary; raise OSError (NotRegular for a link, a pipe, ...)."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        if path.is_symlink():
            raise NotRegular(error.errno, "is a symbolic link") from error
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(0, "is not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
