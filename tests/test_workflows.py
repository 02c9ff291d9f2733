"""The GitHub workflows keep the rules that make them safe to run on strangers' pull requests."""

from __future__ import annotations

import re
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
