"""The sample site, built fresh, equals the committed golden copy file by file.

After an intended change: `make golden` (or `python scripts/refresh_golden.py`), then review the diff.
"""

from __future__ import annotations

import difflib
import json

import pytest

from generator.site.write import SiteFiles
from tests.site.golden import GOLDEN, build_sample, read_tree
from tests.site.linkcheck import broken_links

REFRESH = "if the change is intended, run `make golden` and review the diff"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> SiteFiles:
    out = tmp_path_factory.mktemp("golden") / "site"
    build_sample(out)
    return read_tree(out)


def first_difference(path: str, expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        f"golden/{path}",
        f"built/{path}",
        lineterm="",
        n=1,
    )
    return "\n".join(list(diff)[:40])


def test_the_golden_copy_exists() -> None:
    assert (GOLDEN / "index.html").is_file(), f"no golden copy at {GOLDEN}: {REFRESH}"


def test_same_files(fresh: SiteFiles) -> None:
    golden = read_tree(GOLDEN)
    missing = sorted(set(golden.paths()) - set(fresh.paths()))
    extra = sorted(set(fresh.paths()) - set(golden.paths()))
    assert not missing and not extra, f"missing {missing}, new {extra}: {REFRESH}"


def test_same_bytes(fresh: SiteFiles) -> None:
    golden = read_tree(GOLDEN)
    differing = [p for p in golden.paths() if p in fresh and golden[p] != fresh[p]]
    if differing:
        first = differing[0]
        pytest.fail(
            f"{len(differing)} files differ ({', '.join(differing[:8])}); {REFRESH}\n"
            + first_difference(first, golden[first], fresh[first])
        )


def test_sample_site_has_no_broken_internal_link(fresh: SiteFiles) -> None:
    assert broken_links(fresh) == []


def test_sample_site_has_a_page_and_badge_per_product(fresh: SiteFiles) -> None:
    data = json.loads(fresh["api/v1/registry.json"])
    ids = sorted(p["id"] for p in data["products"])
    assert len(ids) >= 10  # the sample registry has a dozen products
    pages = sorted(p.removeprefix("products/").removesuffix("/index.html")
                   for p in fresh.paths() if p.startswith("products/"))  # fmt: skip
    badges = sorted(p.removeprefix("badges/").removesuffix(".svg")
                    for p in fresh.paths() if p.startswith("badges/"))  # fmt: skip
    assert pages == ids == badges
