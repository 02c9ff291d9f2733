"""Write a complete, valid registry at real proportions and real file sizes, for benchmarks.

    python benchmarks/make_registry.py --submissions N --out DIR [--seed S] [--jobs J] [--small]

DIR gets data/program.yaml (the project's own), a requirement list per release in the upstream
conformance.yaml format (made-up tests, about 350 for v1.23 growing to about 450 for v1.37),
about one vendor per ten submissions with a VENDOR.yaml (signed form, offerings, contacts),
products of the three types, and N submissions spread over the releases (100 to 130 per release
upstream, scaled to N), each certified inside its release's certifiable window according to
data/history.yaml. Each JUnit report holds about 7,300 testcases (the required tests passed, the
rest skipped; about 2.5 MB); seven e2e.logs in ten are succinct (a few KB), the rest verbose
(about 3.5 MB); v1.23 and v1.24 runs have ginkgo v1 shapes. `--small` keeps every file small
(short requirement lists, few skipped specs, unpadded logs) for tests.

`certreg validate`, run inside DIR, passes every submission. The same arguments give the same
bytes. At full size a submission takes about 3.6 MB: 3,000 submissions need about 11 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.fixtures.results import LogStyle, e2e_log_text, junit_text, outcomes
from generator.loading.program import load_program
from generator.model.program import Program
from generator.model.slugs import slugify
from generator.model.tests import test_identity
from generator.model.versions import Version

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS_PER_PRODUCT = 6.5
SUBMISSIONS_PER_VENDOR = 10
SUCCINCT_SHARE = 0.7
VERBOSE_BYTES = 3_500_000
V1_BYTES = 2_000_000
TESTCASES = 7_300
LAST_DAY = dt.date(2026, 11, 20)  # no certification after this day, whatever today is
TYPES = (("distribution", 0.45), ("hosted platform", 0.35), ("installer", 0.20))
# Conformance tests required by each release upstream (v1.23: 346, v1.30: 402, v1.35: 441).
_COUNTS = (346, 355, 362, 368, 378, 386, 392, 402, 408, 413, 419, 424, 441, 446, 452)
REQUIRED = dict(zip(range(23, 38), _COUNTS, strict=True))


def words(text: str, separator: str | None = None) -> list[str]:
    return [word.strip() for word in text.split(separator)]


# ---- made-up conformance tests ------------------------------------------------------------

# Per SIG: the folder of its tests under test/e2e/, and the subjects of its specs ("|" apart).
SUBJECTS = {
    "api-machinery": ("apimachinery", "CustomResourceDefinition resources | Watchers | "
        "ResourceQuota | Garbage collector | AdmissionWebhook [Privileged:ClusterAdmin] | "
        "Aggregator | Namespaces [Serial] | ServerSideApply | FieldValidation | "
        "API priority and fairness | Discovery | CustomResourcePublishOpenAPI"),
    "apps": ("apps", "Deployment | ReplicaSet | ReplicationController | StatefulSet Basic "
        "StatefulSet functionality | Daemon set [Serial] | Job | CronJob | DisruptionController | "
        "ControllerRevision [Serial]"),
    "network": ("network", "Services | DNS | EndpointSlice | Ingress API | IngressClass API | "
        "Proxy version v1 | Networking Granular Checks: Pods | HostPort"),
    "node": ("common/node", "Pods | Container Runtime blackbox test | Kubelet | "
        "Probing container | Container Lifecycle Hook | Variable Expansion | "
        "InitContainer [NodeConformance] | PodTemplates | RuntimeClass | Lease | "
        "Sysctls [LinuxOnly] [NodeConformance] | Security Context | Downward API"),
    "storage": ("common/storage", "Projected secret | Projected configMap | "
        "Projected downwardAPI | EmptyDir volumes | Secrets | ConfigMap | Downward API volume | "
        "CSIInlineVolumes | CSIStorageCapacity | Subpath"),
    "auth": ("auth", "ServiceAccounts | Certificates API [Privileged:ClusterAdmin] | "
        "SubjectReview"),
    "cli": ("kubectl", "Kubectl client Kubectl logs | Kubectl client Update Demo | "
        "Kubectl client Guestbook application | Kubectl client Kubectl patch"),
    "scheduling": ("scheduling", "SchedulerPredicates [Serial] | SchedulerPreemption [Serial] | "
        "LimitRange"),
    "instrumentation": ("instrumentation", "Events | Events API"),
    "architecture": ("architecture", "Conformance Tests"),
}  # fmt: skip
BEHAVIOURS = (
    ("lifecycle", "should run the lifecycle of the resource"),
    ("create and delete", "should be able to create and delete the resource"),
    ("list and delete collection", "should list, patch and delete a collection"),
    ("status", "should apply changes to the status subresource"),
    ("update", "should be updated when its spec changes"),
    ("consumable", "should be consumable from pods in volume [NodeConformance]"),
    ("non-root", "should be consumable from pods in volume as non-root [LinuxOnly]"),
    ("defaultMode", "should be consumable from pods in volume with defaultMode set"),
    ("mappings", "should be consumable from pods in volume with mappings"),
    ("scale", "should have a working scale subresource"),
    ("adopt", "should adopt matching orphans and release non-matching pods"),
    ("serve", "should serve a basic endpoint from pods"),
    ("rolling update", "should perform rolling updates and roll backs"),
    ("proportional scaling", "should support proportional scaling"),
    ("watch", "should observe add, update, and delete watch notifications"),
    ("quota", "should create a ResourceQuota and capture the life of the resource"),
    ("events", "should ensure that an event can be fetched, patched, deleted, and listed"),
    ("env", "should provide container's limits as environment variables"),
    ("restart", "should be restarted with a liveness probe"),
    ("readiness", "should not be ready with a readiness probe that fails"),
    ("patch", "should patch the resource and verify the change"),
    ("discovery", "should be listed in the discovery documents"),
    ("validation", "should reject requests with invalid fields"),
    ("graceful", "should delete gracefully and respect the grace period"),
    ("mode", "should set mode on item file [LinuxOnly] [NodeConformance]"),
    ("updates", "updates should be reflected in volume [NodeConformance]"),
    ("optional", "optional updates should be reflected in volume [NodeConformance]"),
    ("ownership", "should orphan dependents when deleteOptions.propagationPolicy is Orphan"),
)


@dataclass(frozen=True)
class Spec:
    testname: str
    codename: str
    description: str
    release: str
    file: str


def conformance_tests(seed: int, small: bool) -> list[Spec]:
    """Every test of the newest list, oldest first; each release's list is a prefix of it."""
    rng = random.Random(f"tests/{seed}")
    pool = [
        (sig, area, subject, short, text)
        for sig, (area, subjects) in SUBJECTS.items()
        for subject in words(subjects, "|")
        for short, text in BEHAVIOURS
    ]
    wanted = _required_counts(small)
    chosen = rng.sample(pool, max(wanted.values()))
    introduced = _introductions(wanted, rng)
    tests = []
    for (sig, area, subject, short, text), release in zip(chosen, introduced, strict=True):
        name = subject.split(" [")[0]
        file_name = slugify(name.split()[0]).replace("-", "_") or "conformance"
        tests.append(
            Spec(
                testname=f"{name}, {short}",
                codename=f"[sig-{sig}] {subject} {text} [Conformance]",
                description=f"Create a {name} and exercise it: the cluster MUST behave as "
                f"the {short} contract of the API says, and clean up after itself.",
                release=release,
                file=f"test/e2e/{area}/{file_name}.go",
            )
        )
    return tests


