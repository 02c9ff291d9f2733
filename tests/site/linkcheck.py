"""Every internal link and resource of a built site must exist (used by tests and the golden test)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator.site.write import SiteFiles

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def target_file(page_file: str, href: str, base_path: str) -> tuple[str, str] | None:
    """The site file an internal link points at, and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_file, parts.fragment
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return ("<outside the base path>" + parts.path, parts.fragment)
        path = parts.path[len(base_path) :]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), unquote(parts.path)))
        path = "" if path == "." else path
        if parts.path.endswith("/") and path:
            path += "/"
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, parts.fragment


def broken_links(files: SiteFiles, base_path: str = "/") -> list[str]:
    pages = {p: parse(files[p].decode("utf-8")) for p in files.paths() if p.endswith(".html")}
    broken = []
    for page, found in pages.items():
        for href in found.links:
            target = target_file(page, href, base_path)
            if target is None:
                continue
            path, fragment = target
            if path not in files:
                broken.append(f"{page}: {href} -> {path} does not exist")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{page}: {href} -> no id {fragment!r} in {path}")
    return broken
