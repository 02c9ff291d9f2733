"""Process safety: builds killed at any moment, builds racing each other, and what a run touches.

- `certreg build` killed with SIGKILL at random moments (a fixed seed, a bounded number of
  trials) always leaves the output folder holding either the old site or the new one, whole;
- two builds into the same output folder at once leave one complete site, and neither prints a
  traceback;
- `certreg validate` and `certreg build` write nothing outside their output and cache folders,
  read nothing through a symbolic link that leaves the registry, and open no network connection
  unless `--online` is given (a sitecustomize refuses connections and logs every attempt; the
  `--online` run shows that the guard sees them).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.adversarial.cases import place, plain_registry
from tests.conftest import ROOT

OFFLINE = Path(__file__).resolve().parent / "adversarial" / "offline"
OLD, NEW = "2026-01-10", "2026-02-20"  # the same registry as of two days: two different sites
TRIALS = 20
SEED = 20260110
PRODUCTS = 24
MARKER = "SECRET-OUTSIDE-THE-REGISTRY"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and symbolic links")


def certreg() -> list[str]:
    script = Path(sys.executable).with_name("certreg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def environment(log: Path) -> dict[str, str]:
    env = dict(os.environ, GITHUB_ACTIONS="", CERTREG_NETWORK_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), env.get("PYTHONPATH", "")]))
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def registry(root: Path) -> Path:
    """A registry with a few dozen products, so that a build writes a few hundred files."""
    plain_registry(root)
    shutil.copytree(ROOT / "templates", root / "templates")
    for index in range(PRODUCTS):
        place(root, f"data/vendors/acme/acme-kube-{index}/v1.35")
    return root


def manifest(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the digest of its bytes (links and odd files named so)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            found[rel] = "not a plain file or folder"
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def build(root: Path, out: Path, day: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*certreg(), "build", "--out", str(out), "--as-of", day],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """The registry, and the manifests of its site as of OLD and as of NEW, built cleanly."""
    base = tmp_path_factory.mktemp("safety")
    root = registry(base / "registry")
    env = environment(base / "network.log")
    found = {}
    for day in (OLD, NEW):
        out = base / f"site-{day}"
        done = build(root, out, day, env)
        assert done.returncode == 0, done.stderr
        found[day] = manifest(out)
    assert found[OLD] != found[NEW] and len(found[OLD]) > 20
    return root, found


def test_a_killed_build_leaves_the_old_site_or_the_new_one(
    sites: tuple[Path, dict[str, dict[str, str]]], tmp_path: Path
) -> None:
    root, manifests = sites
    env = environment(tmp_path / "network.log")
    out = tmp_path / "site"
    started = time.perf_counter()
    assert build(root, out, OLD, env).returncode == 0
    duration = time.perf_counter() - started
    chance = random.Random(SEED)
    outcomes = {"old": 0, "new": 0}
    for trial in range(TRIALS):
        if manifest(out) != manifests[OLD]:
            assert build(root, out, OLD, env).returncode == 0
        # Most kills land late, where the writing happens; some early, some after the end.
        delay = duration * (chance.uniform(0.5, 1.1) if trial % 4 else chance.uniform(0, 0.5))
        process = subprocess.Popen(
            [*certreg(), "build", "--out", str(out), "--as-of", NEW],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = manifest(out)
        assert now in (manifests[OLD], manifests[NEW]), (
            f"trial {trial} (killed after {delay:.2f} s): a mixture of "
            f"{sum(now.get(k) == v for k, v in manifests[OLD].items())} old and "
            f"{sum(now.get(k) == v for k, v in manifests[NEW].items())} new files of {len(now)}"
        )
        outcomes["old" if now == manifests[OLD] else "new"] += 1
    print(f"{TRIALS} builds killed (a build takes {duration:.2f} s): {outcomes}")
    # A folder of leftovers beside the output is allowed; the next build must still work.
    assert build(root, out, NEW, env).returncode == 0
    assert manifest(out) == manifests[NEW]


@pytest.mark.parametrize("existing", [False, True], ids=["no-site-yet", "over-a-site"])
def test_concurrent_builds_leave_one_complete_site(
    sites: tuple[Path, dict[str, dict[str, str]]], tmp_path: Path, existing: bool
) -> None:
    root, manifests = sites
    env = environment(tmp_path / "network.log")
    for attempt in range(3):
        out = tmp_path / f"site-{attempt}"
        if existing:
            assert build(root, out, OLD, env).returncode == 0
        processes = [
            subprocess.Popen(
                [*certreg(), "build", "--out", str(out), "--as-of", day],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for day in (OLD, NEW)
        ]
        results = [(*p.communicate(timeout=120), p.returncode) for p in processes]
        results = [(code, stdout, stderr) for stdout, stderr, code in results]
        for code, stdout, stderr in results:
            assert "Traceback" not in stdout + stderr, stderr
            assert code in (0, 2), stderr  # 2: a clear refusal, the other build wins
        assert any(code == 0 for code, _, _ in results)
        assert manifest(out) in (manifests[OLD], manifests[NEW]), f"attempt {attempt}: mixed"


def snapshot(root: Path, skip: tuple[str, ...]) -> dict[str, tuple[int, int, int]]:
    """Every entry below `root` but the skipped top-level names: kind, size, mtime."""
    found = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if d not in skip]
        for name in [*dirs, *files]:
            path = here / name
            if path.parent == root and name in skip:
                continue
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def trap_registry(base: Path, maintainers: bool) -> Path:
    """A registry with symbolic links out of it everywhere a file is read, each to a file that
    would show on the site or in a report if it were read."""
    root = registry(base / "registry")
    outside = base / "outside"
    shutil.copytree(ROOT / "tests" / "examples" / "base" / "submission", outside / "v1.35")
    (outside / "v1.35" / "README.md").write_text(f"# {MARKER}\n")
    (outside / "README.md").write_text(f"# {MARKER}\n")
    (outside / "revocations.yaml").write_text(
        f"- {{submission: acme/acme-kube-0/v1.35, revoked: 2026-01-05, reason: {MARKER}}}\n"
    )
    (outside / "VENDOR.yaml").write_text(
        (root / "data/vendors/acme/VENDOR.yaml").read_text().replace("Acme", MARKER)
    )
    (outside / "evil" / "evil-kube").mkdir(parents=True)
    (outside / "evil" / "evil-kube" / "v1.35").symlink_to(outside / "v1.35")
    readme = root / "data/vendors/acme/acme-kube-1/v1.35/README.md"
    readme.unlink()
    readme.symlink_to(outside / "README.md")
    (root / "data/vendors/evil").symlink_to(outside / "evil")
    (root / "data/vendors/acme/acme-kube-2/v1.36").symlink_to(outside / "v1.35")
    if maintainers:  # a maintainers' file: the whole run stops with a configuration error
        (root / "data/revocations.yaml").unlink(missing_ok=True)
        (root / "data/revocations.yaml").symlink_to(outside / "revocations.yaml")
    vendor = root / "data/vendors/zeta/VENDOR.yaml"
    vendor.parent.mkdir(parents=True)
    vendor.symlink_to(outside / "VENDOR.yaml")
    place(root, "data/vendors/zeta/zeta-kube/v1.35")
    return root


@pytest.mark.parametrize("maintainers", [False, True], ids=["vendor-links", "maintainer-link"])
def test_runs_stay_inside_their_folders_and_off_the_network(
    tmp_path: Path, maintainers: bool
) -> None:
    root = trap_registry(tmp_path, maintainers)
    log = tmp_path / "network.log"
    env = environment(log)
    out = tmp_path / "site"
    before = snapshot(root, skip=(".cache",))
    beside = sorted(p.name for p in tmp_path.iterdir())
    runs = [
        subprocess.run(
            [*certreg(), *argv],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for argv in (
            ["validate", "--as-of", OLD],
            ["validate", "--as-of", OLD, "--format", "json", "data/vendors/acme/acme-kube-1/v1.35"],
            ["build", "--out", str(out), "--as-of", OLD],
        )
    ]
    for done in runs:
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        assert MARKER not in done.stdout + done.stderr
        if maintainers:
            assert done.returncode == 2
            assert "data/revocations.yaml: cannot be read: is a symbolic link" in done.stderr
        else:
            assert done.returncode in (0, 1), done.stderr
    if not maintainers:  # each link is reported where it is, and nothing behind it is read
        report = runs[0].stdout
        for where in (
            "data/vendors/evil is a symbolic link",
            "data/vendors/acme/acme-kube-2/v1.36 is a symbolic link",
            "acme-kube-1/v1.35/README.md: README.md must be a regular file, not a symbolic link",
            "data/vendors/zeta/VENDOR.yaml",
        ):
            assert where in report, report
    assert snapshot(root, skip=(".cache",)) == before, "the registry was changed"
    built = runs[-1].returncode in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*beside, *(["site"] if built else [])]
    )
    assert not log.exists(), log.read_text()
    if out.is_dir():
        for path in out.rglob("*"):
            assert not path.is_symlink(), path
            if path.is_file():
                assert MARKER.encode() not in path.read_bytes(), path


def test_the_network_guard_sees_online_checks(tmp_path: Path) -> None:
    """--online is the one way to the network, and the guard catches it: the tests above mean
    something."""
    root = registry(tmp_path / "registry")
    log = tmp_path / "network.log"
    done = subprocess.run(
        [*certreg(), "validate", "--online", "--as-of", OLD, "data/vendors/acme/acme-kube-0/v1.35"],
        cwd=root,
        env=environment(log),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert log.is_file() and "acme.example" in log.read_text()
    assert "could not be checked" in done.stdout  # a network error is a warning, not a crash
