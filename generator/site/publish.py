"""`build_site`: read the whole registry from disk, render the site in memory, swap it in.

Everything on the branch is published: the approved set is what the branch holds. A merged
submission that no longer passes a check stays on the site, and the problem is handed back to the
maintainers as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.checks.runner import check_submission
from generator.gitio.history import certification_dates
from generator.loading.registry import LoadedRegistry, load_registry
from generator.model.findings import Finding, Status
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


def build_site(root: Path, out: Path, base_url: str | None, day: date) -> BuildReport:
    """Build the site of the registry at `root` into `out`, replacing what was there."""
    loaded = load_registry(root, git_dates=certification_dates(root))
    registry = loaded.registry()
    settings = SiteSettings(day, base_url or loaded.program.base_url, root / TEMPLATES)
    files = render_site(registry, settings)
    warnings = maintainer_warnings(loaded, day)
    replace_folder(files, out)
    return BuildReport(
        out=out,
        files=len(files),
        pages=sum(1 for p in files.paths() if p.endswith(".html")),
        products=len(registry.as_known_on(day).products),
        warnings=warnings,
    )


def maintainer_warnings(loaded: LoadedRegistry, day: date) -> tuple[Finding, ...]:
    """What is wrong with published submissions: failed or warned checks, unknown dates."""
    env = environment(loaded, day)
    found: list[Finding] = []
    for files in loaded.submissions:
        report = check_submission(files, env)
        found.extend(f for f in report.findings if f.status in (Status.FAIL, Status.WARN))
    for key in sorted(loaded.undated, key=str):
        message = (
            "no certification date: git history does not show when this was merged and "
            "data/history.yaml has no entry, so it is published as approved today"
        )
        found.append(Finding("certified-on", Status.WARN, message, key.path))
    return tuple(found)
