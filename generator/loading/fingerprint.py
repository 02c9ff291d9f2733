"""A name for the code that computes cached results: the sources of the generator package, the
JSON Schemas, and the versions of Python and the libraries that parse. Any change to any of them
names a different cache entry, so a result computed by other code is never reused."""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
SCHEMAS = PACKAGE.parent / "schemas"
_LIBRARIES = ("PyYAML", "lxml", "jsonschema", "GitPython")


@functools.cache
def code_fingerprint() -> str:
    from importlib import metadata  # pulls in email, csv and zipfile: only when asked

    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"\0{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{library}=-".encode())
    sources = sorted(PACKAGE.rglob("*.py")) + sorted(SCHEMAS.glob("*.json"))
    for path in sources:
        digest.update(b"\0" + path.relative_to(PACKAGE.parent).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]
