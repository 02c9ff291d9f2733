"""`certreg serve`: look at the built site locally, rebuilding it when the registry changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import click

from generator.clock import today
from generator.commands.common import find_root
from generator.loading.problems import ConfigError
from generator.site.publish import build_site
from generator.site.server import make_server
from generator.site.write import WriteError

WATCHED = ("data", "templates")
POLL_SECONDS = 1.0


@click.command("serve")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The built site (default: site/ in the registry).",
)
@click.option(
    "--watch/--no-watch",
    default=True,
    show_default=True,
    help="Rebuild the site when data/ or templates/ change.",
)
def command(port: int, host: str, folder: Path | None, watch: bool) -> None:
    """Serve the built site on this machine (run `certreg build` first)."""
    root = find_root()
    site = folder if folder is not None else root / "site"
    if not (site / "index.html").is_file():
        raise click.UsageError(f"no built site in {site}: run `certreg build` first")
    server = make_server(site, host, port)
    if watch:
        rebuild = rebuilder(root, site)
        threading.Thread(
            target=watch_loop, args=(root, rebuild, threading.Event()), daemon=True
        ).start()
    click.echo(f"Serving {site} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


def rebuilder(root: Path, site: Path) -> Callable[[], None]:
    """Rebuild into the served folder; a failure keeps the previous site and says why."""

    def rebuild() -> None:
        try:
            report = build_site(root, site, None, today())
        except (ConfigError, WriteError, OSError) as error:
            click.echo(f"rebuild failed, still serving the previous site: {error}", err=True)
            return
        click.echo(f"Rebuilt: {report.pages} pages, {len(report.warnings)} warnings.")

    return rebuild


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of everything that goes into the site."""
    found = []
    for name in WATCHED:
        for path in sorted((root / name).rglob("*")):
            if path.is_file():
                stat = path.stat()
                found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def watch_loop(
    root: Path, rebuild: Callable[[], None], stop: threading.Event, interval: float = POLL_SECONDS
) -> None:
    """Call `rebuild` after each change under data/ or templates/, until `stop` is set."""
    seen = fingerprint(root)
    while not stop.wait(interval):
        now = fingerprint(root)
        if now != seen:
            seen = now
            rebuild()
