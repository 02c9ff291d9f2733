"""The cache of parsed results: what it keeps, and that nothing it holds is trusted blindly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.loading import fingerprint
from generator.loading.cache import Cache, distinct_text, registry_cache
from generator.loading.digest import digest_results
from generator.loading.digestjson import from_json, to_json
from tests.perf.conftest import submissions

KIND = "results"
KEY = "d1.j1.l1/git:abc/git:def/-"


def test_an_entry_comes_back_as_stored(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put(KIND, KEY, {"a": [1, "two", None]})
    assert cache.get(KIND, KEY) == {"a": [1, "two", None]}
    assert cache.get(KIND, KEY + "x") is None
    assert cache.get("other", KEY) is None
    assert (cache.hits, cache.misses) == (1, 2)


def test_text_and_bytes_come_back_as_stored_each_under_its_own_encoding(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_text(KIND, KEY, "<p>caf\u00e9</p>")
    assert cache.get_text(KIND, KEY) == "<p>caf\u00e9</p>"
    assert cache.get_bytes(KIND, KEY) is None and cache.get(KIND, KEY) is None
    cache.put_bytes(KIND, KEY, b"\x00\xff\n")
    assert cache.get_bytes(KIND, KEY) == b"\x00\xff\n"
    assert cache.get_text(KIND, KEY) is None and cache.get(KIND, KEY) is None


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbled":
        middle = len(data) * 3 // 4
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "not json":
        path.write_bytes(b"\x00\xff binary\n\x00")
    elif how == "other key":
        head, _, payload = data.partition(b"\n")
        header = json.loads(head)
        header["key"] = "something else"
        path.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    elif how == "folder":
        path.unlink()
        path.mkdir()
    elif how == "pipe":
        path.unlink()
        os.mkfifo(path)


@pytest.mark.parametrize(
    "how", ["truncated", "garbled", "empty", "not json", "other key", "folder", "pipe"]
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, how: str) -> None:
    cache = Cache(tmp_path)
    cache.put(KIND, KEY, {"tests": list(range(100))})
    path = cache.path(KIND, KEY)
    assert path is not None
    damage(path, how)
    assert cache.get(KIND, KEY) is None


def test_an_entry_larger_than_one_read_comes_back_whole(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    text = "".join(f"<p>{n}</p>" for n in range(400_000))  # about 4 MB
    cache.put_text(KIND, KEY, text)
    assert cache.get_text(KIND, KEY) == text


def test_writing_where_it_cannot_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache")
    cache.put(KIND, KEY, [1])
    assert cache.get(KIND, KEY) is None


def test_a_cache_without_folder_keeps_nothing() -> None:
    cache = Cache(None)
    cache.put(KIND, KEY, [1])
    assert not cache.enabled and cache.get(KIND, KEY) is None


def test_the_registry_cache_can_be_switched_off_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert registry_cache(tmp_path).folder == tmp_path / ".cache" / "certreg"
    assert not registry_cache(tmp_path, refused=True).enabled
    monkeypatch.setenv("CERTREG_CACHE", "off")
    assert not registry_cache(tmp_path).enabled


def test_a_linked_cache_folder_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "registry"
    root.mkdir()
    (root / ".cache").symlink_to(elsewhere)
    assert not registry_cache(root).enabled


def test_a_digest_survives_json(small: Path) -> None:
    for folder in submissions(small):
        digest = digest_results(folder / "junit_01.xml", folder / "e2e.log")
        text = json.dumps(to_json(digest))
        assert from_json(json.loads(text)) == digest


def good_json(small: Path) -> dict[str, object]:
    folder = next(f for f in submissions(small) if (f / "e2e.log").stat().st_size > 5000)
    value = to_json(digest_results(folder / "junit_01.xml", folder / "e2e.log"))
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("log"),
        lambda d: d.update(extra=1),
        lambda d: d["junit"].update(outcomes=d["junit"]["outcomes"][:-1]),
        lambda d: d["junit"].update(outcomes="x" * len(d["junit"]["outcomes"])),
        lambda d: d["junit"]["lines"].__setitem__(0, -1),
        lambda d: d["junit"]["lines"].__setitem__(0, True),
        lambda d: d["junit"]["names"].__setitem__(1, d["junit"]["names"][0]),
        lambda d: d["junit"].update(conflicting=[10_000]),
        lambda d: d["junit"].update(spec_passed="441"),
        lambda d: d["log"].update(summary=[True, 1, 2]),
        lambda d: d["log"].update(summary=[1, 1, 2, 3, 4, 5, 6]),
        lambda d: d["log"].update(passed_names={"a test": "12"}),
        lambda d: d["log"].update(e2e_version=["v1.35.0"]),
        lambda d: d["log"].update(problem="cut off"),
    ],
)
def test_a_misshapen_digest_is_refused(small: Path, change: object) -> None:
    value = good_json(small)
    assert callable(change)
    change(value)
    with pytest.raises((ValueError, KeyError, TypeError)):
        from_json(value)


def test_library_versions_are_those_importlib_metadata_gives() -> None:
    from importlib import metadata

    from generator.loading.fingerprint import library_versions

    names = ("PyYAML", "lxml", "jsonschema", "GitPython", "Jinja2", "markupsafe", "Markdown")
    assert library_versions(names) == [f"{n}={metadata.version(n)}" for n in names]
    assert library_versions(["no-such-library-here"]) == ["no-such-library-here=-"]


def test_journal_entries_come_back_and_damaged_lines_are_skipped(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    one, two, three = (Cache.encoded(v) for v in ({"x": 1}, [1, "é"], {"x": 2}))
    cache.append_journal("kind", {"a": one, "b": two})
    cache.append_journal("kind", {"a": three, "bad key": one})  # the last line for a key wins
    assert cache.read_journal("kind") == ({"a": three, "b": two}, 3)
    assert json.loads(cache.read_journal("kind")[0]["b"]) == [1, "é"]
    assert cache.read_journal("other") == ({}, 0)
    assert cache.read_journal("kind", {"b"}) == ({"b": two}, 3)
    journal = tmp_path / "kind" / "journal.jsonl"
    data = journal.read_bytes()
    journal.write_bytes(data[:-5])  # a crash in the middle of the last line
    cache.append_journal("kind", {"c": b"null"})
    found, lines = cache.read_journal("kind")
    assert found == {"a": one, "b": two, "c": b"null"} and lines == 4
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "journal.jsonl").write_bytes(journal.read_bytes())
    assert cache.read_journal("other")[0] == {}  # lines of another kind are refused
    journal.write_bytes(journal.read_bytes().replace(b'"x":1', b'"x":7'))
    assert "a" not in cache.read_journal("kind")[0]  # a line that differs from its checksum
    cache.rewrite_journal("kind", {"b": b"1"})
    assert cache.read_journal("kind") == ({"b": b"1"}, 1)
    Cache(None).append_journal("kind", {"a": b"1"})
    assert Cache(None).read_journal("kind") == ({}, 0)


@pytest.fixture
def fingerprint_again() -> Iterator[None]:
    """The fingerprint is worked out anew after the test, of the real code."""
    yield
    fingerprint.code_fingerprint.cache_clear()


@pytest.mark.usefixtures("fingerprint_again")
def test_the_code_fingerprint_names_every_source_and_schema_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, schemas = tmp_path / "generator", tmp_path / "schemas"
    shutil.copytree(fingerprint.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(fingerprint.SCHEMAS, schemas)
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    monkeypatch.setattr(fingerprint, "SCHEMAS", schemas)

    def named() -> str:
        fingerprint.code_fingerprint.cache_clear()
        return fingerprint.code_fingerprint()

    expected = sorted(p.relative_to(tmp_path).as_posix() for p in package.rglob("*.py"))
    assert sorted(fingerprint._sources(str(tmp_path))) == expected + sorted(
        p.relative_to(tmp_path).as_posix() for p in schemas.glob("*.json")
    )
    seen = {named()}
    nested = package / "site" / "build.py"
    nested.write_text(nested.read_text() + "\n# a change\n")
    seen.add(named())
    (package / "site" / "extra.py").write_text("")
    seen.add(named())
    schema = schemas / "product.schema.json"
    schema.write_text(schema.read_text() + " ")
    last = named()
    seen.add(last)
    assert len(seen) == 4
    (package / "site" / "__pycache__").mkdir(exist_ok=True)
    (package / "site" / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"\0")
    (package / "site" / "notes.txt").write_text("not code")
    assert named() == last


def test_values_are_named_in_keys_whatever_text_they_hold() -> None:
    """Values (a product's certifications, what a verdict read of a vendor record) are named in
    cache keys by their JSON, in one call; a value JSON cannot hold (a lone surrogate, from a
    file name read as bytes) is named by its repr, never the same as any JSON text."""
    plain = distinct_text
    day = dt.date(2026, 11, 27)
    assert plain(("v", day, None, 1)) != plain(("v", day, "", 1))
    assert plain(["a\udcff"]) != plain(["a\udcfe"])
    assert plain(["a\udcff"]).startswith(b"r") and plain(["a"]).startswith(b"j")
    assert plain([2**70]) != plain([2**70 + 1])
