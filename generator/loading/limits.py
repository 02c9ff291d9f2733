"""Size limits for everything a stranger can put in a pull request."""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

#: The most bytes each file of a submission may have.
FILE_LIMITS: dict[str, int] = {
    "PRODUCT.yaml": 64 * KIB,
    "README.md": 1 * MIB,
    "e2e.log": 64 * MIB,
    "junit_01.xml": 32 * MIB,
}

#: Maintainer files are trusted more, but still read with a bound.
CONFIG_LIMIT = 16 * MIB

#: The most YAML nodes one document may expand to (aliases count each time they are used).
YAML_MAX_NODES = 20_000

#: A log line longer than this is read in pieces; the pieces are never joined.
LOG_LINE_LIMIT = 64 * KIB
