"""Reading data/program.yaml into a Program."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.loading.cache import Cache
from generator.loading.fingerprint import code_fingerprint
from generator.loading.limits import CONFIG_LIMIT
from generator.loading.problems import ConfigError, ReadProblem
from generator.loading.schemas import schema_problems
from generator.loading.yamlfile import as_date, parse_yaml, read_text
from generator.model.program import ExpiryRule, Level, Program, Release
from generator.model.versions import Version

PROGRAM_FILE = "data/program.yaml"
#: Cache entries saying that a program text passed the schema check.
KIND = "program"


def load_program(root: Path, cache: Cache | None = None) -> Program:
    """Load and validate the program; raise ConfigError listing every problem. With a `cache`,
    a text that passed the schema check before is not checked again (the check needs
    jsonschema, whose import alone costs more than the rest of reading the program)."""
    text, problem = read_text(root / PROGRAM_FILE, CONFIG_LIMIT)
    if text is None:
        problem = problem or ReadProblem("cannot be read")
        raise ConfigError(PROGRAM_FILE, problem.message, problem.line)
    doc = parse_yaml(text)
    if not doc.ok:
        raise ConfigError(
            PROGRAM_FILE, "; ".join(p.message for p in doc.problems), doc.problems[0].line
        )
    if not isinstance(doc.data, dict):
        raise ConfigError(PROGRAM_FILE, "must be a mapping of settings")
    review = doc.data.get("review")
    if isinstance(review, dict) and isinstance(review.get("single_commit"), bool):
        # YAML 1.1 reads a bare `off` as false (and `on` as true): take them as meant.
        review["single_commit"] = "error" if review["single_commit"] else "off"
    checked = None
    if cache is not None and cache.enabled:
        content = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
        checked = f"program/{code_fingerprint()}/{content}"
    if checked is None or cache is None or cache.get(KIND, checked) is not True:
        problems = schema_problems("program", doc.data, doc.lines)
        if problems:
            first = problems[0]
            raise ConfigError(PROGRAM_FILE, "; ".join(p.message for p in problems), first.line)
        if checked is not None and cache is not None:
            cache.put(KIND, checked, True)  # only a program that passed is ever kept
    return _build(doc.data)


def _build(data: dict[str, Any]) -> Program:
    releases = []
    seen: set[Version] = set()
    for entry in data["releases"]:
        version = Version.parse(entry["version"])
        released = as_date(entry["released"])
        if released is None:  # pragma: no cover - the schema's date format rules this out
            raise ConfigError(PROGRAM_FILE, f"release {version}: bad date")
        if version in seen:
            raise ConfigError(PROGRAM_FILE, f"release {version} is listed twice")
        seen.add(version)
        releases.append(Release(version, released))
    site = data.get("site", {})
    expiry = data.get("expiry", {})
    repository = site.get("repository_url", "https://example.org/registry")
    return Program(
        name=data["name"],
        short_name=data.get("short_name", data["name"]),
        description=data.get("description", ""),
        sample=bool(data.get("sample", False)),
        base_url=site.get("base_url", "/"),
        repository_url=repository,
        evidence_url=site.get("evidence_url", repository.rstrip("/") + "/blob/main/{path}"),
        releases=tuple(sorted(releases, key=lambda r: r.version)),
        certifiable_versions=int(data["certifiable_versions"]),
        expiry=ExpiryRule(
            months_after_release=int(expiry.get("months_after_release", 12)),
            months_after_next_release=int(expiry.get("months_after_next_release", 9)),
        ),
        warning_days=int(expiry.get("warning_days", 60)),
        product_types=tuple(data["product_types"]),
        requirements_url=data["requirements"]["url"],
        single_commit_level=Level(data.get("review", {}).get("single_commit", "error")),
    )
