"""Every field of a page context is shown by its templates: contexts and templates do not drift."""

from __future__ import annotations

import dataclasses
import re

import pytest

from generator.site import context
from tests.site.conftest import TEMPLATES

SHARED = ("base.html", "_macros.html", "_product_table.html")
PAGES = {
    "listing.html": context.ListingPage,
    "product.html": context.ProductPage,
    "vendor.html": context.VendorPage,
    "version.html": context.VersionPage,
    "404.html": context.NotFoundPage,
}
PARTS = (
    context.Meta, context.ProductRow, context.HistoryRow, context.Badge, context.Filters,
    context.VersionLink, context.TypeCount, context.VersionRow, context.Link, context.NavItem,
    context.StatePill, context.Option,
)  # fmt: skip


def template_text(*names: str) -> str:
    return "\n".join((TEMPLATES / n).read_text(encoding="utf-8") for n in (*names, *SHARED))


@pytest.mark.parametrize("template", sorted(PAGES))
def test_every_page_field_is_shown(template: str) -> None:
    text = template_text(template)
    unused = [
        f.name
        for f in dataclasses.fields(PAGES[template])
        if not re.search(rf"\bpage\.{f.name}\b", text)
    ]
    assert unused == [], f"{template} does not show {unused}"


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.__name__)
def test_every_part_field_is_shown(part: type) -> None:
    text = template_text(*PAGES)
    names = [f.name for f in dataclasses.fields(part)]
    names += [n for n, v in vars(part).items() if isinstance(v, property)]
    unused = [n for n in names if not re.search(rf"\.{n}\b", text)]
    assert unused == [], f"{part.__name__} fields no template shows: {unused}"
