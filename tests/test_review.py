"""`certreg review`: labels from a report, the comment's content and escaping, bad reports."""

from __future__ import annotations

import copy
import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.model.findings import Finding, Report, Status, SubmissionReport
from generator.report.formats import as_json
from generator.report.labels import (
    MANAGED_LABELS,
    MANAGED_PATTERNS,
    is_certifying,
    is_managed,
    labels_of,
)
from generator.report.review import BODY_LIMIT, MARKER, labels_for, parse_report, plain, review

SUBMISSION = "data/vendors/acme/kube/v1.35"
CHECK_IDS = (
    "layout", "files-required", "files-allowed", "product-metadata", "product-links",
    "vendor-policy", "version-supported", "requirements-known", "tests-complete",
    "tests-passed", "log-version", "log-consistent",
)  # fmt: skip
PR_CHECK_IDS = ("pr-title", "pr-scope", "pr-single-commit", "pr-immutable")
PASSING_LABELS = [
    "conformance-product-submission",
    "no-failed-tests-v1.35",
    "release-documents-checked",
    "release-v1.35",
    "tests-verified-v1.35",
]


def check(check_id: str, status: str = "pass", message: str = "fine", file: str | None = None,
          line: int | None = None) -> dict[str, Any]:  # fmt: skip
    return {"id": check_id, "status": status, "message": message, "file": file, "line": line}


def passing_report(path: str = SUBMISSION) -> dict[str, Any]:
    return {
        "ok": True,
        "as_of": "2026-11-27",
        "pr": {"checks": [check(c) for c in PR_CHECK_IDS]},
        "submissions": [{"path": path, "ok": True, "checks": [check(c) for c in CHECK_IDS]}],
        "labels": [],
    }


def with_checks(*replacements: dict[str, Any], pr: bool = False) -> dict[str, Any]:
    """A passing report with some checks replaced by (or, for new ids, added as) these."""
    report = passing_report()
    checks = report["pr"]["checks"] if pr else report["submissions"][0]["checks"]
    for new in replacements:
        for index, old in enumerate(checks):
            if old["id"] == new["id"] and old["status"] == "pass":
                checks[index] = new
                break
        else:
            checks.append(new)
    return report


def run(tmp_path: Path, report: object, *args: str) -> Result:
    path = tmp_path / "report.json"
    text = report if isinstance(report, str) else json.dumps(report)
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["review", str(path), *args])


# --- labels -----------------------------------------------------------------------------------


def test_a_passing_submission_gets_the_five_passing_labels() -> None:
    assert labels_for(passing_report()) == PASSING_LABELS


@pytest.mark.parametrize(
    ("failed", "expected", "lost"),
    [
        (check("tests-complete", "fail", "[sig-node] Pods is absent"),
         {"required-tests-missing"}, {"tests-verified-v1.35"}),
        (check("tests-passed", "fail", "2 tests failed", "junit_01.xml", 40),
         {"evidence-missing"}, {"no-failed-tests-v1.35"}),
        (check("files-required", "fail", "e2e.log is missing: add it", "e2e.log"),
         {"missing-file-e2e.log"}, {"release-documents-checked"}),
        (check("files-required", "fail", "PRODUCT.yaml is empty", "PRODUCT.yaml"),
         {"missing-file-PRODUCT.yaml"}, {"release-documents-checked"}),
        (check("files-required", "fail", "x", f"{SUBMISSION}/junit_01.xml"),
         {"missing-file-junit_01.xml"}, {"release-documents-checked"}),
        (check("files-required", "fail", "README.md is missing: add it"),
         {"missing-file-README.md"}, {"release-documents-checked"}),
        (check("layout", "fail", "vendor folder is not a slug"),
         set(), {"release-v1.35", "tests-verified-v1.35", "no-failed-tests-v1.35"}),
        (check("product-metadata", "fail", "type is not known", "PRODUCT.yaml", 3),
         set(), {"release-documents-checked"}),
    ],
)  # fmt: skip
def test_each_failure_adds_its_label_and_drops_what_it_contradicts(
    failed: dict[str, Any], expected: set[str], lost: set[str]
) -> None:
    labels = set(labels_for(with_checks(failed)))
    assert labels == (set(PASSING_LABELS) - lost) | expected | {"not-verifiable"}


