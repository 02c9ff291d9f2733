"""Where every page and file lives, and links between them.

Pages link to each other with relative URLs, so that the site works wherever it is served (the public
host, a sub-path, `certreg serve`, a folder opened from disk). Absolute URLs, from the base URL, go
only where a reader outside the site needs them: feed, sitemap, canonical links, badge snippets.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.model.registry import SubmissionKey
from generator.model.versions import Version

HOME = ""
API_JSON = "api/v1/registry.json"
API_CSV = "api/v1/certifications.csv"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
EVIDENCE_FILES = ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")


def product_page(vendor: str, product: str) -> str:
    return f"products/{vendor}/{product}/"


def vendor_page(vendor: str) -> str:
    return f"vendors/{vendor}/"


def version_page(version: Version) -> str:
    return f"versions/{version}/"


def badge_file(vendor: str, product: str) -> str:
    return f"badges/{vendor}/{product}.svg"


def static_file(name: str) -> str:
    return f"static/{name}"


def output_file(page: str) -> str:
    """The file a page is written to: `products/a/b/` -> `products/a/b/index.html`."""
    return page + "index.html" if page == "" or page.endswith("/") else page


def normal_base_url(url: str) -> str:
    """The base URL with exactly one trailing slash; raise ValueError unless http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the base URL must be an absolute http(s) URL, not {url!r}")
    return url.strip().rstrip("/") + "/"


@dataclass(frozen=True)
class Links:
    """Links as seen from one page (or file) of the site."""

    base_url: str
    page: str
    evidence_url: str
    fixed_root: str | None = None

    @property
    def root(self) -> str:
        """The way from this page back to the site root: relative, unless fixed (404.html)."""
        if self.fixed_root is not None:
            return self.fixed_root
        return "../" * self.page.count("/")

    def to(self, target: str) -> str:
        """A relative link from this page to another page or file of the site."""
        return (self.root + target) or "./"

    def absolute(self, target: str) -> str:
        return self.base_url + target

    def evidence(self, key: SubmissionKey, name: str) -> str:
        """The URL of one file of a submission in the repository."""
        return self.evidence_url.replace("{path}", f"{key.path}/{name}")

    def at(self, page: str) -> Links:
        return Links(self.base_url, page, self.evidence_url)

    def rooted(self) -> Links:
        """Links from a page served at any path: root-relative to the base URL's path."""
        return Links(self.base_url, self.page, self.evidence_url, self.base_path())

    def host(self) -> str:
        return urlsplit(self.base_url).hostname or "localhost"

    def base_path(self) -> str:
        """The path the site is served under (`/` or `/registry/`), for 404.html."""
        return urlsplit(self.base_url).path or "/"
