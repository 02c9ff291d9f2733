"""`certreg new`: start a submission from a Sonobuoy result tarball."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from generator.checks.text import PLACEHOLDER
from generator.commands.common import as_of_date, as_of_option, find_root
from generator.loading.e2elog import read_e2e_log
from generator.loading.program import load_program
from generator.loading.submission import VENDORS_DIR
from generator.loading.tarball import TarballError, extract_results
from generator.loading.vendors import load_vendor
from generator.model.slugs import is_slug
from generator.model.versions import Version
from generator.report.formats import as_text
from generator.validation import ValidateOptions, validate

PRODUCT_TEMPLATE = """\
# What the public listing says about your product. Replace every {mark} value.
# Schema: schemas/product.schema.json
vendor: {vendor}
name: {name}
version: '{mark}: your product version, not the Kubernetes version'
type: '{mark}: one of {types}'
description: '{mark}: one or two sentences about the product'
website_url: '{mark}: https://...'
documentation_url: '{mark}: https://...'
contact_email_address: '{mark}: an address for the program to write to'
# Optional:
# repo_url: https://...
# product_logo_url: https://.../logo.svg
"""

README_TEMPLATE = """\
# {name} on Kubernetes {version}

{mark}: say how to reproduce these results: how to create the cluster, then how to run the
conformance tests on it.

## Create a cluster

{mark}

## Run the conformance tests

```shell
sonobuoy run --mode=certified-conformance
sonobuoy status
outfile=$(sonobuoy retrieve)
```
"""


def _title(version: Version, vendor: str, product: str) -> str:
    return f"Conformance results for {version}/{vendor}/{product}"


@click.command("new")
@click.option(
    "--from",
    "tarball",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The Sonobuoy result tarball (sonobuoy retrieve).",
)
@click.option("--vendor", required=True, help="Your vendor slug (the folder under data/vendors).")
@click.option("--product", required=True, help="The product's slug, e.g. acme-kubernetes.")
@click.option(
    "--version",
    "version_text",
    metavar="vX.Y",
    help="The Kubernetes release; detected from the results when not given.",
)
@as_of_option
def command(
    tarball: Path, vendor: str, product: str, version_text: str | None, as_of: str | None
) -> None:
    """Create data/vendors/VENDOR/PRODUCT/vX.Y/ from a Sonobuoy tarball and check it."""
    for what, slug in (("--vendor", vendor), ("--product", product)):
        if not is_slug(slug):
            raise click.BadParameter(
                "use lower-case letters, digits and single hyphens", param_hint=what
            )
    root = find_root()
    with tempfile.TemporaryDirectory(prefix="certreg-new-") as scratch:
        try:
            extracted = extract_results(tarball, Path(scratch))
        except TarballError as error:
            raise click.UsageError(str(error)) from error
        version = _version(version_text, extracted.files["e2e.log"], extracted.server_version)
        folder = root / VENDORS_DIR / vendor / product / str(version)
        if folder.exists():
            raise click.UsageError(f"{folder.relative_to(root)} exists already")
        folder.mkdir(parents=True)
        for name, path in extracted.files.items():
            shutil.move(str(path), folder / name)
    _write_templates(root, folder, vendor, product, version)
    report = validate(root, ValidateOptions(paths=[folder], review_date=as_of_date(as_of)))
    click.echo(f"Created {folder.relative_to(root)}/ from {tarball.name}.\n")
    click.echo(as_text(report), nl=False)
    click.echo(
        f"\nReplace the {PLACEHOLDER} values in PRODUCT.yaml and README.md, run "
        "`certreg validate --base origin/main`, then open a pull request titled:\n\n"
        f"  {_title(version, vendor, product)}"
    )


def _version(text: str | None, log: Path, server: Version | None) -> Version:
    if text:
        try:
            return Version.parse(text)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--version") from error
    found = read_e2e_log(log)
    for line in (found.e2e_version, found.apiserver_version):
        version = Version.parse_lenient(line.text) if line else None
        if version is not None:
            return version
    if server is not None:
        return server
    raise click.UsageError(
        "the results do not name their Kubernetes version (a succinct log): "
        "give it with --version vX.Y"
    )


def _write_templates(root: Path, folder: Path, vendor: str, product: str, version: Version) -> None:
    record = load_vendor(root, vendor)
    legal = record.vendor.name if record.vendor else f"{PLACEHOLDER}: your legal name"
    offering = (
        record.vendor.offerings[0].name
        if record.vendor and record.vendor.offerings
        else f"{PLACEHOLDER}: the product name on your participation form"
    )
    types = ", ".join(load_program(root).product_types)
    (folder / "PRODUCT.yaml").write_text(
        PRODUCT_TEMPLATE.format(
            mark=PLACEHOLDER, vendor=_quoted(legal), name=_quoted(offering), types=types
        ),
        encoding="utf-8",
    )
    (folder / "README.md").write_text(
        README_TEMPLATE.format(mark=PLACEHOLDER, name=offering, version=version), encoding="utf-8"
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
