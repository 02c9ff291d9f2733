"""What every subcommand shares: finding the registry root, the date, and usage errors."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from generator.clock import today

PROGRAM = Path("data/program.yaml")


def find_root(start: Path | None = None) -> Path:
    """The registry root: the nearest folder at or above `start` holding data/program.yaml."""
    # abspath, not resolve(): a linked folder inside the registry must not lead out of it
    here = Path(os.path.abspath(start or Path.cwd()))  # noqa: PTH100
    for folder in (here, *here.parents):
        if (folder / PROGRAM).is_file():
            return folder
    raise click.UsageError(
        "no registry here: data/program.yaml was not found in this folder or above it"
    )


def as_of_date(value: str | None) -> dt.date:
    try:
        return today(value)
    except ValueError as error:
        raise click.BadParameter(
            f"{value!r} is not a date of the form YYYY-MM-DD", param_hint="--as-of"
        ) from error


as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Judge as of this date (YYYY-MM-DD); default SOURCE_DATE_EPOCH or today.",
)
