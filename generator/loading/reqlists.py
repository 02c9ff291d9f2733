"""Requirement lists, read through the cache: a list of 450 tests takes 25 ms to parse as YAML
and under 1 ms to read back as JSON. A list that does not parse is never cached, so it raises
its ConfigError on every run, as without a cache."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.loading.cache import Cache
from generator.loading.filekeys import FileKeys
from generator.loading.requirements import list_files, load_requirements_file
from generator.model.tests import Requirement, RequirementList
from generator.model.versions import Version

T = TypeVar("T")
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


class Lazy(Mapping[Version, T]):
    """Values by version, each made on first use (a run that reuses every verdict needs the
    list of no release; one that checks a few submissions, those of their releases)."""

    def __init__(self, makers: dict[Version, Callable[[], T]]) -> None:
        self._makers = makers
        self._made: dict[Version, T] = {}

    def __getitem__(self, version: Version) -> T:
        found = self._made.get(version)
        if found is None:
            found = self._made[version] = self._makers[version]()
        return found

    def __iter__(self) -> Iterator[Version]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def load_lists(
    root: Path, cache: Cache, keys: FileKeys, only: Collection[Version] | None = None
) -> Mapping[Version, RequirementList]:
    """Every list in data/conformance/ (or those of the versions `only` names), by version,
    as `load_requirement_lists` reads them. A list is parsed here, raising its ConfigError,
    unless the cache holds it (only a list that parsed is cached); then it is made from the
    cache when first used."""
    chosen = [(v, path, shown) for v, path, shown in list_files(root) if only is None or v in only]
    return RequirementLists(
        {
            version: _load(root, path, version, shown, cache, keys)
            for version, path, shown in chosen
        },
        {version: shown for version, _path, shown in chosen},
    )


class RequirementLists(Lazy[RequirementList]):
    """Lists by version, made when first used; which file holds each is known at once."""

    def __init__(
        self, makers: dict[Version, Callable[[], RequirementList]], files: dict[Version, str]
    ) -> None:
        super().__init__(makers)
        self._files = files

    def file_of(self, version: Version) -> str | None:
        return self._files.get(version)


def list_file(lists: Mapping[Version, RequirementList], version: Version) -> str | None:
    """The repository path of the list of `version`, without making the list if it waits."""
    if isinstance(lists, RequirementLists):
        return lists.file_of(version)
    listed = lists.get(version)
    return listed.file if listed is not None else None


def _load(
    root: Path, path: Path, version: Version, display: str, cache: Cache, keys: FileKeys
) -> Callable[[], RequirementList]:
    key = None
    if cache.enabled and path.is_file() and not path.is_symlink():
        try:
            key = f"r{LIST_FORMAT}/{version}/{display}/{keys.key(display)}"
        except OSError:
            key = None
    if key is not None:
        found = cache.get(KIND, key)
        if found is not None:
            return functools.partial(_cached, found, path, version, display, cache, key)
    listed = _parse(path, version, display, cache, key)
    return lambda: listed


def _cached(
    found: object, path: Path, version: Version, display: str, cache: Cache, key: str
) -> LoadedList:
    try:
        return _from_json(found, version, display)
    except (ValueError, TypeError):
        return _parse(path, version, display, cache, key)  # damaged: read the file again


def _parse(path: Path, version: Version, display: str, cache: Cache, key: str | None) -> LoadedList:
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
