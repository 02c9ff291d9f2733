"""A local web server for the built site, with the 404 page the public host would give."""

from __future__ import annotations

import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.site.urls import NOT_FOUND


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder; quiet; no caching, so a rebuild shows at once."""

    extensions_map = {  # noqa: RUF012 - the base class declares it as a class attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
        ".json": "application/json",
        ".csv": "text/csv; charset=utf-8",
        ".js": "text/javascript",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    """A server for `folder` on host:port (port 0 picks a free one); call serve_forever()."""
    handler = functools.partial(SiteHandler, directory=str(folder))
    return ThreadingHTTPServer((host, port), handler)
