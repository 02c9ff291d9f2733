"""The certification program: releases, the certifiable window and the expiry rule."""

from __future__ import annotations

import calendar
import enum
import functools
from dataclasses import dataclass
from datetime import date

from generator.model.versions import Version


class Level(enum.Enum):
    """How seriously a configurable check is taken."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Release:
    version: Version
    released: date


@dataclass(frozen=True)
class Expiry:
    """When a certification for one version ends, and whether that can still move."""

    on: date
    provisional: bool


@dataclass(frozen=True)
class ExpiryRule:
    """Certified until the later of release + N months and the next minor's release + M months."""

    months_after_release: int = 12
    months_after_next_release: int = 9


@dataclass(frozen=True)
class Program:
    name: str
    short_name: str
    description: str
    sample: bool
    base_url: str
    repository_url: str
    evidence_url: str
    releases: tuple[Release, ...]
    certifiable_versions: int
    expiry: ExpiryRule
    warning_days: int
    product_types: tuple[str, ...]
    requirements_url: str
    single_commit_level: Level

    def release(self, version: Version) -> Release | None:
        for release in self.releases:
            if release.version == version:
                return release
        return None

    def next_release(self, version: Version) -> Release | None:
        """The release that follows `version` (the next minor), if the program knows it."""
        later = [r for r in self.releases if r.version > version]
        return min(later, key=lambda r: r.version) if later else None

    def released_by(self, day: date) -> tuple[Release, ...]:
        return tuple(
            sorted((r for r in self.releases if r.released <= day), key=lambda r: r.version)
        )

    def certifiable_on(self, day: date) -> tuple[Version, ...]:
        """The newest N versions released on `day`, newest first."""
        released = self.released_by(day)
        newest = sorted((r.version for r in released), reverse=True)
        return tuple(newest[: self.certifiable_versions])

    def expiry_of(self, version: Version) -> Expiry | None:
        """When certifications for `version` expire (None: the program does not know it);
        worked out once per version, since every certification of a build asks."""
        if version not in self._expiries:
            self._expiries[version] = self._expiry_of(version)
        return self._expiries[version]

    @functools.cached_property
    def _expiries(self) -> dict[Version, Expiry | None]:
        return {}

    def _expiry_of(self, version: Version) -> Expiry | None:
        release = self.release(version)
        if release is None:
            return None
        own = add_months(release.released, self.expiry.months_after_release)
        following = self.next_release(version)
        if following is None:
            return Expiry(own, provisional=True)
        by_next = add_months(following.released, self.expiry.months_after_next_release)
        return Expiry(max(own, by_next), provisional=False)

    def versions(self) -> tuple[Version, ...]:
        return tuple(sorted(r.version for r in self.releases))
