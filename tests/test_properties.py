"""Property tests: the readers and parsers take any input without an exception escaping, and
give the same answer twice."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.checks.pr import title_problem
from generator.checks.text import readme_problems, shown, shown_ascii
from generator.loading.e2elog import read_e2e_log
from generator.loading.junit import read_junit
from generator.loading.yamlfile import parse_yaml
from generator.model.slugs import is_slug, slugify
from generator.model.tests import Outcome, tally
from generator.model.versions import Version
from generator.site.markdown import render_readme

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
README_TAGS = (
    "a abbr b blockquote br code dd del dl dt em h[1-6] hr i kbd li ol p pre s samp strong"
)
README_TAGS += " sub sup table tbody td tfoot th thead tr ul"

FILES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FILES
@given(data=st.binary(max_size=2000))
def test_junit_reader_takes_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junit_01.xml"
    path.write_bytes(data)
    first, second = read_junit(path), read_junit(path)
    assert first == second
    assert first.problem is not None or first.root in ("testsuites", "testsuite")


NAMES = st.text(alphabet=string.ascii_letters + " []-:'&<>\"", min_size=1, max_size=40)
STATUSES = st.sampled_from(["passed", "failed", "skipped", "errored", "pending", "weird", None])
CHILDREN = st.lists(st.sampled_from(["skipped", "failure", "error", "system-out"]), max_size=2)


def _xml_attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@FILES
@given(cases=st.lists(st.tuples(NAMES, STATUSES, CHILDREN), max_size=20), bare=st.booleans())
def test_junit_outcome_is_the_worst_said(
    tmp_path: Path, cases: list[tuple[str, str | None, list[str]]], bare: bool
) -> None:
    body = []
    for name, status, children in cases:
        attrs = f' name="{_xml_attr(name)}"' + (f' status="{status}"' if status else "")
        inner = "".join(f"<{child}>x</{child}>" for child in children)
        body.append(f"<testcase{attrs}>{inner}</testcase>")
    suite = f"<testsuite>{''.join(body)}</testsuite>"
    xml = suite if bare else f"<testsuites>{suite}</testsuites>"
    path = tmp_path / "junit_01.xml"
    path.write_text(xml, encoding="utf-8")
    report = read_junit(path)
    assert report.ok and len(report.results) == len(cases)
    for result, (name, status, children) in zip(report.results, cases, strict=True):
        assert result.name == name
        said = set(children) | ({status} if status else set())
        if said & {"errored", "error", "weird"}:
            assert result.outcome is Outcome.ERRORED
        elif said & {"failed", "failure"}:
            assert result.outcome is Outcome.FAILED
        elif said & {"skipped", "pending"}:
            assert result.outcome is Outcome.SKIPPED
        else:
            assert result.outcome is Outcome.PASSED
    worst = tally(report.results)
    for identity, found in worst.items():
        ranks = [r.outcome.rank for r in report.results if r.identity == identity]
        assert found.outcome.rank == max(ranks)


@FILES
@given(text=st.text(max_size=3000))
def test_log_reader_takes_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "e2e.log"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    first, second = read_e2e_log(path), read_e2e_log(path)
    assert first == second
    assert first.lines >= text.count("\n")


@FILES
@given(
    passed=st.integers(0, 10**6),
    failed=st.integers(0, 10**6),
    skipped=st.integers(0, 10**6),
    noise=st.text(alphabet="S•\n ", max_size=200),
    success=st.booleans(),
)
def test_log_summary_counts_round_trip(
    tmp_path: Path, passed: int, failed: int, skipped: int, noise: str, success: bool
) -> None:
    word = "SUCCESS!" if success else "FAIL!"
    text = (
        f"{noise}\nRan {passed + failed} of {passed + failed + skipped} Specs in 1.0 "
        f"seconds\n{word} -- {passed} Passed | {failed} Failed | 0 Pending | {skipped} "
        "Skipped\nPASS\n"
    )
    path = tmp_path / "e2e.log"
    path.write_text(text, encoding="utf-8")
    summary = read_e2e_log(path).summary
    assert summary is not None
    assert (summary.success, summary.passed, summary.failed, summary.skipped) == (
        success,
        passed,
        failed,
        skipped,
    )
    assert summary.line == noise.count("\n") + 3


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=500))
def test_yaml_reader_takes_any_text(text: str) -> None:
    first, second = parse_yaml(text), parse_yaml(text)
    assert first.data == second.data
    assert [p.message for p in first.problems] == [p.message for p in second.problems]


SCALARS = st.one_of(st.text(max_size=20), st.integers(-1000, 1000), st.booleans(), st.none())
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(alphabet=string.ascii_letters, min_size=1, max_size=8), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    data=st.dictionaries(
        st.text(alphabet=string.ascii_letters, min_size=1, max_size=8), DOCS, max_size=6
    )
)
def test_yaml_round_trips_plain_data(data: dict[str, object]) -> None:
    doc = parse_yaml(yaml.safe_dump(data))
    assert doc.ok and doc.data == data


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=100))
def test_slugify_gives_a_slug_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_slug(slug)
    assert slugify(slug) == slug


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_version_parsing_never_raises(text: str) -> None:
    version = Version.parse_lenient(text)
    if version is not None:
        assert Version.parse(str(version)) == version
    if Version.is_folder_name(text):
        assert str(Version.parse(text)) == text


def test_failure_lines_name_the_test_without_it(tmp_path: Path) -> None:
    path = tmp_path / "e2e.log"
    path.write_text(
        "Summarizing 1 Failure:\n  [FAIL] [sig-apps] Daemon set [Serial] [It] should "
        "run and stop simple daemon [Conformance] [sig-apps, Serial, Conformance]\n"
        "Ran 1 of 2 Specs in 1.0 seconds\nFAIL! -- 0 Passed | 1 Failed | 0 Pending |"
        " 1 Skipped\n",
        encoding="utf-8",
    )
    log = read_e2e_log(path)
    assert list(log.failed_names) == [
        "[sig-apps] Daemon set [Serial] should run and stop simple daemon [Conformance]"
    ]


FOLDERS = st.sampled_from(
    [
        ("data/vendors/acme/acme-kube/v1.35",),
        ("data/vendors/acme/acme-kube/v1.34", "data/vendors/zeta/zeta-kube/v1.35"),
    ]
)
TITLE_WORDS = st.sampled_from(
    [
        *("Conformance", "results", "result", "test", "tests", "for", "v1.35", "v1.34", "acme"),
        *(
            "zeta",
            "acme-kube",
            "zeta-kube",
            "/",
            " ",
            "\n",
            "\u202e",
            "$(id)",
            "`",
            ";",
            "Ω",
            "\x00",
        ),
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    title=st.one_of(st.text(max_size=400), st.lists(TITLE_WORDS, max_size=12).map("".join)),
    folders=FOLDERS,
)
def test_pr_title_parser_answers_every_title_the_same_way(
    title: str, folders: tuple[str, ...]
) -> None:
    found = title_problem(title, folders)
    assert found == title_problem(title, folders)
    assert found is None or found.startswith("the title")
    if found is None:  # an accepted title is one printable line naming one of the folders
        assert title.isprintable() and len(title) <= 300
        assert any(folder.split("/")[-1] in title.lower() for folder in folders)
    else:
        assert RAW.search(found) is None, found  # the problem never echoes raw control text


@settings(max_examples=200, deadline=None)
@given(version=st.sampled_from(["v1.35", "V1.35"]), sep=st.sampled_from(["/", " / ", " "]))
def test_pr_titles_in_any_accepted_spelling_pass(version: str, sep: str) -> None:
    title = f"Conformance results for {version}{sep}acme{sep}acme-kube"
    assert title_problem(title, ("data/vendors/acme/acme-kube/v1.35",)) is None


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=2000))
def test_readme_checks_and_rendering_take_any_text(text: str) -> None:
    first, second = readme_problems(text), readme_problems(text)
    assert first == second
    assert all(p.line >= 1 and RAW.search(p.message) is None for p in first)
    html = str(render_readme(text, "data/vendors/a/b/v1.35", "https://x.example/{path}"))
    assert "<script" not in html.lower()
    assert re.search(r"<[a-z]+[^>]*\son[a-z]+=", html) is None, html
    tags = README_TAGS.replace(" ", "|")
    assert re.search(rf"<(?!/?(?:{tags})\b)[a-z]", html) is None, html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "mailto:")), href


MARKUP = st.text(alphabet="[]()<>!`*_&#;\\/ a\n", max_size=3000)


@settings(max_examples=100, deadline=None)
@given(text=MARKUP)
@example(text="<a>")
@example(text="><a>")
@example(text="[a](a) [a]( a")
def test_readme_markup_renders_like_markdown_without_the_slow_paths(text: str) -> None:
    """Defusing changes only what was never a link or a tag: the text survives, links stay.
    A link (an anchor with an address) comes only from a Markdown link: this alphabet cannot
    spell an address in HTML. (An anchor tag written as HTML with no address stays inert, and
    the HTML parser may split an unclosed one across blocks.)"""
    html = str(render_readme(text, "data/vendors/a/b/v1.35", "https://x.example/{path}"))
    assert len(re.findall(r"<a [^>]*href=", html)) <= text.count("](")
    inert = '<a rel="nofollow noopener noreferrer">'
    assert all("href=" in a or a == inert for a in re.findall(r"<a\b[^>]*>", html)), html


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_shown_text_is_quoted_bounded_and_free_of_control_characters(text: str) -> None:
    for shown_text in (shown(text), shown_ascii(text)):
        assert shown_text.startswith("'") and shown_text.endswith("'")
        assert len(shown_text) <= 202
        assert RAW.search(shown_text) is None
    assert shown_ascii(text).isascii()


def test_yaml_reader_keeps_nothing_between_documents() -> None:
    """Fuzzing found memory growing without bound: a shared constructor kept every scalar."""
    import tracemalloc

    parse_yaml("a: 1\n")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for index in range(3000):
        parse_yaml(f"a: {index}\nb: {index}.5\nc: true\nd: 2024-01-01\n")
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 256 * 1024, f"{grown} bytes kept after 3,000 documents"
