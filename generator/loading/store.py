"""Digests of submissions' results: from the cache where it holds them, else from the files,
in worker processes across the cores when there are many to read.

`ResultStore.stream` gives the digests in the order asked, whatever order the workers finish
in, so that everything built from them is the same as with one process. Only a bounded number
of digests wait at a time, so memory does not grow with the registry.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.loading import e2elog, junit
from generator.loading.cache import Cache
from generator.loading.digest import ResultsDigest, digest_results
from generator.loading.digestjson import DIGEST_FORMAT, from_json, to_json
from generator.loading.filekeys import FileKeys

if TYPE_CHECKING:
    from concurrent.futures import Future

KIND = "results"
#: Fewer digests to read than this are read in this process: a pool costs more to start.
PARALLEL_MIN = 6
#: Submissions handed to a worker at a time, and chunks in flight per worker.
CHUNK = 2
AHEAD = 3


@dataclass(frozen=True)
class DigestRequest:
    """The result files of one submission (repository paths; None when missing or unusable)
    and the extra test identities its digest must keep."""

    junit: str | None
    log: str | None
    extras: frozenset[str] = frozenset()


def cache_key(junit_key: str | None, log_key: str | None, extras: frozenset[str]) -> str:
    extra = hashlib.sha256("\n".join(sorted(extras)).encode()).hexdigest()[:16] if extras else "-"
    versions = f"d{DIGEST_FORMAT}.j{junit.READER_VERSION}.l{e2elog.READER_VERSION}"
    return f"{versions}/{junit_key or '-'}/{log_key or '-'}/{extra}"


class ResultStore:
    def __init__(self, root: Path, cache: Cache, keys: FileKeys, jobs: int | None = None) -> None:
        self.root = root
        self.cache = cache
        self.keys = keys
        self.jobs = jobs if jobs is not None else available_cores()
        self.parsed = 0  # submissions whose files were read in this run (here or in workers)
        self.cached = 0  # ... whose digest came from the cache

    def digest(self, request: DigestRequest) -> ResultsDigest:
        """One digest, from the cache or the files, in this process."""
        return self._one(request, self._known_key(request))

    def stream(self, requests: Sequence[DigestRequest]) -> Generator[ResultsDigest, None, None]:
        """The digest of each request, in order; those not cached are read across the cores."""
        keys = [self._known_key(r) for r in requests]
        cold = [
            index for index, key in enumerate(keys) if key is None or not self.cache.has(KIND, key)
        ]
        computed = self._compute([(requests[i], keys[i]) for i in cold])
        cold_set = set(cold)
        try:
            for index, request in enumerate(requests):
                if index in cold_set:
                    yield next(computed)
                else:
                    yield self._one(request, keys[index])
        finally:
            computed.close()

    def mark_in_use(self, requests: Sequence[DigestRequest]) -> None:
        """Mark the cached digests of `requests` as in use (see `Cache.prune`): a run that
        reuses verdicts reads no digest, yet the next day's run needs them all."""
        for request in requests:
            key = self._known_key(request)
            if key is not None:
                self.cache.has(KIND, key)

    def _known_key(self, request: DigestRequest) -> str | None:
        """The cache key when every file has a key without reading it, else None."""
        if not self.cache.enabled:
            return None
        parts = []
        for rel in (request.junit, request.log):
            known = self.keys.known(rel) if rel is not None else "-"
            if known is None:
                return None
            parts.append(known)
        return cache_key(parts[0], parts[1], request.extras)

    def _one(self, request: DigestRequest, key: str | None) -> ResultsDigest:
        if key is not None:
            found = _decoded(self.cache.get(KIND, key))
            if found is not None:
                self.cached += 1
                return found
        # Not cached, or damaged: read the files (and overwrite the entry).
        task = _Task(str(self.root), request, key, str(self.cache.folder or ""))
        return self._count(_run(task))

    def _count(self, outcome: tuple[ResultsDigest, bool]) -> ResultsDigest:
        digest, parsed = outcome
        if parsed:
            self.parsed += 1
        else:
            self.cached += 1
        return digest

    def _compute(
        self, requests: list[tuple[DigestRequest, str | None]]
    ) -> Generator[ResultsDigest, None, None]:
        folder = str(self.cache.folder or "")
        tasks = [_Task(str(self.root), r, key, folder) for r, key in requests]
        if self.jobs < 2 or len(tasks) < PARALLEL_MIN:
            outcomes: Iterator[tuple[ResultsDigest, bool]] = map(_run, tasks)
        else:
            outcomes = _ordered_pool(_run_chunk, _chunks(tasks, CHUNK), self.jobs)
        for outcome in outcomes:
            yield self._count(outcome)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Task:
    """What a worker needs to digest one submission: plain values, cheap to send."""

    root: str
    request: DigestRequest
    key: str | None  # None: to be worked out (by hashing, outside git)
    cache: str  # the cache folder, or "" for none


def _run(task: _Task) -> tuple[ResultsDigest, bool]:
    """Digest one submission: from the cache when its entry is good, else from the files;
    and whether the files were read."""
    root = Path(task.root)
    cache = Cache(Path(task.cache) if task.cache else None)
    request = task.request
    key = task.key
    if key is None and cache.enabled:
        keys = FileKeys(root, None)
        try:
            key = cache_key(
                keys.key(request.junit) if request.junit else None,
                keys.key(request.log) if request.log else None,
                request.extras,
            )
        except OSError:
            key = None  # the file went away: the reader will say so
        found = _decoded(cache.get(KIND, key)) if key is not None else None
        if found is not None:
            return found, False
    digest = digest_results(
        root / request.junit if request.junit else None,
        root / request.log if request.log else None,
        request.extras,
    )
    if key is not None:
        cache.put(KIND, key, to_json(digest))
    return digest, True


def _decoded(value: object | None) -> ResultsDigest | None:
    """A digest from a cache entry's value; None when there is none or it has the wrong shape."""
    if value is None:
        return None
    try:
        return from_json(value)
    except (ValueError, KeyError, TypeError):
        return None


def _run_chunk(tasks: list[_Task]) -> list[tuple[ResultsDigest, bool]]:
    return [_run(task) for task in tasks]


def _chunks(tasks: list[_Task], size: int) -> Iterator[list[_Task]]:
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


def _ordered_pool(
    func: Callable[[list[_Task]], list[tuple[ResultsDigest, bool]]],
    chunks: Iterable[list[_Task]],
    jobs: int,
) -> Iterator[tuple[ResultsDigest, bool]]:
    """func over the chunks in worker processes, results in order, a bounded number ahead."""
    # Imported here: a warm run never starts a worker, and need not pay for the import.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start at once with everything imported; spawn would import it all again.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # The workers make and drop parsed documents by the thousand: the interpreter's default
    # collector thresholds (the command line raises them for its own long-lived objects).
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=gc.set_threshold, initargs=(700, 10, 10)
    )
    pending: deque[Future[list[tuple[ResultsDigest, bool]]]] = deque()
    source = iter(chunks)
    try:
        for chunk in source:
            pending.append(pool.submit(func, chunk))
            if len(pending) >= jobs * AHEAD:
                break
        while pending:
            done = pending.popleft().result()
            following = next(source, None)
            if following is not None:
                pending.append(pool.submit(func, following))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