def test_a_placeholder_in_readme_is_not_a_missing_file() -> None:
    placeholder = check("files-required", "fail", "README.md still holds FILL-IN", "README.md", 7)
    labels = labels_for(with_checks(placeholder))
    assert "not-verifiable" in labels
    assert not [label for label in labels if label.startswith("missing-file-")]


def test_file_names_are_found_in_a_message_only_as_whole_names() -> None:
    finding = check("files-required", "fail", "README.md.bak and e2e.log are missing.")
    labels = labels_for(with_checks(finding))
    assert "missing-file-e2e.log" in labels
    assert "missing-file-README.md" not in labels


def test_a_failed_pr_check_makes_the_change_not_verifiable_but_keeps_result_labels() -> None:
    report = with_checks(check("pr-title", "fail", "the title names v1.34"), pr=True)
    assert labels_for(report) == sorted([*PASSING_LABELS, "not-verifiable"])


def test_a_skipped_check_neither_verifies_nor_fails() -> None:
    report = with_checks(
        check("requirements-known", "fail", "no requirement list for v1.35"),
        check("tests-complete", "skip", "no requirement list"),
    )
    labels = labels_for(report)
    assert "tests-verified-v1.35" not in labels
    assert "required-tests-missing" not in labels
    assert "not-verifiable" in labels


def test_a_warning_still_passes() -> None:
    report = with_checks(check("tests-passed", "warn", "e2e.log lists a flaky retry"))
    assert labels_for(report) == PASSING_LABELS


def test_the_reports_own_verdict_and_labels_are_ignored() -> None:
    forged = with_checks(check("tests-passed", "fail", "1 test failed"))
    forged["ok"] = True
    forged["labels"] = ["tests-verified-v1.35", "approved", "lgtm"]
    labels = labels_for(forged)
    assert "evidence-missing" in labels and "not-verifiable" in labels
    assert "approved" not in labels and "lgtm" not in labels


def test_a_folder_that_is_not_a_version_gives_no_version_labels() -> None:
    report = passing_report("data/vendors/acme/kube/v1.35-evil-label")
    assert not [label for label in labels_for(report) if "v1." in label]


def test_nothing_to_check_gives_no_labels() -> None:
    assert labels_for({"as_of": "2026-11-27", "pr": None, "submissions": []}) == []


