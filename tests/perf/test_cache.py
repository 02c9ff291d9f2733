"""The cache of parsed results: what it keeps, and that nothing it holds is trusted blindly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.loading import fingerprint
from generator.loading.cache import PRUNED_MARKER, Cache, distinct_text, registry_cache
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


DAY_SECONDS = 24 * 3600


def age(path: Path, days: float) -> None:
    """Set the modification time of `path` (not through a link) to `days` ago."""
    when = time.time() - days * DAY_SECONDS
    os.utime(path, (when, when), follow_symlinks=False)


def days_old(path: Path) -> float:
    return (time.time() - path.stat().st_mtime) / DAY_SECONDS


def test_reading_an_entry_marks_it_as_in_use_at_most_once_a_day(tmp_path: Path) -> None:
    Cache(tmp_path).put(KIND, KEY, [1])
    Cache(tmp_path).put_text("pages", KEY, "<p>")
    entry, page = Cache(tmp_path).path(KIND, KEY), Cache(tmp_path).path("pages", KEY)
    assert entry is not None and page is not None
    age(entry, 3)
    age(page, 3)
    cache = Cache(tmp_path)
    assert cache.get(KIND, KEY) == [1] and cache.has("pages", KEY)
    assert days_old(entry) < 0.01 and days_old(page) < 0.01
    age(entry, 0.5)  # used half a day ago: left as it is
    assert Cache(tmp_path).get(KIND, KEY) == [1]
    assert 0.49 < days_old(entry) < 0.51


def fill(cache: Cache, kind: str, names: dict[str, float]) -> dict[str, Path]:
    """Entries of `kind` under the keys `names`, each last used the given days ago."""
    paths = {}
    for name, days in names.items():
        cache.put(kind, name, name)
        path = cache.path(kind, name)
        assert path is not None
        age(path, days)
        paths[name] = path
    return paths


def test_prune_removes_what_no_run_used_for_two_weeks(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    verdicts = fill(cache, "verdicts", {"old": 15, "recent": 13, "new": 0})
    pages = fill(cache, "pages", {"old page": 30})
    cut_short = tmp_path / "verdicts" / ".abc123.tmp"  # a write cut short
    cut_short.write_bytes(b"{")
    age(cut_short, 2)
    writing = tmp_path / "verdicts" / ".def456.tmp"  # a write going on now
    writing.write_bytes(b"{")
    assert cache.prune() == 3
    assert not verdicts["old"].exists() and not pages["old page"].exists()
    assert verdicts["recent"].exists() and verdicts["new"].exists()
    assert not cut_short.exists() and writing.exists()
    assert (tmp_path / PRUNED_MARKER).is_file()


def test_prune_looks_over_the_cache_at_most_once_a_day(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    fill(cache, KIND, {"first": 20})
    assert cache.prune() == 1
    second = fill(cache, KIND, {"second": 20})["second"]
    assert cache.prune() == 0 and second.exists()
    age(tmp_path / PRUNED_MARKER, 1.5)
    assert cache.prune() == 1 and not second.exists()
    (tmp_path / PRUNED_MARKER).unlink()
    (tmp_path / PRUNED_MARKER).symlink_to(tmp_path / "elsewhere")
    fill(cache, KIND, {"third": 20})
    assert cache.prune() == 0  # a marker that is not a file of ours: the cache is left alone
    assert not (tmp_path / "elsewhere").exists()


def test_prune_first_marks_what_the_caller_knows_to_be_in_use(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paths = fill(cache, KIND, {"needed": 20, "gone": 20})
    assert cache.prune(in_use=lambda: cache.has(KIND, "needed")) == 1
    assert paths["needed"].exists() and not paths["gone"].exists()


def test_prune_follows_no_link(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    fill(cache, KIND, {"entry": 0})
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious.json"
    precious.write_text("{}")
    age(precious, 100)
    (tmp_path / "cache" / "linked-kind").symlink_to(outside)
    link = tmp_path / "cache" / KIND / "link.json"
    link.symlink_to(precious)
    age(link, 100)
    nested = tmp_path / "cache" / KIND / "nested"
    nested.mkdir()
    (nested / "old.json").write_text("{}")
    age(nested / "old.json", 100)
    assert cache.prune() == 0
    assert precious.exists() and link.is_symlink() and (nested / "old.json").exists()
