"""Vendor strings made safe to show, and dates said in words.

Everything a vendor wrote passes through `clean_text` before it reaches a page or a file, and every
vendor URL through `https_url`, so that no string can change the direction of the text around it or
become a link to anything but an https page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) can make a name
# read as something else; other control characters have no place in a name or a sentence.
_HIDDEN = re.compile(r"[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@functools.lru_cache(maxsize=1 << 16)
def clean_text(text: str) -> str:
    """One line of vendor text: no direction overrides, no control characters, single spaces.
    (Pages ask again and again for the same names: the last 65,536 answers are kept.)"""
    return _SPACES.sub(" ", _HIDDEN.sub("", text)).strip()


def clean_block(text: str) -> str:
    """Vendor prose (a README): direction overrides and control characters removed, lines kept."""
    return _HIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def https_url(url: str | None) -> str | None:
    """The URL when it is an absolute https URL with a host, else None (never a link)."""
    return _https_url(url) if url else None


@functools.lru_cache(maxsize=1 << 16)
def _https_url(url: str) -> str | None:
    """(Every page and data file asks about the same few thousand links.)"""
    url = url.strip()
    if _HIDDEN.search(url) or _SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or not parts.hostname:
        return None
    return url


def long_date(day: date) -> str:
    """`17 December 2026`: unambiguous in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def distance(day: date, today: date) -> str:
    """`in 20 days`, `in about 4 months`, `today`, `3 days ago`, `about a year ago`."""
    days = (day - today).days
    if days == 0:
        return "today"
    span = _span(abs(days))
    return f"in {span}" if days > 0 else f"{span} ago"


def _span(days: int) -> str:
    if days < 60:
        return plural(days, "day")
    months = round(days / 30.44)
    if months < 18:
        return f"about {plural(months, 'month')}"
    years = round(days / 365.25)
    return "about a year" if years == 1 else f"about {years} years"


@dataclass(frozen=True)
class DateText:
    """A date as a page shows it: ISO for `<time datetime>`, words for people."""

    iso: str
    words: str
    relative: str

    @classmethod
    def of(cls, day: date, today: date) -> DateText:
        return cls(day.isoformat(), long_date(day), distance(day, today))
