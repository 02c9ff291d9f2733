"""Browser tests: the built sample site served locally, driven by Debian's Chromium.

A missing browser skips these tests with a reason, except in CI (env CI set), where it fails.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, sync_playwright

from generator.site.build import SiteSettings, render_site
from generator.site.server import make_server
from generator.site.write import replace_folder
from tests.site import sample
from tests.site.conftest import TEMPLATES
from tests.site.golden import build_sample

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI installs the chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium to run these)")
    return CHROMIUM


def _serve(folder: Path) -> Iterator[str]:
    server = make_server(folder, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample registry in data/, built as the golden copy is."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build_sample(out)
    yield from _serve(out)


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small Python-built registry, whose vendor writes script into every field."""
    out = tmp_path_factory.mktemp("hostile") / "site"
    settings = SiteSettings(sample.DAY, sample.BASE_URL, TEMPLATES)
    replace_folder(render_site(sample.registry(), settings), out)
    yield from _serve(out)


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors, script errors, other origins, dialogs."""

    origin: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        if not request.url.startswith((self.origin, "data:", "about:")):
            self.outside.append(request.url)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside
        assert self.dialogs == [], self.dialogs


def open_page(browser: Browser, origin: str, **options: object) -> tuple[Page, Watch]:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    page = context.new_page()
    watch = Watch(origin)
    watch.attach(page)
    return page, watch


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
