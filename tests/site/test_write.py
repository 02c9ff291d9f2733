"""The writer: no file twice, nothing outside the output, and an all-or-nothing swap."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.site import write
from generator.site.write import SiteFiles, WriteError, replace_folder


def site_with(**pages: str) -> SiteFiles:
    files = SiteFiles()
    files.add("index.html", "home")
    files.add("api/v1/registry.json", "{}")
    for name, text in pages.items():
        files.add(name.replace("__", "/") + ".html", text)
    return files


def test_refuses_the_same_file_twice() -> None:
    files = SiteFiles()
    files.add("a/index.html", "one")
    with pytest.raises(WriteError, match="written twice"):
        files.add("a/index.html", "two")


@pytest.mark.parametrize(
    "path", ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a\\b", "a/", "x\x00y"]
)
def test_refuses_paths_outside_the_output(path: str) -> None:
    with pytest.raises(WriteError):
        SiteFiles().add(path, "x")


def test_writes_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_folder(site_with(products__a="A"), out)
    assert (out / "products" / "a.html").read_text() == "A"
    assert (out / "index.html").stat().st_mode & 0o777 == 0o644
    assert out.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_replaces_the_whole_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_folder(site_with(old="old"), out)
    replace_folder(site_with(new="new"), out)
    assert (out / "new.html").is_file()
    assert not (out / "old.html").exists()  # a removed page does not linger
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace_folder(site_with(page="previous"), out)
    broken = site_with(page="next")
    broken.add("clash", "a file")
    broken.add("clash/inside.html", "cannot be written under a file")
    with pytest.raises(OSError):
        replace_folder(broken, out)
    assert (out / "page.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("precious")
    with pytest.raises(WriteError, match="does not look like a built site"):
        replace_folder(site_with(), tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "precious"


def test_refuses_a_symlinked_output(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "site"
    link.symlink_to(real)
    with pytest.raises(WriteError, match="symbolic link"):
        replace_folder(site_with(), link)


def test_an_empty_folder_may_be_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    replace_folder(site_with(), out)
    assert (out / "index.html").read_text() == "home"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_swap_exchanges_two_folders_in_one_step_on_linux(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").write_text("b")
    assert write._exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from-b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert not write._exchange(tmp_path / "a", tmp_path / "missing")
