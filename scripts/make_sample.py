"""Write the e2e.log and junit_01.xml of every submission of the sample registry.

    python scripts/make_sample.py           # (re)write the files that differ
    python scripts/make_sample.py --check   # change nothing; exit 1 if a file would change

scripts/sample.yaml lists the submissions and how each run looks (log style, Kubernetes version,
number of skipped specs). Each run passes exactly the tests that data/conformance/vX.Y.yaml
requires for its version, and is dated a few days before the certification date in
data/history.yaml. The same inputs always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.fixtures import e2e_log_text, junit_text, outcomes
from generator.loading.ledgers import load_history, parse_key
from generator.loading.problems import ConfigError
from generator.loading.requirements import load_requirement_lists
from generator.model.registry import SubmissionKey
from generator.model.tests import RequirementList
from generator.model.versions import Version

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "scripts/sample.yaml"
VENDORS = "data/vendors"
STYLES = ("succinct", "verbose")


class SampleError(Exception):
    """The description of the sample does not fit the registry; nothing is written."""


@dataclass(frozen=True)
class Run:
    key: SubmissionKey
    log: str
    kubernetes: str
    skipped: int
    certified: dt.date

    @property
    def seed(self) -> int:
        return zlib.crc32(str(self.key).encode())

    @property
    def started(self) -> dt.datetime:
        """A few days before certification, at a working hour that differs between runs."""
        day = self.certified - dt.timedelta(days=2 + self.seed % 5)
        return dt.datetime(day.year, day.month, day.day, 8 + self.seed % 9, self.seed % 60)


def _entry(key_text: str, entry: Any, history: dict[SubmissionKey, dt.date]) -> Run:
    key = parse_key(key_text)
    if key is None:
        raise SampleError(f"{SAMPLE}: {key_text!r} is not vendor/product/vX.Y")
    if not isinstance(entry, dict) or entry.get("log") not in STYLES:
        raise SampleError(f"{SAMPLE}: {key_text}: log must be one of {', '.join(STYLES)}")
    kubernetes = str(entry.get("kubernetes", ""))
    if Version.parse_lenient(kubernetes) != key.version:
        raise SampleError(f"{SAMPLE}: {key_text}: kubernetes {kubernetes!r} is not a {key.version}")
    skipped = entry.get("skipped")
    if not isinstance(skipped, int) or skipped < 0:
        raise SampleError(f"{SAMPLE}: {key_text}: skipped must be a whole number")
    if key not in history:
        raise SampleError(f"data/history.yaml has no certification date for {key_text}")
    return Run(key, str(entry["log"]), kubernetes, skipped, history[key])


def load_runs(root: Path) -> list[Run]:
    data = yaml.safe_load((root / SAMPLE).read_text(encoding="utf-8"))
    listed = data.get("submissions") if isinstance(data, dict) else None
    if not isinstance(listed, dict):
        raise SampleError(f"{SAMPLE} must have a mapping `submissions`")
    history = load_history(root)
    runs = [_entry(str(key), entry, history) for key, entry in listed.items()]
    on_disk = {str(path.relative_to(root / VENDORS)) for path in submission_folders(root)}
    named = {str(run.key) for run in runs}
    for missing in sorted(on_disk - named):
        raise SampleError(f"{VENDORS}/{missing} is not described in {SAMPLE}")
    for absent in sorted(named - on_disk):
        raise SampleError(f"{SAMPLE} describes {absent}, but {VENDORS}/{absent} does not exist")
    return sorted(runs, key=lambda run: str(run.key))


def submission_folders(root: Path) -> list[Path]:
    """Every vendors/<vendor>/<product>/vX.Y folder."""
    return sorted(
        path
        for path in (root / VENDORS).glob("*/*/*")
        if path.is_dir() and Version.is_folder_name(path.name)
    )


def render(run: Run, lists: dict[Version, RequirementList]) -> dict[str, str]:
    """The two result files of one run, by file name."""
    if run.key.version not in lists:
        raise SampleError(f"no requirement list data/conformance/{run.key.version}.yaml")
    required = [requirement.identity for requirement in lists[run.key.version].required()]
    junit = junit_text(outcomes(required), skipped=run.skipped, seed=run.seed, started=run.started)
    log = e2e_log_text(
        style="verbose" if run.log == "verbose" else "succinct",
        passed=required,
        skipped=run.skipped,
        version=run.kubernetes,
        seed=run.seed,
        started=run.started,
    )
    return {"junit_01.xml": junit, "e2e.log": log}


def changes(root: Path) -> dict[Path, bytes]:
    """The files that differ from what the sample description gives, with their new bytes."""
    lists = load_requirement_lists(root)
    differing = {}
    for run in load_runs(root):
        folder = root / run.key.path
        for name, text in render(run, lists).items():
            wanted = text.encode("utf-8")
            path = folder / name
            if not path.is_file() or path.read_bytes() != wanted:
                differing[path] = wanted
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on drift")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        differing = changes(args.root)
    except (SampleError, ConfigError, OSError, yaml.YAMLError) as error:
        print(f"make_sample: {error}", file=sys.stderr)
        return 2
    for path, content in sorted(differing.items()):
        shown = path.relative_to(args.root)
        if args.check:
            print(f"would change: {shown}")
        else:
            path.write_bytes(content)
            print(f"wrote {shown}")
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    sys.exit(main())
