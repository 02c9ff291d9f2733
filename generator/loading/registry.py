"""Loading a whole registry: program, requirement lists, vendors, ledgers and submissions,
assembled into the model that the site and the API present."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Collection, Generator, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.loading import datecache
from generator.loading.cache import Cache, registry_cache
from generator.loading.datecache import history_dates
from generator.loading.digest import CONFORMANCE, RequiredTests, ResultsDigest
from generator.loading.filekeys import FileKeys
from generator.loading.files import JUNIT, SubmissionFiles
from generator.loading.ledgers import load_revocations
from generator.loading.listing import Listing
from generator.loading.program import load_program
from generator.loading.reqlists import Lazy, load_lists
from generator.loading.store import ResultStore
from generator.loading.submission import VENDOR_FILE, VENDORS_DIR, SubmissionFolder, discover
from generator.loading.vendors import VendorBook
from generator.model.program import Program
from generator.model.registry import (
    Certification,
    Product,
    ProductInfo,
    Registry,
    Revocation,
    SubmissionKey,
    Vendor,
)
from generator.model.tests import Outcome, RequirementList
from generator.model.versions import Version

_INFO_FIELDS = (
    "vendor",
    "name",
    "version",
    "type",
    "description",
    "website_url",
    "documentation_url",
    "contact_email_address",
)


@dataclass
class LoadedRegistry:
    root: Path
    program: Program
    requirements: Mapping[Version, RequirementList]
    vendors: VendorBook
    history: dict[SubmissionKey, dt.date]
    revocations: dict[SubmissionKey, Revocation]
    submissions: list[SubmissionFiles]
    dates: dict[SubmissionKey, dt.date] = field(default_factory=dict)
    store: ResultStore | None = None
    partial: bool = False  # only the submissions under some paths were loaded

    def evidence_folders(self) -> list[str]:
        """The submission folders an `EvidenceIndex` compares reports of: every one, loaded or
        not, outside git; none inside, where the index asks git (and walking thousands of
        folders to validate one would be wasted)."""
        if self.store is not None and self.store.keys.index is not None:
            return []
        if not self.partial:
            return [files.folder.rel for files in self.submissions]
        return [folder.rel for folder in discover(self.root)]

    def files_of(self, folders: list[SubmissionFolder]) -> list[SubmissionFiles]:
        known = {files.folder.rel: files for files in self.submissions}
        return [known.get(folder.rel) or SubmissionFiles(folder, self.store) for folder in folders]

    def registry(self) -> Registry:
        return assemble(self)

    @property
    def undated(self) -> list[SubmissionKey]:
        return [
            f.folder.key
            for f in self.submissions
            if f.folder.key is not None and f.folder.key not in self.dates
        ]

    @functools.cached_property
    def required(self) -> Mapping[Version, RequiredTests]:
        """Per release with a list, the tests it requires (worked out when first asked)."""
        lists = self.requirements
        return Lazy({version: functools.partial(_required, lists, version) for version in lists})

    def extras_of(self, files: SubmissionFiles) -> frozenset[str]:
        key = files.folder.key
        found = self.required.get(key.version) if key is not None else None
        return found.extras if found is not None else frozenset()

    def prune_cache(self) -> int:
        """Prune the cache (see `Cache.prune`), once the digests of the registry's result files
        are marked as in use; return how many files were removed."""
        store = self.store
        if store is None:
            return 0
        chosen = [f for f in self.submissions if not f.folder.stray]
        return store.cache.prune(
            lambda: store.mark_in_use([f.request(self.extras_of(f)) for f in chosen])
        )

    def stream(
        self, files: list[SubmissionFiles] | None = None
    ) -> Generator[SubmissionFiles, None, None]:
        """Each submission with its results digested (read ahead across the cores where not
        cached), in order; what was read of each is dropped when the next is asked for."""
        chosen = self.submissions if files is None else files
        store = self.store
        if store is None:
            for submission in chosen:
                yield submission
                submission.release()
            return
        wanted = [f for f in chosen if not f.folder.stray]
        digests = store.stream([f.request(self.extras_of(f)) for f in wanted])
        try:
            for submission in chosen:
                if not submission.folder.stray:
                    submission.keep(next(digests), self.extras_of(submission))
                yield submission
                submission.release()
        finally:
            digests.close()


def _required(lists: Mapping[Version, RequirementList], version: Version) -> RequiredTests:
    return RequiredTests.of(lists[version])


def load_registry(
    root: Path,
    git_dates: Mapping[SubmissionKey, dt.date] | None = None,
    paths: list[Path] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    versions: Collection[Version] | None = None,
    dates_from_git: bool = False,
    listing: Listing | None = None,
    keys: FileKeys | None = None,
) -> LoadedRegistry:
    """Read everything; configuration problems raise ConfigError, submission problems do not.

    Certification dates come from git history (`git_dates`, or with `dates_from_git` read
    here) where known, and data/history.yaml wins. Result files are read later, submission by
    submission (`LoadedRegistry.stream`), through the cache in `.cache/certreg/` unless `cache`
    is false, and in `jobs` processes (default: every core). With `paths`, only the submissions
    there are loaded; with `versions`, only the requirement lists of those releases. Folders
    are read from `listing` where it has already taken them, and content keys from `keys`
    where git's index was already asked about data/.
    """
    if keys is None:
        keys = FileKeys.of(root, ("data",) if paths is None else _named_for(root, paths))
    store_cache = registry_cache(root, refused=keys.cache_committed) if cache else Cache(None)
    program = load_program(root, store_cache)
    with ThreadPoolExecutor(1) as aside:
        # The git log is read while the files are: git runs beside this process.
        logged = aside.submit(datecache.git_dates, root, store_cache) if dates_from_git else None
        history = history_dates(root, store_cache, keys)
        store = ResultStore(root, store_cache, keys, jobs)
        requirements = load_lists(root, store_cache, keys, versions)
        vendors = VendorBook(root, store_cache, keys)
        revocations = load_revocations(root)
        folders = discover(root, paths, listing)
        dates = dict(git_dates or {})
        if logged is not None:
            dates.update(logged.result())
    dates.update(history)
    return LoadedRegistry(
        root=root,
        program=program,
        requirements=requirements,
        vendors=vendors,
        history=history,
        revocations=revocations,
        submissions=[SubmissionFiles(folder, store) for folder in folders],
        dates=dates,
        store=store,
        partial=paths is not None,
    )


def _named_for(root: Path, paths: list[Path]) -> tuple[str, ...]:
    """What git's index is asked about when only the submissions under `paths` are checked:
    those folders, the maintainers' files, every vendor record and every JUnit report (copy
    detection compares reports across the registry); not the thousands of other files. A file
    left out is hashed when its key is needed, so this only saves time."""
    named = [
        "data/program.yaml",
        "data/conformance",
        "data/history.yaml",
        "data/revocations.yaml",
        f":(glob){VENDORS_DIR}/*/{VENDOR_FILE}",
        f":(glob){VENDORS_DIR}/*/*/*/{JUNIT}",
    ]
    top = os.path.abspath(root)  # noqa: PTH100 - links stay links
    for path in paths:
        rel = os.path.relpath(os.path.abspath(path), top)  # noqa: PTH100
        if rel != "." and not rel.startswith(".."):
            named.append(":(literal)" + Path(rel).as_posix())
    return tuple(named)


def _text(data: Mapping[str, Any], name: str, fallback: str = "") -> str:
    value = data.get(name)
    if value is None:
        return fallback
    return str(value).strip() or fallback


def product_info(files: SubmissionFiles, vendor_name: str) -> ProductInfo:
    """What PRODUCT.yaml says, as text, with safe fallbacks where it is broken."""
    key = files.folder.key
    assert key is not None
    doc = files.product
    data: Mapping[str, Any] = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    texts = {name: _text(data, name) for name in _INFO_FIELDS}
    texts["vendor"] = texts["vendor"] or vendor_name
    texts["name"] = texts["name"] or key.product
    return ProductInfo(
        **texts,
        repo_url=_text(data, "repo_url") or None,
        product_logo_url=_text(data, "product_logo_url") or None,
    )


def passed_required(results: ResultsDigest, required: frozenset[str] | None) -> tuple[int, int]:
    """How many required tests passed, and how many are required (None: there is no list)."""
    report = results.junit
    if report is None or report.problem is not None:
        return 0, len(required or ())
    if required is None:
        return sum(
            1
            for name, found in report.tests.items()
            if found.outcome is Outcome.PASSED and CONFORMANCE in name
        ), 0
    tests = report.tests
    passed = sum(
        1
        for name in required
        if (found := tests.get(name)) is not None and found.outcome is Outcome.PASSED
    )
    return passed, len(required)


def _vendor(loaded: LoadedRegistry, slug: str) -> Vendor:
    record = loaded.vendors.get(slug)
    if record.vendor is not None:
        return record.vendor
    return Vendor(
        slug=slug,
        name=slug,
        website_url="",
        form_signed=None,
        membership="",
        offerings=(),
        contacts=(),
        awaiting_review=True,
    )


@dataclass(frozen=True)
class Facts:
    """What the site shows of a submission that comes from its own files."""

    info: ProductInfo
    tests_passed: int
    tests_required: int
    readme: str


def facts_of(loaded: LoadedRegistry, files: SubmissionFiles) -> Facts | None:
    """The facts of a submission in the layout (None for a folder outside it)."""
    key = files.folder.key
    if key is None:
        return None
    vendor = _vendor(loaded, key.vendor)
    listed = loaded.required.get(key.version)
    passed, required = passed_required(
        files.results(loaded.extras_of(files)), listed.identities if listed else None
    )
    return Facts(product_info(files, vendor.name), passed, required, files.readme or "")


def certify(loaded: LoadedRegistry, key: SubmissionKey, facts: Facts) -> Certification | None:
    """A submission's certification; None for a version the program does not know."""
    expiry = loaded.program.expiry_of(key.version)
    if expiry is None:
        return None
    return Certification(
        key=key,
        info=facts.info,
        certified_on=loaded.dates.get(key),
        expires_on=expiry.on,
        provisional=expiry.provisional,
        tests_passed=facts.tests_passed,
        tests_required=facts.tests_required,
        revocation=loaded.revocations.get(key),
        readme=facts.readme,
    )