def _required_counts(small: bool) -> dict[int, int]:
    if not small:
        return REQUIRED
    return {minor: 12 + (minor - 23) // 2 for minor in REQUIRED}


def _introductions(wanted: dict[int, int], rng: random.Random) -> list[str]:
    """The `release` value of each test, oldest first, so that `wanted[minor]` are required
    for v1.<minor>; a few list several releases, one is written without its `v` (as upstream)."""
    releases: list[str] = []
    first = min(wanted)
    for index in range(wanted[first]):  # promoted from v1.9 to v1.23
        releases.append(f"v1.{9 + index * (first - 9) // wanted[first]}")
    for minor in sorted(wanted)[1:]:
        releases.extend([f"v1.{minor}"] * (wanted[minor] - wanted[minor - 1]))
    for index in rng.sample(range(wanted[first]), 3):
        releases[index] = f"{releases[index]}, v1.21"
    if "v1.25" in releases:
        releases[releases.index("v1.25")] = "1.25"
    return releases


def requirement_list(tests: Sequence[Spec], version: Version) -> str:
    entries = [
        {
            "testname": t.testname,
            "codename": t.codename,
            "description": t.description,
            "release": t.release,
            "file": t.file,
        }
        for t in tests
        if _introduced(t.release) <= version
    ]
    return yaml.safe_dump(entries, sort_keys=False, width=88, allow_unicode=True)


def _introduced(release: str) -> Version:
    found = [Version.parse_lenient(part) for part in release.split(",")]
    return min(v for v in found if v is not None)


# ---- vendors and products -------------------------------------------------------------------

BRANDS = words(
    "Aster Birchwood Cobalt Driftwood Ember Fjord Granite Harbor Indigo Juniper Kestrel Larch "
    "Meridian Nimbus Obsidian Pinecone Quartz Riverbend Saffron Tidewater Umber Vantage Willow "
    "Xenon Yarrow Zephyr Alder Basalt Cedar Dunlin Eider Fennel Gannet Heron Ibis Jasper Kelp "
    "Lumen Marlin Nettle Osprey Puffin Quill Rowan Sorrel Tamarack Upland Verdant Wren Auklet "
    "Bramble Corvid Delta Egret Flint Garnet Hazel Iris"
)
KINDS = words("Cloud Systems Labs Networks Data Computing Software Technologies Platforms Works")
REGIONS = ("", "Europe", "Asia", "Americas", "Nordic", "Pacific", "Africa", "Alpine")
LEGAL = ("Inc.", "GmbH", "Ltd", "LLC", "S.A.", "Co., Ltd.", "B.V.", "AG", "Oy", "a.s.", "")
PRODUCTS = {
    "distribution": (
        "{b} Kubernetes",
        "{b} Container Platform",
        "{b}OS",
        "{b} Edge",
        "{b} Kubernetes Distribution",
    ),
    "hosted platform": (
        "{b} Kubernetes Service",
        "{b} Kubernetes Engine",
        "{b} Managed Kubernetes",
        "{b} Cloud Containers",
    ),
    "installer": ("{b}ctl", "{b} Deploy", "{b} Installer", "{b} Bootstrap"),
}


@dataclass(frozen=True)
class Product:
    vendor: str  # slug
    slug: str
    name: str
    type: str
    site: str
    major: int
    logo: bool
    repo: bool


@dataclass(frozen=True)
class VendorRecord:
    slug: str
    name: str
    site: str
    membership: str
    products: tuple[Product, ...]


def vendor_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(slug, legal name) of `count` distinct made-up vendors."""
    bases = [f"{b} {k}" for b in BRANDS for k in KINDS]
    rng.shuffle(bases)
    found: list[tuple[str, str]] = []
    for region in REGIONS:
        for base in bases:
            if len(found) == count:
                return found
            plain = f"{base} {region}".strip()
            legal = rng.choice(LEGAL)
            name = f"{plain}, {legal}" if legal in ("Inc.", "LLC", "Ltd") else f"{plain} {legal}"
            found.append((slugify(plain), name.strip()))
    raise SystemExit(f"make_registry: at most {len(found)} vendors can be named")


def make_vendors(products: int, vendors: int, rng: random.Random) -> list[VendorRecord]:
    owners = list(range(vendors)) + [rng.randrange(vendors) for _ in range(products - vendors)]
    rng.shuffle(owners)
    names = vendor_names(vendors, rng)
    kinds = [t for t, _ in TYPES]
    by_vendor: dict[int, list[Product]] = {v: [] for v in range(vendors)}
    for owner in owners:
        slug, legal = names[owner]
        site = f"https://www.{slug}.example"
        brand = legal.split()[0]
        kind = rng.choices(kinds, weights=[w for _, w in TYPES])[0]
        taken = {p.name for p in by_vendor[owner]}
        options = [t.format(b=brand) for t in PRODUCTS[kind] if t.format(b=brand) not in taken]
        name = rng.choice(options or [f"{brand} Kubernetes {len(taken) + 1}"])
        by_vendor[owner].append(
            Product(
                slug,
                slugify(name),
                name,
                kind,
                site,
                rng.randint(1, 5),
                rng.random() < 0.6,
                kind != "hosted platform" and rng.random() < 0.7,
            )
        )
    return [
        VendorRecord(
            slug,
            legal,
            f"https://www.{slug}.example",
            rng.choice(("member", "member", "fee", "non-profit")),
            tuple(by_vendor[index]),
        )
        for index, (slug, legal) in enumerate(names)
    ]


# ---- submissions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    product: Product
    vendor_name: str
    version: Version
    product_version: str
    kubernetes: str
    certified: dt.date
    started: dt.datetime
    style: LogStyle
    skipped: int
    seed: int

    @property
    def rel(self) -> str:
        return f"data/vendors/{self.product.vendor}/{self.product.slug}/{self.version}"


def per_release(total: int, releases: Sequence[Version], rng: random.Random) -> list[int]:
    """`total` spread over the releases like upstream's 100 to 130 per release (largest
    remainder, so the counts add up exactly)."""
    weights = [rng.randint(100, 130) for _ in releases]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def certifiable_window(program: Program, version: Version) -> tuple[dt.date, dt.date]:
    """The days on which `version` may be certified: from the day after its release until the
    release three minors later (or a year, or LAST_DAY, whichever comes first)."""
    release = program.release(version)
    assert release is not None
    start = release.released + dt.timedelta(days=1)
    end = min(release.released + dt.timedelta(days=365), LAST_DAY)
    later = [r for r in program.releases if r.version > version]
    if len(later) >= program.certifiable_versions:
        end = min(end, later[program.certifiable_versions - 1].released - dt.timedelta(days=1))
    return start, max(start, end)


def make_submissions(
    program: Program, vendors: list[VendorRecord], total: int, seed: int, small: bool
) -> list[Submission]:
    rng = random.Random(f"submissions/{seed}")
    releases = [r.version for r in program.releases]
    products = [p for v in vendors for p in v.products]
    random.Random(f"order/{seed}").shuffle(products)
    legal = {v.slug: v.name for v in vendors}
    step = len(products) / len(releases)
    found = []
    for index, (version, count) in enumerate(
        zip(releases, per_release(total, releases, rng), strict=True)
    ):
        start = round(index * step)
        assert count <= len(products), "fewer products than submissions of one release"
        for offset in range(count):
            product = products[(start + offset) % len(products)]
            found.append(_submission(program, product, legal[product.vendor], version, rng, small))
    return sorted(found, key=lambda s: s.rel)


def _submission(
    program: Program,
    product: Product,
    vendor: str,
    version: Version,
    rng: random.Random,
    small: bool,
) -> Submission:
    first, last = certifiable_window(program, version)
    span = (last - first).days
    certified = first + dt.timedelta(days=round(rng.betavariate(1.3, 3.0) * span))
    ran = max(first - dt.timedelta(days=1), certified - dt.timedelta(days=rng.randint(2, 20)))
    started = dt.datetime(ran.year, ran.month, ran.day, rng.randint(6, 21), rng.randrange(60))
    style: LogStyle
    if version.minor <= 24:
        style = "v1"  # ginkgo v1 until Kubernetes v1.25
    else:
        style = "succinct" if rng.random() < SUCCINCT_SHARE else "verbose"
    total = 30 if small else TESTCASES - (37 - version.minor) * 45 + rng.randint(-50, 50)
    return Submission(
        product=product,
        vendor_name=vendor,
        version=version,
        product_version=f"v{product.major}.{version.minor - 20}.{rng.randint(0, 9)}",
        kubernetes=f"{version}.{min((certified - first).days // 30, 9)}",
        certified=certified,
        started=started,
        style=style,
        skipped=total if small else max(total - REQUIRED[version.minor], 0),
        seed=rng.getrandbits(32),
    )


# ---- files ----------------------------------------------------------------------------------

VENDOR_HEADER = "# Maintainers only: the program's record of this vendor's participation form.\n"
HISTORY_HEADER = (
    "# Maintainers only: certification dates that git cannot tell. Here: a generated registry\n"
    "# (benchmarks/make_registry.py), whose submissions were all written at once.\n"
)


def product_yaml(sub: Submission) -> str:
    p = sub.product
    data = {
        "vendor": sub.vendor_name,
        "name": p.name,
        "version": sub.product_version,
        "type": p.type,
        "description": f"{p.name} is a {p.type} of Kubernetes by {sub.vendor_name}, tested "
        "for conformance on every release it supports.",
        "website_url": f"{p.site}/{p.slug}",
        "documentation_url": f"{p.site}/docs/{p.slug}/",
        "contact_email_address": f"conformance@{p.site.removeprefix('https://www.')}",
    }
    if p.repo:
        data["repo_url"] = f"https://git.{p.vendor}.example/{p.slug}"
    if p.logo:
        data["product_logo_url"] = f"{p.site}/brand/{p.slug}.svg"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def readme(sub: Submission) -> str:
    p = sub.product
    create = {
        "hosted platform": f"Sign in to the {p.name} console, choose *Create cluster*, pick "
        f"Kubernetes {sub.kubernetes} and three worker nodes of 4 vCPU and 16 GiB, or run:\n\n"
        f"```shell\n{p.slug}-cli cluster create conformance --version {sub.kubernetes} "
        "--nodes 3\n```",
        "distribution": f"Install {p.name} {sub.product_version} on three machines (4 vCPU, "
        "16 GiB, Ubuntu 24.04) as described in the documentation, then check the nodes:\n\n"
        "```shell\nkubectl get nodes -o wide\n```",
        "installer": f"Download {p.name} {sub.product_version} and create a cluster from the "
        "example inventory:\n\n"
        f"```shell\n{p.slug} create cluster --config cluster.yaml "
        f"--kubernetes-version {sub.kubernetes}\n```",
    }[p.type]
    return (
        f"# Conformance results for {p.name} {sub.product_version}\n\n"
        f"Kubernetes {sub.kubernetes}, tested on {sub.started:%Y-%m-%d}.\n\n"
        f"## Create a cluster\n\n{create}\n\n"
        "## Run the conformance tests\n\n"
        "Install [Sonobuoy](https://sonobuoy.io/) and run the certified conformance mode:\n\n"
        "```shell\nsonobuoy run --mode=certified-conformance --wait\n"
        "outfile=$(sonobuoy retrieve)\nmkdir ./results && tar xzf $outfile -C ./results\n```\n\n"
        "The files `e2e.log` and `junit_01.xml` are in "
        "`results/plugins/e2e/results/global/`.\n"
    )


def vendor_yaml(vendor: VendorRecord, signed: dt.date) -> str:
    data = {
        "name": vendor.name,
        "website_url": vendor.site,
        "participation_form_signed": signed,
        "membership": vendor.membership,
        "offerings": [
            {"name": p.name, "website_url": f"{p.site}/{p.slug}"} for p in vendor.products
        ],
        "contacts": [
            {
                "name": "Conformance Team",
                "email": f"conformance@{vendor.site.removeprefix('https://www.')}",
            }
        ],
    }
    return VENDOR_HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


_REQUIRED: dict[Version, list[str]] = {}


def _init(required: dict[Version, list[str]]) -> None:
    _REQUIRED.update(required)


def _written(
    work: list[tuple[Path, Submission, bool]], required: dict[Version, list[str]], jobs: int
) -> Iterator[int]:
    """The bytes of each submission as it is written, in worker processes when jobs > 1."""
    if jobs == 1:
        _init(required)
        yield from map(write_submission, work)
        return
    with multiprocessing.Pool(jobs, initializer=_init, initargs=(required,)) as pool:
        yield from pool.imap_unordered(write_submission, work, 4)


def write_submission(args: tuple[Path, Submission, bool]) -> int:
    """Write the four files of one submission; return their bytes. Runs in a worker."""
    out, sub, small = args
    folder = out / sub.rel
    folder.mkdir(parents=True)
    names = _REQUIRED[sub.version]
    v1 = sub.style == "v1"
    target = None if small or sub.style == "succinct" else (V1_BYTES if v1 else VERBOSE_BYTES)
    texts = {
        "PRODUCT.yaml": product_yaml(sub),
        "README.md": readme(sub),
        "junit_01.xml": junit_text(
            outcomes(names),
            shape="v1" if v1 else "v2",
            skipped=sub.skipped,
            seed=sub.seed,
            started=sub.started,
        ),
        "e2e.log": e2e_log_text(
            style=sub.style,
            passed=names,
            skipped=sub.skipped,
            version=sub.kubernetes,
            seed=sub.seed,
            started=sub.started,
            target_bytes=target,
        ),
    }
    size = 0
    for name, text in texts.items():
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        size += len(data)
    return size


# ---- the registry -------------------------------------------------------------------------


def estimate(count: int, small: bool) -> int:
    """Bytes the submissions will take, roughly (for the free-space check)."""
    if small:
        return count * 60_000
    verbose = (1 - SUCCINCT_SHARE) * VERBOSE_BYTES
    return int(count * (2_500_000 + verbose + 12_000))


def plan(
    total: int, seed: int, small: bool
) -> tuple[Program, list[Spec], list[VendorRecord], list[Submission]]:
    """Everything about the registry but the file contents: decided before anything is written."""
    program = load_program(ROOT)
    tests = conformance_tests(seed, small)
    rng = random.Random(f"vendors/{seed}")
    products = max(1, round(total / SUBMISSIONS_PER_PRODUCT))
    vendors = make_vendors(
        products, max(1, min(products, round(total / SUBMISSIONS_PER_VENDOR))), rng
    )
    submissions = make_submissions(program, vendors, total, seed, small)
    used = {s.product.vendor for s in submissions}
    return program, tests, [v for v in vendors if v.slug in used], submissions


def write_registry(out: Path, total: int, seed: int, small: bool, jobs: int) -> Iterator[str]:
    program, tests, vendors, submissions = plan(total, seed, small)
    data = out / "data"
    (data / "conformance").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "program.yaml", data / "program.yaml")
    required: dict[Version, list[str]] = {}
    for release in program.releases:
        text = requirement_list(tests, release.version)
        (data / "conformance" / f"{release.version}.yaml").write_text(text, encoding="utf-8")
        required[release.version] = [
            test_identity(t.codename) for t in tests if _introduced(t.release) <= release.version
        ]
    first: dict[str, dt.date] = {}
    for sub in submissions:
        first[sub.product.vendor] = min(first.get(sub.product.vendor, sub.certified), sub.certified)
    for index, vendor in enumerate(vendors):
        signed = first[vendor.slug] - dt.timedelta(days=7 + index % 180)
        (data / "vendors" / vendor.slug).mkdir(parents=True)
        (data / "vendors" / vendor.slug / "VENDOR.yaml").write_text(
            vendor_yaml(vendor, signed), encoding="utf-8"
        )
    history = "".join(
        f"{s.rel.removeprefix('data/vendors/')}: {s.certified}\n" for s in submissions
    )
    (data / "history.yaml").write_text(HISTORY_HEADER + history, encoding="utf-8")
    yield (
        f"{len(vendors)} vendors, {sum(len(v.products) for v in vendors)} products, "
        f"{len(required)} requirement lists ({min(map(len, required.values()))} to "
        f"{max(map(len, required.values()))} tests)"
    )
    work = [(out, sub, small) for sub in submissions]
    size = 0
    for done, written in enumerate(_written(work, required, jobs), 1):
        size += written
        if done % 250 == 0:
            yield f"  {done} of {len(work)} submissions, {size / 1e9:.2f} GB"
    styles = {
        style: sum(1 for s in submissions if s.style == style)
        for style in ("succinct", "verbose", "v1")
    }
    yield (
        f"{len(submissions)} submissions over {len({s.version for s in submissions})} releases "
        f"(e2e.log: {styles['succinct']} succinct, {styles['verbose']} verbose, "
        f"{styles['v1']} ginkgo v1), {size:,} bytes of submission files"
    )


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, required=True, metavar="N")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count(), metavar="J")
    parser.add_argument("--small", action="store_true", help="small files, for tests")
    args = parser.parse_args(argv)
    if args.submissions < 1 or args.jobs < 1:
        parser.error("--submissions and --jobs must be at least 1")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        parser.error(f"{args.out} exists and is not an empty folder")
    args.out.mkdir(parents=True, exist_ok=True)
    needed = estimate(args.submissions, args.small)
    free = shutil.disk_usage(args.out).free
    if needed > free * 0.95:
        parser.error(f"about {needed / 1e9:.1f} GB are needed and {free / 1e9:.1f} GB are free")
    started = time.perf_counter()
    print(f"make_registry: writing {args.out} (about {needed / 1e9:.2f} GB)", flush=True)
    for line in write_registry(args.out, args.submissions, args.seed, args.small, args.jobs):
        print(line, flush=True)
    total = folder_bytes(args.out)
    print(f"wrote {total:,} bytes ({total / 1e9:.2f} GB) in {time.perf_counter() - started:.1f} s")
    print(f"check it: cd {args.out} && certreg validate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
