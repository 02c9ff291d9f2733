"""`certreg import-upstream`: bring a checkout in the upstream vX.Y/<folder>/ layout in."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import find_root
from generator.importer.approvals import read_approvals
from generator.importer.listing import read_existing, read_source
from generator.importer.plan import make_plan
from generator.importer.summary import summary
from generator.importer.write import carry_out


@click.command("import-upstream")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DATA",
    help="The registry's data folder to import into (default: data/ of the registry here).",
)
@click.option("--dry-run", is_flag=True, help="Plan and report, but write nothing.")
def command(src: Path, into: Path | None, dry_run: bool) -> None:
    """Import SRC, a checkout in the upstream layout (vX.Y/<folder>/PRODUCT.yaml ...).

    Submissions are grouped by vendor and product under data/vendors/<vendor>/<product>/vX.Y/,
    with a VENDOR.yaml stub per new vendor awaiting a maintainer's review, the upstream
    approval dates in data/history.yaml (when SRC is a git checkout) and every move in
    data/import-map.yaml. Folders that cannot be imported are reported with the reason; they do
    not change the exit code (0), which is 2 only for usage errors.
    """
    data = (into if into is not None else find_root() / "data").resolve()
    listing = read_source(src)
    if not listing.folders:
        raise click.UsageError(
            f"{src} is not in the upstream layout: it has no vX.Y/<product>/ folders"
        )
    if data.exists() and not data.is_dir():
        raise click.BadParameter(f"{data} is not a folder", param_hint="--into")
    plan = make_plan(listing, read_approvals(src), read_existing(data))
    result = None
    if not dry_run:
        data.mkdir(parents=True, exist_ok=True)
        result = carry_out(plan, src, data)
    click.echo(summary(plan, result, data.name), nl=False)
