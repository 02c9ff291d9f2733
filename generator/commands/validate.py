"""`certreg validate`: check submissions and report every problem in one run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.commands.common import as_of_date, as_of_option, find_root
from generator.gitio.repo import RepositoryError
from generator.report.formats import FORMATS, as_text
from generator.validation import ValidateOptions, validate


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--base", metavar="REF", help="Review the change since the merge base with REF.")
@click.option("--title", metavar="TEXT", help="The pull request's title (with --base).")
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    help="Output format; github when GITHUB_ACTIONS is set, else text.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--online", is_flag=True, help="Also check that the product's URLs answer.")
@click.option("--verbose", "-v", is_flag=True, help="Text format: list passed checks too.")
def command(
    paths: tuple[Path, ...],
    base: str | None,
    title: str | None,
    as_of: str | None,
    fmt: str | None,
    strict: bool,
    online: bool,
    verbose: bool,
) -> None:
    """Check submission folders (default: all of data/vendors).

    Exit code 0 when every check passes, 1 when one fails (or warns, with --strict),
    2 for a usage or configuration error.
    """
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    root = find_root(paths[0] if paths and paths[0].is_dir() else None)
    options = ValidateOptions(
        paths=list(paths), base=base, title=title, review_date=as_of_date(as_of), online=online
    )
    try:
        report = validate(root, options)
    except RepositoryError as error:
        raise click.UsageError(str(error)) from error
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    output = as_text(report, verbose=True) if fmt == "text" and verbose else FORMATS[fmt](report)
    click.echo(output, nl=False)
    failed = not report.ok or (strict and report.has_warnings)
    sys.exit(1 if failed else 0)
