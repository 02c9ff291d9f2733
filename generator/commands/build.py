"""`certreg build`: render the public site from everything in the registry."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from generator.commands.common import as_of_date, as_of_option, find_root
from generator.model.findings import Finding
from generator.report.workflow import escape_data, escape_property
from generator.site.publish import build_site
from generator.site.urls import normal_base_url
from generator.site.write import WriteError


@click.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: site/ in the registry). Replaced as a whole.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Where the site is served (default: site.base_url in data/program.yaml).",
)
@as_of_option
@click.option("--strict", is_flag=True, help="Exit 1 when a published submission has a problem.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes that read result files not yet in the cache (default: one per core).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every result file, and keep nothing in .cache/certreg/.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Build even when no input has changed since the build that made the output folder.",
)
def command(
    out: Path | None,
    base_url: str | None,
    as_of: str | None,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
    force: bool,
) -> None:
    """Build the site: pages, badges, API, feed; then replace the output folder in one step.

    A merged submission that no longer passes a check is still published; the problem is
    listed as a warning. What was worked out of each submission is kept in .cache/certreg/
    (ignored by git), so that a rebuild reads only the submissions that changed; the previous
    site is kept beside the output (.site.spare for site/), so that files of the site that have
    not changed are not written again; pages are rendered only when what they show changed; and
    when no input at all has changed since the build that made the output folder, nothing is
    done (--force builds anyway).
    """
    root = find_root()
    day = as_of_date(as_of)
    if base_url is not None:
        try:
            base_url = normal_base_url(base_url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--base-url") from error
    target = out if out is not None else root / "site"
    started = time.perf_counter()
    try:
        report = build_site(root, target, base_url, day, jobs=jobs, cache=not no_cache, force=force)
    except WriteError as error:
        raise click.UsageError(str(error)) from error
    except Exception as error:
        import jinja2  # already loaded by any build that got as far as rendering

        if not isinstance(error, jinja2.TemplateError):
            raise
        where = getattr(error, "filename", None) or "templates"
        raise click.ClickException(
            f"{where}: {error}; nothing was written, the previous site is unchanged"
        ) from error
    seconds = time.perf_counter() - started
    for finding in report.warnings:
        click.echo(warning_line(finding), err=True)
    made = (
        f"{report.pages} pages and {report.files - report.pages} other files for "
        f"{report.products} products"
    )
    if report.up_to_date:
        headline = (
            f"The site in {target} is up to date as of {day} ({made}): no input has changed "
            f"since the build that made it, so nothing was read or written ({seconds:.2f}s)"
        )
    else:
        headline = f"Built {made} into {target} as of {day} in {seconds:.2f}s"
    click.echo(
        f"{headline}{f'; {len(report.warnings)} warnings' if report.warnings else ''}.\n"
        f"{report.checked} submissions checked ({report.parsed} with result files read), "
        f"{report.unchanged} unchanged; {report.written} files written, {report.reused} "
        "unchanged.\n"
        f"Open {target / 'index.html'} in a browser, or run `certreg serve`."
    )
    if report.pruned:
        # (not checks.text.plural: importing the checks would slow a build with nothing to do)
        entries = "cache entry" if report.pruned == 1 else "cache entries"
        click.echo(
            f"Removed {report.pruned} {entries} that no run had used for two weeks "
            "(.cache/certreg/)."
        )
    sys.exit(1 if strict and report.warnings else 0)


def warning_line(finding: Finding) -> str:
    """A warning for the terminal, or an annotation when running in GitHub Actions."""
    where = finding.file or ""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        line = f",line={finding.line}" if finding.line else ""
        title = escape_property(finding.check)
        return f"::warning file={escape_property(where)}{line},title={title}::" + escape_data(
            finding.message
        )
    location = f"{where}:{finding.line}" if finding.line else where
    return f"warning: {location}: [{finding.check}] {finding.message}"
