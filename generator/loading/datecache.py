"""Certification dates through the cache: from git history (one `git log` over every merge, a
fraction of a second for thousands) keyed by the commit it starts from, and from
data/history.yaml (thousands of lines of YAML) keyed by its content.

A commit id names its whole history, so the dates git tells for it never change; a shallow
clone's horizon is part of the key too, since deepening the clone dates more submissions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from generator.gitio.history import DateFold, certification_dates
from generator.gitio.log import first_parent_log, on_first_parent_line
from generator.gitio.plain import GitError, head, shallow_file, work_tree
from generator.loading.cache import Cache
from generator.loading.filekeys import FileKeys
from generator.loading.fingerprint import code_fingerprint
from generator.loading.ledgers import HISTORY_FILE, load_history, parse_key
from generator.loading.submission import VENDORS_DIR
from generator.model.registry import SubmissionKey

KIND = "dates"


def git_dates(root: Path, cache: Cache) -> dict[SubmissionKey, dt.date]:
    """`certification_dates(root)`, from the cache when the same commit was read before; and
    when a commit a little further back on the first-parent line was, from its fold and the
    log of the commits since (a merge reads one commit, not the whole history)."""
    commit = _head(root) if cache.enabled else None
    if commit is None:
        return certification_dates(root)
    key = f"git/{code_fingerprint()}/{commit}"
    found = _decoded(cache.get(KIND, key))
    if found is not None:
        return found
    fold = _continued(root, cache, commit)
    dates = fold.dates if fold is not None else certification_dates(root)
    cache.put(KIND, key, _encoded(dates))
    return dates


#: How far back on the first-parent line the last fold may be to be continued.
CONTINUE_WITHIN = 1000
_LAST = "last-fold"


def _continued(root: Path, cache: Cache, commit: str) -> DateFold | None:
    """The fold as of `commit`, continued from the last one kept (then kept in its place);
    None when there is none to continue, and git dates everything afresh."""
    tree = work_tree(root)
    if tree is None or "+shallow" in commit:
        return None  # a shallow clone's horizon moves: always from the start
    last = cache.get(KIND, f"{_LAST}/{code_fingerprint()}")
    fold = _fold_from(last)
    if fold is None or not isinstance(last, dict):
        fold, after = DateFold(), None
    else:
        after = str(last.get("commit"))
        if not on_first_parent_line(tree, after, CONTINUE_WITHIN):
            fold, after = DateFold(), None
    try:
        fold.add(first_parent_log(tree, VENDORS_DIR, after=after))
    except GitError:
        return None
    value = {
        "commit": commit,
        "counts": _encoded_counts(fold.counts),
        "dates": _encoded(fold.dates),
    }
    cache.put(KIND, f"{_LAST}/{code_fingerprint()}", value)
    return fold


def _fold_from(value: object) -> DateFold | None:
    if not isinstance(value, dict) or not isinstance(value.get("commit"), str):
        return None
    dates = _decoded(value.get("dates"))
    counts = value.get("counts")
    if dates is None or not isinstance(counts, dict):
        return None
    parsed: dict[SubmissionKey, int] = {}
    for text, count in counts.items():
        found = parse_key(text) if isinstance(text, str) else None
        if found is None or str(found) != text or type(count) is not int or count <= 0:
            return None
        parsed[found] = count
    if not set(dates) <= set(parsed):
        return None
    return DateFold(parsed, dates)


def _encoded_counts(counts: dict[SubmissionKey, int]) -> dict[str, int]:
    return {str(key): count for key, count in counts.items()}


def history_dates(root: Path, cache: Cache, keys: FileKeys) -> dict[SubmissionKey, dt.date]:
    """`load_history(root)`, from the cache when the file's content was read before. A file
    that does not load raises its ConfigError every time: only good results are kept."""
    path = root / HISTORY_FILE
    key = None
    if cache.enabled and path.is_file() and not path.is_symlink():
        try:
            key = f"history/{code_fingerprint()}/{keys.key(HISTORY_FILE)}"
        except OSError:
            key = None
    found = _decoded(cache.get(KIND, key)) if key is not None else None
    if found is not None:
        return found
    dates = load_history(root)
    if key is not None:
        cache.put(KIND, key, _encoded(dates))
    return dates


def _head(root: Path) -> str | None:
    """The commit HEAD names, with the clone's horizon if it is shallow; None outside git."""
    tree = work_tree(root)
    commit = head(tree) if tree is not None else None
    if tree is None or commit is None:
        return None
    shallow = shallow_file(tree)
    if shallow is not None:
        commit += "+shallow-" + hashlib.sha256(shallow).hexdigest()[:16]
    return commit


def _encoded(dates: dict[SubmissionKey, dt.date]) -> dict[str, str]:
    return {str(key): day.isoformat() for key, day in dates.items()}


def _decoded(value: object) -> dict[SubmissionKey, dt.date] | None:
    if not isinstance(value, dict):
        return None
    dates = {}
    for text, day in value.items():
        key = parse_key(text) if isinstance(text, str) else None
        if key is None or not isinstance(day, str) or str(key) != text:
            return None
        try:
            dates[key] = dt.date.fromisoformat(day)
        except ValueError:
            return None
    return dates
