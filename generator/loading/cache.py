"""A cache of parsed results in the registry's git-ignored `.cache/certreg/` folder.

An entry is a JSON value stored under a string key that names everything it was computed from
(the content of the files, by git blob id or sha256, and the versions of the readers and of the
format). A file holds one header line (the entry's kind and key and the sha256 of the rest) and
the JSON itself. Anything that does not match is a miss: a truncated or garbled file, a file
for another key, a checksum that differs. Nothing read from the cache is trusted beyond that; the
caller also checks the shape of the value and reads the files again when it is wrong.

Writing is best effort: on a read-only checkout the cache simply stays empty. Set
`CERTREG_CACHE=off` to use no cache at all.

The cache stays bounded: reading an entry marks it as in use (its modification time is moved to
now, at most once a day), and `Cache.prune`, which a build calls, removes the entries no run has
used for two weeks (those of an older code version, of pages no longer shown, of last month's
review day), and files left by writes cut short.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path

import orjson

CACHE_DIR = ".cache/certreg"
CACHE_FORMAT = 1
ENV_SWITCH = "CERTREG_CACHE"
#: An entry no run has used for this long (seconds) is removed by `Cache.prune`.
UNUSED_FOR = 14 * 24 * 3600
#: An entry in use has its modification time moved to now once it is this old (seconds); and
#: `Cache.prune` looks over the folder at most this often.
TOUCH_AFTER = 24 * 3600
#: The file in the cache folder whose modification time tells when it was last pruned.
PRUNED_MARKER = ".pruned"


class Cache:
    """Entries by kind and key in `folder`; a Cache without a folder stores nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._top = os.fspath(folder) if folder is not None else ""
        self._stale = time.time() - TOUCH_AFTER  # entries used before this are marked as used

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def path(self, kind: str, key: str) -> Path | None:
        file = self._file(kind, key)
        return Path(file) if file is not None else None

    def _file(self, kind: str, key: str) -> str | None:
        if self.folder is None:
            return None
        name = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()[:40]
        return f"{self._top}/{kind}/{name}.json"  # a string: thousands are made per run

    def has(self, kind: str, key: str) -> bool:
        """True when an entry file exists (it may still turn out unusable when read); it is
        then marked as in use, as a read would."""
        file = self._file(kind, key)
        if file is None:
            return False
        try:
            info = os.stat(file)  # noqa: PTH116 - hundreds per run: a string path
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):
            return False
        if info.st_mtime < self._stale:
            _touch(file)
        return True

    def get(self, kind: str, key: str) -> object | None:
        """The value stored for `key`, or None when there is none or it cannot be used."""
        payload = self._payload(kind, key, _JSON)
        value: object = None
        if payload is not None:
            try:
                value = orjson.loads(payload)
            except ValueError:
                value = None
        self._count(value is not None)
        return value

    def get_text(self, kind: str, key: str) -> str | None:
        """Text stored with `put_text` for `key`, or None."""
        payload = self._payload(kind, key, _TEXT)
        text = None
        if payload is not None:
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        self._count(text is not None)
        return text

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """Bytes stored with `put_bytes` for `key`, or None."""
        payload = self._payload(kind, key, _BYTES)
        self._count(payload is not None)
        return payload

    def put(self, kind: str, key: str, value: object) -> None:
        payload = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
        self._write(kind, key, _JSON, payload)

    def put_text(self, kind: str, key: str, text: str) -> None:
        """Keep `text` as it is (a page of HTML, say), without JSON's escaping and unescaping."""
        self._write(kind, key, _TEXT, text.encode("utf-8"))

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        """Keep `data` as it is."""
        self._write(kind, key, _BYTES, data)

    def read_journal(
        self, kind: str, wanted: Collection[str] | None = None
    ) -> tuple[dict[str, bytes], int]:
        """The entries of `kind` kept in its journal (see `append_journal`) as the JSON text
        each was written as, by key, the last line for a key winning (only those `wanted`,
        when given); and how many lines the journal holds. A line that is not exactly as
        `append_journal` writes it (cut short, garbled, from another kind or format) is
        skipped; the caller decodes each value when it uses it, so that a run holds the text
        of its entries, never all of them decoded at once."""
        file = self._journal(kind)
        if file is None:
            return {}, 0
        data = _read(file, self._stale)
        if data is None:
            return {}, 0
        salt = _journal_salt(kind)
        found: dict[str, bytes] = {}
        lines = [line for line in data.split(b"\n") if line]
        for line in lines:
            checksum, _, rest = line.partition(b" ")
            key, _, payload = rest.partition(b" ")
            try:
                name = key.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if wanted is not None and name not in wanted:
                continue
            if hashlib.sha256(salt + rest).hexdigest().encode() == checksum and payload:
                found[name] = payload
        return found, len(lines)

    @staticmethod
    def encoded(value: object) -> bytes:
        """`value` as the JSON text a journal keeps."""
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()

    def append_journal(self, kind: str, items: dict[str, bytes]) -> None:
        """Add entries (JSON text, see `encoded`) to the journal of `kind`: one file holding
        many small entries, read in one go by a run that needs them all, where one file per
        entry would cost a file opened for each. One line per entry (its checksum, its key,
        its value); best effort, like `put`. Keys hold no white space."""
        if items:
            self._write_journal(kind, items, "ab")

    def rewrite_journal(self, kind: str, items: dict[str, bytes]) -> None:
        """Replace the journal of `kind` with `items` only (dropping entries no run uses)."""
        self._write_journal(kind, items, "wb")

    def _write_journal(self, kind: str, items: dict[str, bytes], mode: str) -> None:
        file = self._journal(kind)
        if file is None:
            return
        salt = _journal_salt(kind)
        lines = []
        for key, payload in items.items():
            if not key or any(c.isspace() for c in key) or b"\n" in payload:
                continue
            rest = key.encode() + b" " + payload
            lines.append(hashlib.sha256(salt + rest).hexdigest().encode() + b" " + rest)
        data = b"\n".join(lines) + b"\n"
        try:
            Path(file).parent.mkdir(parents=True, exist_ok=True)
            if mode == "ab":
                # One write in append mode. A line cut short by a crash is skipped when read,
                # and the next line starts on a line of its own.
                with open(file, "a+b") as out:  # noqa: PTH123 - a string path, made above
                    end = out.seek(0, os.SEEK_END)
                    if end and os.pread(out.fileno(), 1, end - 1) != b"\n":
                        data = b"\n" + data
                    out.write(data)
                return
            _replace(Path(file), data)
        except OSError:
            return

    def prune(
        self, in_use: Callable[[], object] | None = None, unused_for: float = UNUSED_FOR
    ) -> int:
        """Remove every entry no run has used for `unused_for` seconds (see `_read`), and the
        files of writes cut short a day ago or more; at most once every TOUCH_AFTER seconds (a
        marker file keeps the time), calling `in_use` first to mark the entries the caller
        knows to be in use without having read them. Returns how many files were removed.

        Only regular files directly inside the folder of each kind are removed, and no link is
        followed: each folder is opened without following links, and its files are looked at
        and removed through that open folder, so a link put in place of a folder meanwhile
        leads nowhere."""
        if self.folder is None or not _CAN_PRUNE:
            return 0
        now = time.time()
        try:
            top = os.open(self._top, _DIR_FLAGS)
        except OSError:
            return 0
        try:
            if not _prune_due(top, now):
                return 0
            if in_use is not None:
                in_use()
            with os.scandir(top) as entries:
                kinds = [entry.name for entry in entries if entry.is_dir(follow_symlinks=False)]
            return sum(
                _prune_folder(top, kind, now - unused_for, now - TOUCH_AFTER) for kind in kinds
            )
        except OSError:
            return 0
        finally:
            os.close(top)

    def _journal(self, kind: str) -> str | None:
        return f"{self._top}/{kind}/journal.jsonl" if self.folder is not None else None

    def _count(self, hit: bool) -> None:
        if hit:
            self.hits += 1
        else:
            self.misses += 1

    def _payload(self, kind: str, key: str, encoding: str) -> bytes | None:
        """The payload of the entry for `key`, when its header is exactly what `_write` makes
        of it: format, kind, key, encoding and the payload's sha256."""
        file = self._file(kind, key)
        if file is None:
            return None
        data = _read(file, self._stale)
        if data is None:
            return None
        head, newline, payload = data.partition(b"\n")
        if not newline:
            return None
        try:
            header = orjson.loads(head)
        except ValueError:
            return None
        if header != _header(kind, key, encoding, payload):
            return None
        return payload

    def _write(self, kind: str, key: str, encoding: str, payload: bytes) -> None:
        path = self.path(kind, key)
        if path is None:
            return
        data = json.dumps(_header(kind, key, encoding, payload)).encode() + b"\n" + payload
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace(path, data)
        except OSError:
            # A read-only or full disk costs speed, never a result: the entry is just not kept.
            return


