"""Certification dates through the cache: from git history (one `git log` over every merge, a
fraction of a second for thousands) keyed by the commit it starts from, and from
data/history.yaml (thousands of lines of YAML) keyed by its content.

A commit id names its whole history, so the dates git tells for it never change. What is kept
for a commit is the fold of its first-parent log (file counts and dates per submission folder),
so that for a new commit the fold of the nearest kept commit back on the line goes on with the
few commits since, which gives what a fold of the whole log gives. A shallow clone's horizon is
part of the key, since deepening the clone dates more submissions; such a clone is always read
whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from generator.gitio.history import DateFold, certification_dates
from generator.gitio.log import first_parent_line, first_parent_log
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
    if "+shallow" in commit:  # a shallow clone's horizon moves: no fold to go on from
        key = f"git/{code_fingerprint()}/{commit}"
        found = _decoded(cache.get(KIND, key))
        if found is None:
            found = certification_dates(root)
            cache.put(KIND, key, _encoded(found))
        return found
    fold = _fold_from(cache.get(KIND, _fold_key(commit)))
    if fold is None:
        fold = _continued(root, cache)
        if fold is None:
            return certification_dates(root)
        cache.put(KIND, _fold_key(commit), _fold_value(fold))
    return dict(fold.dates)


#: How far back on the first-parent line a kept fold is looked for.
CONTINUE_WITHIN = 1000


def _fold_key(commit: str) -> str:
    return f"fold/{code_fingerprint()}/{commit}"


def _continued(root: Path, cache: Cache) -> DateFold | None:
    """The fold as of HEAD: from the nearest commit back on the first-parent line whose fold
    was kept, and the log of the commits since; from the whole log when there is none."""
    tree = work_tree(root)
    if tree is None:
        return None
    fold, after = DateFold(), None
    for commit in first_parent_line(tree, CONTINUE_WITHIN)[1:]:
        kept = _fold_from(cache.get(KIND, _fold_key(commit)))
        if kept is not None:
            fold, after = kept, commit
            break
    try:
        fold.add(first_parent_log(tree, VENDORS_DIR, after=after))
    except GitError:
        return None
    return fold


def _fold_value(fold: DateFold) -> dict[str, object]:
    return {"counts": {str(k): n for k, n in fold.counts.items()}, "dates": _encoded(fold.dates)}


def _fold_from(value: object) -> DateFold | None:
    if not isinstance(value, dict):
        return None
    counts, dated = value.get("counts"), value.get("dates")
    if not isinstance(counts, dict) or not isinstance(dated, dict):
        return None
    parsed: dict[SubmissionKey, int] = {}
    named: dict[str, SubmissionKey] = {}
    for text, count in counts.items():
        found = parse_key(text) if isinstance(text, str) else None
        if found is None or str(found) != text or type(count) is not int or count <= 0:
            return None
        parsed[found] = count
        named[text] = found
    dates: dict[SubmissionKey, dt.date] = {}
    for text, day in dated.items():
        key = named.get(text)  # a dated submission is a counted one, parsed above
        if key is None or not isinstance(day, str):
            return None
        try:
            dates[key] = dt.date.fromisoformat(day)
        except ValueError:
            return None
    return DateFold(parsed, dates)


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
