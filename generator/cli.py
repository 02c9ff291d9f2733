"""The `certreg` command line: parse, call one function, map the result to an exit code."""

from __future__ import annotations

import gc
import importlib
import pkgutil
from typing import Any

import click

from generator import __version__, commands
from generator.loading.problems import ConfigError

#: The cycle collector's thresholds (the interpreter's default: 700, 10, 10). The youngest
#: generation is collected once a million more container objects have been made than freed:
#: never in a rebuild at 3,000 submissions (which stays under 200,000), now and then in a
#: cold build. Cycles left for it are few (about 1,500 objects in such a rebuild), and the
#: threshold bounds how many can wait.
GC_THRESHOLDS = (1_000_000, 20, 20)


class ConfigFailure(click.ClickException):
    """A configuration error, shown as one line naming the file; exit code 2."""

    exit_code = 2

    def __init__(self, error: ConfigError) -> None:
        super().__init__(f"configuration error: {error}")


class _Group(click.Group):
    """Finds each subcommand in the module of generator.commands named after it (`import-upstream`
    in import_upstream.py), imported only when that command runs, so that `certreg validate`
    does not pay for the site generator's imports."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = [info.name.replace("_", "-") for info in pkgutil.iter_modules(commands.__path__)]
        return sorted(name for name in names if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = cmd_name.replace("-", "_")
        if not module_name.isidentifier() or module_name.startswith("_"):
            return None
        if module_name not in {info.name for info in pkgutil.iter_modules(commands.__path__)}:
            return None
        module = importlib.import_module(f"{commands.__name__}.{module_name}")
        command = getattr(module, "command", None)
        return command if isinstance(command, click.Command) else None

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
    # A run over a large registry makes hundreds of thousands of objects that live to its end;
    # each collection of the youngest generation walks those made since the one before, and
    # with the default thresholds older generations walk them all again and again (a third of
    # a rebuild's time at 3,000 submissions; with 50,000 for the first threshold, still three
    # collections and 30-45 ms). Cycles are still collected, less often: memory stays bounded.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli.main(args=argv, prog_name="certreg")
    finally:
        # The interpreter's last act is a full collection over every object still alive: for
        # a build of 3,000 submissions, a tenth of a second spent finding no garbage. What is
        # alive now lives until the process ends, so it is left out of that walk.
        gc.freeze()
