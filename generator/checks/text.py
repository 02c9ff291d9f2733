"""Untrusted text: names shown in messages, and what a README or a PRODUCT.yaml field may hold.

Names are quoted, with control and direction-override characters made visible, and a name that
is not in Unicode's composed form (NFC) is shown with every non-ASCII letter escaped, so that two
names that look alike never read the same in a message.

A README is Markdown text that the site renders and sanitises; the checks here tell the vendor
early what the site would remove (script, event handlers, styles, javascript:, data: and
vbscript: links, direction overrides) and what is too heavy to render as Markdown at all.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

PLACEHOLDER = "FILL-IN"

_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "FULLWIDTH", "MATHEMATICAL")
#: Bidirectional embeddings, overrides and isolates: they make text read as something else.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<[A-Za-z!/?]")

#: A README with more Markdown markup characters than these (in one paragraph, in all) or more
#: lines outside fenced code is shown as plain text: the Markdown renderer takes quadratic time
#: on some such inputs. Real READMEs stay far below (a few dozen, a hundred or two, a few hundred).
MARKUP_PER_BLOCK = 1000
MARKUP_TOTAL = 4000
MARKDOWN_LINES = 2000
_MARKUP = re.compile(r"[\[\]<>&\\*_`!]")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")

_ACTIVE_ELEMENTS = (
    "script|style|iframe|frame|frameset|object|embed|applet|svg|math|form|input|button|"
    "textarea|select|link|meta|base|template|portal"
)
_ELEMENT = re.compile(rf"<\s*({_ACTIVE_ELEMENTS})(?=[\s/>]|$)", re.IGNORECASE)
_OPEN_TAG = re.compile(r"<[A-Za-z][^<>]{0,4000}>")
_HANDLER = re.compile(r"[\s\"'/](on[a-z]{3,40})\s*=", re.IGNORECASE)
_STYLE = re.compile(r"[\s\"'/]style\s*=", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(
    r"[\s\"'/](?:href|src|action|formaction|xlink:href|background|poster|data|srcset)\s*=\s*"
    r"[\"']?([^\"'\s>]{0,200})",
    re.IGNORECASE,
)
_MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]{0,200})|^\s{0,3}\[[^\]]{1,200}\]:\s*<?(\S{0,200})", re.MULTILINE
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,20}:[^\s<>]{0,200})>")
_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(\s*<?(https?://[^)\s>]{1,500})")
_URL_TEXT = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?", re.IGNORECASE)


def shown(text: str, limit: int = 200) -> str:
    """A name as it may appear in a message: quoted, shortened, no control characters; escaped
    where it could pass for another name (not composed, or Latin mixed with look-alike letters)."""
    plain = unicodedata.is_normalized("NFC", text) and not _mixes_lookalikes(text)
    cleaned = "".join(
        ch
        if unicodedata.category(ch)[0] != "C" and (plain or ch.isascii())
        else f"\\u{ord(ch):04x}"
        for ch in text
    )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return f"'{cleaned}'"


def shown_ascii(text: str, limit: int = 200) -> str:
    """A name that must be ASCII (a file name of a submission): every other character escaped."""
    cleaned = "".join(
        ch if ch.isascii() and ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text
    )
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 3] + "..."
    return f"'{cleaned}'"


def _mixes_lookalikes(text: str) -> bool:
    """True for Latin text with letters from scripts whose letters look Latin (Cyrillic 'о')."""
    if text.isascii() or not any("a" <= ch.lower() <= "z" for ch in text):
        return False
    return any(
        not ch.isascii() and unicodedata.name(ch, "").startswith(_LOOKALIKE_SCRIPTS) for ch in text
    )


def shown_path(text: str) -> str:
    """A file name or path for the `file` of a finding: as it is, unless it holds characters
    that would change what a terminal or an annotation shows (then escaped, as `shown` does)."""
    if text.isprintable() and BIDI_CONTROLS.search(text) is None:
        return text
    return shown(text, limit=300)[1:-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def field_problem(value: str) -> str | None:
    """Why a PRODUCT.yaml text value is not plain text, or None when it is."""
    bidi = BIDI_CONTROLS.search(value)
    if bidi is not None:
        return f"holds a direction-override character (U+{ord(bidi.group()):04X})"
    control = _CONTROLS.search(value)
    if control is not None:
        return f"holds a control character (U+{ord(control.group()):04X})"
    tag = _TAG.search(value)
    if tag is not None:
        return f"holds HTML markup ({shown(value[tag.start() : tag.start() + 20], 40)})"
    return None


@dataclass(frozen=True)
class TextProblem:
    message: str
    line: int


@dataclass(frozen=True)
class MarkupLoad:
    """How much Markdown a README holds outside fenced code: the renderer's time grows with it.
    Counting stops once the README is too heavy."""

    busiest: int  # markup characters in the busiest block (paragraph, list)
    total: int  # markup characters in all
    lines: int  # lines, counting each fence as one

    @property
    def too_heavy(self) -> bool:
        return (
            self.busiest > MARKUP_PER_BLOCK
            or self.total > MARKUP_TOTAL
            or self.lines > MARKDOWN_LINES
        )


def markup_load(text: str) -> MarkupLoad:
    busiest = total = block = lines = 0
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened is not None and line.strip() == fence[0] * len(line.strip()):
                fence = None
            continue
        if opened is not None:
            fence = opened.group(1)
            lines += 1
            continue
        if not line.strip():
            block = 0
            continue
        lines += 1
        count = len(_MARKUP.findall(line))
        block += count
        total += count
        busiest = max(busiest, block)
        if lines > MARKDOWN_LINES or total > MARKUP_TOTAL:
            break  # too heavy already: the rest need not be counted
    return MarkupLoad(busiest, total, lines)


def too_heavy(text: str) -> bool:
    """True when the site shows this README as plain text instead of rendering its Markdown."""
    return markup_load(text).too_heavy


def readme_problems(text: str) -> list[TextProblem]:
    """What in a README the site would remove or refuse to render, each once, with its line."""
    first: dict[str, int] = {}  # each message once, where it first applies

    def add(message: str, offset: int) -> None:
        if offset < first.get(message, len(text) + 1):
            first[message] = offset

    if too_heavy(text):
        # The site shows it as inert plain text, and scanning it further would cost time.
        message = (
            f"README.md is too heavy to render as Markdown (more than {MARKDOWN_LINES} lines, "
            f"or more than {MARKUP_PER_BLOCK} markup characters such as [ < * _ in one "
            f"paragraph or {MARKUP_TOTAL} in all): the site would show it as plain text; "
            "shorten it"
        )
        return [TextProblem(message, 1)]
    seen: set[str] = set()
    for match in BIDI_CONTROLS.finditer(text):
        if match.group() in seen:
            continue
        seen.add(match.group())
        add(
            f"README.md holds a direction-override character (U+{ord(match.group()):04X}), "
            "which makes text read other than it is: remove it",
            match.start(),
        )
    prose = _outside_code(text)
    for offset, what in _active_content(prose):
        add(f"README.md holds {what}, which the site removes: a README is Markdown text", offset)
    for offset, what in _deceptive_links(prose):
        add(f"README.md has a link {what}: make the text say where the link goes", offset)
    found = [TextProblem(m, text.count("\n", 0, offset) + 1) for m, offset in first.items()]
    return sorted(found, key=lambda p: p.line)


def _outside_code(text: str) -> str:
    """The text with fenced code and inline code spans blanked (same length, lines kept)."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened is not None and line.strip() == fence[0] * len(line.strip()):
                fence = None
            lines[index] = " " * len(line)
        elif opened is not None:
            fence = opened.group(1)
            lines[index] = " " * len(line)
        elif "`" in line:
            pieces, start = [], 0
            for span_start, span_end in code_spans(line):
                pieces += [line[start:span_start], " " * (span_end - span_start)]
                start = span_end
            lines[index] = "".join(pieces) + line[start:]
    return "\n".join(lines)


