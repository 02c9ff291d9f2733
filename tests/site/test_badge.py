from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.model.registry import State
from generator.site.badge import COLOURS, text_width
from generator.site.write import SiteFiles
from tests.site.conftest import text_of

SVG = "{http://www.w3.org/2000/svg}"


def parts(site: SiteFiles, product: str) -> tuple[str, str, list[str]]:
    root = ET.fromstring(text_of(site, f"badges/{product}.svg"))
    title = root.findtext(f"{SVG}title") or ""
    fills = [r.get("fill") or "" for r in root.iter(f"{SVG}rect") if r.get("fill")]
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    return title, " | ".join(texts), fills


def test_active_badge_is_green_with_the_newest_version(site: SiteFiles) -> None:
    title, texts, fills = parts(site, "acme/kube")
    assert title == "Certified Kubernetes: v1.37"
    assert texts == "Certified Kubernetes | v1.37"
    assert fills[-1] == COLOURS[State.ACTIVE]


def test_expired_and_revoked_badges_are_grey(site: SiteFiles) -> None:
    for product, message in (("nimbus/engine", "v1.33 expired"), ("nimbus/fleet", "v1.36 revoked")):
        _, texts, fills = parts(site, product)
        assert texts.endswith(message)
        assert fills[-1] == "#5f6b76"
    assert COLOURS[State.EXPIRED] == COLOURS[State.REVOKED]


def test_expiring_badge_says_so(site: SiteFiles) -> None:
    _, texts, fills = parts(site, "acme/kube-edge")
    assert texts.endswith("v1.35 expiring")
    assert fills[-1] == COLOURS[State.EXPIRING]


def test_badge_width_grows_with_the_text(site: SiteFiles) -> None:
    assert text_width("v1.35 expiring") > text_width("v1.35")
    short = ET.fromstring(text_of(site, "badges/acme/kube.svg")).get("width")
    long = ET.fromstring(text_of(site, "badges/acme/kube-edge.svg")).get("width")
    assert int(long or 0) > int(short or 0)
