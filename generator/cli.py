"""The `certreg` command line: parse, call one function, map the result to an exit code."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import click

from generator import __version__, commands
from generator.loading.problems import ConfigError


class ConfigFailure(click.ClickException):
    """A configuration error, shown as one line naming the file; exit code 2."""

    exit_code = 2

    def __init__(self, error: ConfigError) -> None:
        super().__init__(f"configuration error: {error}")


class _Group(click.Group):
    """Registers every module of generator.commands that defines `command`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{commands.__name__}.{info.name}")
            command = getattr(module, "command", None)
            if isinstance(command, click.Command):
                self.add_command(command)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise ConfigFailure(error) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="certreg")
def cli() -> None:
    """certreg: a certification registry that lives in a git repository."""


def main(argv: list[str] | None = None) -> None:
    """Entry point. Exit codes: 0 good, 1 a check failed, 2 usage or configuration error."""
    cli.main(args=argv, prog_name="certreg")
