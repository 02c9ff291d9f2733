"""Reading requirement lists (`data/conformance/vX.Y.yaml`, the upstream conformance.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.loading.limits import CONFIG_LIMIT
from generator.loading.problems import ConfigError
from generator.loading.yamlfile import SAFE_LOADER, read_text
from generator.model.tests import Requirement, RequirementList
from generator.model.versions import Version

CONFORMANCE_DIR = "data/conformance"


def parse_requirements(text: str, version: Version, file: str) -> RequirementList:
    """Parse an upstream conformance.yaml; raise ConfigError naming the file and entry."""
    data = _load(text, file)
    if data is None:
        raise ConfigError(file, "the requirement list is empty")
    if not isinstance(data, list):
        raise ConfigError(file, "a requirement list must be a YAML list of tests")
    requirements = []
    seen: set[str] = set()
    for index, entry in enumerate(data, start=1):
        where = f"entry {index}"
        if not isinstance(entry, dict):
            raise ConfigError(file, f"{where} is not a mapping")
        codename = entry.get("codename")
        if not isinstance(codename, str) or not codename.strip():
            raise ConfigError(file, f"{where} has no codename")
        release = entry.get("release")
        releases = _releases(release)
        if not releases:
            raise ConfigError(
                file,
                f"{where} ({codename.strip()[:80]}): release {release!r} "
                "is not a version or a comma-separated list of versions",
            )
        testname = entry.get("testname")
        requirement = Requirement(
            testname=str(testname) if testname is not None else codename,
            codename=codename,
            releases=releases,
        )
        if requirement.identity in seen:
            raise ConfigError(
                file, f"{where}: the codename {codename.strip()[:80]!r} is listed twice"
            )
        seen.add(requirement.identity)
        requirements.append(requirement)
    if not requirements:
        raise ConfigError(file, "the requirement list is empty")
    return RequirementList(version=version, file=file, requirements=tuple(requirements))


def _load(text: str, file: str) -> object:
    """Lists come from the upstream project through maintainers, not from vendors, and hold
    hundreds of entries: the C safe loader reads them whole, without our line bookkeeping."""
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise ConfigError(
            file, f"not valid YAML: {error.problem}", mark.line + 1 if mark else None
        ) from error
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise ConfigError(file, f"not valid YAML: {type(error).__name__}") from error


def _releases(value: object) -> tuple[Version, ...]:
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ()
    versions = []
    for part in value.split(","):
        version = Version.parse_lenient(part)
        if version is None:
            return ()
        versions.append(version)
    return tuple(versions)


def load_requirements_file(path: Path, version: Version, display: str) -> RequirementList:
    text, problem = read_text(path, CONFIG_LIMIT)
    if problem is not None or text is None:
        raise ConfigError(display, problem.message if problem else "cannot be read")
    return parse_requirements(text, version, display)


def list_files(root: Path) -> list[tuple[Version, Path, str]]:
    """Every list file in data/conformance/ with its version and display name, sorted.

    The folder and its files are the maintainers': a link there could point anywhere, so a
    linked folder or file is a configuration error rather than something to follow.
    """
    folder = root / CONFORMANCE_DIR
    if folder.is_symlink():
        raise ConfigError(
            CONFORMANCE_DIR, "is a symbolic link; requirement lists must be files in the repository"
        )
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".yaml":
            continue
        display = f"{CONFORMANCE_DIR}/{path.name}"
        try:
            version = Version.parse(path.stem)
        except ValueError as error:
            raise ConfigError(display, "requirement lists are named vX.Y.yaml") from error
        found.append((version, path, display))
    return found


def load_requirement_lists(root: Path) -> dict[Version, RequirementList]:
    """Every list in data/conformance/, by version. A malformed one is a ConfigError."""
    return {
        version: load_requirements_file(path, version, display)
        for version, path, display in list_files(root)
    }
