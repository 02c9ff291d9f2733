"""Showing untrusted names in messages: quoted, with control and bidi characters made visible."""

from __future__ import annotations

import unicodedata

PLACEHOLDER = "FILL-IN"


def shown(text: str, limit: int = 200) -> str:
    """A name as it may appear in a message: quoted, shortened, no control characters."""
    cleaned = "".join(
        ch if unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in text
    )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return f"'{cleaned}'"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
