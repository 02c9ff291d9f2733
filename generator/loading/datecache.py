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

from generator.gitio.history import certification_dates
from generator.gitio.plain import head, shallow_file, work_tree
from generator.loading.cache import Cache
from generator.loading.filekeys import FileKeys
from generator.loading.fingerprint import code_fingerprint
from generator.loading.ledgers import HISTORY_FILE, load_history, parse_key
from generator.model.registry import SubmissionKey

KIND = "dates"


def git_dates(root: Path, cache: Cache) -> dict[SubmissionKey, dt.date]:
    """`certification_dates(root)`, from the cache when the same commit was read before."""
    commit = _head(root) if cache.enabled else None
    if commit is None:
        return certification_dates(root)
    key = f"git/{code_fingerprint()}/{commit}"
    found = _decoded(cache.get(KIND, key))
    if found is not None:
        return found
    dates = certification_dates(root)
    cache.put(KIND, key, _encoded(dates))
    return dates


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
