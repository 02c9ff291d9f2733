"""The command line in process: exit codes, output formats, usage and configuration errors."""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.checks import PR_RULES, RULES
from generator.checks.docs import checks_markdown
from generator.cli import cli
from tests.conftest import EXAMPLES, ROOT, place_submission


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(root)
    try:
        return runner.invoke(
            cli, list(args), env=env or {"GITHUB_ACTIONS": ""}, catch_exceptions=False
        )
    finally:
        os.chdir(old)


def test_valid_submission_exits_0(registry: Path) -> None:
    place_submission(registry)
    result = run(registry, "validate", "--as-of", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output


def test_invalid_submission_exits_1_with_every_problem(registry: Path) -> None:
    folder = place_submission(registry)
    (folder / "e2e.log").unlink()
    (folder / "notes.txt").write_text("hello")
    result = run(registry, "validate", "--as-of", "2026-01-10")
    assert result.exit_code == 1
    assert "files-required" in result.output and "files-allowed" in result.output


def test_json_report_shape(registry: Path) -> None:
    folder = place_submission(registry)
    (folder / "junit_01.xml").write_text("<testsuites></testsuites>")
    result = run(registry, "validate", "--as-of", "2026-01-10", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"ok", "as_of", "pr", "submissions", "labels"}
    assert data["ok"] is False and data["as_of"] == "2026-01-10" and data["pr"] is None
    (submission,) = data["submissions"]
    assert submission["path"] == "data/vendors/acme/acme-kube/v1.35"
    for check in submission["checks"]:
        assert set(check) == {"id", "status", "message", "file", "line"}
        assert check["status"] in {"pass", "fail", "warn", "skip"}
    ids = {c["id"] for c in submission["checks"]}
    assert ids == {r.id for r in RULES}
    assert "required-tests-missing" in data["labels"] and "not-verifiable" in data["labels"]


def test_github_format_is_chosen_in_actions(registry: Path) -> None:
    folder = place_submission(registry)
    text = (folder / "PRODUCT.yaml").read_text().replace("type: distribution", "type: hosted")
    (folder / "PRODUCT.yaml").write_text(text)
    result = run(registry, "validate", "--as-of", "2026-01-10", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if x.startswith("::error "))
    assert (
        "file=data/vendors/acme/acme-kube/v1.35/PRODUCT.yaml,line=4,"
        "title=certreg product-metadata::type 'hosted'"
    ) in line


def test_markdown_counts_requirements(registry: Path) -> None:
    place_submission(registry)
    result = run(registry, "validate", "--as-of", "2026-01-10", "--format", "markdown")
    assert result.exit_code == 0
    assert f"**{len(RULES)} of {len(RULES)} requirements passed**" in result.output


def test_strict_turns_warnings_into_failure(registry: Path) -> None:
    folder = place_submission(registry)
    with (folder / "PRODUCT.yaml").open("a") as handle:
        handle.write("favourite_colour: blue\n")
    assert run(registry, "validate", "--as-of", "2026-01-10").exit_code == 0
    strict = run(registry, "validate", "--as-of", "2026-01-10", "--strict")
    assert strict.exit_code == 1
    assert "unknown field 'favourite_colour'" in strict.output


def test_missing_path_is_a_usage_error(registry: Path) -> None:
    result = run(registry, "validate", "data/vendors/nobody")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_bad_date_is_a_usage_error(registry: Path) -> None:
    result = run(registry, "validate", "--as-of", "yesterday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.parametrize(
    ("file", "text", "fragment"),
    [
        ("data/program.yaml", "name: [unclosed", "data/program.yaml"),
        ("data/program.yaml", "name: x\n", "'releases' is required"),
        ("data/conformance/v1.34.yaml", "- {codename: x, release: '&&&'}", "v1.34.yaml: entry 1"),
        ("data/revocations.yaml", "- {submission: nope}", "data/revocations.yaml: entry 1"),
        ("data/history.yaml", "acme/kube: 2020-01-01", "data/history.yaml"),
    ],
)
def test_configuration_errors_exit_2(registry: Path, file: str, text: str, fragment: str) -> None:
    place_submission(registry)
    (registry / file).write_text(text)
    result = run(registry, "validate")
    assert result.exit_code == 2, result.output
    assert "configuration error" in result.output and fragment in result.output
    assert "Traceback" not in result.output


def test_no_registry_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", "validate")
    assert result.exit_code == 2 and "data/program.yaml was not found" in result.output


def test_docs_are_generated_from_the_rules() -> None:
    current = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert current == checks_markdown(), "docs/checks.md is stale: run `certreg docs`"
    for rule in (*PR_RULES, *RULES):
        assert f"## {rule.id}\n" in current
        assert len(rule.doc) > 80, f"{rule.id} needs real documentation"


def _tarball(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return path


def _results() -> dict[str, bytes]:
    base = EXAMPLES / "base" / "submission"
    prefix = "plugins/e2e/results/global/"
    return {
        "meta/run.log": b"{}",
        prefix + "e2e.log": (base / "e2e.log").read_bytes(),
        prefix + "junit_01.xml": (base / "junit_01.xml").read_bytes(),
    }


def test_new_from_tarball(registry: Path, tmp_path: Path) -> None:
    tarball = _tarball(tmp_path / "results.tar.gz", _results())
    result = run(
        registry,
        "new",
        "--from",
        str(tarball),
        "--vendor",
        "acme",
        "--product",
        "acme-kube",
        "--as-of",
        "2026-01-10",
    )
    assert result.exit_code == 0, result.output
    folder = registry / "data/vendors/acme/acme-kube/v1.35"
    assert sorted(p.name for p in folder.iterdir()) == [
        "PRODUCT.yaml",
        "README.md",
        "e2e.log",
        "junit_01.xml",
    ]
    assert "Conformance results for v1.35/acme/acme-kube" in result.output
    assert "still says FILL-IN" in result.output  # placeholders are reported until replaced
    assert "vendor: 'Acme Container Works, Inc.'" in (folder / "PRODUCT.yaml").read_text()


def test_new_refuses_links_and_needs_a_version(registry: Path, tmp_path: Path) -> None:
    members = _results()
    del members["plugins/e2e/results/global/junit_01.xml"]
    linked = _tarball(
        tmp_path / "linked.tar.gz",
        members,
        {"plugins/e2e/results/global/junit_01.xml": "/etc/passwd"},
    )
    result = run(registry, "new", "--from", str(linked), "--vendor", "acme", "--product", "k")
    assert result.exit_code == 2 and "not a regular file" in result.output
    succinct = _results()
    succinct["plugins/e2e/results/global/e2e.log"] = (
        EXAMPLES / "valid" / "succinct-log" / "e2e.log"
    ).read_bytes()
    plain = _tarball(tmp_path / "succinct.tar.gz", succinct)
    result = run(registry, "new", "--from", str(plain), "--vendor", "acme", "--product", "k")
    assert result.exit_code == 2 and "--version" in result.output
    assert not (registry / "data/vendors/acme/k").exists()


def test_requirements_import(registry: Path, corpus: Path) -> None:
    source = corpus / "conformance" / "v1.36.yaml"
    result = run(registry, "requirements", "import", str(source), "--version", "v1.36")
    assert result.exit_code == 0, result.output
    assert (registry / "data/conformance/v1.36.yaml").read_bytes() == source.read_bytes()
    bad = corpus / "conformance" / "edge" / "bad-release-value.yaml"
    result = run(registry, "requirements", "import", str(bad), "--version", "v1.37")
    assert result.exit_code == 2 and not (registry / "data/conformance/v1.37.yaml").exists()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "served"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def test_requirements_sync_downloads(
    registry: Path, corpus: Path, served: tuple[str, Path]
) -> None:
    url, folder = served
    (folder / "release-1.35").mkdir()
    shutil.copy(corpus / "conformance" / "v1.35.yaml", folder / "release-1.35" / "c.yaml")
    result = run(
        registry,
        "requirements",
        "sync",
        "v1.35",
        "v1.36",
        "--url",
        url + "/release-{version}/c.yaml",
    )
    assert result.exit_code == 2  # v1.36 is not served
    assert "441 tests required for v1.35" in result.output
    assert "answered HTTP 404" in result.output
    stored = registry / "data/conformance/v1.35.yaml"
    assert stored.read_bytes() == (corpus / "conformance" / "v1.35.yaml").read_bytes()


def test_python_dash_m() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert "validate" in done.stdout


@pytest.mark.parametrize("value", ["off", "'off'", "warning"])
def test_single_commit_level_spellings(registry: Path, value: str) -> None:
    from generator.loading.program import load_program
    from generator.model.program import Level

    program = registry / "data" / "program.yaml"
    text = program.read_text().replace("single_commit: error", f"single_commit: {value}")
    program.write_text(text)
    assert load_program(registry).single_commit_level is Level(value.strip("'"))


def test_linked_requirement_folder_is_a_configuration_error(registry: Path, tmp_path: Path) -> None:
    place_submission(registry)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(registry / "data" / "conformance"), elsewhere)
    (registry / "data" / "conformance").symlink_to(elsewhere, target_is_directory=True)
    result = run(registry, "validate")
    assert result.exit_code == 2
    assert "data/conformance" in result.output and "symbolic link" in result.output


def test_online_link_checks(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--online asks each URL (the network is replaced here); a network error only warns."""
    from generator import netio

    answers = {
        "https://acme.example/kubernetes": netio.ProbeResult(200, "text/html"),
        "https://docs.acme.example/kubernetes": netio.ProbeResult(200, "application/pdf"),
        "https://github.com/acme/kubernetes": netio.ProbeResult(error="timed out"),
    }
    asked: list[str] = []

    def probe(url: str) -> netio.ProbeResult:
        asked.append(url)
        return answers[url]

    monkeypatch.setattr(netio, "probe", probe)
    place_submission(registry)
    offline = run(registry, "validate", "--as-of", "2026-01-10")
    assert offline.exit_code == 0 and asked == []  # never the network unless asked
    online = run(registry, "validate", "--as-of", "2026-01-10", "--online")
    assert sorted(asked) == sorted(answers)
    assert online.exit_code == 1
    assert "documentation_url answers with application/pdf, expected text/html" in online.output
    assert "repo_url could not be checked: timed out" in online.output
    assert "warn" in online.output


def test_copied_results_found_through_git_blob_ids(registry: Path) -> None:
    import git

    place_submission(registry, "data/vendors/acme/acme-edge/v1.35")
    repo = git.Repo.init(registry)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "t@example.org")
    repo.git.add("data")
    repo.git.commit("-m", "merged")
    place_submission(registry)  # the new submission copies the merged one's report
    result = run(
        registry,
        "validate",
        "data/vendors/acme/acme-kube/v1.35",
        "--as-of",
        "2026-01-10",
        "--strict",
    )
    assert result.exit_code == 1
    assert (
        "junit_01.xml is byte for byte the same as data/vendors/acme/acme-edge/v1.35/junit_01.xml"
    ) in result.output
