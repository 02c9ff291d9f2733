"""Timing a command end to end, with the peak memory of its process and of all it starts.

Both peaks are read from /proc every few milliseconds: the largest single process's from its
high-water mark (VmHWM, exact up to the last sample before it ends), the peak of all processes
together (a build and its workers) from their current sizes, where a short spike between two
samples can be missed. (`wait4`'s ru_maxrss would count the benchmark itself: a child's mark
starts at its parent's size when forked.)
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

KIB = 1024
SAMPLE_SECONDS = 0.01


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_process: int  # bytes: the largest single process's peak resident memory (VmHWM)
    peak_tree: int  # bytes: the sampled peak of the process and its descendants together
    output: str
    code: int
    cpu: float = 0.0  # seconds of CPU (user and system) of the process and all it started


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` to its end; its output (stdout then stderr) comes back as text."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = _children_cpu()
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status = os.waitpid(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace") + err.read().decode("utf-8", "replace")
    cpu = _children_cpu() - before
    return Run(seconds, sampler.largest, sampler.peak, text, proc.returncode, cpu)


def _children_cpu() -> float:
    """CPU seconds of every process this one has waited for (theirs include their own
    children's, once reaped: a build's workers count)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(
    command: Sequence[str],
    cwd: Path,
    repeat: int,
    env: dict[str, str] | None = None,
    before: Callable[[], object] | None = None,
) -> list[Run]:
    """`repeat` runs, each after `before` (say, clearing a cache), fastest first."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        done = run(command, cwd, env)
        if done.code != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.code}):\n{done.output[-3000:]}")
        runs.append(done)
    return sorted(runs, key=lambda r: r.seconds)


def timed(func: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` calls, in seconds."""
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.largest = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid in tree(self.pid):
                resident, high = _memory(pid)
                total += resident
                self.largest = max(self.largest, high)
            self.peak = max(self.peak, total)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree(pid: int) -> list[int]:
    """`pid` and every descendant alive now."""
    found = []
    pending = [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                pending.extend(int(child) for child in children.split())
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[int, int]:
    """Resident bytes of a process now, and at most so far (0, 0 once it is gone)."""
    values = {"VmRSS:": 0, "VmHWM:": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name = line.split(":", 1)[0] + ":"
            if name in values:
                values[name] = int(line.split()[1]) * KIB
    except (OSError, ValueError, IndexError):
        return 0, 0
    return values["VmRSS:"], values["VmHWM:"]
