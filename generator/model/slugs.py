"""Slugs: the lower-case ASCII names of vendors and products in paths and URLs."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 63
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and _SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """Turn any name into a slug (`taikun (TKS)` -> `taikun-tks`); empty if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rstrip("-")
    return slug
