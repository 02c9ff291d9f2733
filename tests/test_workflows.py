"""The GitHub workflows keep the rules that make them safe to run on strangers' pull requests."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(name: str) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_three_workflows_exist() -> None:
    assert [path.name for path in FILES] == ["publish.yml", "review.yml", "validate.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    uses = re.findall(r"uses:\s*(.+)", path.read_text(encoding="utf-8"))
    assert uses
    for ref in uses:
        assert PINNED.match(ref.strip()), ref


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_script(path: Path) -> None:
    for step in steps(load(path.name)):
        assert "${{" not in step.get("run", ""), step
        assert "${{" not in step.get("with", {}).get("script", ""), step


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_tokens_start_with_no_write_access_and_checkouts_keep_no_credentials(path: Path) -> None:
    workflow = load(path.name)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_validate_is_read_only_and_passes_the_title_through_the_environment() -> None:
    workflow = load("validate.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert all("permissions" not in job for job in workflow["jobs"].values())
    runs = [step for step in steps(workflow) if "certreg validate" in step.get("run", "")]
    assert {"--format github", "--format markdown", "--format json"} <= {
        m for step in runs for m in re.findall(r"--format \w+", step["run"])
    }
    for step in runs:
        assert step["env"]["PR_TITLE"] == "${{ github.event.pull_request.title }}"
        assert '--title "$PR_TITLE"' in step["run"]


def test_review_runs_only_base_code_and_finds_the_validate_artifact() -> None:
    validate, review = load("validate.yml"), load("review.yml")
    assert review["on"]["workflow_run"]["workflows"] == [validate["name"]]
    uploaded = [s for s in steps(validate) if s.get("uses", "").startswith("actions/upload-")]
    downloaded = [s for s in steps(review) if s.get("uses", "").startswith("actions/download-")]
    assert uploaded[0]["with"]["name"] == downloaded[0]["with"]["name"]
    assert downloaded[0]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    for step in steps(review):
        assert "ref" not in step.get("with", {}), "review must check out the base branch only"
        assert "pip install -e" not in step.get("run", "")


def test_review_grants_write_access_only_to_the_job_that_posts() -> None:
    jobs = load("review.yml")["jobs"]
    writers = {name for name, job in jobs.items() if "write" in job["permissions"].values()}
    assert writers == {"post"}
    assert all("run" not in step for step in jobs["post"]["steps"])
    assert jobs["post"]["permissions"] == {"issues": "write", "pull-requests": "write"}


def test_publish_deploys_with_pages_permissions_on_the_deploy_job_only() -> None:
    workflow = load("publish.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "write" not in jobs["build"]["permissions"].values()
    build = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "certreg build --out site --base-url" in build


def test_the_pre_commit_hook_validates_submissions() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "certreg-validate"
    assert hook["entry"].startswith("certreg validate")
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "data/vendors/acme/kube/v1.35/e2e.log")
    assert not re.match(hook["files"], "generator/cli.py")


# --- the review workflow's scripts, run by node against a stand-in for the GitHub API ---------

HARNESS = """
const state = JSON.parse(process.env.STATE);
const calls = [];
const reply = (data) => Promise.resolve({ data });
const api = (name, data) => async (params) => { calls.push([name, params]); return { data }; };
const github = {
  paginate: async (method, params) => (await method(params)).data,
  rest: {
    pulls: { get: api("pulls.get", state.pr), listFiles: api("pulls.listFiles", state.files) },
    issues: {
      listComments: api("listComments", state.comments),
      createComment: api("createComment", {}),
      updateComment: api("updateComment", {}),
      listLabelsOnIssue: api("listLabelsOnIssue", state.labels.map((name) => ({ name }))),
      addLabels: api("addLabels", {}),
      removeLabel: async (params) => {
        calls.push(["removeLabel", params]);
        if (params.name === state.gone) throw Object.assign(new Error("gone"), { status: 404 });
        return reply({});
      },
    },
  },
};
const outputs = {};
const core = {
  setOutput: (k, v) => { outputs[k] = v; },
  setFailed: (m) => { outputs.failed = m; },
  notice: () => {}, info: () => {},
};
const context = { repo: { owner: "certreg", repo: "registry" } };
(async () => {
SCRIPT
})().then(() => console.log(JSON.stringify({ calls, outputs })));
"""


def run_script(job: str, state: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    (step,) = [s for s in load("review.yml")["jobs"][job]["steps"] if "script" in s.get("with", {})]
    source = HARNESS.replace("SCRIPT", step["with"]["script"])
    full_env = {**os.environ, **env, "STATE": json.dumps(state)}
    done = subprocess.run([node, "-e", source], env=full_env, capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


REVIEW = {
    "marker": "<!-- certreg-review -->",
    "body": "<!-- certreg-review -->\nnew body\n",
    "labels": ["not-verifiable", "evidence-missing", "release-v1.35"],
    "managed_labels": ["not-verifiable", "evidence-missing", "release-documents-checked"],
    "managed_label_patterns": [r"^release-v[0-9]+\.[0-9]+$", r"^tests-verified-v[0-9]+\.[0-9]+$"],
}
BOT = {"login": "github-actions[bot]", "type": "Bot"}
NO_STATE = {"pr": {}, "files": [], "comments": [], "labels": []}


def post(state: dict[str, Any], number: str = "42") -> list[list[Any]]:
    result = run_script("post", {**NO_STATE, **state},
                        {"PR_NUMBER": number, "REVIEW": json.dumps(REVIEW)})  # fmt: skip
    calls: list[list[Any]] = result["calls"]
    return [call for call in calls if not call[0].startswith("list")]


def test_the_first_review_creates_the_comment_and_adds_the_labels() -> None:
    calls = post({})
    assert calls[0] == ["createComment", {"owner": "certreg", "repo": "registry",
                                          "issue_number": 42, "body": REVIEW["body"]}]  # fmt: skip
    assert calls[1][0] == "addLabels"
    assert calls[1][1]["labels"] == ["not-verifiable", "evidence-missing", "release-v1.35"]


def test_a_later_review_edits_its_own_comment_and_reconciles_managed_labels() -> None:
    comments = [
        {"id": 1, "user": {"login": "mallory", "type": "User"}, "body": REVIEW["marker"] + "x"},
        {"id": 2, "user": BOT, "body": "<!-- another bot -->"},
        {"id": 3, "user": BOT, "body": REVIEW["marker"] + "\nold body\n"},
    ]
    labels = ["not-verifiable", "tests-verified-v1.35", "release-v1.34", "bug", "release-vnext",
              "release-documents-checked"]  # fmt: skip
    calls = post({"comments": comments, "labels": labels, "gone": "release-v1.34"})
    assert calls[0] == ["updateComment", {"owner": "certreg", "repo": "registry",
                                          "comment_id": 3, "body": REVIEW["body"]}]  # fmt: skip
    assert calls[1] == ["addLabels", {"owner": "certreg", "repo": "registry", "issue_number": 42,
                                      "labels": ["evidence-missing", "release-v1.35"]}]  # fmt: skip
    removed = [call[1]["name"] for call in calls[2:]]
    assert removed == ["tests-verified-v1.35", "release-v1.34", "release-documents-checked"]


def test_an_unchanged_review_changes_nothing() -> None:
    comments = [{"id": 3, "user": BOT, "body": REVIEW["body"]}]
    assert post({"comments": comments, "labels": REVIEW["labels"]}) == []


@pytest.mark.parametrize("number", ["", "0", "42; rm -rf /", "1e3", "12345678901", "-1"])
def test_post_refuses_a_number_that_is_not_one(number: str) -> None:
    assert post({}, number) == []


def find_pr(
    text: str, head: str, files: list[str], tmp_path: Path, changed: int | None = None
) -> dict[str, Any]:
    (tmp_path / "pr-number").write_text(text, encoding="utf-8")
    pr = {"head": {"sha": "a" * 40}, "changed_files": len(files) if changed is None else changed}
    state = {**NO_STATE, "pr": pr, "files": [{"filename": name} for name in files]}
    result = run_script("render", state, {"ARTIFACT": str(tmp_path), "HEAD_SHA": head})
    outputs: dict[str, Any] = result["outputs"]
    return outputs


def test_the_pull_request_is_trusted_when_it_changes_only_submissions(tmp_path: Path) -> None:
    files = ["data/vendors/acme/kube/v1.35/e2e.log", "data/vendors/acme/kube/v1.35/README.md"]
    assert find_pr("42\n", "a" * 40, files, tmp_path) == {"number": "42", "untrusted": "false"}


def test_a_change_outside_submissions_makes_the_report_untrusted(tmp_path: Path) -> None:
    files = ["data/vendors/acme/kube/v1.35/e2e.log", "generator/report/labels.py"]
    assert find_pr("42\n", "a" * 40, files, tmp_path)["untrusted"] == "true"


def test_a_renamed_file_counts_where_it_came_from(tmp_path: Path) -> None:
    (tmp_path / "pr-number").write_text("42", encoding="utf-8")
    files = [{"filename": "data/vendors/acme/x", "previous_filename": "generator/cli.py"}]
    state = {**NO_STATE, "pr": {"head": {"sha": "a" * 40}, "changed_files": 1}, "files": files}
    result = run_script("render", state, {"ARTIFACT": str(tmp_path), "HEAD_SHA": "a" * 40})
    assert result["outputs"]["untrusted"] == "true"


def test_more_files_than_the_api_lists_is_untrusted(tmp_path: Path) -> None:
    files = ["data/vendors/acme/kube/v1.35/e2e.log"]
    assert find_pr("42", "a" * 40, files, tmp_path, changed=3001)["untrusted"] == "true"


def test_a_number_for_another_commit_is_not_posted(tmp_path: Path) -> None:
    assert find_pr("42\n", "b" * 40, [], tmp_path) == {}


@pytest.mark.parametrize("text", ["", "x", "42 43", "0", "4.2"])
def test_an_artifact_without_a_number_fails(tmp_path: Path, text: str) -> None:
    assert set(find_pr(text, "a" * 40, [], tmp_path)) == {"failed"}
