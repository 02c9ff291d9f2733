"""Normalised vendor and product names, so that spellings of one name group together.

"UCloud" and "Ucloud", "Replicated, Inc." and "Replicated Inc", "taikun.cloud a.s" and
"Taikun.cloud" are one vendor each: names are case-folded, punctuation becomes a space, spaces
collapse, and for vendors trailing legal-form words (Inc, LLC, GmbH, Co., Ltd. ...) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Legal forms as words after punctuation is removed ("S.A." -> "s a", "Co., Ltd." -> "co ltd");
# they are dropped from the end of a vendor name, repeatedly ("Pvt. Ltd." -> "").
_LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(form.split())
    for form in (
        "inc",
        "incorporated",
        "llc",
        "l l c",
        "llp",
        "lp",
        "ltd",
        "limited",
        "gmbh",
        "co",
        "corp",
        "corporation",
        "s a",
        "sa",
        "a s",
        "as",
        "ag",
        "bv",
        "b v",
        "nv",
        "n v",
        "plc",
        "pvt",
        "pte",
        "pty",
        "kk",
        "k k",
        "srl",
        "s r l",
        "sro",
        "s r o",
        "spa",
        "s p a",
        "sas",
        "oy",
        "ab",
        "kft",
        "se",
    )
)
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The case-folded words of a name; punctuation and underscores separate words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [word for part in _WORD.findall(folded) for word in part.split("_") if word]


def product_key(name: str) -> str:
    """Names of one product compare equal here: `MSAP.ai` and `msap ai`."""
    return " ".join(words(name))


def vendor_key(name: str) -> str:
    """Names of one vendor compare equal here: `SUSE, LLC` and `Suse` are both `suse`."""
    found = words(name)
    stripped = True
    while stripped:
        stripped = False
        for form in _LEGAL_FORMS:
            if len(found) > len(form) and tuple(found[-len(form) :]) == form:
                found = found[: -len(form)]
                stripped = True
                break
    return " ".join(found)


def most_common(spellings: Iterable[str]) -> str:
    """The spelling used most often; on a tie, the one seen last (the newest submission)."""
    ordered = list(spellings)
    if not ordered:
        raise ValueError("no spellings to choose from")
    counts = Counter(ordered)
    best = max(counts.values())
    return next(s for s in reversed(ordered) if counts[s] == best)
