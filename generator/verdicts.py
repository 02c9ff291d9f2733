"""The verdict on each submission (the findings of its checks, and its facts for the site),
worked out once and kept in the cache until anything it depends on changes.

A verdict is a function of the submission's own files and of a little of the registry: the
program, the requirement list and vendor record of its release and vendor, its certification
date, the review date, and which other submissions hold the same JUnit report. Its key names
all of these but the vendor record (files by content), and the code that computes it
(`code_fingerprint`). Of the vendor record, a verdict depends only on what the vendor-policy
check reads of it for this product (`policy_inputs`: the legal name, the form, whether the
product is among the offerings, ...): the verdict is kept with a name for those, and reused
only when the record as it is now gives the same. So a verdict is reused exactly when working
it out again would give the same, and a vendor's new offering leaves the verdicts on its other
products as they were. Checks that go online
are never cached, nor is a verdict holding an internal error (it may be a passing accident).

With every verdict cached, a run over the whole registry reads no result file and runs no check:
it reads the cache's journal of verdicts, one file holding them all (see `Cache.read_journal`);
a run over a few submissions reads their own small entries. A build needs only the failures and
warnings among the findings: it keeps a journal of its own, holding only those.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Collection, Iterator

import orjson

from generator.checks.context import Environment
from generator.checks.policy import consulted_name, policy_inputs
from generator.checks.runner import check_submission
from generator.loading.cache import Cache, distinct_text
from generator.loading.files import JUNIT, SubmissionFiles
from generator.loading.fingerprint import code_fingerprint
from generator.loading.program import PROGRAM_FILE
from generator.loading.registry import LoadedRegistry, facts_of
from generator.loading.reqlists import list_file
from generator.loading.submission import REQUIRED_FILES
from generator.model.findings import Status, SubmissionReport
from generator.verdictjson import Verdict, from_json, to_json

KIND = "verdicts"
#: Bumped whenever what a verdict holds, or its key, changes.
VERDICT_FORMAT = 2
#: From this many submissions on, cached verdicts are read from the journal, all in one go.
JOURNAL_MIN = 100
#: Verdicts added to the journal in one write.
JOURNAL_BATCH = 256
_INTERNAL = "internal error in this check"
#: What a cache entry of a verdict holds: the verdict, and what it read of the vendor record.
_STORED = frozenset(("verdict", "vendor"))


class Verdicts:
    def __init__(
        self, loaded: LoadedRegistry, env: Environment, keep: Collection[Status] | None = None
    ) -> None:
        """`keep`: the statuses of the findings the caller needs (default: every one)."""
        self.loaded = loaded
        self.env = env
        usable = loaded.store is not None and loaded.store.cache.enabled and not env.online
        self.cache = loaded.store.cache if usable and loaded.store else Cache(None)
        self.keep = frozenset(s.value for s in keep) if keep is not None else None
        # A run that needs only some findings (a build: failures and warnings) keeps a journal
        # of its own, holding verdicts with only those: a fraction of the text to decode.
        self._kind = KIND if self.keep is None else "-".join([KIND, *sorted(self.keep)])
        self.reused = 0  # verdicts read from the cache
        self._seen: dict[str, str | None] = {}
        self._views: dict[tuple[str, str | None], str] = {}
        self.worked_out = 0  # ... worked out from the files
        self._journal: dict[str, bytes] | None = None  # the journal, when read
        self._new: dict[str, bytes] = {}  # verdicts the journal does not hold yet
        self._lines = 0  # lines in the journal

    def each(self, chosen: list[SubmissionFiles]) -> Iterator[tuple[SubmissionFiles, Verdict]]:
        """Each submission with its verdict, in order. Only submissions without a cached verdict
        have their results digested (read ahead across the cores when many)."""
        keys = [self.key(files) for files in chosen]
        if self.cache.enabled and len(chosen) >= JOURNAL_MIN:
            self._journal, self._lines = self.cache.read_journal(self._kind, {k for k in keys if k})
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
        self._keep_journal({key for key in keys if key})

    def _cached(self, key: str, files: SubmissionFiles) -> Verdict | None:
        """The cached verdict under `key`: from the journal when it holds a good one, else
        from the verdict's own entry (which then goes into the journal); None when neither
        does (damaged or misshapen: worked out again, and the entry rewritten)."""
        text = self._journal.pop(key, None) if self._journal is not None else None
        found = self._decoded(text, files) if text is not None else None
        if found is None:
            value = self.cache.get(KIND, key)  # with every finding
            found = self._decoded(value, files) if value is not None else None
            if found is None:
                return None
            verdict, vendor = found
            self._note(key, value if self.keep is None else _stored(verdict, vendor))
        self.reused += 1
        return found[0]

    def _decoded(self, value: object, files: SubmissionFiles) -> tuple[Verdict, object] | None:
        """The verdict kept in `value` and what it names of the vendor record; None when it
        cannot be used: damaged, misshapen, or worked out with a vendor record that differs
        from today's in what the verdict reads of it."""
        try:
            data = orjson.loads(value) if isinstance(value, bytes) else value
            if not isinstance(data, dict) or data.keys() != _STORED:
                return None
            vendor = data["vendor"]
            if not self._same_vendor(files, vendor):
                return None
            return from_json(data["verdict"], files.folder.rel, self.keep), vendor
        except (ValueError, KeyError, TypeError):
            return None

    def _work_out(self, files: SubmissionFiles, key: str | None) -> Verdict:
        verdict = Verdict(check_submission(files, self.env), facts_of(self.loaded, files))
        self.worked_out += 1
        if key and not any(f.message.startswith(_INTERNAL) for f in verdict.report.findings):
            vendor = self._vendor_part(files, consulted_name(files.product))
            stored = _stored(verdict, vendor)
            self.cache.put(KIND, key, stored)
            self._note(key, stored if self.keep is None else _stored(self._kept(verdict), vendor))
        return verdict

    def _vendor_part(self, files: SubmissionFiles, name: str | None) -> list[object] | None:
        """What a verdict names of its vendor record: the product name the policy check
        looked up, and a name for `policy_inputs` (None outside the layout)."""
        key = files.folder.key
        if key is None:
            return None
        return [name, self._policy_view(key.vendor, name)]

    def _same_vendor(self, files: SubmissionFiles, vendor: object) -> bool:
        """Whether a verdict kept with `vendor` (see `_vendor_part`) read the same of the
        vendor record as the record says now."""
        if files.folder.key is None:
            return vendor is None
        if not (isinstance(vendor, list) and len(vendor) == 2):
            return False
        name, view = vendor
        if name is not None and not isinstance(name, str):
            return False
        return isinstance(view, str) and view == self._policy_view(files.folder.key.vendor, name)

    def _policy_view(self, slug: str, name: str | None) -> str:
        """A name for `policy_inputs` of the vendor `slug` and the product `name`, worked out
        once per run for each (a vendor's submissions mostly share their product names)."""
        found = self._views.get((slug, name))
        if found is None:
            inputs = policy_inputs(self.env.vendors.get(slug), name)
            found = hashlib.sha256(distinct_text(inputs)).hexdigest()[:32]
            self._views[slug, name] = found
        return found

    def _kept(self, verdict: Verdict) -> Verdict:
        """`verdict` with only the findings of the statuses in `keep`."""
        report = verdict.report
        kept = tuple(f for f in report.findings if self.keep is None or f.status.value in self.keep)
        return Verdict(SubmissionReport(report.path, kept), verdict.facts)

    def _note(self, key: str, value: object) -> None:
        """Keep a verdict for the journal, when one is kept; written out a batch at a time,
        so that a cold run never holds them all."""
        if self._journal is None:
            return
        self._new[key] = Cache.encoded(value)
        if len(self._new) >= JOURNAL_BATCH:
            self.cache.append_journal(self._kind, self._new)
            self._lines += len(self._new)
            self._new = {}

    def _keep_journal(self, live: set[str]) -> None:
        """Add what the journal missed; or, once a fifth of its lines or more would be of no
        use (old verdicts, lines written twice), write it again with the verdicts in use."""
        if self._journal is None:
            return
        if self._lines + len(self._new) > len(live) + max(len(live) // 4, JOURNAL_MIN):
            self.cache.append_journal(self._kind, self._new)
            kept, _ = self.cache.read_journal(self._kind, live)
            self.cache.rewrite_journal(self._kind, {k: kept[k] for k in sorted(kept)})
        else:
            self.cache.append_journal(self._kind, self._new)
        self._journal, self._new, self._lines = None, {}, 0

    def key(self, files: SubmissionFiles) -> str | None:
        """Everything the verdict on `files` depends on, as one name; None without a cache."""
        if not self.cache.enabled:
            return None
        try:
            parts = self._parts(files)
        except OSError:
            return None  # a file went away while we looked: no caching for this one
        return hashlib.sha256(self._common + orjson.dumps(parts, default=str)).hexdigest()

    @functools.cached_property
    def _common(self) -> bytes:
        """What every verdict of the run depends on alike."""
        parts = [
            VERDICT_FORMAT,
            code_fingerprint(),
            self.env.review_date.isoformat(),
            self._shared(PROGRAM_FILE),
        ]
        return json.dumps(parts, separators=(",", ":")).encode() + b"\0"

    def _parts(self, files: SubmissionFiles) -> list[object]:
        folder = files.folder
        key = folder.key
        listed = list_file(self.loaded.requirements, key.version) if key is not None else None
        keys = self.loaded.store.keys if self.loaded.store is not None else None
        own = []
        if keys is not None:
            # usable(): a regular file, as the folder listing saw it, so no need to look again
            for name in REQUIRED_FILES:
                if files.usable(name):
                    rel = f"{folder.rel}/{name}"
                    own.append(keys.known(rel) or keys.key(rel))
        return [
            folder.rel,
            folder.stray,
            folder.layout_problems,
            [tuple(entry) for entry in sorted(files.entries.values())],
            own,
            self._shared(listed) if listed is not None else None,
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
        keys = self.loaded.store.keys if self.loaded.store else None
        known = keys.known(rel) if keys is not None else None
        if known is not None:
            return known  # git's index has it as a regular file, unmodified
        path = self.loaded.root / rel
        if path.is_symlink() or not path.is_file():
            return None
        return keys.key(rel) if keys is not None else None

    def _evidence(self, files: SubmissionFiles) -> list[str] | None:
        index = self.env.evidence
        if index is None or not files.usable(JUNIT) or not index.available:
            return None
        return index.holders(files.blob_id(JUNIT))


def _stored(verdict: Verdict, vendor: object) -> dict[str, object]:
    return {"verdict": to_json(verdict), "vendor": vendor}
