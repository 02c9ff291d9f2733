"""A name for the code that computes cached results: the sources of the generator package, the
JSON Schemas, and the versions of Python and the libraries that parse. Any change to any of them
names a different cache entry, so a result computed by other code is never reused."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SCHEMAS = PACKAGE.parent / "schemas"
_LIBRARIES = ("PyYAML", "lxml", "jsonschema", "GitPython")
#: Libraries whose versions shape the site beyond what `code_fingerprint` names.
RENDERERS = ("Jinja2", "MarkupSafe", "Markdown", "nh3")
_NOT_NAME = re.compile(r"[-_.]+")


@functools.cache
def code_fingerprint() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for found in library_versions(_LIBRARIES):
        digest.update(f"\0{found}".encode())
    top = os.fspath(PACKAGE.parent)
    for rel in _sources(top):
        digest.update(b"\0" + rel.encode() + b"\0")
        with open(f"{top}/{rel}", "rb") as source:  # noqa: PTH123 - strings: every run does this
            digest.update(source.read())
    return digest.hexdigest()[:32]


def _sources(top: str) -> list[str]:
    """The generator's Python files, then the schemas, by path below `top` (strings: pathlib's
    glob cost more than the hashing, on every run)."""
    found: list[str] = []
    package = PACKAGE.name
    for here, folders, files in os.walk(f"{top}/{package}"):
        folders.sort()
        rel = here[len(top) + 1 :]
        found.extend(f"{rel}/{name}" for name in sorted(files) if name.endswith(".py"))
    schemas = f"{top}/{SCHEMAS.name}"
    names = os.listdir(schemas) if os.path.isdir(schemas) else []  # noqa: PTH208, PTH112
    return sorted(found) + [f"{SCHEMAS.name}/{n}" for n in sorted(names) if n.endswith(".json")]


def library_versions(names: Iterable[str]) -> list[str]:
    """`name=version` of each installed distribution (`name=-` when none is), as the first
    `*.dist-info` or `*.egg-info` folder on sys.path names it, which is what `import` finds.
    The same answer as importlib.metadata, from one folder listing per path entry, without
    loading importlib.metadata (a fifth of a validation's start-up)."""
    wanted = {_normal(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = sorted(os.listdir(entry or "."))  # noqa: PTH208 - names only, fast
        except OSError:
            continue
        for item in listing:
            stem, dot, kind = item.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            name, _, version = stem.partition("-")
            key = _normal(name)
            if key in wanted and key not in found:
                found[key] = version.partition("-")[0] or "-"
    return [f"{wanted[key]}={found.get(key, '-')}" for key in wanted]


def _normal(name: str) -> str:
    return _NOT_NAME.sub("-", name).lower()
