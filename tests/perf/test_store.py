"""Digests through the cache on whole registries: hits, misses, damage, stale versions, git."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from generator.loading import junit
from generator.loading import program as module
from generator.loading.cache import CACHE_DIR, registry_cache
from generator.loading.problems import ConfigError
from generator.loading.registry import LoadedRegistry, load_registry
from generator.validation import ValidateOptions, validate
from tests.perf.conftest import SUBMISSIONS, git, submissions

REVIEW = dt.date(2026, 11, 27)


def run(root: Path, jobs: int = 1, cache: bool = True) -> tuple[LoadedRegistry, list[object]]:
    """Every submission's digest, as the checks and the site see them."""
    loaded = load_registry(root, jobs=jobs, cache=cache)
    digests = [files.results(loaded.extras_of(files)) for files in loaded.stream()]
    return loaded, digests


def entries(root: Path, kind: str = "results") -> list[Path]:
    return sorted((root / CACHE_DIR / kind).glob("*.json"))


def test_a_second_run_reads_no_result_file(small: Path) -> None:
    first, cold = run(small)
    assert (first.store.parsed, first.store.cached) == (SUBMISSIONS, 0)  # type: ignore[union-attr]
    assert len(entries(small)) == SUBMISSIONS
    assert len(entries(small, "requirements")) == 15
    second, warm = run(small)
    assert (second.store.parsed, second.store.cached) == (0, SUBMISSIONS)  # type: ignore[union-attr]
    assert warm == cold


@pytest.mark.parametrize("how", ["truncate", "garble", "misshape", "remove"])
def test_damaged_entries_are_read_again_and_rewritten(small: Path, how: str) -> None:
    _, clean = run(small, cache=False)
    run(small)
    damaged = entries(small)[:4]
    for path in damaged:
        data = path.read_bytes()
        if how == "truncate":
            path.write_bytes(data[:100])
        elif how == "garble":
            path.write_bytes(data.replace(b'"p', b'"f', 1).replace(b"p", b"f"))
        elif how == "misshape":
            # A valid entry, checksum and all, whose value is not a digest.
            head, _, _ = data.partition(b"\n")
            header = json.loads(head)
            payload = b'{"junit": {"tests": "all passed"}, "log": null}'
            header["sha256"] = hashlib.sha256(payload).hexdigest()
            path.write_bytes(json.dumps(header).encode() + b"\n" + payload)
        else:
            path.unlink()
    loaded, digests = run(small)
    assert digests == clean
    assert loaded.store.parsed == len(damaged)  # type: ignore[union-attr]
    third, again = run(small)
    assert third.store.parsed == 0 and again == clean  # type: ignore[union-attr]


