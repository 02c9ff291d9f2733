"""Attacks and accidents: every case under tests/adversarial/ gets exactly its expected verdict.

Each case runs `certreg validate` in a process of its own, bounded in memory (RLIMIT_AS) and
time, without network (a sitecustomize refuses every connection), and must: exit with the
expected code, print no traceback, report exactly the expected failures and warnings (check id,
file, message fragment, line), keep its report small, and leave the registry as it was. The cases
run side by side, so the suite takes seconds; the time of each is printed (never asserted).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.cases import CASES, Built, Case, build, load

OFFLINE = Path(__file__).resolve().parent / "offline"
MEMORY = 1 << 30  # address space of one run: far more than a run needs, far less than a bomb
TIMEOUT = 60  # seconds; a run takes well under one
REPORT_LIMIT = 256 * 1024  # bytes of report: a bomb must not turn into a flood of messages
# Raw control and direction characters must never reach a terminal (tab and newline may).
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LIMIT = (
    "import os, resource, sys\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def certreg() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).with_name("certreg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    network: str


@dataclass
class Verdict:
    case: Case
    built: Built
    before: dict[str, tuple[int, int]]
    json: Run
    text: Run | None


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every entry of the registry, with its size and mtime, without the cache folder and git's
    index (whose stat cache `git status` refreshes, through a lock file beside it)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".cache")
        for name in sorted([*files, *dirs]):
            path = Path(folder, name)
            if path in (root / ".git", root / ".git" / "index"):
                continue
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def environment(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    home = base / "home"
    home.mkdir(exist_ok=True)
    (home / ".gitconfig").write_text("")
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_ALLOW_PROTOCOL="file",
        GITHUB_ACTIONS="",
        CERTREG_DEBUG="1",  # a bug in a check raises, and the traceback fails the case
        CERTREG_NETWORK_LOG=str(base / "network.log"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(OFFLINE), env.get("PYTHONPATH", "")])),
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return env


def run(built: Built, argv: list[str], env: dict[str, str]) -> Run:
    command = [sys.executable, "-S", "-c", _LIMIT, str(MEMORY), *certreg(), *argv]
    log = Path(env["CERTREG_NETWORK_LOG"])
    log.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=built.registry,
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    network = log.read_text() if log.exists() else ""
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        seconds,
        network,
    )


def judge(case: Case, base: Path) -> Verdict:
    built = build(case, base)
    env = environment(base)
    before = snapshot(built.registry)
    report = run(built, built.argv, env)
    text = None
    if case.spec.get("text"):
        argv = [a if a != "json" else "text" for a in built.argv]
        text = run(built, argv, env)
    return Verdict(case, built, before, report, text)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Verdict]]:
    """Every case built and run once, several at a time."""
    cases = [load(folder) for folder in CASES]
    bases = {case.name: tmp_path_factory.mktemp(case.name[:30]) for case in cases}
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("home")
        (home / ".gitconfig").write_text("")
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            patch.delenv(name, raising=False)
        workers = max(2, min(8, (os.cpu_count() or 2) * 2))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {case.name: pool.submit(judge, case, bases[case.name]) for case in cases}
            yield {name: future.result() for name, future in futures.items()}


def findings(report: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """Every check of the report, with the submission path it belongs to (None for the PR)."""
    found: list[tuple[str | None, dict[str, Any]]] = []
    if report.get("pr"):
        found += [(None, check) for check in report["pr"]["checks"]]
    for submission in report["submissions"]:
        found += [(submission["path"], check) for check in submission["checks"]]
    return found


def matches(want: dict[str, Any], path: str | None, got: dict[str, Any]) -> bool:
    if got["id"] != want["check"] or got["status"] != want["status"]:
        return False
    if want["message"] not in got["message"]:
        return False
    if "file" in want:
        wanted = want["file"] if "/" in want["file"] or path is None else f"{path}/{want['file']}"
        if got["file"] != wanted:
            return False
    return "line" not in want or got["line"] == want["line"]


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_case(verdicts: dict[str, Verdict], name: str) -> None:
    verdict = verdicts[name]
    case, result = verdict.case, verdict.json
    print(f"{name}: exit {result.code} in {result.seconds:.2f} s")
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both[-3000:]
    assert result.code == case.exit, both[-3000:]
    assert result.network == "", f"network access: {result.network}"
    assert len(result.stdout) < REPORT_LIMIT, f"a report of {len(result.stdout)} characters"
    after = snapshot(verdict.built.registry)
    changed = sorted(k for k in {*after, *verdict.before} if after.get(k) != verdict.before.get(k))
    assert not changed, f"the registry was changed: {changed[:10]}"
    if case.exit == 2:
        assert case.spec["usage"] in result.stderr, result.stderr
        assert result.stdout == ""
        return
    report = json.loads(result.stdout)
    got = [(path, f) for path, f in findings(report) if f["status"] in ("fail", "warn")]
    unmatched = list(got)
    for want in case.expect:
        found = next((pair for pair in unmatched if matches(want, *pair)), None)
        shown = [(f["id"], f["file"], f["line"], f["message"]) for _, f in got]
        assert found is not None, f"expected {want}, got {shown}"
        unmatched.remove(found)
    extra = [(f["id"], f["file"], f["message"]) for _, f in unmatched]
    assert not extra, f"unexpected findings: {extra}"
    if verdict.text is not None:  # what a person reads in a terminal
        text = verdict.text
        assert text.code == case.exit and "Traceback" not in text.stdout + text.stderr
        for want in case.expect:
            assert want["check"] in text.stdout
        assert RAW.search(text.stdout) is None, f"raw control characters: {text.stdout!r}"
    for path, finding in got:  # every problem names its check and, where it has one, its file
        assert finding["id"] and finding["message"]
        assert finding["file"] is None or RAW.search(finding["file"]) is None, finding["file"]
        assert path is None or RAW.search(path) is None, f"raw control characters: {path!r}"


def test_every_case_has_expectations() -> None:
    for folder in CASES:
        case = load(folder)
        assert case.exit in (1, 2), folder.name
        assert case.expect or case.exit == 2, folder.name
        assert (folder / "case.yaml").read_text().startswith("#"), f"{folder.name}: say what it is"
