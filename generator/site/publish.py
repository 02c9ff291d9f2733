"""`build_site`: read the whole registry from disk, render the site in memory, swap it in;
or, when no input has changed since the build that made the output folder, nothing at all.

Everything on the branch is published: the approved set is what the branch holds. A merged
submission that no longer passes a check stays on the site, and the problem is handed back to the
maintainers as a warning.

This module tells whether there is anything to do before it imports the machinery that does it
(generator/site/pipeline.py): a build with nothing to do costs little more than starting Python.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.loading.cache import Cache, registry_cache
from generator.loading.filekeys import FileKeys
from generator.model.findings import Finding, finding_from_json, finding_to_json
from generator.site.uptodate import Summary, look_at_inputs, record, unchanged

TEMPLATES = "templates"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    files: int
    pages: int
    products: int
    warnings: tuple[Finding, ...]
    written: int = 0  # files written into the new site
    reused: int = 0  # files that already held their bytes
    checked: int = 0  # submissions checked from their files
    unchanged: int = 0  # submissions whose verdict came from the cache
    parsed: int = 0  # submissions whose result files were read
    submissions: int = 0  # submission folders found
    up_to_date: bool = False  # nothing changed since the build that made `out`
    pruned: int = 0  # cache files removed, unused for two weeks (see Cache.prune)


def build_site(
    root: Path,
    out: Path,
    base_url: str | None,
    day: date,
    jobs: int | None = None,
    cache: bool = True,
    force: bool = False,
) -> BuildReport:
    """Build the site of the registry at `root` into `out`, replacing what was there.

    What was worked out of each submission is kept in `.cache/certreg/` (unless `cache` is
    false), so that a rebuild reads only the submissions that changed; result files not cached
    are read, and the pages of a large site rendered, in `jobs` processes (default: every
    core). With the cache, the previous site is kept beside `out` and the next build writes
    only the files that differ into it; and when no input has changed since the build that
    made `out` (see generator/site/uptodate.py), nothing is read or written at all, unless
    `force`.
    """
    if not cache:
        from generator.site.pipeline import make_site  # the whole generator: only when needed

        return make_site(root, out, base_url, day, jobs, cache)
    options = {"day": day.isoformat(), "base_url": base_url or "", "out": str(out.absolute())}
    with ThreadPoolExecutor(1) as aside:
        # git's index is read while the inputs are walked: git runs beside this process.
        asked = aside.submit(FileKeys.of, root, ("data",))
        inputs = look_at_inputs(root, ("data", TEMPLATES), options)
        keys = asked.result()
    records = registry_cache(root, refused=keys.cache_committed)
    stamp = inputs.stamp if records.enabled else None
    if stamp is not None and not force and (report := _unchanged(records, out, stamp)):
        return report
    from generator.site.pipeline import make_site

    report = make_site(root, out, base_url, day, jobs, cache, inputs.listing, keys)
    if stamp is not None:
        summary = Summary(
            files=report.files,
            pages=report.pages,
            products=report.products,
            submissions=report.submissions,
            warnings=[finding_to_json(f) for f in report.warnings],
        )
        record(records, out, stamp, summary)
    return report


def _unchanged(records: Cache, out: Path, stamp: str) -> BuildReport | None:
    summary = unchanged(records, out, stamp)
    if summary is None:
        return None
    try:
        warnings = tuple(finding_from_json(item) for item in summary.warnings)
    except (ValueError, TypeError):
        return None
    return BuildReport(
        out=out,
        files=summary.files,
        pages=summary.pages,
        products=summary.products,
        warnings=warnings,
        written=0,
        reused=summary.files,
        checked=0,
        unchanged=summary.submissions,
        submissions=summary.submissions,
        up_to_date=True,
    )
