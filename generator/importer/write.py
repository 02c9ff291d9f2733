"""Carrying out an import plan: copy files, write VENDOR.yaml stubs, history and the import map.

Everything that could stop the import (an unreadable history.yaml or map, a target folder that
appeared since the plan was made) is checked before the first file is written. Files are copied
byte for byte. history.yaml keeps every entry it has: a maintainer's date wins, and the
import only appends entries for keys the file does not hold yet.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.importer.plan import ImportPlan
from generator.importer.records import history_lines, map_text
from generator.loading.ledgers import parse_key
from generator.loading.limits import CONFIG_LIMIT
from generator.loading.problems import ConfigError
from generator.loading.submission import VENDOR_FILE
from generator.loading.yamlfile import as_date, load_yaml_file

HISTORY = "history.yaml"
IMPORT_MAP = "import-map.yaml"


@dataclass(frozen=True)
class WriteResult:
    files: int
    bytes: int
    stubs: int
    history_added: int
    history_kept: tuple[str, ...]  # keys whose date in history.yaml differs and was kept
    map_entries: int
    data: Path


def _mapping(path: Path, display: str) -> dict[str, object]:
    if not path.exists():
        return {}
    doc = load_yaml_file(path, CONFIG_LIMIT)
    if not doc.ok:
        raise ConfigError(display, doc.problems[0].message, doc.problems[0].line)
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise ConfigError(display, "must be a mapping")
    return doc.data


def _existing_history(data: Path) -> dict[str, dt.date | None]:
    entries = _mapping(data / HISTORY, f"{data.name}/{HISTORY}")
    return {str(k).strip(): as_date(v) for k, v in entries.items()}


def map_entries(plan: ImportPlan, data: Path) -> dict[str, str]:
    """Upstream path -> new path (relative to the registry root) for this import."""
    entries = {}
    for submission in plan.submissions:
        target = f"{data.name}/vendors/{submission.key.vendor}/{submission.key.product}/"
        target += str(submission.key.version)
        entries[submission.source] = target
        for carry in submission.carries:
            if carry.renamed:
                entries[f"{submission.source}/{carry.source}"] = f"{target}/{carry.target}"
    return entries


def carry_out(plan: ImportPlan, src: Path, data: Path) -> WriteResult:
    """Write the plan into `data` (a registry's data folder); return what was written."""
    history = _existing_history(data)
    old_map = _mapping(data / IMPORT_MAP, f"{data.name}/{IMPORT_MAP}")
    vendors = data / "vendors"
    for submission in plan.submissions:
        folder = vendors / submission.key.vendor / submission.key.product
        if (folder / str(submission.key.version)).exists():
            raise ConfigError(
                f"{data.name}/vendors/{submission.key}", "appeared during the import: run it again"
            )
    files = size = 0
    for submission in plan.submissions:
        folder = vendors / submission.key.vendor / submission.key.product
        target = folder / str(submission.key.version)
        target.mkdir(parents=True)
        for carry in submission.carries:
            source = src / submission.source / carry.source
            shutil.copyfile(source, target / carry.target)
            files += 1
            size += source.stat().st_size
    stubs = 0
    for vendor in plan.vendors:
        record = vendors / vendor.slug / VENDOR_FILE
        if not vendor.existing and not record.exists():
            record.write_text(vendor.stub.text(), encoding="utf-8")
            stubs += 1
    added, kept = _append_history(data / HISTORY, plan, history)
    entries = {str(k): str(v) for k, v in old_map.items()}
    new = {k: v for k, v in map_entries(plan, data).items() if k not in entries}
    if new:
        (data / IMPORT_MAP).write_text(map_text(entries | new), encoding="utf-8")
    return WriteResult(files, size, stubs, added, kept, len(new), data)


def _append_history(
    path: Path, plan: ImportPlan, history: dict[str, dt.date | None]
) -> tuple[int, tuple[str, ...]]:
    known = {str(parse_key(k) or k): day for k, day in history.items()}
    new: dict[str, dt.date] = {}
    kept = []
    for submission in plan.submissions:
        key = str(submission.key)
        if submission.approved is None:
            continue
        if key in known:
            if known[key] != submission.approved:
                kept.append(key)
            continue
        new[key] = submission.approved
    text = history_lines(new)
    if text:
        before = path.read_bytes() if path.exists() else b""
        joiner = b"\n" if before and not before.endswith(b"\n") else b""
        spacer = b"\n" if before.strip() else b""
        path.write_bytes(before + joiner + spacer + text.encode("utf-8"))
    return len(new), tuple(kept)
