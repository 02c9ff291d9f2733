"""Who may change what, defined once: a vendor's pull request changes the files of one
submission folder; every other file of the repository is the maintainers' to change."""

from __future__ import annotations

import enum
import fnmatch
from dataclasses import dataclass

from generator.loading.ledgers import HISTORY_FILE, REVOCATIONS_FILE
from generator.loading.program import PROGRAM_FILE
from generator.loading.requirements import CONFORMANCE_DIR
from generator.loading.submission import VENDOR_FILE, VENDORS_DIR

#: The maintainers' files, each with what it is; anything else outside data/vendors/ is theirs
#: too (the code, the templates, the workflows).
MAINTAINERS_ONLY: tuple[tuple[str, str], ...] = (
    (PROGRAM_FILE, "the program's definition"),
    (f"{CONFORMANCE_DIR}/*", "a requirement list"),
    (REVOCATIONS_FILE, "the list of revoked certifications"),
    (HISTORY_FILE, "the ledger of certification dates"),
    (f"{VENDORS_DIR}/*/{VENDOR_FILE}", "a vendor's record"),
)
OUTSIDE_VENDORS = f"outside {VENDORS_DIR}/"


class Area(enum.Enum):
    SUBMISSION = "submission"  # inside data/vendors/<vendor>/<product>/<version>/
    MAINTAINERS = "maintainers"  # a maintainers' file
    STRAY = "stray"  # under data/vendors/ but in no submission folder, and not a vendor record


@dataclass(frozen=True)
class Place:
    """Where a repository path belongs."""

    area: Area
    folder: str | None = None  # the submission folder, for Area.SUBMISSION
    what: str = ""  # what a maintainers' file is, for Area.MAINTAINERS


def place_of(path: str) -> Place:
    """Where `path` (relative to the repository's top, with `/`) belongs."""
    for pattern, what in MAINTAINERS_ONLY:
        if fnmatch.fnmatchcase(path, pattern) and path.count("/") == pattern.count("/"):
            return Place(Area.MAINTAINERS, what=what)
    prefix = VENDORS_DIR + "/"
    if not path.startswith(prefix):
        return Place(Area.MAINTAINERS, what=f"a file {OUTSIDE_VENDORS}")
    parts = path[len(prefix) :].split("/")
    if len(parts) >= 3:
        return Place(Area.SUBMISSION, folder=prefix + "/".join(parts[:3]))
    return Place(Area.STRAY)


def is_maintainers_only(path: str) -> bool:
    return place_of(path).area is Area.MAINTAINERS
