"""Rebuild tests/golden/site/ from the sample registry in data/ (as of 2026-11-27).

Run it (`make golden`) after an intended change to the site, then review `git diff tests/golden`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.site.golden import DAY, GOLDEN, ROOT, build_sample


def main() -> int:
    report = build_sample(GOLDEN)
    for warning in report.warnings:
        print(f"warning: {warning.file}: [{warning.check}] {warning.message}", file=sys.stderr)
    print(f"Refreshed {GOLDEN.relative_to(ROOT)}: {report.files} files as of {DAY}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
