"""The registries benchmarks/run.py measures: made once with make_registry.py, committed to git
(a registry is a repository), and put back as they were after each use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import make_registry
from measure import Run, run

from generator.loading.cache import CACHE_DIR
from generator.loading.registry import load_registry
from generator.loading.store import KIND as RESULTS
from generator.model.registry import Registry
from generator.verdicts import KIND as VERDICTS

ROOT = Path(__file__).resolve().parents[1]
STAMP = "certreg-bench-base"  # in .git: the commit of a complete registry
GIT_OVERHEAD = 1.12  # git's compressed copy of the files, on top of the files
DAY = "2026-11-27"  # the build date of every run: the same figures whatever today is
COMMITTED = "2026-11-20T12:00:00+00:00"
MERGED = f"{DAY}T09:00:00+00:00"
_BUILT = re.compile(
    r"(\d+) submissions checked \((\d+) with result files read\), (\d+) unchanged; "
    r"(\d+) files written, (\d+) unchanged"
)


@dataclass
class Bench:
    work: Path
    root: Path
    size: int
    base: str

    @property
    def certreg(self) -> str:
        return str(Path(sys.executable).with_name("certreg"))

    def env(self, cache: bool = True) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        env["CERTREG_CACHE"] = "on" if cache else "off"
        return env

    @property
    def result_bytes(self) -> int:
        vendors = self.root / "data" / "vendors"
        return sum(
            path.stat().st_size
            for name in ("junit_01.xml", "e2e.log")
            for path in vendors.glob(f"*/*/v*/{name}")
        )

    def biggest(self) -> Path:
        """The submission with the largest e2e.log: a real-size verbose run."""
        logs = (self.root / "data" / "vendors").glob("*/*/v*/e2e.log")
        return max(logs, key=lambda p: (p.stat().st_size, p.as_posix())).parent

    def clear_cache(self) -> None:
        shutil.rmtree(self.root / CACHE_DIR, ignore_errors=True)

    def forget_submissions(self) -> None:
        """Drop what the cache knows of submissions (digests and verdicts), and keep what it
        knows of the registry's own files: how a vendor's new submission meets a clone they
        have validated in before."""
        for kind in (RESULTS, VERDICTS):
            shutil.rmtree(self.root / CACHE_DIR / kind, ignore_errors=True)

    def clear_all(self) -> None:
        self.clear_cache()
        for name in ("site", ".site.spare"):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def run_build(self) -> Run:
        done = run([self.certreg, "build", "--as-of", DAY], self.root, self.env())
        if done.code != 0:
            raise RuntimeError(f"certreg build failed:\n{done.output[-3000:]}")
        return done

    @staticmethod
    def written(done: Run) -> str:
        found = _BUILT.search(done.output)
        if found is None:
            return "(no counts)"
        checked, parsed, _same, written, unchanged = found.groups()
        return (
            f"{checked} submissions checked, {parsed} read; "
            f"{written} files written, {unchanged} unchanged"
        )

    def rebuild_after_new_submission(self, command: list[str], attempt: int) -> Run:
        """Merge a new submission (results never seen before) and time the build after it.
        Its name and results hold a token of their own, so that no earlier run, of this
        benchmark or another, has left anything about them in the cache."""
        self.run_build()
        self.run_build()  # the site and its spare both as of the base commit
        source = self.biggest()
        vendor = source.parent.parent
        token = f"{attempt}-{uuid.uuid4().hex[:8]}"
        target = vendor / f"bench-newcomer-{token}" / source.name
        shutil.copytree(source, target)
        name = f"Bench Newcomer {token}"
        product = target / "PRODUCT.yaml"
        product.write_text(re.sub(r"(?m)^name: .*$", f"name: {name}", product.read_text()))
        log = target / "e2e.log"
        log.write_bytes(f"A new run, {token}.\n".encode() + log.read_bytes())
        offerings = vendor / "VENDOR.yaml"
        offering = f"- name: {name}\n  website_url: https://example.org/newcomer-{token}\n"
        offerings.write_text(
            offerings.read_text().replace("offerings:\n", "offerings:\n" + offering)
        )
        git(self.root, "add", "-A", "data")
        git(self.root, "commit", "-q", "-m", f"Conformance results for {name}", date=MERGED)
        try:
            done = run(command, self.root, self.env())
            if done.code != 0:
                raise RuntimeError(f"certreg build failed:\n{done.output[-3000:]}")
            return done
        finally:
            self.restore()

    def restore(self) -> None:
        git(self.root, "reset", "-q", "--hard", self.base)
        git(self.root, "clean", "-q", "-f", "-d", "--", "data")

    def registry_model(self) -> Registry:
        return load_registry(self.root).registry()


def git(root: Path, *args: str, date: str = COMMITTED) -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def prepare(work: Path, size: int) -> tuple[Bench, str]:
    """The registry of `size` submissions in `work`, made if needed; or of the largest size
    that fits on the disk, with a note saying so."""
    note = ""
    root = work / f"registry-{size}"
    if not (root / ".git" / STAMP).is_file():
        needed = make_registry.estimate(size, small=False) * GIT_OVERHEAD
        free = shutil.disk_usage(work).free * 0.9 + _taken(root)
        if needed > free:
            fits = int(free / (make_registry.estimate(100, small=False) * GIT_OVERHEAD)) * 100
            if fits < 100:
                raise SystemExit(f"not even 100 submissions fit in {work}")
            note = (f"N = {size} needs about {needed / 1e9:.1f} GB and {free / 1e9:.1f} GB are "
                    f"free: measured N = {fits} instead")  # fmt: skip
            size = fits
            root = work / f"registry-{size}"
    stamp = root / ".git" / STAMP
    if not stamp.is_file():
        _make(root, size)
    bench = Bench(work, root, size, stamp.read_text().strip())
    bench.restore()
    return bench, note


def _taken(root: Path) -> int:
    """Bytes an unfinished registry left behind, to be freed before writing it again."""
    if not root.exists():
        return 0
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _make(root: Path, size: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    print(f"making a registry of {size} submissions in {root}", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_registry.py"),
         "--submissions", str(size), "--out", str(root)],
        check=True,
    )  # fmt: skip
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")  # no repacking of gigabytes behind the benchmarks
    git(root, "config", "core.looseCompression", "1")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A registry from make_registry.py")
    git(root, "status", "--short")  # refreshes the index, so that files need no re-hashing
    (root / ".git" / STAMP).write_text(git(root, "rev-parse", "HEAD"))