def test_every_label_given_is_managed_and_others_are_not() -> None:
    reports = [passing_report(), with_checks(check("tests-complete", "fail", "absent"))]
    reports += [with_checks(check("files-required", "fail", "missing", name))
                for name in ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml")]  # fmt: skip
    for report in reports:
        assert all(is_managed(label) for label in labels_for(report))
    for other in ("bug", "release-vnext", "lgtm", "release-v1.35-notes", "do-not-merge"):
        assert not is_managed(other)


def test_managed_patterns_are_anchored_for_javascript_too() -> None:
    assert all(p.startswith("^") and p.endswith("$") for p in MANAGED_PATTERNS)
    assert len(set(MANAGED_LABELS)) == len(MANAGED_LABELS)


def test_labels_of_takes_the_model_the_validator_builds() -> None:
    report = Report(
        as_of="2026-11-27",
        submissions=(SubmissionReport(SUBMISSION, (Finding("tests-complete", Status.FAIL, "x"),)),),
    )
    assert labels_of(report) == [
        "conformance-product-submission",
        "not-verifiable",
        "release-v1.35",
        "required-tests-missing",
    ]


def test_the_validators_json_reads_back_as_the_same_report() -> None:
    findings = (
        Finding("layout", Status.PASS, "ok", None, None),
        Finding("files-required", Status.FAIL, "e2e.log is missing", "e2e.log", None),
        Finding("tests-passed", Status.WARN, "slow", "e2e.log", 12),
    )
    report = Report(
        as_of="2026-11-27",
        submissions=(SubmissionReport(SUBMISSION, findings),),
        pr=(Finding("pr-title", Status.PASS, "ok"),),
    )
    data = json.loads(as_json(report))
    assert parse_report(data) == report
    assert data["labels"] == labels_for(data)


# --- the comment ------------------------------------------------------------------------------


def test_a_passing_comment_says_so_and_folds_the_passed_checks() -> None:
    body = review(parse_report(passing_report())).body
    lines = body.splitlines()
    assert lines[0] == MARKER
    assert lines[1].startswith("## ✅")
    assert "**16 of 16 requirements passed**" in body
    assert "### Failed" not in body
    assert "<summary>Passed (16)</summary>" in body
    assert body.index("<details>") < body.index("[layout](docs/checks.md#layout)")
    assert body.index("[layout]") < body.index("</details>") < body.index("**Labels:**")
    assert "`release-v1.35`" in body


def test_a_failing_comment_lists_each_failure_with_its_link_place_and_message() -> None:
    report = with_checks(
        check("tests-complete", "fail", "[sig-node] Pods should run is absent", "junit_01.xml", 12)
    )
    report["pr"]["checks"][0] = check("pr-title", "fail", "name the folder in the title")
    body = review(parse_report(report)).body
    assert body.splitlines()[1].startswith("## ❌")
    assert "2 requirements not met" in body
    assert "**14 of 16 requirements passed**" in body
    failed = body[body.index("### Failed") : body.index("<details>")]
    assert (
        "| [tests-complete](docs/checks.md#tests-complete) | "
        "<code>data/vendors/acme/kube/v1.35/junit\\_01.xml:12</code> | "
        "\\[sig-node\\] Pods should run is absent |"
    ) in failed
    assert "| [pr-title](docs/checks.md#pr-title) | pull request | name the folder" in failed


def test_warnings_have_their_own_section() -> None:
    report = with_checks(check("product-links", "warn", "the logo is large", "PRODUCT.yaml", 9))
    body = review(parse_report(report)).body
    assert body.splitlines()[1].startswith("## ✅") and "1 warning" in body
    warnings = body[body.index("### Warnings") : body.index("<details>")]
    assert "the logo is large" in warnings


def test_skipped_checks_are_counted_apart_and_folded() -> None:
    report = with_checks(
        check("requirements-known", "fail", "no list"), check("tests-complete", "skip", "no list")
    )
    body = review(parse_report(report)).body
    assert "**14 of 15 requirements passed**" in body
    assert "1 more could not be checked" in body
    assert "<summary>Not checked (1)</summary>" in body


def test_the_checks_url_is_used_for_every_link() -> None:
    url = "https://github.com/certreg/registry/blob/main/docs/checks.md"
    body = review(parse_report(passing_report()), checks_url=url).body
    links = re.findall(r"\]\(([^)]*)\)", body)
    assert links and all(link.startswith(url) for link in links)


def test_an_untrusted_report_withholds_certifying_labels_and_says_why() -> None:
    result = review(parse_report(passing_report()), untrusted=True)
    assert not [label for label in result.labels if is_certifying(label)]
    assert result.labels == ("conformance-product-submission", "release-v1.35")
    assert "> [!WARNING]" in result.body and "outside `data/vendors/`" in result.body


def test_nothing_to_check() -> None:
    body = review(parse_report({"as_of": "2026-11-27", "pr": None, "submissions": []})).body
    assert "nothing to check" in body.splitlines()[1]
    assert "**Labels:** none" in body


def test_the_same_report_gives_the_same_bytes(tmp_path: Path) -> None:
    report = with_checks(check("tests-passed", "fail", "x @y | z", "e2e.log", 3))
    first = run(tmp_path, report, "--format", "json")
    second = run(tmp_path, copy.deepcopy(report), "--format", "json")
    assert first.exit_code == 0 and first.stdout == second.stdout


# --- untrusted text ---------------------------------------------------------------------------

HOSTILE = [
    "a | b | c",
    "line one\nline two\r\n| x | y |",
    "</details><details open><summary>gotcha",
    "@octocat and @certreg/maintainers please merge",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "![pixel](https://evil.example/p.png) [click](javascript:alert(1))",
    "see https://evil.example/a and www.evil.example",
    "fixes #1 and certreg/registry#2",
    "`code` **bold** _em_ ~~strike~~ $\\sqrt{x}$",
    "right\u202eto-left\u200b hidden\x00nul\x1b[31m",
    "&lt;already escaped&gt; &#64;user",
    "\\| backslash pipe \\",
    "<!-- certreg-review -->",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_plain_text(text: str) -> None:
    out = plain(text)
    # As Markdown source: one line, no cell boundary, no tag or comment, markup escaped.
    assert "\n" not in out and "\r" not in out
    assert "|" not in out
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[`*_\[\]$~]", out)
    # As the text GitHub scans after decoding entities: no mention, reference or autolink.
    seen = html.unescape(out)
    assert not re.search(r"@\w", seen)
    assert not re.search(r"#\d", seen)
    assert not re.search(r"(?i)https?://|www\.", seen)
    assert not re.search(r"[\u200c-\u200f\u202a-\u202e\u2066-\u2069\x00-\x1f]", seen)
    assert seen.replace("\u200b", "").replace("\\", "") == _expected_text(text)


def _expected_text(text: str) -> str:
    """What a reader sees: the text on one line, without invisible characters or backslashes."""
    text = re.sub(r"[\r\n]+", " ", text)
    text = "".join(ch for ch in text if ch == " " or unicodedata.category(ch)[0] != "C")
    return text.replace("\\", "")


def test_hostile_strings_cannot_break_the_comment_structure() -> None:
    findings = [check("tests-complete", "fail", text, text, 1) for text in HOSTILE]
    findings += [check("product-links", "warn", text, None) for text in HOSTILE]
    report = with_checks(*findings)
    report["submissions"][0]["path"] = "data/vendors/acme/kube/v1.35|</code>@x"
    body = review(parse_report(report)).body
    lines = body.splitlines()
    rows = [line for line in lines if line.startswith("| [")]
    assert len(rows) == len(findings) + len(PR_CHECK_IDS) + len(CHECK_IDS) - 2
    assert all(row.count("|") == 4 for row in rows)
    assert body.count("<details>") == body.count("</details>") == 1
    assert body.count("<summary>") == 1
    assert body.count(MARKER) == 1 and lines[0] == MARKER
    assert "<script" not in body and "<img" not in body
    assert not re.search(r"@\w", html.unescape(body))
    in_submission = [row for row in rows if "| pull request |" not in row]
    assert len(in_submission) == len(rows) - len(PR_CHECK_IDS)
    assert all(row.count("<code>") == row.count("</code>") == 1 for row in in_submission)


def test_long_messages_are_shortened() -> None:
    out = plain("x" * 5000)
    assert len(out) == 600 and out.endswith("…")
    assert plain("x" * 600) == "x" * 600
    assert plain("\u200b" * 5000 + "hidden tail") == "…"
    assert plain("a\u200b" * 700).startswith("a" * 599) and plain("a\u200b" * 700).endswith("…")


def test_many_failures_of_one_check_do_not_hide_the_others() -> None:
    findings = [check("tests-complete", "fail", f"test {i} is absent", "junit_01.xml")
                for i in range(400)]  # fmt: skip
    findings.append(check("files-required", "fail", "e2e.log is missing", "e2e.log"))
    body = review(parse_report(with_checks(*findings))).body
    assert body.count("is absent") == 25
    assert "| …and 375 more like these |" in body
    assert "e2e.log is missing" in body


def test_a_huge_report_still_fits_in_one_comment() -> None:
    report = passing_report()
    hostile = "@a|" * 400
    for n in range(300):
        checks = [check("tests-complete", "fail", f"{i} {hostile}", "junit_01.xml", i)
                  for i in range(30)]  # fmt: skip
        checks += [check("tests-passed", "fail", "失败" * 300, "e2e.log", 1)]
        report["submissions"].append({"path": f"data/vendors/v{n}/p/v1.35", "checks": checks})
    result = review(parse_report(report))
    assert len(result.body.encode("utf-8")) <= BODY_LIMIT
    # The review workflow passes the JSON through one environment variable (at most 128 KiB).
    assert len(json.dumps(result.as_json(), ensure_ascii=False).encode("utf-8")) < 120_000
    assert "more rows, not shown here." in result.body
    assert "**Labels:**" in result.body and "required-tests-missing" in result.body


# --- the command ------------------------------------------------------------------------------


def test_the_command_prints_the_body_and_writes_the_outputs(tmp_path: Path) -> None:
    comment, labels = tmp_path / "comment.md", tmp_path / "labels.txt"
    result = run(tmp_path, passing_report(), "--comment-out", str(comment),
                 "--labels-out", str(labels))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == comment.read_text(encoding="utf-8")
    assert result.stdout.startswith(MARKER + "\n")
    assert labels.read_text(encoding="utf-8").splitlines() == PASSING_LABELS


def test_the_json_format_has_what_a_workflow_needs(tmp_path: Path) -> None:
    report = with_checks(check("tests-passed", "fail", "1 failed", "junit_01.xml", 5))
    result = run(tmp_path, report, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "marker", "body", "labels", "managed_labels",
                         "managed_label_patterns"}  # fmt: skip
    assert data["ok"] is False and data["marker"] == MARKER
    assert data["body"].startswith(MARKER)
    assert "evidence-missing" in data["labels"]
    assert all(re.compile(p) for p in data["managed_label_patterns"])


def test_the_command_exits_0_for_a_failing_report(tmp_path: Path) -> None:
    report = with_checks(check("tests-passed", "fail", "1 failed"))
    assert run(tmp_path, report).exit_code == 0


def test_the_command_reads_standard_input() -> None:
    result = CliRunner().invoke(cli, ["review", "-"], input=json.dumps(passing_report()))
    assert result.exit_code == 0 and result.stdout.startswith(MARKER)


def test_untrusted_from_the_command_line(tmp_path: Path) -> None:
    result = run(tmp_path, passing_report(), "--untrusted", "--format", "json")
    assert "tests-verified-v1.35" not in json.loads(result.stdout)["labels"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "docs/checks.md) [x](https://evil", "a b", "<x>"]
)
def test_a_bad_checks_url_is_a_usage_error(tmp_path: Path, url: str) -> None:
    result = run(tmp_path, passing_report(), "--checks-url", url)
    assert result.exit_code == 2


def _broken(change: str) -> dict[str, Any]:
    report = passing_report()
    first = report["submissions"][0]["checks"][0]
    if change == "status":
        first["status"] = "great"
    elif change == "id":
        first["id"] = "layout](https://evil.example)"
    elif change == "line":
        first["line"] = "12"
    elif change == "bool-line":
        first["line"] = True
    elif change == "message":
        del first["message"]
    elif change == "file":
        first["file"] = ["a"]
    elif change == "submissions":
        del report["submissions"]
    elif change == "path":
        report["submissions"][0]["path"] = None
    elif change == "pr":
        report["pr"] = {"checks": "pr-title"}
    elif change == "as_of":
        report["as_of"] = 20261127
    return report


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "not JSON"),
        ("{", "not JSON"),
        ("[]", "the report: expected an object"),
        ('{"as_of": "2026-11-27", "submissions": [], "x": NaN}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "JSON"),
        (_broken("status"), "submissions[0].checks[0].status"),
        (_broken("id"), "submissions[0].checks[0].id"),
        (_broken("line"), "submissions[0].checks[0].line"),
        (_broken("bool-line"), "submissions[0].checks[0].line"),
        (_broken("message"), "submissions[0].checks[0].message"),
        (_broken("file"), "submissions[0].checks[0].file"),
        (_broken("submissions"), "submissions: expected a list"),
        (_broken("path"), "submissions[0].path"),
        (_broken("pr"), "pr.checks: expected a list"),
        (_broken("as_of"), "as_of: expected a string"),
    ],
)
def test_a_malformed_report_is_a_usage_error(tmp_path: Path, content: object, says: str) -> None:
    result = run(tmp_path, content)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_report_is_a_usage_error(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["review", str(tmp_path / "absent.json")])
    assert missing.exit_code == 2 and "cannot read the report" in missing.stderr
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    result = CliRunner().invoke(cli, ["review", str(binary)])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
    folder = CliRunner().invoke(cli, ["review", str(tmp_path)])
    assert folder.exit_code == 2 and "Traceback" not in folder.output
