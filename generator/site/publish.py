"""`build_site`: read the whole registry from disk, render the site in memory, swap it in.

Everything on the branch is published: the approved set is what the branch holds. A merged
submission that no longer passes a check stays on the site, and the problem is handed back to the
maintainers as a warning.

Each submission is read once: one pass gives both its certification for the site and the
findings of the checks, from the same digest of its results, and then forgets its files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.checks.runner import check_submission
from generator.loading.registry import LoadedRegistry, assemble, certification, load_registry
from generator.model.findings import Finding, Status
from generator.model.registry import Certification
from generator.site.build import SiteSettings, render_site
from generator.site.write import replace_folder
from generator.validation import environment

TEMPLATES = "templates"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    files: int
    pages: int
    products: int
    warnings: tuple[Finding, ...]
    written: int = 0  # files written into the new site
    reused: int = 0  # files kept, unchanged, from the previous site
    parsed: int = 0  # submissions whose result files were read
    cached: int = 0  # submissions whose results came from the cache


def build_site(
    root: Path,
    out: Path,
    base_url: str | None,
    day: date,
    jobs: int | None = None,
    cache: bool = True,
) -> BuildReport:
    """Build the site of the registry at `root` into `out`, replacing what was there.

    Result files are read in `jobs` processes (default: every core) where `.cache/certreg/`
    does not already hold their digests (and the cache is not switched off with `cache`).
    """
    loaded = load_registry(root, dates_from_git=True, jobs=jobs, cache=cache)
    certifications, warnings = survey(loaded, day)
    registry = assemble(loaded, certifications)
    settings = SiteSettings(day, base_url or loaded.program.base_url, root / TEMPLATES)
    files = render_site(registry, settings)
    stats = replace_folder(files, out, reuse=cache)
    store = loaded.store
    return BuildReport(
        out=out,
        files=len(files),
        pages=sum(1 for p in files.paths() if p.endswith(".html")),
        products=len(registry.as_known_on(day).products),
        warnings=warnings,
        written=stats.written,
        reused=stats.reused,
        parsed=store.parsed if store is not None else 0,
        cached=store.cached if store is not None else 0,
    )


def survey(loaded: LoadedRegistry, day: date) -> tuple[list[Certification], tuple[Finding, ...]]:
    """One pass over the submissions: the certifications to publish, and the maintainers'
    warnings (failed or warned checks, unknown dates)."""
    env = environment(loaded, day)
    certifications: list[Certification] = []
    found: list[Finding] = []
    for files in loaded.stream():
        report = check_submission(files, env)
        found.extend(f for f in report.findings if f.status in (Status.FAIL, Status.WARN))
        cert = certification(loaded, files)
        if cert is not None:
            certifications.append(cert)
    for key in sorted(loaded.undated, key=str):
        message = (
            "no certification date: git history does not show when this was merged and "
            "data/history.yaml has no entry, so it is published as approved today"
        )
        found.append(Finding("certified-on", Status.WARN, message, key.path))
    return certifications, tuple(found)


def maintainer_warnings(loaded: LoadedRegistry, day: date) -> tuple[Finding, ...]:
    """What is wrong with published submissions: failed or warned checks, unknown dates."""
    return survey(loaded, day)[1]
