"""The golden copy of the sample site: how it is built, and where it lives.

Refresh it after an intended change with `make golden` (`python scripts/refresh_golden.py`),
then review the diff like any other change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.site.publish import BuildReport, build_site
from generator.site.write import SiteFiles

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "site"
DAY = date(2026, 11, 27)
BASE_URL = "https://certreg.example.org/"


def build_sample(out: Path) -> BuildReport:
    """Build the repository's sample registry as the golden copy is built."""
    return build_site(ROOT, out, BASE_URL, DAY)


def read_tree(folder: Path) -> SiteFiles:
    files = SiteFiles()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            files.add(path.relative_to(folder).as_posix(), path.read_bytes())
    return files
