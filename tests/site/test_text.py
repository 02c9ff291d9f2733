from __future__ import annotations

from datetime import date

import pytest

from generator.site.text import DateText, clean_text, distance, https_url, long_date


def test_clean_text_removes_direction_overrides_and_controls() -> None:
    assert clean_text("Evil\u202eexe.txt") == "Evilexe.txt"
    assert clean_text("a\u2066b\u2069c") == "abc"
    assert clean_text("  two\n\tlines\x07 ") == "two lines"


def test_clean_text_keeps_ordinary_unicode() -> None:
    assert clean_text("Müller Ĳssel 日本 עברית") == "Müller Ĳssel 日本 עברית"


@pytest.mark.parametrize(
    "url",
    ["https://example.com/", "HTTPS://example.com/x?y=1#z", "https://a.example.org:8443/p"],
)
def test_https_url_accepts_absolute_https(url: str) -> None:
    assert https_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "http://example.com/",
        "javascript:alert(1)",
        "data:text/html,<script>",
        "//example.com/x",
        "/relative",
        "https://",
        "https://exa mple.com/",
        "https://example.com/\u202e",
        "https://[::1",
    ],
)
def test_https_url_refuses_everything_else(url: str | None) -> None:
    assert https_url(url) is None


def test_dates_in_words() -> None:
    today = date(2026, 11, 27)
    assert long_date(date(2027, 1, 22)) == "22 January 2027"
    assert distance(date(2027, 1, 22), today) == "in 56 days"
    assert distance(today, today) == "today"
    assert distance(date(2026, 11, 26), today) == "1 day ago"
    assert distance(date(2027, 8, 26), today) == "in about 9 months"
    assert distance(date(2024, 11, 27), today) == "about 2 years ago"
    assert DateText.of(date(2027, 1, 22), today).iso == "2027-01-22"
