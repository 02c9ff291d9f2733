"""The speed and memory figures of certreg on registries of real size, beside Hugo.

For each size N: validate one real-size submission (end to end and in process, beside a bare
lxml parse of its JUnit report), validate all, a cold build (no cache), a warm build (no input
changed, so nothing to do) and a warm build with --force (every step taken, from the caches), a
rebuild after one new submission is merged, peak memory, and, where the `hugo` program is
installed, Hugo's time on an equivalent page set (benchmarks/hugo_site.py) with both warm
builds as ratios of it. Registries are written by make_registry.py into the work folder as git
repositories (the registry is one), and reused by later runs. Every time is the best of
--repeat runs measured in this run; each command runs in a process of its own, as a user would
run it.

    python benchmarks/run.py [--sizes 300,3000] [--work DIR] [--repeat N] [--quick]

At full size a submission takes about 3.6 MB: N = 3,000 needs about 11 GB, and git's copy of
the files about 1 GB more. When a size does not fit on the disk, the largest that does is used,
and the output says so.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hugo_site import write_hugo_site
from lxml import etree
from measure import Run, best, timed
from scenario import DAY, ROOT, Bench, prepare

from generator.validation import ValidateOptions, validate

MB = 1_000_000
MIB = 1 << 20


@dataclass
class Figures:
    size: int
    note: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)
    goals: list[tuple[str, str, bool | None]] = field(default_factory=list)

    def row(self, label: str, text: str) -> None:
        self.rows.append((label, text))
        print(f"  {label:52} {text}", flush=True)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def memory(run: Run) -> str:
    return f"{run.peak_process / MIB:.0f} MiB largest process, {run.peak_tree / MIB:.0f} MiB all"


def validate_one(bench: Bench, figures: Figures, repeat: int) -> None:
    folder = bench.biggest()
    junit = folder / "junit_01.xml"
    sizes = f"JUnit {junit.stat().st_size / MIB:.1f} MiB, e2e.log "
    sizes += f"{(folder / 'e2e.log').stat().st_size / MIB:.1f} MiB"
    print(f"validate one: {folder.relative_to(bench.root)} ({sizes})")
    bare = timed(lambda: etree.parse(str(junit)), repeat)
    day = dt.date.fromisoformat(DAY)

    def in_process(cache: bool) -> float:
        options = ValidateOptions(paths=[folder], review_date=day, cache=cache)
        report = validate(bench.root, options)
        if not report.ok:
            raise RuntimeError(f"{folder} does not pass")
        return timed(lambda: validate(bench.root, options), repeat)

    cold, warm = in_process(False), in_process(True)
    command = [bench.certreg, "validate", str(folder), "--as-of", DAY]
    cold_e2e = best(command, bench.root, repeat, env=bench.env(cache=False))[0]
    best(command, bench.root, 1, env=bench.env())  # the registry's own files into the cache
    new_e2e = best(command, bench.root, repeat, bench.env(), before=bench.forget_submissions)[0]
    warm_e2e = best(command, bench.root, repeat, env=bench.env())[0]
    start = best([sys.executable, "-c", "pass"], bench.root, repeat)[0]
    figures.row("bare lxml parse of its JUnit", seconds(bare))
    figures.row("validate in process, no cache", f"{seconds(cold)} ({cold / bare:.1f}x bare)")
    figures.row("validate in process, cached", f"{seconds(warm)} ({warm / bare:.1f}x bare)")
    figures.row("certreg validate end to end, no cache at all", seconds(cold_e2e.seconds))
    figures.row("certreg validate end to end, a new submission", seconds(new_e2e.seconds))
    figures.row("  (its results not cached; the registry's files, read by an earlier run, are)", "")
    figures.row("certreg validate end to end, cached", seconds(warm_e2e.seconds))
    figures.row("python start-up alone", seconds(start.seconds))
    figures.goals += [
        ("validate one end to end under 0.5 s (a new submission)", seconds(new_e2e.seconds),
         new_e2e.seconds < 0.5),
        ("  the same with no cache at all (a fresh clone)", seconds(cold_e2e.seconds),
         cold_e2e.seconds < 0.5),
    ]  # fmt: skip


def validate_all(bench: Bench, figures: Figures, repeat: int) -> None:
    command = [bench.certreg, "validate", "--as-of", DAY, "--format", "json"]
    cold = best(command, bench.root, min(repeat, 2), bench.env(), before=bench.clear_cache)[0]
    warm = best(command, bench.root, repeat, bench.env())[0]
    figures.row("validate all, no cache", f"{seconds(cold.seconds)}; {memory(cold)}")
    figures.row("validate all, cached", f"{seconds(warm.seconds)}; {memory(warm)}")


def builds(bench: Bench, figures: Figures, repeat: int) -> tuple[float, float, float]:
    """The cold, warm and incremental builds; returns the times of the warm build, of the
    forced one and of the rebuild."""
    command = [bench.certreg, "build", "--as-of", DAY]
    cold = best(command, bench.root, min(repeat, 2), bench.env(), before=bench.clear_all)[0]
    rate = bench.result_bytes / cold.seconds / MB
    per_core = bench.result_bytes / cold.cpu / MB
    cores = os.cpu_count() or 1
    figures.row("cold build (no cache, no previous site)", f"{seconds(cold.seconds)}")
    figures.row("  result files parsed per second", f"{rate:.0f} MB/s")
    figures.row(
        "  ... per CPU-second (all processes)",
        f"{per_core:.0f} MB/s: {per_core * cores:.0f} MB/s on {cores} idle cores",
    )
    figures.row("  peak memory", memory(cold))
    bench.run_build()  # the cold site becomes the spare of the next
    warm = best(command, bench.root, repeat, bench.env())
    figures.row("warm build (no input changed)", f"{seconds(warm[0].seconds)}; "
                f"{bench.written(warm[0])}")  # fmt: skip
    figures.row("  peak memory", memory(warm[0]))
    forced = best([*command, "--force"], bench.root, repeat, bench.env())
    figures.row("warm build with --force (every step, from the caches)",
                f"{seconds(forced[0].seconds)}; {bench.written(forced[0])}")  # fmt: skip
    rebuilds = [bench.rebuild_after_new_submission(command, attempt) for attempt in range(repeat)]
    rebuild = min(rebuilds, key=lambda r: r.seconds)
    figures.row("rebuild after one new submission", f"{seconds(rebuild.seconds)}; "
                f"{bench.written(rebuild)}")  # fmt: skip
    # CPU time does not count waiting for a core, which on a shared machine the wall time does.
    figures.row("  CPU time (all processes)", seconds(rebuild.cpu))
    peak = max(cold.peak_tree, warm[0].peak_tree, forced[0].peak_tree, rebuild.peak_tree)
    figures.goals += [
        ("rebuild after one new submission under 1 s", seconds(rebuild.seconds),
         rebuild.seconds < 1),
        ("cold build parses at least 100 MB/s", f"{rate:.0f} MB/s", rate >= 100),
        ("  the same from CPU time, all cores idle", f"{per_core * cores:.0f} MB/s",
         per_core * cores >= 100),
        ("peak memory under 400 MB", f"{peak / MB:.0f} MB (all processes, any build)",
         peak < 400 * MB),
    ]  # fmt: skip
    return warm[0].seconds, forced[0].seconds, rebuild.seconds


def hugo(
    bench: Bench, figures: Figures, repeat: int, warm: float, forced: float, rebuild: float
) -> None:
    program = shutil.which("hugo")
    if program is None:
        figures.row("hugo", "not installed: no comparison")
        return
    site = bench.work / f"hugo-{bench.size}"
    pages = write_hugo_site(bench.registry_model(), dt.date.fromisoformat(DAY), site)
    command = [program, "--quiet", "--destination", str(site / "public")]
    best(command, site, 1)  # a first build writes the output folder
    runs = best(command, site, repeat)
    ratio = warm / runs[0].seconds
    full = forced / runs[0].seconds
    figures.row(f"hugo, {pages} equivalent pages", f"{seconds(runs[0].seconds)}; {memory(runs[0])}")
    figures.row("warm build / hugo", f"{ratio:.2f}")
    figures.row("warm build with --force / hugo", f"{full:.2f}")
    # Hugo's time in the same run tells how fast the machine was then (not a goal).
    figures.row("rebuild after one new submission / hugo", f"{rebuild / runs[0].seconds:.2f}")
    figures.goals += [
        ("warm build no slower than Hugo (ratio at most 1.0)", f"{ratio:.2f}", ratio <= 1.0),
        ("  the same with --force (every step, from the caches)", f"{full:.2f}", full <= 1.0),
    ]


def measure(work: Path, size: int, repeat: int) -> Figures:
    bench, note = prepare(work, size)
    figures = Figures(bench.size, note)
    print(f"\nN = {bench.size} submissions: {bench.result_bytes / 1e9:.2f} GB of result files"
          f"{'; ' + note if note else ''}", flush=True)  # fmt: skip
    print(f"  (load average before: {load_average()})")
    validate_one(bench, figures, repeat)
    validate_all(bench, figures, repeat)
    warm, forced, rebuild = builds(bench, figures, repeat)
    hugo(bench, figures, repeat, warm, forced, rebuild)
    bench.restore()
    print(f"  (load average after: {load_average()}; the machine is shared)")
    return figures


def compile_ahead() -> str:
    """Compile certreg and its libraries to bytecode, as `make setup` does, so that the runs
    measure an installed tool and not Python compiling its sources again: where
    PYTHONDONTWRITEBYTECODE is set, nothing compiled on the fly is kept."""
    folders = {ROOT / "generator", *(Path(sysconfig.get_path(n)) for n in ("purelib", "platlib"))}
    for folder in sorted(folders):
        compileall.compile_dir(folder, quiet=2, workers=0)
    setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return "compiled ahead" + (" (PYTHONDONTWRITEBYTECODE is set here)" if setting else "")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def report_goals(all_figures: list[Figures]) -> None:
    print("\nGoals (figures from the largest size measured for each):")
    largest = max(all_figures, key=lambda f: f.size)
    for goal, value, met in largest.goals:
        verdict = "met" if met else "NOT met"
        print(f"  {goal:56} {value:>12}  {verdict} (N = {largest.size})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300,3000", help="comma-separated (default 300,3000)")
    parser.add_argument("--work", type=Path, help="where registries are kept (default: temp)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    parser.add_argument("--quick", action="store_true", help="N = 300 only, one run each")
    args = parser.parse_args()
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    repeat = 1 if args.quick else max(1, args.repeat)
    print(f"certreg benchmarks: sizes {sizes}, best of {repeat}, as of {DAY}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"  bytecode: {compile_ahead()}")
    scratch = None
    if args.work is None:
        scratch = tempfile.mkdtemp(prefix="certreg-bench-")
    work = args.work or Path(scratch or ".")
    work.mkdir(parents=True, exist_ok=True)
    try:
        report_goals([measure(work, size, repeat) for size in sizes])
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
