"""Loaded by every Python process started with this folder on PYTHONPATH: no network at all.

Any attempt to resolve a name or connect a socket (other than a local AF_UNIX one) raises, and
is written to the file named by CERTREG_NETWORK_LOG, so that a test sees it even when the code
under test catches the error.
"""

from __future__ import annotations

import os
import socket

_LOG = os.environ.get("CERTREG_NETWORK_LOG")
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _refuse(what: str) -> OSError:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(what + "\n")
    return OSError(f"network access is not allowed here: {what}")


def _checked_connect(self: socket.socket, address: object) -> None:
    if self.family == getattr(socket, "AF_UNIX", None):
        _connect(self, address)  # type: ignore[arg-type]
        return
    raise _refuse(f"connect {address!r}")


def _checked_connect_ex(self: socket.socket, address: object) -> int:
    if self.family == getattr(socket, "AF_UNIX", None):
        return _connect_ex(self, address)  # type: ignore[arg-type]
    raise _refuse(f"connect {address!r}")


def _checked_getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
    raise _refuse(f"resolve {host!r}")


socket.socket.connect = _checked_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _checked_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _checked_getaddrinfo  # type: ignore[assignment]
