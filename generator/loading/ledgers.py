"""The maintainers' ledgers: data/history.yaml (certification dates) and data/revocations.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.loading.limits import CONFIG_LIMIT
from generator.loading.problems import ConfigError
from generator.loading.yamlfile import as_date, load_yaml_file
from generator.model.registry import Revocation, SubmissionKey
from generator.model.versions import Version

HISTORY_FILE = "data/history.yaml"
REVOCATIONS_FILE = "data/revocations.yaml"


def parse_key(text: str) -> SubmissionKey | None:
    parts = text.strip().strip("/").split("/")
    if len(parts) != 3 or not Version.is_folder_name(parts[2]):
        return None
    return SubmissionKey(parts[0], parts[1], Version.parse(parts[2]))


def _load(root: Path, rel: str) -> object:
    path = root / rel
    if not path.exists():
        return None
    doc = load_yaml_file(path, CONFIG_LIMIT)
    if not doc.ok:
        raise ConfigError(rel, doc.problems[0].message, doc.problems[0].line)
    return doc.data


def load_history(root: Path) -> dict[SubmissionKey, dt.date]:
    data = _load(root, HISTORY_FILE)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(HISTORY_FILE, "must map vendor/product/vX.Y to a date")
    history = {}
    for text, value in data.items():
        key = parse_key(str(text))
        day = as_date(value)
        if key is None or day is None:
            raise ConfigError(HISTORY_FILE, f"{text!r}: expected vendor/product/vX.Y: YYYY-MM-DD")
        history[key] = day
    return history


def load_revocations(root: Path) -> dict[SubmissionKey, Revocation]:
    data = _load(root, REVOCATIONS_FILE)
    if data is None:
        return {}
    if not isinstance(data, list):
        raise ConfigError(REVOCATIONS_FILE, "must be a list of {submission, revoked, reason}")
    revocations = {}
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise ConfigError(REVOCATIONS_FILE, f"entry {index} is not a mapping")
        key = parse_key(str(entry.get("submission", "")))
        day = as_date(entry.get("revoked"))
        reason = entry.get("reason")
        if key is None or day is None or not isinstance(reason, str) or not reason.strip():
            raise ConfigError(
                REVOCATIONS_FILE,
                f"entry {index} needs submission "
                "(vendor/product/vX.Y), revoked (YYYY-MM-DD) and a reason",
            )
        revocations[key] = Revocation(key, day, reason.strip())
    return revocations
