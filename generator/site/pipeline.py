"""The full build: read the registry, check what changed, render the site, swap it in.

Each submission is read once: one pass gives both its certification for the site and the
findings of the checks, from the same digest of its results, and then forgets its files; and
not at all when its verdict from an earlier run still holds (see generator/verdicts.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.loading.filekeys import FileKeys
from generator.loading.listing import Listing
from generator.loading.registry import LoadedRegistry, assemble, certify, load_registry
from generator.model.findings import Finding, Status
from generator.model.registry import Certification
from generator.site.build import SiteSettings, render_site
from generator.site.publish import TEMPLATES, BuildReport
from generator.site.write import replace_folder
from generator.validation import environment
from generator.verdicts import Verdicts


def make_site(
    root: Path,
    out: Path,
    base_url: str | None,
    day: date,
    jobs: int | None,
    cache: bool,
    listing: Listing | None = None,
    keys: FileKeys | None = None,
) -> BuildReport:
    """Build the site; `listing` and `keys`, when given, hold what the folders under data/
    held and what git's index said of them when the build began, so that neither is asked
    again."""
    loaded = load_registry(
        root, dates_from_git=True, jobs=jobs, cache=cache, listing=listing, keys=keys
    )
    verdicts = Verdicts(loaded, environment(loaded, day), keep=(Status.FAIL, Status.WARN))
    certifications, warnings = survey(loaded, verdicts)
    registry = assemble(loaded, certifications)
    settings = SiteSettings(day, base_url or loaded.program.base_url, root / TEMPLATES)
    store = loaded.store
    files = render_site(
        registry, settings, jobs=store.jobs if store else 1, cache=store.cache if store else None
    )
    stats = replace_folder(files, out, reuse=cache, cache=store.cache if store else None)
    pruned = loaded.prune_cache()
    return BuildReport(
        out=out,
        files=len(files),
        pages=sum(1 for p in files.paths() if p.endswith(".html")),
        products=len(registry.as_known_on(day).products),
        submissions=len(loaded.submissions),
        warnings=warnings,
        written=stats.written,
        reused=stats.reused,
        checked=verdicts.worked_out,
        unchanged=verdicts.reused,
        parsed=loaded.store.parsed if loaded.store is not None else 0,
        pruned=pruned,
    )


def survey(
    loaded: LoadedRegistry, verdicts: Verdicts
) -> tuple[list[Certification], tuple[Finding, ...]]:
    """One pass over the submissions: the certifications to publish, and the maintainers'
    warnings (failed or warned checks, unknown dates)."""
    certifications: list[Certification] = []
    found: list[Finding] = []
    for files, verdict in verdicts.each(loaded.submissions):
        report = verdict.report
        found.extend(f for f in report.findings if f.status in (Status.FAIL, Status.WARN))
        key = files.folder.key
        cert = certify(loaded, key, verdict.facts) if key and verdict.facts else None
        if cert is not None:
            certifications.append(cert)
    for key in sorted(loaded.undated, key=str):
        message = (
            "no certification date: git history does not show when this was merged and "
            "data/history.yaml has no entry, so it is published as approved today"
        )
        found.append(Finding("certified-on", Status.WARN, message, key.path))
    return certifications, tuple(found)