_JSON = "json"
_TEXT = "text"
_BYTES = "bytes"


def _read(file: str, stale: float) -> bytes | None:
    """The bytes of the regular file `file`; None when it cannot be read. Plain system calls,
    without the buffered file object `open` makes: a build reads a thousand small entries.
    Anything but a regular file (a folder, a pipe) is not read at all. A file last modified
    before `stale` is marked as in use (its modification time set to now; see `Cache.prune`)."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(file, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_mtime < stale:
            _touch(handle)
        chunks = []
        while chunk := os.read(handle, _CHUNK):
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(handle)
    return b"".join(chunks)


def _touch(file: int | str) -> None:
    """Set the modification time of a file (by descriptor or path) to now, when it can be: on
    a read-only cache an entry in use may be pruned sooner, which costs time, never a result."""
    try:
        if not isinstance(file, int) or os.utime in os.supports_fd:
            os.utime(file)
    except OSError:
        return


#: How folders are opened for pruning: as folders, never through a link.
_DIR_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
#: Pruning works through open folders; where the system cannot, the cache is left as it is.
_CAN_PRUNE = (
    hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and os.scandir in os.supports_fd
    and {os.open, os.stat, os.unlink} <= os.supports_dir_fd
    and os.utime in os.supports_fd
)


def _prune_due(top: int, now: float) -> bool:
    """Whether the cache folder (open as `top`) was last pruned TOUCH_AFTER seconds ago or
    more, or never (a marker time in the future counts as never); if so, the marker is set to
    now, so that a build running at the same time does not prune as well."""
    try:
        info = os.stat(PRUNED_MARKER, dir_fd=top, follow_symlinks=False)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(info.st_mode):
            return False  # not ours: leave the cache as it is
        if 0 <= now - info.st_mtime < TOUCH_AFTER:
            return False
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(PRUNED_MARKER, flags, 0o644, dir_fd=top)
    try:
        os.utime(handle)
    finally:
        os.close(handle)
    return True


def _prune_folder(top: int, kind: str, unused_before: float, cut_before: float) -> int:
    """Remove from the folder `kind` of `top` its regular files last used before
    `unused_before`, and the temporary files of writes (see `_replace`) from before
    `cut_before`; return how many went."""
    try:
        folder = os.open(kind, _DIR_FLAGS, dir_fd=top)
    except OSError:
        return 0
    try:
        doomed = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                temporary = entry.name.startswith(".") and entry.name.endswith(".tmp")
                before = cut_before if temporary else unused_before
                if entry.stat(follow_symlinks=False).st_mtime < before:
                    doomed.append(entry.name)
        removed = 0
        for name in doomed:
            try:
                os.unlink(name, dir_fd=folder)
            except OSError:
                continue
            removed += 1
        return removed
    except OSError:
        return 0
    finally:
        os.close(folder)


#: Read at most this much per system call (a page of HTML or a digest of results fits).
_CHUNK = 1 << 20


def _replace(path: Path, data: bytes) -> None:
    """Put `data` at `path` in one step: written beside it, then renamed over it."""
    handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _header(kind: str, key: str, encoding: str, payload: bytes) -> dict[str, object]:
    header: dict[str, object] = {"format": CACHE_FORMAT, "kind": kind, "key": key}
    if encoding != _JSON:  # JSON entries keep the header they always had
        header["encoding"] = encoding
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    return header


def distinct_text(value: object) -> bytes:
    """`value` (dataclasses, dates, strings, numbers, in lists and tuples) as text that tells it
    apart from any other such value, for naming it in a key: JSON with field names, in one
    orjson call; its repr for what JSON cannot hold (a lone surrogate, a huge number), under
    another first byte, so the two never meet."""
    try:
        return b"j" + orjson.dumps(value)
    except TypeError:
        return b"r" + repr(value).encode("utf-8", "surrogateescape")


def _journal_salt(kind: str) -> bytes:
    return f"{CACHE_FORMAT}\0{kind}\0".encode()


def registry_cache(root: Path, refused: bool = False) -> Cache:
    """The cache of the registry at `root`: none when switched off, when `refused` (the caller
    found cache files committed to the repository, which a pull request could have forged), or
    when the folder or one above it inside the registry is a symbolic link."""
    if refused or os.environ.get(ENV_SWITCH, "").strip().lower() in ("off", "0", "no", "false"):
        return Cache(None)
    folder = root / CACHE_DIR
    for part in (root / ".cache", folder):
        if part.is_symlink() or (part.exists() and not part.is_dir()):
            return Cache(None)
    return Cache(folder)