def certification(loaded: LoadedRegistry, files: SubmissionFiles) -> Certification | None:
    """What the site shows of one submission; None when it is not a certification (a folder
    outside the layout, or a version the program does not know)."""
    key = files.folder.key
    if key is None or loaded.program.expiry_of(key.version) is None:
        return None
    facts = facts_of(loaded, files)
    return certify(loaded, key, facts) if facts is not None else None


def assemble(
    loaded: LoadedRegistry, certifications: Iterable[Certification] | None = None
) -> Registry:
    """The model of everything on disk that can be published: from `certifications` when the
    caller worked them out in its own pass over the submissions, else from a pass of its own."""
    if certifications is None:
        found = (certification(loaded, files) for files in loaded.stream())
        certifications = [c for c in found if c is not None]
    by_product: dict[tuple[str, str], list[Certification]] = {}
    for cert in certifications:
        by_product.setdefault((cert.key.vendor, cert.key.product), []).append(cert)
    products = tuple(
        Product(
            vendor=vendor,
            slug=slug,
            certifications=tuple(sorted(certs, key=lambda c: c.key.version)),
        )
        for (vendor, slug), certs in sorted(by_product.items())
    )
    vendor_slugs = sorted({vendor for vendor, _slug in by_product})
    vendors = tuple(_vendor(loaded, slug) for slug in vendor_slugs)
    return Registry(program=loaded.program, vendors=vendors, products=products)
