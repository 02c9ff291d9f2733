"""`validate --base`: branches playing pull requests against a main with merged submissions."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.model.findings import Finding, Report, Status
from generator.validation import ValidateOptions, validate
from tests.git.repos import ACME, REVIEW_DAY, ZETA, GitRegistry, merged_registry
from tests.test_cli import run

TITLE = "Conformance results for v1.35/acme/acme-kube"
PR_IDS = ["pr-title", "pr-scope", "pr-single-commit", "pr-immutable"]


@pytest.fixture
def registry(tmp_path: Path) -> GitRegistry:
    return merged_registry(tmp_path / "reg")


def review(
    registry: GitRegistry,
    title: str | None = TITLE,
    day: str = REVIEW_DAY,
    paths: list[Path] | None = None,
) -> Report:
    options = ValidateOptions(
        paths=paths or [], base="main", title=title, review_date=dt.date.fromisoformat(day)
    )
    return validate(registry.root, options)


def pr(report: Report) -> dict[str, list[Finding]]:
    assert report.pr is not None
    found: dict[str, list[Finding]] = {}
    for finding in report.pr:
        found.setdefault(finding.check, []).append(finding)
    return found


def status(report: Report) -> dict[str, Status]:
    return {
        check: max((f.status for f in fs), key=lambda s: s.rank) for check, fs in pr(report).items()
    }


def submit(registry: GitRegistry, *folders: str, message: str = TITLE) -> None:
    registry.branch("pr")
    for folder in folders:
        registry.submission(folder)
    registry.commit(message, "2026-01-15T10:00:00Z")


def test_a_good_pull_request_passes_every_check(registry: GitRegistry) -> None:
    submit(registry, ACME)
    report = review(registry)
    assert [f.check for f in report.pr or ()] == PR_IDS
    assert status(report) == dict.fromkeys(PR_IDS, Status.PASS)
    assert [s.path for s in report.submissions] == [ACME]
    assert report.ok, report
    assert pr(report)["pr-scope"][0].message == f"the change touches {ACME} only"


def test_the_json_report_has_the_pr_section(registry: GitRegistry) -> None:
    submit(registry, ACME)
    result = run(
        registry.root, "validate", "--base", "main", "--title", TITLE, "--as-of", REVIEW_DAY,
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["id"] for c in data["pr"]["checks"]] == PR_IDS
    assert {c["status"] for c in data["pr"]["checks"]} == {"pass"}
    assert [s["path"] for s in data["submissions"]] == [ACME]


def test_two_submissions_fail_scope_and_both_are_checked(registry: GitRegistry) -> None:
    other = "data/vendors/acme/acme-kube/v1.34"
    submit(registry, ACME, other)
    report = review(registry)
    (scope,) = pr(report)["pr-scope"]
    assert scope.status is Status.FAIL
    assert scope.message.startswith(f"the change touches 2 submission folders ({other}, {ACME})")
    assert [s.path for s in report.submissions] == [other, ACME]
    assert status(report)["pr-title"] is Status.PASS  # it names one of them


def test_a_modified_merged_submission_is_immutable_and_judged_as_new(
    registry: GitRegistry,
) -> None:
    registry.branch("pr")
    registry.write(f"{ZETA}/README.md", "# Zeta Kubernetes\n\nBetter instructions.\n")
    registry.commit("Conformance results for v1.35/zeta/zeta-kube", "2026-01-15T10:00:00Z")
    report = review(registry, "Conformance results for v1.35/zeta/zeta-kube", day="2027-06-01")
    (immutable,) = pr(report)["pr-immutable"]
    assert immutable.status is Status.FAIL and immutable.file == f"{ZETA}/README.md"
    assert immutable.message == (
        f"the change modifies {ZETA}/README.md, a file of the certified submission {ZETA}"
    )
    assert status(report)["pr-scope"] is Status.PASS
    (checked,) = report.submissions
    # Certified on 2026-01-05, but touched: judged as of the review date, when v1.35 is too old.
    assert checked.path == ZETA and checked.status_of("version-supported") is Status.FAIL


def test_a_deleted_submission_is_immutable_and_nothing_is_validated(
    registry: GitRegistry,
) -> None:
    registry.branch("pr")
    shutil.rmtree(registry.root / ZETA)
    registry.commit("Remove zeta", "2026-01-15T10:00:00Z")
    report = review(registry, title=None)
    failures = pr(report)["pr-immutable"]
    assert {f.file for f in failures} == {
        f"{ZETA}/{name}" for name in ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")
    }
    assert all("deletes" in f.message and f.status is Status.FAIL for f in failures)
    assert report.submissions == ()
    (title,) = pr(report)["pr-title"]
    assert title.status is Status.SKIP and title.message == "no --title given"


def test_a_renamed_submission_fails_immutable_and_scope(registry: GitRegistry) -> None:
    registry.branch("pr")
    renamed = "data/vendors/zeta/zeta-k8s/v1.35"
    (registry.root / renamed).parent.mkdir()
    registry.repo.git.mv(ZETA, renamed)
    registry.commit("Rename", "2026-01-15T10:00:00Z")
    report = review(registry, "Conformance results for v1.35/zeta/zeta-k8s")
    immutable = pr(report)["pr-immutable"]
    assert len(immutable) == 4 and all("renames" in f.message for f in immutable)
    (scope,) = pr(report)["pr-scope"]
    assert scope.status is Status.FAIL and "2 submission folders" in scope.message
    assert [s.path for s in report.submissions] == [renamed]
    assert status(report)["pr-title"] is Status.PASS


def test_adding_a_file_to_a_merged_submission_is_immutable(registry: GitRegistry) -> None:
    registry.branch("pr")
    registry.write(f"{ZETA}/notes.md", "more\n")
    registry.commit("Add notes", "2026-01-15T10:00:00Z")
    (immutable,) = pr(review(registry))["pr-immutable"]
    assert (
        immutable.message == f"the change adds {ZETA}/notes.md to the certified submission {ZETA}"
    )


def test_a_vendor_record_edit_mixed_in_fails_scope_and_immutable(registry: GitRegistry) -> None:
    registry.branch("pr")
    registry.submission(ACME)
    vendor = "data/vendors/acme/VENDOR.yaml"
    text = (registry.root / vendor).read_text().replace("Acme Kubernetes", "Acme Kubernetes Pro")
    registry.write(vendor, text)
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    report = review(registry)
    (scope,) = pr(report)["pr-scope"]
    assert scope.status is Status.FAIL and scope.file == vendor
    assert "a vendor's record, changed by the program's maintainers only" in scope.message
    (immutable,) = pr(report)["pr-immutable"]
    assert immutable.message == f"the change modifies {vendor}, a vendor's record"
    assert [s.path for s in report.submissions] == [ACME]


@pytest.mark.parametrize(
    ("path", "what"),
    [
        (".github/workflows/steal.yml", "a file outside data/vendors/"),
        ("data/program.yaml", "the program's definition"),
        ("data/conformance/v1.36.yaml", "a requirement list"),
        ("data/revocations.yaml", "the list of revoked certifications"),
        ("data/history.yaml", "the ledger of certification dates"),
        ("data/vendors/newco/VENDOR.yaml", "a vendor's record"),
    ],
)
def test_maintainers_files_fail_scope(registry: GitRegistry, path: str, what: str) -> None:
    registry.branch("pr")
    registry.submission(ACME)
    contents = {
        "data/conformance/v1.36.yaml": (registry.root / "data/conformance/v1.35.yaml").read_text(),
        "data/revocations.yaml": "[]\n",
        "data/history.yaml": "{}\n",
        ".github/workflows/steal.yml": "on: push\n",
    }
    if (registry.root / path).exists():
        registry.write(path, (registry.root / path).read_text() + "\n# edited\n")
    else:
        registry.write(path, contents.get(path, "name: New Co\n"))
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    (scope,) = pr(review(registry))["pr-scope"]
    assert scope.status is Status.FAIL and scope.file == path and what in scope.message


def test_a_file_beside_the_submission_folders_fails_scope_and_layout(
    registry: GitRegistry,
) -> None:
    registry.branch("pr")
    registry.submission(ACME)
    registry.write("data/vendors/acme/notes.txt", "hi\n")
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    report = review(registry)
    (scope,) = pr(report)["pr-scope"]
    assert (
        scope.file == "data/vendors/acme/notes.txt" and "not inside a submission" in scope.message
    )
    stray = {s.path: s for s in report.submissions}["data/vendors/acme/notes.txt"]
    assert stray.status_of("layout") is Status.FAIL


@pytest.mark.parametrize(("level", "expected"), [("error", Status.FAIL), ("warning", Status.WARN)])
def test_two_commits(tmp_path: Path, level: str, expected: Status) -> None:
    registry = merged_registry(tmp_path / "reg", single_commit=level)
    submit(registry, ACME, message="Add results")
    registry.write(f"{ACME}/README.md", "# Acme Kubernetes\n\nRun sonobuoy.\n")
    registry.commit("Fix the README", "2026-01-16T10:00:00Z")
    report = review(registry)
    (single,) = pr(report)["pr-single-commit"]
    assert single.status is expected
    assert single.message.startswith("the change has 2 commits (")
    assert "'Add results'" in single.message and "'Fix the README'" in single.message
    assert "git merge-base main HEAD" in single.message
    assert report.ok is (level == "warning")


def test_single_commit_can_be_turned_off(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg", single_commit="off")
    submit(registry, ACME)
    registry.write(f"{ACME}/README.md", "# Acme Kubernetes\n\nRun sonobuoy.\n")
    registry.commit("Fix the README", "2026-01-16T10:00:00Z")
    (single,) = pr(review(registry))["pr-single-commit"]
    assert single.status is Status.SKIP and "off" in single.message


def test_a_wrong_title_fails_with_the_expected_form(registry: GitRegistry) -> None:
    submit(registry, ACME)
    (title,) = pr(review(registry, "Conformance results for v1.34/acme/acme-kube"))["pr-title"]
    assert title.status is Status.FAIL
    assert title.message == (
        "the title names 'v1.34/acme/acme-kube', but the submission folder is "
        f"{ACME}: "
        "write 'Conformance results for v1.35/acme/acme-kube'"
    )


def test_a_missing_title_is_skipped_with_the_reason(registry: GitRegistry) -> None:
    submit(registry, ACME)
    report = review(registry, title=None)
    (title,) = pr(report)["pr-title"]
    assert title.status is Status.SKIP and title.message == "no --title given"
    assert report.ok


def test_a_title_with_shell_metacharacters_and_newlines_fails_cleanly(
    registry: GitRegistry,
) -> None:
    submit(registry, ACME)
    nasty = 'Conformance results for v1.35/acme/acme-kube\n$(rm -rf ~); `id` "|&'
    result = run(
        registry.root, "validate", "--base", "main", "--title", nasty, "--as-of", REVIEW_DAY
    )
    assert result.exit_code == 1
    assert "pr-title" in result.output and "not one line of plain text" in result.output
    assert "\n$(rm" not in result.output and "Traceback" not in result.output


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symlink_added_fails_files_allowed(registry: GitRegistry) -> None:
    registry.branch("pr")
    folder = registry.submission(ACME)
    (folder / "README.md").unlink()
    (folder / "README.md").symlink_to("../../../zeta/zeta-kube/v1.35/README.md")
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    report = review(registry)
    (checked,) = report.submissions
    assert checked.status_of("files-allowed") is Status.FAIL
    assert any(
        f.check == "files-allowed"
        and f.file == f"{ACME}/README.md"
        and "symbolic link" in f.message
        for f in checked.findings
    )
    assert status(report)["pr-scope"] is Status.PASS  # one submission; the link is its problem


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_symlinked_submission_folder_fails_layout(registry: GitRegistry) -> None:
    registry.branch("pr")
    (registry.root / ACME).parent.mkdir(parents=True)
    (registry.root / ACME).symlink_to("../../zeta/zeta-kube/v1.35")
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    (checked,) = review(registry).submissions
    assert checked.path == ACME and checked.status_of("layout") is Status.FAIL


def test_a_branch_behind_main_checks_only_its_own_submission(registry: GitRegistry) -> None:
    """A fork-like history: the branch left main before zeta was merged."""
    registry.branch("pr", start="main~1")
    registry.submission(ACME)
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    assert not (registry.root / ZETA).exists()
    report = review(registry)
    assert status(report) == dict.fromkeys(PR_IDS, Status.PASS)
    assert [s.path for s in report.submissions] == [ACME]


def test_a_branch_adding_what_main_merged_meanwhile_is_immutable(registry: GitRegistry) -> None:
    registry.branch("pr", start="main~1")
    registry.submission(ZETA)
    registry.write(f"{ZETA}/README.md", "# A second opinion\n")
    registry.commit("Conformance results for v1.35/zeta/zeta-kube", "2026-01-15T10:00:00Z")
    failures = pr(review(registry, "Conformance results for v1.35/zeta/zeta-kube"))
    assert {f.file for f in failures["pr-immutable"]} == {
        f"{ZETA}/{name}" for name in ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")
    }


def test_paths_beside_base_are_checked_as_merged(registry: GitRegistry) -> None:
    submit(registry, ACME)
    report = review(registry, day="2027-06-01", paths=[registry.root / ZETA])
    checked = {s.path: s for s in report.submissions}
    assert set(checked) == {ACME, ZETA}
    assert checked[ZETA].status_of("version-supported") is Status.PASS  # as of 2026-01-05
    assert checked[ACME].status_of("version-supported") is Status.FAIL  # new: as of review


def test_a_change_touching_nothing(registry: GitRegistry) -> None:
    registry.branch("pr")
    report = review(registry)
    assert report.submissions == ()
    found = pr(report)
    assert found["pr-scope"][0].message == "the change touches no submission folder"
    assert found["pr-single-commit"][0].status is Status.SKIP
    assert found["pr-title"][0].status is Status.SKIP


def test_many_maintainers_files_are_counted_not_all_listed(registry: GitRegistry) -> None:
    registry.branch("pr")
    registry.submission(ACME)
    for index in range(15):
        registry.write(f"docs/page{index:02}.md", "text\n")
    registry.commit(TITLE, "2026-01-15T10:00:00Z")
    scope = pr(review(registry))["pr-scope"]
    assert len(scope) == 11 and scope[-1].message == "and 5 more files"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--base", "nope"], "--base nope: there is no such branch, tag or commit here"),
        (["--base", "-x"], "there is no such branch"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(
    registry: GitRegistry, args: list[str], fragment: str
) -> None:
    result = run(registry.root, "validate", *args)
    assert result.exit_code == 2 and fragment in result.output
    assert "Traceback" not in result.output


def test_a_dirty_tree_exits_2(registry: GitRegistry) -> None:
    submit(registry, ACME)
    registry.write(f"{ACME}/README.md", "# uncommitted\n")
    result = run(registry.root, "validate", "--base", "main")
    assert result.exit_code == 2 and "uncommitted" in result.output


def test_base_outside_git_exits_2(tmp_path: Path) -> None:
    registry = merged_registry(tmp_path / "reg")
    plain = tmp_path / "plain"
    shutil.copytree(registry.root, plain, ignore=shutil.ignore_patterns(".git"))
    result = run(plain, "validate", "--base", "main")
    assert result.exit_code == 2 and "needs a git repository" in result.output
