"""`certreg requirements`: keep data/conformance/ in step with the official lists."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from generator.clock import today
from generator.commands.common import find_root
from generator.loading.limits import CONFIG_LIMIT
from generator.loading.problems import ConfigError
from generator.loading.program import load_program
from generator.loading.requirements import CONFORMANCE_DIR, parse_requirements
from generator.model.versions import Version


def _version(text: str) -> Version:
    parsed = Version.parse_lenient(text)
    if parsed is None:
        raise click.BadParameter(f"{text!r} is not a version such as v1.35")
    return parsed


def _store(root: Path, version: Version, data: bytes, source: str) -> str:
    """Check the list and write it byte for byte, replacing the old one in one step."""
    rel = f"{CONFORMANCE_DIR}/{version}.yaml"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(source, "is not UTF-8 text") from error
    listed = parse_requirements(text, version, source)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".sync-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    Path(tmp).replace(target)
    return f"{rel}: {len(listed.required())} tests required for {version}"


@click.group("requirements")
def command() -> None:
    """Maintain the official lists of required tests in data/conformance/."""


@command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--version", "version_text", required=True, metavar="vX.Y")
def import_list(file: Path, version_text: str) -> None:
    """Check FILE (an upstream conformance.yaml) and store it as the list for vX.Y."""
    root = find_root()
    if file.stat().st_size > CONFIG_LIMIT:
        raise ConfigError(str(file), f"is larger than {CONFIG_LIMIT} bytes")
    click.echo(_store(root, _version(version_text), file.read_bytes(), str(file)))


@command.command("sync")
@click.argument("versions", nargs=-1)
@click.option(
    "--url",
    "template",
    metavar="TEMPLATE",
    help="Override program.yaml's requirements URL; {version} becomes 1.35.",
)
def sync(versions: tuple[str, ...], template: str | None) -> None:
    """Download the official lists (default: every certifiable release) into data/conformance/."""
    from generator.netio import download  # the network only when asked

    root = find_root()
    program = load_program(root)
    wanted = (
        [_version(v) for v in versions] if versions else sorted(program.certifiable_on(today()))
    )
    template = template or program.requirements_url
    failed = False
    for version in wanted:
        url = template.replace("{version}", version.plain)
        try:
            click.echo(_store(root, version, download(url), url))
        except (OSError, ConfigError) as error:
            failed = True
            click.echo(f"certreg: {version}: {error}", err=True)
    if failed:
        raise SystemExit(2)
