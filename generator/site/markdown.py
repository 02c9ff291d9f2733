"""A vendor's README as safe HTML: Markdown rendered, then sanitised with nh3.

The README arrives in a stranger's pull request. What survives: text structure (headings, lists,
code, tables, quotes, emphasis) and links to https pages or mail addresses. What does not: script,
event handlers, styles, classes, ids, images, frames, forms, and any URL that is not https or
mailto. Relative links point into the submission folder, so they become links to that file in the
repository. Headings move down two levels so that the README sits under the page's own headings.

Python-Markdown takes quadratic time or worse on some inputs a few kilobytes long (thousands of
unmatched or deeply nested `[`, unclosed `<` tags, `<![CDATA[` runs), so a README could stall the
build. `defuse` first makes such characters literal text, line by line and in linear time; what it
touches was never a link or a tag, so real READMEs render as before. Since the renderer is also
quadratic in the markup of a paragraph, a README with far more markup than real ones have (see
`too_heavy`) is shown as plain text instead.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import posixpath
import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.checks.text import code_spans, too_heavy
from generator.site.text import clean_block

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre",
    "s", "samp", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
# Wide code and tables scroll sideways; a scrolling region must be reachable by keyboard.
_FOCUSABLE = {"pre": {"tabindex": "0"}, "table": {"tabindex": "0"}}
_HEADING = re.compile(r"<(/?)h([1-6])>")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)")
HEADING_SHIFT = 2
#: Brackets nested deeper than this are text: links nest one level (an image inside a link).
BRACKET_DEPTH = 2


@dataclass(frozen=True)
class Readme:
    """A README as a page holds it: its Markdown, rendered by `render_readme` only when a
    template prints it (Jinja asks for `__html__`). A page whose context is unchanged is taken
    from the cache of rendered pages, so its README is never rendered again."""

    text: str
    folder: str
    evidence_url: str

    def __html__(self) -> str:
        return str(render_readme(self.text, self.folder, self.evidence_url))


def render_readme(text: str, folder: str, evidence_url: str) -> Markup:
    """Render README Markdown to sanitised HTML.

    `folder` is the submission's repository path; `evidence_url` turns a repository path into a
    URL (`{path}` is replaced), so that relative links reach the files they name.
    """
    cleaned = clean_block(text)
    if too_heavy(cleaned):
        code = html_lib.escape(cleaned, quote=False)
        return Markup(f'<pre tabindex="0"><code>{code}</code></pre>')  # noqa: S704 - escaped
    # Loaded by the first README a build renders, often none at all. The extensions are given
    # as objects: given by name, Markdown looks them up among the installed packages' entry
    # points, which costs more than rendering a README.
    import markdown as md
    import nh3
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    lifted, blocks = lift_fences(cleaned)
    extensions = [TableExtension(), SaneListExtension()]
    html = put_back(md.markdown(defuse(lifted), extensions=extensions), blocks)

    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "a" and attr == "href":
            return safe_href(value, folder, evidence_url)
        return value

    safe = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        set_tag_attribute_values=_FOCUSABLE,
        strip_comments=True,
    )
    return Markup(_HEADING.sub(_shift, safe))  # noqa: S704 - sanitised by nh3 just above


def defuse(text: str) -> str:
    """Make literal every `[` that opens no link on its line (unmatched, or nested deeper than
    BRACKET_DEPTH), every `<` that closes no tag before the next `<` on its line, and every
    `<![`, leaving inline code spans as they are."""
    return "\n".join(_defuse_line(line) for line in text.split("\n"))


def _defuse_line(line: str) -> str:
    if "[" not in line and "<" not in line:
        return line
    pieces = []
    start = 0
    for span_start, span_end in code_spans(line):
        pieces.append(_defuse_text(line[start:span_start]))
        pieces.append(line[span_start:span_end])
        start = span_end
    pieces.append(_defuse_text(line[start:]))
    return "".join(pieces)


def _defuse_text(text: str) -> str:
    chars = list(text)
    _defuse_brackets(chars)
    _defuse_tags(text, chars)
    return "".join(chars)


def _defuse_brackets(chars: list[str]) -> None:
    open_at: list[int] = []
    literal: set[int] = set()
    for index, char in enumerate(chars):
        if index > 0 and chars[index - 1] == "\\":
            continue
        if char == "[":
            open_at.append(index)
        elif char == "]" and open_at:
            opened = open_at.pop()
            if len(open_at) >= BRACKET_DEPTH:
                literal.update((opened, index))
    literal.update(open_at)
    for index in literal:
        chars[index] = "\\" + chars[index]


def _defuse_tags(text: str, chars: list[str]) -> None:
    position = text.find("<")
    while position >= 0:
        following = text.find("<", position + 1)
        end = following if following >= 0 else len(text)
        if text.find(">", position + 1, end) < 0 or text.startswith("<![", position):
            chars[position] = "&lt;"
        position = following


def _shift(match: re.Match[str]) -> str:
    level = min(int(match.group(2)) + HEADING_SHIFT, 6)
    return f"<{match.group(1)}h{level}>"


def safe_href(value: str, folder: str, evidence_url: str) -> str | None:
    """An https or mailto link as written; a relative one as the repository URL of its file."""
    href = value.strip()
    lowered = href.lower()
    if lowered.startswith(("https://", "mailto:")):
        return href
    if _SCHEME.match(lowered) or lowered.startswith(("//", "#", "\\")):
        return None  # other schemes, other hosts without a scheme, anchors to ids we remove
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    normal = posixpath.normpath(joined)
    if normal.startswith("..") or normal == ".":
        return None
    return evidence_url.replace("{path}", normal)


def lift_fences(text: str) -> tuple[str, dict[str, str]]:
    """Replace fenced code blocks by placeholders, and give each placeholder's HTML.

    GitHub renders fences at any indentation (inside list items, as READMEs often have them);
    Python-Markdown only at the left margin. Lifting them out first renders both the same way.
    """
    nonce = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    lines = text.split("\n")
    kept: list[str] = []
    blocks: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _FENCE.fullmatch(lines[index])
        if match is None:
            kept.append(lines[index])
            index += 1
            continue
        indent, fence = match["indent"].replace("\t", "    "), match["fence"]
        end = index + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        body = [_dedent(line, len(indent)) for line in lines[index + 1 : end]]
        while body and not body[-1].strip():
            body.pop()
        token = f"certregcode{nonce}n{len(blocks)}"
        code = html_lib.escape("\n".join(body) + "\n" if body else "", quote=False)
        blocks[token] = f"<pre><code>{code}</code></pre>"
        # Inside a list item, Python-Markdown wants continuation lines indented by four.
        margin = " " * (4 * -(-len(indent) // 4))
        kept.extend(("", margin + token, ""))
        index = end + 1
    return "\n".join(kept), blocks


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _dedent(line: str, width: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width) :]


def put_back(html: str, blocks: dict[str, str]) -> str:
    """Put each lifted code block back where its placeholder landed, in one pass."""
    if not blocks:
        return html
    prefix = next(iter(blocks)).rsplit("n", 1)[0]
    token = rf"{prefix}n\d+"
    pattern = re.compile(rf"<pre><code>\s*({token})\s*</code></pre>|<p>({token})</p>|({token})")
    return pattern.sub(lambda m: blocks.get(m.group(m.lastindex or 0), m.group(0)), html)
