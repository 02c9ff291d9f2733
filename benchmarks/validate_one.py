"""Time validating one real-size submission, end to end and in process, beside a bare parse.

The submission is the real v1.35 JUnit report from ../shared/corpus (7,353 testcases, 2.5 MB)
with a 3.5 MB verbose e2e.log written to agree with it, checked against the official v1.35
list. Without the corpus, a generated report of the same size stands in. Prints figures only.

    python benchmarks/validate_one.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from generator.fixtures.results import outcomes, write_e2e_log, write_junit
from generator.loading.junit import read_junit
from generator.model.tests import Outcome
from generator.validation import ValidateOptions, validate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "tests" / "examples" / "base"
SUBMISSION = "data/vendors/acme/acme-kube/v1.35"


def make_registry(where: Path) -> tuple[Path, str]:
    root = where / "registry"
    shutil.copytree(EXAMPLES / "data", root / "data")
    shutil.copy(ROOT / "data" / "program.yaml", root / "data" / "program.yaml")
    folder = root / SUBMISSION
    shutil.copytree(EXAMPLES / "submission", folder)
    junit = folder / "junit_01.xml"
    source = "generated"
    if (CORPUS / "runs" / "v1.35-coolkube" / "junit_01.xml").exists():
        shutil.copy(CORPUS / "runs" / "v1.35-coolkube" / "junit_01.xml", junit)
        shutil.copy(CORPUS / "conformance" / "v1.35.yaml", root / "data/conformance/v1.35.yaml")
        source = "corpus"
    else:
        names = [f"[sig-x] generated conformance test {i} [Conformance]" for i in range(441)]
        write_junit(junit, outcomes(names), skipped=6907)
    report = read_junit(junit)
    passed = [r.identity for r in report.specs() if r.outcome is Outcome.PASSED]
    skipped = sum(1 for r in report.specs() if r.outcome is Outcome.SKIPPED)
    write_e2e_log(
        folder / "e2e.log",
        style="verbose",
        passed=passed,
        skipped=skipped,
        version="v1.35.3",
        target_bytes=3_500_000,
    )
    return root, source


def best(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root, source = make_registry(Path(scratch))
        folder = root / SUBMISSION
        junit = folder / "junit_01.xml"
        options = ValidateOptions(paths=[folder], review_date=dt.date(2026, 1, 10))
        report = validate(root, options)
        verdict = "passes" if report.ok else "FAILS"
        certreg = str(Path(sys.executable).with_name("certreg"))
        command = [certreg, "validate", str(folder), "--as-of", "2026-01-10"]

        def end_to_end() -> None:
            subprocess.run(command, cwd=root, check=True, capture_output=True)

        bare = best(lambda: etree.parse(str(junit)), args.repeat)
        ours = best(lambda: validate(root, options), args.repeat)
        whole = best(end_to_end, args.repeat)
        start = best(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.repeat
        )
        mib = 1024 * 1024
        sizes = (junit.stat().st_size / mib, (folder / "e2e.log").stat().st_size / mib)
    print(
        f"submission: JUnit {sizes[0]:.1f} MiB ({source}), verbose e2e.log {sizes[1]:.1f} MiB;"
        f" the submission {verdict}"
    )
    print(f"{'':34} {'best':>9} {'median':>9}")
    for label, (low, mid) in (
        ("bare lxml parse of the JUnit", bare),
        ("validate in process", ours),
        ("certreg validate end to end", whole),
        ("python start-up alone", start),
    ):
        print(f"{label:34} {low * 1000:8.1f}ms {mid * 1000:8.1f}ms")
    print(f"in process / bare parse: {ours[0] / bare[0]:.2f}x (goal under 2x)")
    print(f"end to end: {whole[0]:.3f}s (goal under 0.5 s)")


if __name__ == "__main__":
    main()