def test_a_new_reader_version_reads_everything_again(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(small)
    monkeypatch.setattr(junit, "READER_VERSION", junit.READER_VERSION + 1)
    loaded, _ = run(small)
    assert loaded.store.parsed == SUBMISSIONS  # type: ignore[union-attr]
    assert len(entries(small)) == 2 * SUBMISSIONS  # the stale entries are never read again


def test_a_changed_file_is_read_again_outside_git(small: Path) -> None:
    run(small)
    folder = submissions(small)[0]
    log = folder / "e2e.log"
    log.write_bytes(log.read_bytes().replace(b"SUCCESS!", b"FAIL!"))
    loaded, digests = run(small)
    assert loaded.store.parsed == 1  # type: ignore[union-attr]
    _, clean = run(small, cache=False)
    assert digests == clean


def test_inside_git_committed_files_are_named_by_their_blob_ids(committed: Path) -> None:
    loaded, cold = run(committed, jobs=2)
    keys = loaded.store.keys  # type: ignore[union-attr]
    junit_rel = f"{loaded.submissions[0].folder.rel}/junit_01.xml"
    assert (
        keys.known(junit_rel) == "git:" + git(committed, "rev-parse", f"HEAD:{junit_rel}").strip()
    )
    # A file modified since the commit is not given its committed blob id.
    folder = submissions(committed)[0]
    log = folder / "e2e.log"
    log.write_bytes(log.read_bytes().replace(b"SUCCESS!", b"FAIL!"))
    loaded, digests = run(committed)
    rel = log.relative_to(committed).as_posix()
    assert loaded.store.keys.known(rel) is None  # type: ignore[union-attr]
    assert loaded.store.parsed == 1  # type: ignore[union-attr]
    _, clean = run(committed, cache=False)
    assert digests == clean != cold


def test_cache_files_committed_to_the_repository_are_refused(committed: Path) -> None:
    run(committed)
    git(committed, "add", "-f", CACHE_DIR)
    git(committed, "commit", "-q", "-m", "a forged cache")
    loaded, _ = run(committed)
    assert not loaded.store.cache.enabled  # type: ignore[union-attr]
    assert loaded.store.parsed == SUBMISSIONS  # type: ignore[union-attr]


def test_validation_gives_the_same_report_with_or_without_cache(small: Path) -> None:
    without = validate(small, ValidateOptions(review_date=REVIEW, cache=False))
    cold = validate(small, ValidateOptions(review_date=REVIEW))
    warm = validate(small, ValidateOptions(review_date=REVIEW, jobs=2))
    assert without == cold == warm
    assert without.ok


def test_dates_are_cached_by_commit_and_content(committed: Path) -> None:
    before = load_registry(committed, dates_from_git=True).dates
    assert entries(committed, "dates")  # the history file's dates, and git's for this commit
    for path in entries(committed, "dates"):
        path.write_bytes(path.read_bytes()[:-20])  # damaged: read again
    assert load_registry(committed, dates_from_git=True).dates == before
    history = committed / "data" / "history.yaml"
    first = next(line for line in history.read_text().splitlines() if line[:1].isalpha())
    history.write_text(
        history.read_text().replace(first, first[: first.index(":")] + ": 2020-02-02")
    )
    after = load_registry(committed, dates_from_git=True).dates
    assert after != before and dt.date(2020, 2, 2) in after.values()


def test_validating_some_folders_reads_only_their_requirement_lists(small: Path) -> None:
    folder = submissions(small)[-1]
    broken = next(
        p for p in (small / "data" / "conformance").glob("*.yaml") if p.stem not in str(folder)
    )
    broken.write_text("- {codename: x, release: '&&&'}\n")
    assert validate(small, ValidateOptions(paths=[folder], review_date=REVIEW)).ok
    with pytest.raises(ConfigError):
        validate(small, ValidateOptions(review_date=REVIEW))
    own = small / "data" / "conformance" / f"{folder.name}.yaml"
    own.write_text("- {codename: x, release: '&&&'}\n")
    with pytest.raises(ConfigError):
        validate(small, ValidateOptions(paths=[folder], review_date=REVIEW))


def test_cached_lists_are_made_when_first_used_and_a_broken_one_still_fails(
    small: Path,
) -> None:
    lists = small / "data" / "conformance"
    cold = load_registry(small).requirements
    expected = {version: cold[version] for version in cold}
    warm = load_registry(small).requirements
    assert not warm._made  # type: ignore[attr-defined]  # all from the cache, none made yet
    version = next(iter(warm))
    assert warm[version] == expected[version]
    assert list(warm._made) == [version]  # type: ignore[attr-defined]
    assert dict(warm.items()) == expected
    for entry in entries(small, "requirements"):  # damaged entries: the files read again
        head, _, payload = entry.read_bytes().partition(b"\n")
        damaged = payload.replace(b"[", b"{", 1)
        header = json.loads(head)
        header["sha256"] = hashlib.sha256(damaged).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + damaged)
    assert dict(load_registry(small).requirements.items()) == expected
    broken = sorted(lists.glob("*.yaml"))[0]
    broken.write_text("- {codename: x, release: '&&&'}\n")  # changed, so not cached: parsed
    with pytest.raises(ConfigError):
        load_registry(small)


def test_a_program_that_passed_the_schema_is_not_checked_again(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = registry_cache(small)
    first = module.load_program(small, cache)

    def refuse(*_args: object) -> list[object]:
        raise AssertionError("checked again")

    with monkeypatch.context() as patched:
        patched.setattr(module, "schema_problems", refuse)
        assert module.load_program(small, cache) == first  # passed before: not checked
    path = small / "data" / "program.yaml"
    path.write_text(path.read_text() + "unknown_setting: 1\n")
    for _ in range(2):  # a program that fails is never kept as passed
        with pytest.raises(ConfigError, match="unknown_setting"):
            module.load_program(small, cache)
    with pytest.raises(ConfigError, match="unknown_setting"):
        load_registry(small)
