"""Time certification dates from git history on a registry-sized synthetic repository.

Builds, in a temp folder, a repository whose main branch received N submissions (four files
each) by N pull requests: a commit on a side branch, then a merge commit on main, a day apart;
so main's history holds 2N commits, N on its first-parent line. The history is written with
`git fast-import`, which takes seconds. Then times `certification_dates` (one `git log` for
all submissions) and, with --compare, one `git log` per submission on a sample, scaled up.
Prints figures only.

    python benchmarks/git_dates.py [--submissions N] [--repeat N] [--compare]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from generator.gitio.history import certification_dates

FILES = {
    "PRODUCT.yaml": b"vendor: Example\nname: Example Kubernetes\n",
    "README.md": b"# Example\n\nHow to reproduce the results.\n",
    "e2e.log": b"Ran 441 of 7348 Specs\nSUCCESS! -- 441 Passed | 0 Failed | 0 Pending\n",
    "junit_01.xml": b"<testsuites></testsuites>\n",
}
START = dt.datetime(2018, 1, 1, 12, tzinfo=dt.UTC)


def folder(index: int) -> str:
    vendor, product = divmod(index, 7)
    version = f"v1.{10 + index % 26}"
    return f"data/vendors/vendor-{vendor:04}/product-{product}/{version}"


def fast_import_stream(count: int) -> bytes:
    out = [b"blob\nmark :1\ndata 4\nroot\n"]
    for number, content in enumerate(FILES.values(), start=2):
        out.append(b"blob\nmark :%d\ndata %d\n%s\n" % (number, len(content), content))
    out.append(_commit("refs/heads/main", 100, None, None, 0, [("README.md", 1)]))
    main = 100
    for index in range(count):
        stamp = int((START + dt.timedelta(days=index)).timestamp())
        files = [(f"{folder(index)}/{name}", n) for n, name in enumerate(FILES, start=2)]
        side = 1_000_000 + index
        out.append(_commit(f"refs/heads/pr-{index}", side, main, None, stamp, files))
        merge = 2_000_000 + index
        out.append(_commit("refs/heads/main", merge, main, side, stamp + 3600, files))
        main = merge
    return b"".join(out)


def _commit(
    ref: str,
    mark: int,
    parent: int | None,
    merged: int | None,
    stamp: int,
    files: list[tuple[str, int]],
) -> bytes:
    message = b"change %d\n" % mark
    lines = [
        f"commit {ref}\nmark :{mark}\n".encode(),
        f"committer Maintainer <maintainer@example.org> {stamp} +0000\n".encode(),
        b"data %d\n%s" % (len(message), message),
    ]
    if parent is not None:
        lines.append(f"from :{parent}\n".encode())
    if merged is not None:
        lines.append(f"merge :{merged}\n".encode())
    lines += [f"M 100644 :{blob} {path}\n".encode() for path, blob in files]
    return b"".join(lines) + b"\n"


def build(root: Path, count: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = fast_import_stream(count)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=stream, check=True)
    # Drop the side branches: only main's history matters, as after merged pull requests.
    refs = subprocess.run(
        ["git", "-C", str(root), "for-each-ref", "--format=delete %(refname)", "refs/heads/pr-*"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["git", "-C", str(root), "update-ref", "--stdin"], input=refs, check=True)


def per_submission(root: Path, count: int, sample: int) -> float:
    """Seconds for one `git log` per submission, measured on a sample and scaled to `count`."""
    started = time.perf_counter()
    for index in range(0, count, max(1, count // sample)):
        subprocess.run(
            ["git", "-C", str(root), "log", "--first-parent", "--reverse", "--format=%ct",
             "--diff-filter=A", "--", folder(index)],
            check=True,
            capture_output=True,
        )  # fmt: skip
    measured = len(range(0, count, max(1, count // sample)))
    return (time.perf_counter() - started) / measured * count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also time one log per submission")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "registry"
        started = time.perf_counter()
        build(root, args.submissions)
        print(
            f"built {args.submissions} submissions in {2 * args.submissions + 1} commits "
            f"in {time.perf_counter() - started:.1f} s"
        )
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            dates = certification_dates(root)
            times.append(time.perf_counter() - started)
        assert len(dates) == args.submissions, len(dates)
        first = min(dates.values())
        assert first == (START + dt.timedelta(hours=1)).date(), first
        print(
            f"certification_dates: {statistics.median(times) * 1000:.0f} ms median, "
            f"{min(times) * 1000:.0f} ms best of {args.repeat}"
        )
        if args.compare:
            estimate = per_submission(root, args.submissions, sample=100)
            print(f"one git log per submission (estimated from 100): {estimate:.1f} s")


if __name__ == "__main__":
    main()
