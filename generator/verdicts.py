"""The verdict on each submission (the findings of its checks, and its facts for the site),
worked out once and kept in the cache until anything it depends on changes.

A verdict is a function of the submission's own files and of a little of the registry: the
program, the requirement list and vendor record of its release and vendor, its certification
date, the review date, and which other submissions hold the same JUnit report. Its key names
all of these (files by content), and the code that computes it (`code_fingerprint`), so a
verdict is reused exactly when working it out again would give the same. Checks that go online
are never cached, nor is a verdict holding an internal error (it may be a passing accident).

With every verdict cached, a run over the whole registry reads no result file and runs no check:
it reads one small entry per submission.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from generator.checks.context import Environment
from generator.checks.runner import check_submission
from generator.loading.cache import Cache
from generator.loading.files import JUNIT, SubmissionFiles
from generator.loading.fingerprint import code_fingerprint
from generator.loading.program import PROGRAM_FILE
from generator.loading.registry import LoadedRegistry, facts_of
from generator.loading.submission import REQUIRED_FILES, VENDOR_FILE, VENDORS_DIR
from generator.verdictjson import Verdict, from_json, to_json

KIND = "verdicts"
#: Bumped whenever what a verdict holds, or its key, changes.
VERDICT_FORMAT = 1
_INTERNAL = "internal error in this check"


class Verdicts:
    def __init__(self, loaded: LoadedRegistry, env: Environment) -> None:
        self.loaded = loaded
        self.env = env
        usable = loaded.store is not None and loaded.store.cache.enabled and not env.online
        self.cache = loaded.store.cache if usable and loaded.store else Cache(None)
        self.reused = 0  # verdicts read from the cache
        self._seen: dict[str, str | None] = {}
        self.worked_out = 0  # ... worked out from the files

    def each(self, chosen: list[SubmissionFiles]) -> Iterator[tuple[SubmissionFiles, Verdict]]:
        """Each submission with its verdict, in order. Only submissions without a cached verdict
        have their results digested (read ahead across the cores when many)."""
        keys = [self.key(files) for files in chosen]
        known = [
            self._cached(key, files) if key else None
            for key, files in zip(keys, chosen, strict=True)
        ]
        fresh = self.loaded.stream(
            [files for files, found in zip(chosen, known, strict=True) if found is None]
        )
        try:
            for files, key, found in zip(chosen, keys, known, strict=True):
                if found is not None:
                    yield files, found
                    files.release()
                else:
                    files = next(fresh)
                    yield files, self._work_out(files, key)
        finally:
            fresh.close()

    def _cached(self, key: str, files: SubmissionFiles) -> Verdict | None:
        value = self.cache.get(KIND, key)
        if value is None:
            return None
        try:
            verdict = from_json(value, files.folder.rel)
        except (ValueError, KeyError, TypeError):
            return None  # damaged or misshapen: worked out again, and the entry rewritten
        self.reused += 1
        return verdict

    def _work_out(self, files: SubmissionFiles, key: str | None) -> Verdict:
        verdict = Verdict(check_submission(files, self.env), facts_of(self.loaded, files))
        self.worked_out += 1
        if key and not any(f.message.startswith(_INTERNAL) for f in verdict.report.findings):
            self.cache.put(KIND, key, to_json(verdict))
        return verdict

    def key(self, files: SubmissionFiles) -> str | None:
        """Everything the verdict on `files` depends on, as one name; None without a cache."""
        if not self.cache.enabled:
            return None
        try:
            parts = self._parts(files)
        except OSError:
            return None  # a file went away while we looked: no caching for this one
        text = json.dumps(parts, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def _parts(self, files: SubmissionFiles) -> list[object]:
        folder = files.folder
        key = folder.key
        listed = self.loaded.requirements.get(key.version) if key is not None else None
        keys = self.loaded.store.keys if self.loaded.store is not None else None
        # usable(): a regular file, as the folder listing saw it, so no need to look again
        own = [keys.key(files.rel(name)) for name in REQUIRED_FILES if keys and files.usable(name)]
        return [
            VERDICT_FORMAT,
            code_fingerprint(),
            self.env.review_date.isoformat(),
            self._shared(PROGRAM_FILE),
            folder.rel,
            folder.stray,
            folder.layout_problems,
            sorted((e.name, e.kind, e.size, e.links) for e in files.entries.values()),
            own,
            self._shared(listed.file) if listed is not None else None,
            self._shared(f"{VENDORS_DIR}/{key.vendor}/{VENDOR_FILE}") if key else None,
            self.env.certified.get(key) if key is not None else None,
            self._evidence(files),
        ]

    def _shared(self, rel: str) -> str | None:
        """`_content` of a file many submissions depend on, looked at once per run."""
        if rel not in self._seen:
            self._seen[rel] = self._content(rel)
        return self._seen[rel]

    def _content(self, rel: str) -> str | None:
        """A name for a file's content: None when it is not a regular file."""
        path = self.loaded.root / rel
        if path.is_symlink() or not path.is_file():
            return None
        return self.loaded.store.keys.key(rel) if self.loaded.store else None

    def _evidence(self, files: SubmissionFiles) -> list[str] | None:
        index = self.env.evidence
        if index is None or not files.usable(JUNIT) or not index.available:
            return None
        return index.holders(files.blob_id(JUNIT))
