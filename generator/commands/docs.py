"""`certreg docs`: regenerate docs/checks.md from the rule registry."""

from __future__ import annotations

import sys

import click

from generator.checks.docs import DOC_FILE, checks_markdown
from generator.commands.common import find_root


@click.command("docs")
@click.option("--check", is_flag=True, help="Exit 1 if docs/checks.md is out of date.")
def command(check: bool) -> None:
    """Write docs/checks.md from the checks' own documentation."""
    target = find_root() / DOC_FILE
    fresh = checks_markdown()
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if check:
        if current != fresh:
            click.echo(f"{DOC_FILE} is out of date: run certreg docs", err=True)
            sys.exit(1)
        click.echo(f"{DOC_FILE} is up to date")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fresh, encoding="utf-8")
    click.echo(f"wrote {DOC_FILE}")
