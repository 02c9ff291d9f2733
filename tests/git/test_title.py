"""pr-title: the spellings real vendors use are accepted; anything else is explained."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.checks.pr import title_problem
from generator.checks.scope import Area, is_maintainers_only, place_of

FOLDER = ("data/vendors/acme/acme-kube/v1.35",)


@pytest.mark.parametrize(
    "title",
    [
        "Conformance results for v1.35/acme/acme-kube",
        "conformance results for v1.35/acme/acme-kube",
        "Conformance Results for V1.35/Acme/Acme-Kube",
        "Conformance results for v1.35 / acme / acme-kube",
        "Conformance results for v1.35 acme acme-kube",
        "  Conformance  results  for  v1.35/acme/acme-kube  ",
        "Conformance result for v1.35/acme/acme-kube",
        "Conformance test results for v1.35/acme/acme-kube",
        "Conformance tests for v1.35/acme/acme-kube",
    ],
)
def test_accepted_spellings(title: str) -> None:
    assert title_problem(title, FOLDER) is None


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("", "the title is empty"),
        ("   ", "the title is empty"),
        ("Add my results", "is not of the form 'Conformance results for vX.Y/<vendor>/<product>'"),
        ("Conformance results for v1.34/acme/acme-kube", "names 'v1.34/acme/acme-kube', but"),
        ("Conformance results for v1.35/acme-kube", "names v1.35/acme-kube without the vendor"),
        ("Conformance results for acme/acme-kube/v1.35", "names 'acme/acme-kube/v1.35', but"),
        ("Conformance results for v1.35/acme/Acme Kubernetes", "names 'v1.35/acme/acme/kubernetes"),
        ("Conformance results for v1.35/acme/acme-kube\nmore", "not one line of plain text"),
        ("Conformance results for v1.35/acme/acme-kube\u202e", "not one line of plain text"),
        ("Conformance results for " + "x" * 400, "not one line of plain text"),
        ("Conformance results for v1.35/acme/acme-kube; rm -rf /", "but the submission folder"),
        ("Conformance results for v1.35/acme/$(id)", "but the submission folder"),
    ],
)
def test_refused_titles_say_why(title: str, problem: str) -> None:
    found = title_problem(title, FOLDER)
    assert found is not None and problem in found


def test_with_several_folders_naming_one_is_enough() -> None:
    folders = ("data/vendors/acme/acme-kube/v1.34", "data/vendors/acme/acme-kube/v1.35")
    assert title_problem("Conformance results for v1.34/acme/acme-kube", folders) is None
    assert title_problem("Conformance results for v1.35/acme/acme-kube", folders) is None


@given(st.text(max_size=400))
def test_any_title_gets_an_answer_and_never_an_error(title: str) -> None:
    found = title_problem(title, FOLDER)
    assert found is None or found.startswith("the title")


@pytest.mark.parametrize(
    ("path", "area", "folder"),
    [
        ("data/vendors/acme/acme-kube/v1.35/README.md", Area.SUBMISSION, FOLDER[0]),
        ("data/vendors/acme/acme-kube/v1.35/sub/x", Area.SUBMISSION, FOLDER[0]),
        ("data/vendors/acme/acme-kube/v1.35", Area.SUBMISSION, FOLDER[0]),
        ("data/vendors/acme/VENDOR.yaml", Area.MAINTAINERS, None),
        ("data/vendors/acme/vendor.yaml", Area.STRAY, None),
        # A misnamed version folder is still where a submission goes; layout says what is wrong.
        (
            "data/vendors/acme/acme-kube/notes.md",
            Area.SUBMISSION,
            "data/vendors/acme/acme-kube/notes.md",
        ),
        (
            "data/vendors/acme/acme-kube/1.35/e2e.log",
            Area.SUBMISSION,
            "data/vendors/acme/acme-kube/1.35",
        ),
        ("data/vendors/README.md", Area.STRAY, None),
        ("data/program.yaml", Area.MAINTAINERS, None),
        ("data/conformance/v1.35.yaml", Area.MAINTAINERS, None),
        ("data/revocations.yaml", Area.MAINTAINERS, None),
        ("data/history.yaml", Area.MAINTAINERS, None),
        (".github/workflows/review.yml", Area.MAINTAINERS, None),
        ("generator/cli.py", Area.MAINTAINERS, None),
        ("data/vendorsX/a/b/v1.35/README.md", Area.MAINTAINERS, None),
    ],
)
def test_where_each_path_belongs(path: str, area: Area, folder: str | None) -> None:
    place = place_of(path)
    assert place.area is area and place.folder == folder
    assert is_maintainers_only(path) is (area is Area.MAINTAINERS)
