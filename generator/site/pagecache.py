"""Rendered pages kept from one build to the next, so that a rebuild renders only the pages whose
content changed.

A page is a pure function of its template and its context (a tree of frozen dataclasses whose
`repr` spells out every value the template can show). Its cache key names the context's `repr`,
the template's name, every file under templates/, the generator's code and the versions of the
libraries that render; so a page is taken from the cache exactly when rendering it again would
give the same text. Entries go through `generator.loading.cache.Cache`, which checks each one
and ignores anything damaged.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.loading.cache import Cache
from generator.loading.fingerprint import RENDERERS, code_fingerprint, library_versions

KIND = "pages"
#: Set (to anything but "" or "0") to render every page found in the cache as well and fail on
#: any difference: the test suite runs with it.
VERIFY_SWITCH = "CERTREG_VERIFY_PAGE_CACHE"
#: Bumped whenever what an entry holds, or its key, changes.
PAGE_FORMAT = 2


class PageCache:
    """Rendered pages by template and context; a PageCache over a disabled Cache keeps nothing."""

    def __init__(self, cache: Cache, templates: Path) -> None:
        self.cache = cache
        self.hits = 0
        self.renders = 0
        self.verify = verify_cached()
        self._base = _fingerprint(templates) if cache.enabled else ""

    def key(self, template: str, context: object) -> str | None:
        if not self.cache.enabled:
            return None
        digest = hashlib.sha256(f"{self._base}\0{template}\0".encode())
        digest.update(repr(context).encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def get(self, key: str | None) -> str | None:
        if key is None:
            return None
        value = self.cache.get_text(KIND, key)
        if value is None:
            return None
        self.hits += 1
        return value

    def holds(self, key: str) -> bool:
        """True when an entry for `key` is there, counted as a hit: its text is read only when
        asked for (`take`), which may find the entry unusable after all."""
        if not self.cache.has(KIND, key):
            return False
        self.hits += 1
        return True

    def take(self, key: str) -> str | None:
        """The text of an entry `holds` found; None (and no longer a hit) when it is unusable."""
        value = self.cache.get_text(KIND, key)
        if value is None:
            self.hits -= 1
        return value

    def put(self, key: str | None, text: str) -> None:
        self.renders += 1
        if key is not None:
            self.cache.put_text(KIND, key, text)


def verify_cached() -> bool:
    """Whether what comes from the cache is to be made again and compared (VERIFY_SWITCH)."""
    return os.environ.get(VERIFY_SWITCH, "") not in ("", "0")


def _fingerprint(templates: Path) -> str:
    digest = hashlib.sha256(f"{PAGE_FORMAT}\0{code_fingerprint()}\0".encode())
    for found in library_versions(RENDERERS):
        digest.update(f"{found}\0".encode())
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
