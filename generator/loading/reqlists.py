"""Requirement lists, read through the cache: a list of 450 tests takes 25 ms to parse as YAML
and under 1 ms to read back as JSON. A list that does not parse is never cached, so it raises
its ConfigError on every run, as without a cache."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.loading.cache import Cache
from generator.loading.filekeys import FileKeys
from generator.loading.requirements import list_files, load_requirements_file
from generator.model.tests import Requirement, RequirementList
from generator.model.versions import Version

KIND = "requirements"
#: Bumped whenever the reading of lists or this JSON form changes.
LIST_FORMAT = 1


@dataclass(frozen=True)
class LoadedList(RequirementList):
    """A requirement list that works out its required tests once: every check of every
    submission asks for them, and filtering 450 tests each time adds up over a registry."""

    @functools.cached_property
    def _required(self) -> tuple[Requirement, ...]:
        return super().required()

    def required(self) -> tuple[Requirement, ...]:
        return self._required


def loaded(listed: RequirementList) -> LoadedList:
    return LoadedList(listed.version, listed.file, listed.requirements)


def load_lists(
    root: Path, cache: Cache, keys: FileKeys, only: Collection[Version] | None = None
) -> dict[Version, RequirementList]:
    """Every list in data/conformance/ (or those of the versions `only` names), by version,
    as `load_requirement_lists` reads them."""
    return {
        version: _load(root, path, version, display, cache, keys)
        for version, path, display in list_files(root)
        if only is None or version in only
    }


def _load(
    root: Path, path: Path, version: Version, display: str, cache: Cache, keys: FileKeys
) -> LoadedList:
    key = None
    if cache.enabled and path.is_file() and not path.is_symlink():
        try:
            key = f"r{LIST_FORMAT}/{version}/{display}/{keys.key(display)}"
        except OSError:
            key = None
    if key is not None:
        found = cache.get(KIND, key)
        if found is not None:
            try:
                return _from_json(found, version, display)
            except (ValueError, TypeError):
                pass  # damaged: read the file again, and overwrite the entry
    listed = loaded(load_requirements_file(path, version, display))
    if key is not None:
        cache.put(KIND, key, _to_json(listed))
    return listed


def _to_json(listed: RequirementList) -> list[Any]:
    return [[r.testname, r.codename, [str(v) for v in r.releases]] for r in listed.requirements]


def _from_json(data: object, version: Version, display: str) -> LoadedList:
    if not isinstance(data, list) or not data:
        raise ValueError("expected a list of tests")
    requirements = []
    for entry in data:
        if not isinstance(entry, list) or len(entry) != 3:
            raise ValueError("expected [testname, codename, releases]")
        testname, codename, releases = entry
        if not isinstance(testname, str) or not isinstance(codename, str):
            raise ValueError("expected text")
        if not isinstance(releases, list) or not releases:
            raise ValueError("expected releases")
        requirements.append(
            Requirement(testname, codename, tuple(Version.parse(str(v)) for v in releases))
        )
    return LoadedList(version=version, file=display, requirements=tuple(requirements))
