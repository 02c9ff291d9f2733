"""The walk a build takes of data/ to name its inputs serves again to find the submissions: what
it finds is exactly what a walk of its own would find, strays, links and odd files included."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from generator.loading.listing import Listing, scan
from generator.loading.submission import SubmissionFolder, discover
from generator.site.publish import build_site
from generator.site.uptodate import look_at_inputs
from tests.conftest import ROOT, place_submission
from tests.perf.conftest import tree


def awkward(root: Path) -> None:
    """Submissions beside everything that breaks the layout."""
    place_submission(root)
    place_submission(root, "data/vendors/acme/acme-edge/v1.34")
    vendors = root / "data" / "vendors"
    (vendors / "stray.txt").write_text("a file directly in vendors\n")
    (vendors / "acme" / "notes.md").write_text("a file in a vendor folder\n")
    (vendors / "acme" / "acme-kube" / "README.md").write_text("outside a version folder\n")
    (vendors / "acme" / "acme-kube" / "v1.35" / "extra").mkdir()
    (vendors / "acme" / "acme-kube" / "v1.35" / "extra" / "deep.txt").write_text("nested\n")
    (vendors / "acme" / "Bad Name" / "v1.35").mkdir(parents=True)
    (vendors / "acme" / "acme-kube" / "latest").mkdir()
    (vendors / "acme" / "acme-kube" / "v1.33").write_text("a file where a folder belongs\n")
    (vendors / "linked").symlink_to(vendors / "acme")
    (vendors / "acme" / "acme-link").symlink_to(vendors / "acme" / "acme-kube")
    (vendors / "acme" / "acme-edge" / "v1.34" / "e2e.log").unlink()
    (vendors / "acme" / "acme-edge" / "v1.34" / "e2e.log").symlink_to("/etc/hostname")
    os.link(
        vendors / "acme" / "acme-kube" / "v1.35" / "README.md",
        vendors / "acme" / "acme-edge" / "v1.34" / "README.md.copy",
    )
    os.mkfifo(vendors / "acme" / "acme-edge" / "v1.34" / "pipe")


def described(folders: list[SubmissionFolder]) -> list[object]:
    return [(f.path, f.rel, f.key, f.layout_problems, f.stray, f.entries()) for f in folders]


def test_a_taken_listing_finds_what_a_walk_finds(registry: Path) -> None:
    awkward(registry)
    inputs = look_at_inputs(registry, ("data",), {})
    assert inputs.stamp is None  # links among the inputs: no stamp, but still a listing
    live = discover(registry)
    taken = discover(registry, listing=inputs.listing)
    assert described(taken) == described(live)
    kinds = {f.rel: {e.name: e.kind for e in f.entries()} for f in taken}
    assert kinds["data/vendors/acme/acme-edge/v1.34"]["e2e.log"] == "symlink"
    assert kinds["data/vendors/acme/acme-edge/v1.34"]["pipe"] == "fifo"
    assert kinds["data/vendors/acme/acme-kube/v1.35"]["extra"] == "dir"
    strays = {f.rel for f in taken if f.stray}
    assert "data/vendors/linked" in strays and "data/vendors/acme/acme-link" in strays
    assert "data/vendors/stray.txt" in strays and "data/vendors/acme/notes.md" in strays


def test_paths_given_are_found_alike_through_a_taken_listing(registry: Path) -> None:
    awkward(registry)
    listing = look_at_inputs(registry, ("data",), {}).listing
    vendors = registry / "data" / "vendors"
    for paths in (
        [vendors / "acme"],
        [vendors / "acme" / "acme-kube" / "v1.35" / "extra"],
        [vendors / "linked" / "acme-kube"],
        [vendors / "acme" / "acme-link" / "v1.35"],
        [vendors / "acme" / "missing" / "v1.35"],
        [vendors / "acme" / "acme-kube" / "v1.33"],
        [registry / "elsewhere"],
    ):
        taken = discover(registry, paths, listing)
        assert described(taken) == described(discover(registry, paths)), paths


def test_a_folder_not_in_the_listing_is_read_from_the_disk(tmp_path: Path) -> None:
    (tmp_path / "b").write_text("b")
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    listing = Listing({})
    assert [name for name, _ in listing.children(str(tmp_path)) or []] == ["a", "b", "link"]
    assert listing.children(str(tmp_path / "link")) is None  # a link to a folder is no folder
    assert listing.children(str(tmp_path / "b")) is None
    assert listing.children(str(tmp_path / "gone")) is None
    assert scan(str(tmp_path / "a")) == []
    info = listing.lstat(str(tmp_path / "gone"))
    assert info is None


def test_a_build_from_a_taken_listing_is_the_build_from_a_walk(
    registry: Path, tmp_path: Path
) -> None:
    awkward(registry)
    shutil.copytree(ROOT / "templates", registry / "templates")
    day = dt.date(2026, 11, 27)
    listed = build_site(registry, tmp_path / "listed", None, day, jobs=1)
    walked = build_site(registry, tmp_path / "walked", None, day, jobs=1, cache=False)
    assert listed.warnings == walked.warnings
    assert listed.submissions == walked.submissions > 2
    assert tree(tmp_path / "listed") == tree(tmp_path / "walked")
