"""The change under review, from real repositories: statuses, modes, commits, usage errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.gitio.change import ChangedPath, changes, parse_raw_diff
from generator.gitio.repo import RepositoryError
from tests.git.repos import ACME, ZETA, GitRegistry, merged_registry


@pytest.fixture
def registry(tmp_path: Path) -> GitRegistry:
    return merged_registry(tmp_path / "reg")


def test_an_added_submission(registry: GitRegistry) -> None:
    base = registry.head()
    registry.branch("acme")
    registry.submission(ACME)
    head = registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00Z")
    change = changes(registry.root, "main")
    assert change.merge_base == base and change.head == head
    assert {(c.status, c.path) for c in change.paths} == {
        ("A", f"{ACME}/{name}") for name in ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")
    }
    assert all(c.mode == "100644" and c.old_mode is None and c.before is None for c in change.paths)
    assert [c.sha for c in change.commits] == [head]
    assert change.commits[0].subject == "Conformance results for v1.35/acme/acme-kube"
    assert f"{ZETA}/README.md" in change.on_base and f"{ACME}/README.md" not in change.on_base


def test_modified_deleted_renamed_and_mode_changes(registry: GitRegistry) -> None:
    registry.branch("edits")
    registry.write(f"{ZETA}/README.md", "# Changed\n")
    (registry.root / ZETA / "e2e.log").unlink()
    (registry.root / "data/vendors/zeta/zeta-k8s").mkdir()
    registry.repo.git.mv(f"{ZETA}/junit_01.xml", "data/vendors/zeta/zeta-k8s/junit_01.xml")
    (registry.root / ZETA / "PRODUCT.yaml").chmod(0o755)
    registry.commit("Many edits", "2026-01-06T08:00:00Z")
    found = {c.status: c for c in changes(registry.root, "main").paths}
    assert found["M"] == ChangedPath("M", f"{ZETA}/README.md", None, "100644", "100644")
    assert found["D"] == ChangedPath("D", f"{ZETA}/e2e.log", None, None, "100644")
    assert found["D"].before == f"{ZETA}/e2e.log" and found["D"].after is None
    renamed = found["R"]
    assert renamed.old_path == f"{ZETA}/junit_01.xml"
    assert renamed.path == "data/vendors/zeta/zeta-k8s/junit_01.xml"
    assert renamed.paths == (renamed.old_path, renamed.path)
    assert found["T"] == ChangedPath("T", f"{ZETA}/PRODUCT.yaml", None, "100755", "100644")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symbolic_link_is_seen_as_one(registry: GitRegistry) -> None:
    registry.branch("link")
    registry.submission(ACME)
    (registry.root / ACME / "e2e.log").unlink()
    (registry.root / ACME / "e2e.log").symlink_to("../../../zeta/zeta-kube/v1.35/e2e.log")
    registry.commit("Results with a link", "2026-01-06T08:00:00Z")
    (link,) = [c for c in changes(registry.root, "main").paths if c.path.endswith("e2e.log")]
    assert link.status == "A" and link.is_symlink and link.mode == "120000"


def test_a_file_turned_into_a_link_is_a_type_change(registry: GitRegistry) -> None:
    registry.branch("link")
    (registry.root / ZETA / "README.md").unlink()
    (registry.root / ZETA / "README.md").symlink_to("../../../../../outside.txt")
    registry.commit("A link", "2026-01-06T08:00:00Z")
    (changed,) = changes(registry.root, "main").paths
    assert changed.status == "T" and changed.is_symlink and changed.old_mode == "100644"


def test_commits_are_those_of_the_branch_oldest_first(registry: GitRegistry) -> None:
    registry.branch("acme")
    registry.submission(ACME)
    first = registry.commit("Add results", "2026-01-06T08:00:00Z")
    registry.write(f"{ACME}/README.md", "# Acme\n\nHow to reproduce.\n")
    second = registry.commit("Fix README", "2026-01-07T08:00:00Z")
    assert [c.sha for c in changes(registry.root, "main").commits] == [first, second]


def test_a_branch_behind_main_sees_only_its_own_change(registry: GitRegistry) -> None:
    """A fork-like history: the branch left main before main merged other work."""
    registry.branch("acme", start="main~1")  # before zeta was merged
    registry.submission(ACME)
    registry.commit("Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00Z")
    change = changes(registry.root, "main")
    assert change.merge_base == str(registry.repo.commit("main~1").hexsha)
    assert {c.path.rsplit("/", 1)[0] for c in change.paths} == {ACME}
    assert {c.status for c in change.paths} == {"A"}
    # zeta is not at the merge base, but it is on main: it counts as merged all the same.
    assert f"{ZETA}/README.md" in change.on_base


def test_a_test_merge_of_the_branch_into_main_is_seen_through(registry: GitRegistry) -> None:
    """What CI checks out for a pull request: main merged with the branch."""
    registry.branch("acme")
    registry.submission(ACME)
    branch_head = registry.commit(
        "Conformance results for v1.35/acme/acme-kube", "2026-01-06T08:00:00Z"
    )
    registry.checkout("main")
    registry.write("data/revocations.yaml", "[]\n")
    registry.commit("Maintainers' change on main", "2026-01-07T08:00:00Z")
    registry.repo.git.checkout("-q", "--detach", "main")
    registry.repo.git.merge("--no-ff", "-m", "Test merge", "acme")
    change = changes(registry.root, "main")
    assert change.head == branch_head
    assert [c.sha for c in change.commits] == [branch_head]
    assert {c.path.rsplit("/", 1)[0] for c in change.paths} == {ACME}


def test_a_missing_base_is_a_usage_error(registry: GitRegistry) -> None:
    with pytest.raises(RepositoryError, match=r"--base origin/main: there is no such branch"):
        changes(registry.root, "origin/main")


@pytest.mark.parametrize("ref", ["--output=stolen.txt", "", "main\nmain", "main; rm -rf /"])
def test_an_unusable_base_is_a_usage_error(registry: GitRegistry, ref: str) -> None:
    with pytest.raises(RepositoryError, match="no such branch, tag or commit"):
        changes(registry.root, ref)


def test_outside_a_repository_base_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain" / "data").mkdir(parents=True)
    with pytest.raises(RepositoryError, match="--base needs a git repository"):
        changes(tmp_path / "plain", "main")


def test_an_empty_repository_is_a_usage_error(tmp_path: Path) -> None:
    registry = GitRegistry(tmp_path / "reg")
    with pytest.raises(RepositoryError):
        changes(registry.root, "main")


def test_uncommitted_changes_under_data_are_a_usage_error(registry: GitRegistry) -> None:
    registry.branch("acme")
    registry.submission(ACME)
    with pytest.raises(RepositoryError, match=r"data/ has uncommitted ones \(data/vendors/acme"):
        changes(registry.root, "main")
    registry.commit("Add", "2026-01-06T08:00:00Z")
    registry.write(f"{ZETA}/README.md", "edited\n")
    with pytest.raises(RepositoryError, match="uncommitted"):
        changes(registry.root, "main")


def test_files_outside_data_may_be_uncommitted(registry: GitRegistry) -> None:
    registry.write("notes.txt", "scratch\n")
    assert changes(registry.root, "main").paths == ()


def test_unrelated_histories_are_a_usage_error(registry: GitRegistry) -> None:
    registry.repo.git.checkout("-q", "--orphan", "other")
    registry.commit("Unrelated", "2026-01-06T08:00:00Z")
    with pytest.raises(RepositoryError, match="no common history"):
        changes(registry.root, "main")


def test_a_shallow_clone_without_the_merge_base_is_a_usage_error(
    registry: GitRegistry, tmp_path: Path
) -> None:
    registry.branch("acme")
    registry.submission(ACME)
    registry.commit("Add", "2026-01-06T08:00:00Z")
    registry.checkout("main")
    registry.write("data/revocations.yaml", "[]\n")
    registry.commit("Maintainers' change", "2026-01-07T08:00:00Z")
    clone = tmp_path / "clone"
    uri = registry.root.as_uri()
    _git("clone", "-q", "--depth", "1", "--branch", "acme", uri, str(clone))
    _git("-C", str(clone), "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    with pytest.raises(RepositoryError, match=r"shallow clone.*fetch-depth: 0"):
        changes(clone, "origin/main")
    _git("-C", str(clone), "fetch", "-q", "--unshallow")
    assert len(changes(clone, "origin/main").paths) == 4


def test_a_subfolder_registry_cannot_be_reviewed(registry: GitRegistry) -> None:
    nested = registry.root / "examples" / "reg"
    shutil.copytree(registry.root / "data", nested / "data")
    registry.commit("Example", "2026-01-06T08:00:00Z")
    with pytest.raises(RepositoryError, match="top folder is the registry"):
        changes(nested, "main")


def test_raw_diff_parsing_keeps_odd_names() -> None:
    output = (
        b":000000 100644 "
        + b"0" * 40
        + b" "
        + b"1" * 40
        + b" A\0data/vendors/a/b/v1.35/new\nline\0"
        b":100644 100644 " + b"2" * 40 + b" " + b"3" * 40 + b" R075\0old name\0new\tname\0"
        b":100644 000000 " + b"4" * 40 + b" " + b"0" * 40 + b" D\0gone\xff\0"
    )
    added, renamed, deleted = parse_raw_diff(output)
    assert added == ChangedPath("A", "data/vendors/a/b/v1.35/new\nline", None, "100644", None)
    assert renamed == ChangedPath("R", "new\tname", "old name", "100644", "100644")
    assert deleted.status == "D" and deleted.path.startswith("gone") and deleted.mode is None


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)
