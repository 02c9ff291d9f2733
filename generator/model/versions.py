"""Kubernetes-style `vMAJOR.MINOR` versions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_FOLDER = re.compile(r"v(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})")
_LENIENT = re.compile(r"\s*v?(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})(?:\.[0-9]+)?\s*")


@dataclass(frozen=True, order=True)
class Version:
    """A major.minor release, ordered numerically (v1.9 < v1.10)."""

    major: int
    minor: int

    def __str__(self) -> str:
        return f"v{self.major}.{self.minor}"

    @property
    def plain(self) -> str:
        """`1.35`, as used in upstream branch names."""
        return f"{self.major}.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse a folder-style version (`v1.35`); raise ValueError otherwise."""
        return _parse(text) if cls is Version else cls._parse_new(text)

    @classmethod
    def _parse_new(cls, text: str) -> Version:
        match = _FOLDER.fullmatch(text)
        if match is None:
            raise ValueError(f"not a version of the form vX.Y: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def parse_lenient(cls, text: str) -> Version | None:
        """Parse `v1.35`, `1.35`, `v1.35.3` or ` v1.35 `; None when it is none of those."""
        match = _LENIENT.fullmatch(text)
        if match is None:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def is_folder_name(cls, text: str) -> bool:
        return _FOLDER.fullmatch(text) is not None


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Version:
    """`Version.parse`, each text parsed once: a registry names the same few dozen versions in
    thousands of places (folders, requirement lists, cache entries)."""
    return Version._parse_new(text)