def code_spans(line: str) -> list[tuple[int, int]]:
    """Where a line's inline code spans are: a run of backticks up to the next run of the same
    length. Found in linear time (a regular expression with a backreference is quadratic or
    worse on a line of backticks)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = seen.get(length)
        seen[length] = index
    spans = []
    index = 0
    while index < len(runs):
        partner = following[index]
        if partner is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[partner][1]))
        index = partner + 1
    return spans


def _scheme(target: str) -> str | None:
    """The dangerous scheme of a link target, read as a browser would (entities decoded,
    whitespace and control characters ignored)."""
    plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(target)).lower()
    return next((s for s in _SCHEMES if plain.startswith(s)), None)


def _active_content(text: str) -> Iterator[tuple[int, str]]:
    for match in _ELEMENT.finditer(text):
        yield match.start(), f"a <{match.group(1).lower()}> element"
    for tag in _OPEN_TAG.finditer(text):
        body = tag.group()
        for handler in _HANDLER.finditer(body):
            yield tag.start(), f"an event handler ({handler.group(1).lower()}=)"
        if _STYLE.search(body):
            yield tag.start(), "a style attribute"
        for url in _URL_ATTRIBUTE.finditer(body):
            scheme = _scheme(url.group(1))
            if scheme:
                yield tag.start(), f"a {scheme} link"
    for pattern in (_MARKDOWN_TARGET, _AUTOLINK):
        for match in pattern.finditer(text):
            target = next(g for g in match.groups() if g is not None)
            scheme = _scheme(target)
            if scheme:
                yield match.start(), f"a {scheme} link"


def _deceptive_links(text: str) -> Iterator[tuple[int, str]]:
    """`[https://docs.example](https://elsewhere.example)`: link text naming another host."""
    for match in _LINK.finditer(text):
        label, target = match.group(1).strip(), match.group(2)
        said = _URL_TEXT.fullmatch(label)
        if said is None:
            continue
        try:
            host = (urlsplit(target).hostname or "").lower()
        except ValueError:
            continue
        named = said.group(1).lower()
        if host != named and not host.endswith("." + named):
            yield match.start(), f"whose text names {shown(named)} but which goes to {shown(host)}"
