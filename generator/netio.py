"""The network, at the edge: only `certreg validate --online` and `requirements sync` use it."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

TIMEOUT = 10.0
MAX_DOWNLOAD = 16 * 1024 * 1024


@dataclass(frozen=True)
class ProbeResult:
    status: int = 0
    content_type: str = ""
    error: str = ""


def _request(url: str, agent: str) -> urllib.request.Request:
    if not url.lower().startswith(("https://", "http://")):
        raise ValueError(f"only http(s) URLs are fetched, not {url[:40]!r}")
    return urllib.request.Request(url, headers={"User-Agent": agent})  # noqa: S310 - checked above


def probe(url: str) -> ProbeResult:
    """GET a URL and report its status and content type; errors come back as data."""
    try:
        request = _request(url, "certreg-link-check")
    except ValueError as error:
        return ProbeResult(error=str(error))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked
            kind = response.headers.get_content_type() or ""
            return ProbeResult(response.status, kind)
    except urllib.error.HTTPError as error:
        return ProbeResult(error.code, error.headers.get_content_type() or "")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return ProbeResult(error=str(reason))


def download(url: str, limit: int = MAX_DOWNLOAD) -> bytes:
    """Fetch a URL whole, up to `limit` bytes; raise OSError with a readable message."""
    try:
        request = _request(url, "certreg")
        with urllib.request.urlopen(request, timeout=TIMEOUT * 3) as response:  # noqa: S310 - scheme checked
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        raise OSError(f"{url} answered HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise OSError(f"{url} could not be fetched: {getattr(error, 'reason', error)}") from error
    if len(data) > limit:
        raise OSError(f"{url} is larger than {limit} bytes")
    return data
