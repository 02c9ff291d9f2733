from __future__ import annotations

import re

from generator.site.markdown import render_readme, safe_href
from tests.site.sample import HOSTILE_README

FOLDER = "data/vendors/acme/kube/v1.35"
EVIDENCE = "https://github.com/example/registry/blob/main/{path}"


def render(text: str) -> str:
    return str(render_readme(text, FOLDER, EVIDENCE))


def test_hostile_readme_loses_everything_active() -> None:
    html = render(HOSTILE_README).lower()
    assert "<script" not in html
    assert "alert(" not in html.replace("&lt;", "")  # the script bodies are gone, not escaped
    assert re.search(r"\son[a-z]+\s*=", html) is None
    assert "javascript:" not in html
    assert "data:" not in html
    assert "<iframe" not in html
    assert "<img" not in html
    assert "style=" not in html
    assert "class=" not in html
    assert "position:fixed" not in html


def test_links_are_https_or_the_submission_files() -> None:
    html = render("[log](e2e.log) [docs](https://docs.example.com/) [mail](mailto:a@example.com)")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [
        "https://github.com/example/registry/blob/main/data/vendors/acme/kube/v1.35/e2e.log",
        "https://docs.example.com/",
        "mailto:a@example.com",
    ]
    assert html.count('rel="nofollow noopener noreferrer"') == 3


def test_insecure_and_odd_links_keep_their_text_but_lose_the_link() -> None:
    html = render("[plain](http://example.com/) [anchor](#x) [proto](//evil.example.com/)")
    assert "href" not in html
    assert "plain" in html and "anchor" in html and "proto" in html


def test_safe_href_resolves_inside_the_repository_only() -> None:
    assert safe_href("../v1.34/README.md", FOLDER, EVIDENCE) == EVIDENCE.replace(
        "{path}", "data/vendors/acme/kube/v1.34/README.md"
    )
    assert safe_href("/docs/x.md", FOLDER, EVIDENCE) == EVIDENCE.replace("{path}", "docs/x.md")
    assert safe_href("../../../../../../x", FOLDER, EVIDENCE) is None
    assert safe_href(" JavaScript:alert(1)", FOLDER, EVIDENCE) is None
    assert safe_href("\\\\host\\share", FOLDER, EVIDENCE) is None


def test_headings_move_under_the_page_headings() -> None:
    html = render("# One\n\n## Two\n\n##### Five\n")
    assert "<h3>One</h3>" in html
    assert "<h4>Two</h4>" in html
    assert "<h6>Five</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_code_and_tables_scroll_by_keyboard() -> None:
    html = render("```\nlong line\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<pre tabindex="0">' in html
    assert '<table tabindex="0">' in html


def test_raw_html_and_direction_overrides_are_neutralised() -> None:
    html = render("Name: \u202eevil\n\n<form action=x><input name=q></form><svg><a>x</a></svg>")
    assert "\u202e" not in html
    assert "<form" not in html and "<input" not in html and "<svg" not in html


def test_fenced_code_inside_a_list_item_stays_code() -> None:
    text = "1. Install:\n\n   ```bash\n   tool install <x>\n   ```\n\n2. Run it.\n"
    html = render(text)
    assert (
        '<li>\n<p>Install:</p>\n<pre tabindex="0"><code>tool install &lt;x&gt;\n</code></pre>'
        in html
    )
    assert html.count("<li>") == 2
    assert "```" not in html and "certregcode" not in html


def test_fences_keep_markdown_and_html_inert() -> None:
    html = render("~~~\n# not a heading\n<script>alert(1)</script>\n~~~\n\n```\nunclosed\n")
    assert "<h3>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.endswith('<pre tabindex="0"><code>unclosed\n</code></pre>')
