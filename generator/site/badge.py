"""The SVG badge of a product: the program, the newest certified version and the state.

Vendors embed the badge in their own README; the site is rebuilt daily, so a badge turns grey by
itself when the certification expires or is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.registry import State
from generator.site.status import ProductStatus
from generator.site.text import clean_text

COLOURS = {
    State.ACTIVE: "#1f7a3a",
    State.EXPIRING: "#8a5a00",
    State.EXPIRED: "#5f6b76",
    State.REVOKED: "#5f6b76",
}
LABEL_COLOUR = "#2f3a44"
PADDING = 12
# Approximate advance widths of Verdana at 11px; `textLength` in the SVG makes any font fit them.
_NARROW = set("iIjl.,:;|!'()[]")
_WIDE = set("mwMW@%")


@dataclass(frozen=True)
class BadgeView:
    """Everything templates/badge.svg draws, measured here."""

    title: str
    label: str
    message: str
    colour: str
    label_colour: str
    label_width: int
    message_width: int

    @property
    def width(self) -> int:
        return self.label_width + self.message_width

    @property
    def label_text_length(self) -> int:
        return self.label_width - PADDING

    @property
    def message_text_length(self) -> int:
        return self.message_width - PADDING

    @property
    def label_x(self) -> float:
        return self.label_width / 2

    @property
    def message_x(self) -> float:
        return self.label_width + self.message_width / 2


def text_width(text: str) -> int:
    total = 0.0
    for char in text:
        if char == " ":
            total += 3.9
        elif char in _NARROW:
            total += 3.6
        elif char in _WIDE:
            total += 10.5
        elif char.isupper():
            total += 7.6
        else:
            total += 6.8
    return round(total)


def message_of(status: ProductStatus) -> str:
    version = str(status.newest.key.version)
    return version if status.state is State.ACTIVE else f"{version} {status.state.value}"


def badge_view(program_name: str, status: ProductStatus) -> BadgeView:
    label = clean_text(program_name)
    message = message_of(status)
    return BadgeView(
        title=f"{label}: {message}",
        label=label,
        message=message,
        colour=COLOURS[status.state],
        label_colour=LABEL_COLOUR,
        label_width=text_width(label) + PADDING,
        message_width=text_width(message) + PADDING,
    )
