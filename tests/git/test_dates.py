"""Certification dates from git history: the first first-parent commit holding a submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.gitio.history import certification_dates, read_history, undated_note
from generator.gitio.log import first_parent_log
from generator.gitio.plain import WorkTree
from generator.loading import datecache
from generator.loading.cache import Cache
from generator.loading.datecache import KIND, git_dates
from generator.loading.ledgers import parse_key
from generator.loading.registry import load_registry
from generator.model.findings import Status
from generator.site.publish import build_site
from generator.validation import ValidateOptions, validate
from tests.conftest import ROOT
from tests.git.repos import ACME, ZETA, GitRegistry, merged_registry

ZETA_KEY = parse_key("zeta/zeta-kube/v1.35")
ACME_KEY = parse_key("acme/acme-kube/v1.35")


def test_a_merge_dates_the_submission_by_the_merge_commit(tmp_path: Path) -> None:
    merged_registry(tmp_path / "reg")  # committed 2026-01-02 on its branch, merged 2026-01-05
    assert certification_dates(tmp_path / "reg") == {ZETA_KEY: dt.date(2026, 1, 5)}


def test_the_date_is_the_utc_date_of_the_committer_date(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00+00:00")
    registry.merge("acme", "2026-01-07T21:30:00-05:00")  # already 2026-01-08 in UTC
    dates = certification_dates(registry.root)
    assert dates[ACME_KEY] == dt.date(2026, 1, 8)
    assert dates[ZETA_KEY] == dt.date(2026, 1, 5)


def test_a_squash_merge_dates_by_the_squash_commit(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Add results", "2026-01-06T08:00:00+00:00")
    registry.write(f"{ACME}/README.md", "# Acme Kubernetes\n\nReproduce with sonobuoy.\n")
    registry.commit("Fix the README", "2026-01-07T08:00:00+00:00")
    registry.merge("acme", "2026-01-09T10:00:00+00:00", how="squash")
    assert len(registry.repo.head.commit.parents) == 1
    assert certification_dates(registry.root)[ACME_KEY] == dt.date(2026, 1, 9)


def test_a_rebase_merge_dates_by_the_rebased_commit_that_adds_it(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Add results", "2026-01-06T08:00:00+00:00")
    registry.write(f"{ACME}/README.md", "# Acme Kubernetes\n\nReproduce with sonobuoy.\n")
    registry.commit("Fix the README", "2026-01-07T08:00:00+00:00")
    registry.merge("acme", "2026-01-11T10:00:00+00:00", how="rebase")
    head = registry.repo.head.commit
    assert len(head.parents) == 1 and head.committed_datetime.date() == dt.date(2026, 1, 11)
    assert certification_dates(registry.root)[ACME_KEY] == dt.date(2026, 1, 11)


def test_a_later_change_to_main_does_not_move_the_date(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.write(f"{ZETA}/README.md", "# Corrected by a maintainer\n")
    registry.commit("Correct a README", "2026-03-01T10:00:00+00:00")
    registry.write("data/revocations.yaml", "[]\n")
    registry.commit("Revocation ledger", "2026-03-02T10:00:00+00:00")
    assert certification_dates(registry.root) == {ZETA_KEY: dt.date(2026, 1, 5)}


def test_a_submission_deleted_and_added_again_dates_from_its_return(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    shutil.rmtree(registry.root / ZETA)
    registry.commit("Withdraw zeta's v1.35", "2026-02-01T10:00:00+00:00")
    assert ZETA_KEY not in certification_dates(registry.root)
    registry.submission(ZETA)
    registry.commit("Conformance results for v1.35/zeta/zeta-kube", "2026-02-10T10:00:00+00:00")
    assert certification_dates(registry.root) == {ZETA_KEY: dt.date(2026, 2, 10)}


def test_a_submission_losing_some_files_keeps_its_date(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    (registry.root / ZETA / "README.md").unlink()
    registry.commit("Remove a README", "2026-02-01T10:00:00+00:00")
    assert certification_dates(registry.root) == {ZETA_KEY: dt.date(2026, 1, 5)}


def test_a_renamed_folder_dates_from_the_rename(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    (registry.root / "data/vendors/zeta/zeta-k8s").mkdir()
    registry.repo.git.mv(ZETA, "data/vendors/zeta/zeta-k8s/v1.35")
    registry.commit("Rename", "2026-02-01T10:00:00+00:00")
    dates = certification_dates(registry.root)
    assert dates == {parse_key("zeta/zeta-k8s/v1.35"): dt.date(2026, 2, 1)}


def test_branches_not_on_the_first_parent_history_do_not_count(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00+00:00")
    registry.checkout("main")
    assert ACME_KEY not in certification_dates(registry.root)


def test_uncommitted_submissions_are_undated_and_said_so_once(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.submission(ACME)
    history = read_history(registry.root)
    loaded = load_registry(registry.root, git_dates=history.dates)
    assert loaded.undated == [ACME_KEY]
    note = undated_note(loaded.undated, history)
    assert note == (
        "certification dates unknown for 1 submission (acme/acme-kube/v1.35): "
        "they are not committed on this branch yet"
    )
    assert undated_note([], history) is None


def test_outside_git_there_are_no_dates_and_the_reason_is_given(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    plain = tmp_path / "plain"
    shutil.copytree(registry.root, plain, ignore=shutil.ignore_patterns(".git"))
    history = read_history(plain)
    assert history.dates == {}
    note = undated_note([ZETA_KEY, ACME_KEY], history)
    assert note is not None and note.startswith("certification dates unknown for 2 submissions")
    assert "not a git repository" in note


def test_a_registry_inside_another_repository_has_no_history_of_its_own(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    nested = registry.root / "examples" / "reg"
    shutil.copytree(registry.root / "data", nested / "data")
    registry.commit("An example registry", "2026-02-01T10:00:00+00:00")
    assert certification_dates(nested) == {}
    assert certification_dates(registry.root) == {ZETA_KEY: dt.date(2026, 1, 5)}


def test_an_empty_repository_has_no_dates(tmp_path: Path) -> None:
    registry = GitRegistry(tmp_path / "reg")
    history = read_history(registry.root)
    assert history.dates == {} and history.unknown == "nothing has been committed yet"


def test_a_shallow_clone_does_not_date_what_predates_it(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00+00:00")
    registry.merge("acme", "2026-01-08T10:00:00+00:00")
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth", "1", registry.root.as_uri(), str(clone))
    history = read_history(clone)
    assert history.dates == {}
    assert history.unknown is not None and "shallow" in history.unknown
    _git("-C", str(clone), "fetch", "-q", "--unshallow")
    assert certification_dates(clone) == {
        ZETA_KEY: dt.date(2026, 1, 5),
        ACME_KEY: dt.date(2026, 1, 8),
    }


def test_validate_judges_a_merged_submission_as_of_its_git_date(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    # On 2027-06-01 only v1.39, v1.38 and v1.37 may be certified; zeta's v1.35 was certified
    # on 2026-01-05, when v1.35 could be.
    late = ValidateOptions(review_date=dt.date(2027, 6, 1))
    (report,) = validate(registry.root, late).submissions
    assert report.status_of("version-supported") is Status.PASS, report
    plain = tmp_path / "plain"
    shutil.copytree(registry.root, plain, ignore=shutil.ignore_patterns(".git"))
    (undated,) = validate(plain, late).submissions
    assert undated.status_of("version-supported") is Status.FAIL


def test_history_yaml_wins_over_git(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    registry.write("data/history.yaml", "zeta/zeta-kube/v1.35: 2027-05-01\n")
    registry.commit("Record an imported date", "2026-02-01T10:00:00+00:00")
    loaded = load_registry(registry.root, git_dates=certification_dates(registry.root))
    assert loaded.dates == {ZETA_KEY: dt.date(2027, 5, 1)}
    # 2027-05-01 is after v1.38 and v1.39 came out: v1.35 was no longer certifiable then.
    (report,) = validate(
        registry.root, ValidateOptions(review_date=dt.date(2027, 6, 1))
    ).submissions
    assert report.status_of("version-supported") is Status.FAIL


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def test_the_built_site_shows_the_date_of_the_merge(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    shutil.copytree(ROOT / "templates", registry.root / "templates")
    registry.commit("Templates", "2026-01-06T10:00:00+00:00")
    out = tmp_path / "site"
    report = build_site(registry.root, out, "https://registry.example/", dt.date(2026, 2, 1))
    assert not [w for w in report.warnings if w.check == "certified-on"]
    data = json.loads((out / "api/v1/registry.json").read_text(encoding="utf-8"))
    (product,) = data["products"]
    assert [c["certified_on"] for c in product["certifications"]] == ["2026-01-05"]


def test_cached_dates_go_on_from_the_last_commit_read_and_match_a_fresh_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a merge, the date cache reads only the commits since the one it read last; what
    it gives is what reading the whole history gives, through merges, deletions and returns,
    a reset to an older commit and a switch to another line of history."""
    registry = merged_registry(tmp_path / "reg")
    cache = Cache(tmp_path / "cache")

    def agree() -> None:
        assert git_dates(registry.root, cache) == certification_dates(registry.root)

    agree()
    before = registry.head()
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00+00:00")
    registry.merge("acme", "2026-01-07T10:00:00+00:00")
    read_after: list[str | None] = []

    def logged(tree: WorkTree, *spec: str, after: str | None = None) -> bytes:
        read_after.append(after)
        return first_parent_log(tree, *spec, after=after)

    monkeypatch.setattr(datecache, "first_parent_log", logged)
    agree()
    assert read_after == [before]  # only the merge was read
    assert git_dates(registry.root, cache)[ACME_KEY] == dt.date(2026, 1, 7)
    kept = registry.head()
    shutil.rmtree(registry.root / ACME)
    registry.repo.git.add("-A")
    registry.commit("Remove acme", "2026-01-08T10:00:00+00:00")
    agree()
    assert ACME_KEY not in git_dates(registry.root, cache)
    registry.submission(ACME)
    registry.commit("Acme again", "2026-01-09T10:00:00+00:00")
    agree()
    assert git_dates(registry.root, cache)[ACME_KEY] == dt.date(2026, 1, 9)
    registry.repo.git.reset("--hard", kept)  # back to before the removal
    agree()
    registry.branch("other", start=kept + "~1")
    registry.checkout("other")
    agree()
    assert ACME_KEY not in git_dates(registry.root, cache)


def test_a_damaged_fold_is_read_afresh(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    cache = Cache(tmp_path / "cache")
    git_dates(registry.root, cache)
    for entry in (tmp_path / "cache" / KIND).glob("*.json"):
        head, _, payload = entry.read_bytes().partition(b"\n")
        if b"fold/" in head:
            value = json.loads(payload)
            value["counts"] = {str(ZETA_KEY): -3}
            payload = json.dumps(value).encode()
            header = json.loads(head)
            header["sha256"] = hashlib.sha256(payload).hexdigest()
            entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00+00:00")
    registry.merge("acme", "2026-01-07T10:00:00+00:00")
    assert git_dates(registry.root, cache) == certification_dates(registry.root)
