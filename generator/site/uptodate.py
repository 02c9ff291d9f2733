"""Telling, before reading anything, that the site in the output folder is already the one a
build would make: the way make, git and other build tools tell that nothing changed.

A build reads the files under data/ and templates/, the git history up to the commit checked out,
the generator's code and libraries, and its options. `look_at_inputs` names all of these at once
without reading a file: each file by path, size, modification and change times and inode (as
git's index does); the commit by id. A file's change time moves whenever its content does, and
no tool sets it back. What a build made is recorded in the cache with the stamp it was built
from and the same facts about every file it wrote; when the next stamp is the same and every
file of the output folder is still the one written, the build has nothing to do.

Anything that leaves room for doubt gives no stamp, and the build does all its work: a symbolic
link among the inputs (its target could change unseen), a file changed in the last few seconds
(too close to tell apart from a change that lands during the build), or an error looking.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.gitio.plain import head, shallow_file, work_tree
from generator.loading.cache import Cache
from generator.loading.fingerprint import RENDERERS, code_fingerprint, library_versions
from generator.loading.listing import Item, Listing
from generator.site.sync import lstat_facts

KIND = "builds"
#: Bumped whenever what a record holds changes.
RECORD_FORMAT = 1
#: Files changed this recently (seconds) are too fresh to be told apart by their times.
RACY_SECONDS = 2.0


@dataclass(frozen=True)
class Summary:
    """What the recorded build reported, told again when nothing changed."""

    files: int
    pages: int
    products: int
    submissions: int
    warnings: list[list[object]]  # each a finding, as findings.finding_to_json writes it


@dataclass(frozen=True)
class Inputs:
    """The stamp of a build's inputs (None when there is room for doubt), and what the folders
    among them held, for the build to reuse instead of walking them again."""

    stamp: str | None
    listing: Listing


def look_at_inputs(root: Path, folders: Iterable[str], options: dict[str, str]) -> Inputs:
    """Name every input of a build at `root`, walking `folders` once."""
    started = time.time()
    fresh = started - RACY_SECONDS
    parts = [code_fingerprint(), *library_versions(RENDERERS), *map(repr, sorted(options.items()))]
    tree = work_tree(root)
    parts.append(f"commit {head(tree) if tree is not None else None}")
    if tree is not None:
        parts.append(hashlib.sha256(shallow_file(tree) or b"").hexdigest())
    taken: dict[str, list[Item]] = {}
    facts = []
    limit = fresh * 1e9
    doubt = False  # once there is, the rest is only listed: there will be no stamp
    try:
        for folder in folders:
            for rel, info in _walk(root, folder, taken):
                if doubt:
                    continue
                mode, changed, modified = info.st_mode, info.st_ctime_ns, info.st_mtime_ns
                # A link or a special file (what it stands for could change), or a file
                # changed too recently to tell apart from a change during the build.
                if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    doubt = True
                elif changed > limit or modified > limit:
                    doubt = True
                else:
                    # The path, a NUL (which no path holds), then numbers: one reading only,
                    # whatever the path holds.
                    facts.append(
                        f"{rel}\0{mode} {info.st_size} {modified} {changed} {info.st_ino} "
                        f"{info.st_dev}"
                    )
    except OSError:
        return Inputs(None, Listing())
    if doubt:
        return Inputs(None, Listing(taken))
    parts.append("\n".join(facts))
    stamp = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return Inputs(stamp, Listing(taken))


def record(cache: Cache, out: Path, stamp: str, summary: Summary) -> None:
    """Keep what the build at `out` made from the inputs named `stamp`."""
    files = _output_facts(out)
    if files is None:
        return
    value = {"format": RECORD_FORMAT, "stamp": stamp, "files": files, "summary": asdict(summary)}
    cache.put(KIND, _record_key(out), value)


def unchanged(cache: Cache, out: Path, stamp: str) -> Summary | None:
    """The summary of the recorded build, when its stamp is `stamp` and `out` holds exactly the
    files it wrote, untouched; else None."""
    value = cache.get(KIND, _record_key(out))
    if not isinstance(value, dict) or value.get("format") != RECORD_FORMAT:
        return None
    if value.get("stamp") != stamp or value.get("files") != _output_facts(out):
        return None
    try:
        return Summary(**value["summary"])
    except (TypeError, KeyError):
        return None


def _record_key(out: Path) -> str:
    return str(out.absolute())


def _output_facts(out: Path) -> dict[str, str] | None:
    """Path -> stat facts of every entry of the output folder; None if it cannot be read."""
    try:
        if out.is_symlink() or not out.is_dir():
            return None
        return {rel: _facts(rel, info) for rel, info in _walk(out.parent, out.name)}
    except OSError:
        return None


def _walk(
    base: Path, folder: str, taken: dict[str, list[Item]] | None = None
) -> Iterable[tuple[str, os.stat_result]]:
    """Every entry under base/folder, by path relative to base, in a fixed order; links and
    special files are listed, never followed. Each folder's entries are kept in `taken`, by
    absolute path."""
    top = os.fspath(base.absolute())
    pending = [folder]
    while pending:
        here = pending.pop()
        with os.scandir(f"{top}/{here}") as scan:
            entries = sorted((entry.name, entry.stat(follow_symlinks=False)) for entry in scan)
        if taken is not None:
            taken[f"{top}/{here}"] = entries
        for name, info in entries:
            rel = f"{here}/{name}"
            yield rel, info
            if stat.S_ISDIR(info.st_mode):
                pending.append(rel)


def _facts(rel: str, info: os.stat_result) -> str:
    return f"{rel} {lstat_facts(info)}"
