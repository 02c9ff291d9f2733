"""The verdict table of ../shared/corpus/README.md, read in place."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.checks import RULES
from generator.checks.context import Environment, SubmissionContext
from generator.checks.runner import run_rule
from generator.loading.e2elog import read_e2e_log
from generator.loading.files import SubmissionFiles
from generator.loading.junit import read_junit
from generator.loading.problems import ConfigError
from generator.loading.program import load_program
from generator.loading.requirements import load_requirements_file
from generator.loading.submission import SubmissionFolder
from generator.loading.vendors import VendorBook
from generator.model.findings import Finding, Status
from generator.model.registry import SubmissionKey
from generator.model.tests import Outcome
from generator.model.versions import Version
from tests.conftest import ROOT

pytestmark = pytest.mark.corpus
RULE = {r.id: r for r in RULES}


def run_checks(
    tmp_path: Path,
    corpus: Path,
    version: str,
    junit: Path | None,
    log: Path | None,
    with_list: bool = True,
) -> dict[str, list[Finding]]:
    """Run the result checks on a submission made of corpus files, against the corpus list."""
    folder_path = tmp_path / "acme" / "kube" / version
    folder_path.mkdir(parents=True)
    for source, name in ((junit, "junit_01.xml"), (log, "e2e.log")):
        if source is not None:
            shutil.copy(source, folder_path / name)
    parsed = Version.parse(version)
    lists = {}
    list_file = corpus / "conformance" / f"{version}.yaml"
    if with_list and list_file.exists():
        lists[parsed] = load_requirements_file(list_file, parsed, list_file.name)
    env = Environment(
        root=ROOT,
        program=load_program(ROOT),
        requirements=lists,
        vendors=VendorBook(ROOT),
        review_date=dt.date(2026, 1, 10),
        certified={},
    )
    folder = SubmissionFolder(
        str(folder_path), "data/vendors/acme/kube/" + version, SubmissionKey("acme", "kube", parsed)
    )
    ctx = SubmissionContext(SubmissionFiles(folder), env)
    ids = ("tests-complete", "tests-passed", "log-version", "log-consistent")
    return {rule_id: run_rule(RULE[rule_id], ctx) for rule_id in ids}


def statuses(found: list[Finding]) -> set[Status]:
    return {f.status for f in found}


def test_coolkube_v135_passes(tmp_path: Path, corpus: Path) -> None:
    runs = corpus / "runs"
    found = run_checks(
        tmp_path,
        corpus,
        "v1.35",
        runs / "v1.35-coolkube" / "junit_01.xml",
        corpus / "e2e-logs" / "v1.35-aks-succinct.EXCERPT.log",
    )
    assert statuses(found["tests-complete"]) == {Status.PASS}
    assert "all 441 tests required for v1.35" in found["tests-complete"][0].message
    assert statuses(found["tests-passed"]) == {Status.PASS}
    # the excerpt is a real v1.35 summary of 441 passed: it agrees with the JUnit report
    assert statuses(found["log-consistent"]) == {Status.PASS}


def test_extra_test_is_ignored(tmp_path: Path, corpus: Path) -> None:
    junit = corpus / "runs" / "v1.35-coolkube-extra-test" / "junit_01.xml"
    found = run_checks(tmp_path, corpus, "v1.35", junit, None)
    assert statuses(found["tests-complete"]) == {Status.PASS}
    assert statuses(found["tests-passed"]) == {Status.PASS}


def test_failed_test_is_named(tmp_path: Path, corpus: Path) -> None:
    junit = corpus / "runs" / "v1.35-coolkube-failed-test" / "junit_01.xml"
    found = run_checks(tmp_path, corpus, "v1.35", junit, None)
    failures = found["tests-passed"]
    assert [f.status for f in failures] == [Status.FAIL]
    assert (
        "[sig-apps] Daemon set [Serial] should run and stop simple daemon [Conformance]"
        in failures[0].message
    )
    assert failures[0].line == 436
    assert statuses(found["tests-complete"]) == {Status.PASS}


def test_missing_test_is_named_exactly(tmp_path: Path, corpus: Path) -> None:
    runs = corpus / "runs"
    complete = {r.identity for r in read_junit(runs / "v1.35-coolkube" / "junit_01.xml").results}
    partial = {
        r.identity
        for r in read_junit(runs / "v1.35-coolkube-missing-test" / "junit_01.xml").results
    }
    (removed,) = complete - partial
    found = run_checks(
        tmp_path, corpus, "v1.35", runs / "v1.35-coolkube-missing-test" / "junit_01.xml", None
    )
    failures = found["tests-complete"]
    assert len(failures) == 1
    assert failures[0].status is Status.FAIL
    assert failures[0].message == f"required test missing: '{removed}'"


def test_v133_parses(corpus: Path) -> None:
    report = read_junit(corpus / "runs" / "v1.33-coolkube" / "junit_01.xml")
    assert report.ok and report.root == "testsuites"
    assert len(report.results) == 6735
    conformance = [
        r for r in report.specs() if "[Conformance]" in r.name and r.outcome is Outcome.PASSED
    ]
    assert len(conformance) == 419


def test_ginkgo_v1_good(tmp_path: Path, corpus: Path) -> None:
    run = corpus / "runs" / "v1.23-ginkgo-v1-good"
    found = run_checks(tmp_path, corpus, "v1.23", run / "junit_01.xml", run / "e2e.log")
    for check in ("log-version", "tests-passed", "log-consistent"):
        assert statuses(found[check]) == {Status.PASS}, found[check]
    # there is no v1.23 list: completeness cannot be judged, and says so
    assert statuses(found["tests-complete"]) == {Status.SKIP}


def test_ginkgo_v1_version_mismatch(tmp_path: Path, corpus: Path) -> None:
    run = corpus / "runs" / "v1.23-ginkgo-v1-version-mismatch"
    found = run_checks(tmp_path, corpus, "v1.23", run / "junit_01.xml", run / "e2e.log")
    assert statuses(found["log-version"]) == {Status.FAIL}
    assert {f.line for f in found["log-version"]} == {16, 17}
    consistent = found["log-consistent"]
    assert statuses(consistent) == {Status.FAIL}
    named = [f for f in consistent if "EmptyDir wrapper volumes should not conflict" in f.message]
    assert len(named) == 1 and "skipped" in named[0].message


def test_ginkgo_v1_failed_log(tmp_path: Path, corpus: Path) -> None:
    run = corpus / "runs" / "v1.23-ginkgo-v1-failed-log"
    found = run_checks(tmp_path, corpus, "v1.23", run / "junit_01.xml", run / "e2e.log")
    assert statuses(found["tests-passed"]) == {Status.FAIL}
    assert "346 failed" in found["tests-passed"][0].message
    assert statuses(found["log-consistent"]) == {Status.FAIL}


@pytest.mark.parametrize("part", ["head", "tail"])
def test_partial_junit_is_a_clear_error(tmp_path: Path, corpus: Path, part: str) -> None:
    target = tmp_path / "junit_01.xml"
    shutil.copy(corpus / "runs" / f"v1.37-gke-junit.PARTIAL-{part}.xml.txt", target)
    report = read_junit(target)
    assert report.problem is not None
    assert "not well-formed XML" in report.problem.message


@pytest.mark.parametrize(
    ("name", "entries"), [("v1.30", 402), ("v1.34", 424), ("v1.35", 441), ("v1.36", 446)]
)
def test_requirement_lists(corpus: Path, name: str, entries: int) -> None:
    version = Version.parse(name)
    listed = load_requirements_file(corpus / "conformance" / f"{name}.yaml", version, name)
    assert len(listed.requirements) == entries
    assert len(listed.required()) == entries  # each list holds what its release requires
    odd = [r for r in listed.requirements if len(r.releases) > 1]
    assert odd, "lists hold comma-separated release values"


def test_requirement_list_for_older_release(corpus: Path) -> None:
    listed = load_requirements_file(corpus / "conformance" / "v1.36.yaml", Version(1, 30), "x")
    assert 0 < len(listed.required()) < len(listed.requirements)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("bad-release-value.yaml", "release '&&&' is not a version"),
        ("unparseable.yaml", "must be a YAML list of tests"),
        ("empty.yaml", "is empty"),
    ],
)
def test_malformed_lists_are_config_errors(corpus: Path, name: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_requirements_file(corpus / "conformance" / "edge" / name, Version(1, 30), name)
    assert fragment in raised.value.message
    assert raised.value.file == name


@pytest.mark.parametrize(
    ("name", "version", "ran", "passed", "skipped"),
    [
        ("v1.37-gke-succinct.log", None, 462, 462, 2744),
        ("v1.37-aks-succinct.log", None, 462, 462, 2744),
        ("v1.35-aks-succinct.EXCERPT.log", None, 441, 441, 6907),
        ("v1.35-cdk-verbose.TAIL-EXCERPT.log", None, 441, 441, 6914),
        ("v1.35-cdk-verbose.HEAD-EXCERPT.log", "v1.35.3", None, None, None),
    ],
)
def test_e2e_log_shapes(
    corpus: Path,
    name: str,
    version: str | None,
    ran: int | None,
    passed: int | None,
    skipped: int | None,
) -> None:
    log = read_e2e_log(corpus / "e2e-logs" / name)
    assert log.ok
    assert (log.e2e_version.text if log.e2e_version else None) == version
    assert (log.ran[0] if log.ran else None) == ran
    assert (log.summary.passed if log.summary else None) == passed
    assert (log.summary.skipped if log.summary else None) == skipped
    if log.summary:
        assert log.summary.success and log.summary.failed == 0


def test_verbose_log_names_specs_without_labels(corpus: Path) -> None:
    log = read_e2e_log(corpus / "e2e-logs" / "v1.35-cdk-verbose.TAIL-EXCERPT.log")
    assert (
        "[sig-node] Secrets should fail to create secret due to empty secret key [Conformance]"
    ) in log.passed_names


# Real PRODUCT.yaml files: the valid ones are accepted; the others fail with these messages.
MISSING_CONTACT = "the field 'contact_email_address' is required"
SIX_FIELDS = [
    "the field 'type' is required",
    "the field 'description' is required",
    MISSING_CONTACT,
]
PRODUCT_VERDICTS: dict[str, list[str]] = {
    "_repo-root-anomaly/PRODUCT.yaml": ["not valid YAML: could not find expected ':'"],
    "v1.7/gke/PRODUCT.yaml": SIX_FIELDS,
    "v1.7/kraken/PRODUCT.yaml": SIX_FIELDS,
    "v1.10/Inspur InCloud Open Platform/PRODUCT.yaml": [
        MISSING_CONTACT,
        "website_url 'http://www.inspur.com",
        "documentation_url 'http://",
        "product_logo_url 'http://",
    ],
    "v1.10/cloud66-maestro/PRODUCT.yml": SIX_FIELDS,
    "v1.12/nirmata/product.yml": [*SIX_FIELDS, "product_logo_url 'http://www.nirmata.com"],
    "v1.14/Morpheus/PRODUCT.YML": [MISSING_CONTACT, "type 'CMP' is not one of"],
    "v1.16/moondog/PRODUCT.yaml": [MISSING_CONTACT],
    "v1.18/KubeOps/PRODUCT.yaml": [
        MISSING_CONTACT,
        "type 'distrubution' is not one of: distribution, hosted platform, "
        "installer (did you mean 'distribution'?)",
        "documentation_url 'http://",
        "repo_url 'http://",
        "product_logo_url 'http://",
    ],
    "v1.19/kURL/PRODUCT.yaml": [MISSING_CONTACT],
    "v1.20/civo/PRODUCT.yaml": ["not valid YAML: did not find expected key"],
    "v1.21/otc-cce/PRODUCT.yaml": [
        MISSING_CONTACT,
        "type 'hosted' is not one of",
        "documentation_url 'http://docs.otc.t-systems.com",
    ],
    "v1.23/Hitachi Kubernetes Service/PRODUCT.yaml": [MISSING_CONTACT],
    "v1.24/ZStack Edge/PRODUCT.yaml": [MISSING_CONTACT],
    "v1.26/bizflycloud/PRODUCT.yaml": ["type 'hosted' is not one of"],
    "v1.31/Taikun CloudWorks/PRODUCT.yaml": [
        "type 'Installer' is not one of: distribution, "
        "hosted platform, installer (did you mean "
        "'installer'?)"
    ],
    "v1.35/AGB-CloudStack-Kubernetes/PRODUCT.yaml": [
        MISSING_CONTACT,
        "type 'hosted' is not one of",
    ],
    "v1.35/ccf/PRODUCT.yaml": ["type 'Installer' is not one of"],
    "v1.35/cdk/PRODUCT.yaml": ["version must be text, not float: put the value in quotes"],
    "v1.37/eks/PRODUCT.yaml": ["type 'platform' is not one of"],
    "v1.37/gke/PRODUCT.yaml": ["type 'hosted' is not one of"],
}
PRODUCT_LINES = {
    "v1.20/civo/PRODUCT.yaml": 8,
    "v1.35/cdk/PRODUCT.yaml": 3,
    "v1.37/eks/PRODUCT.yaml": 7,
}


def _product_files(corpus: Path) -> list[Path]:
    return sorted(
        p
        for p in (corpus / "products").rglob("*")
        if p.is_file() and p.suffix.lower() in (".yaml", ".yml")
    )


def test_every_corpus_product_has_a_verdict(corpus: Path) -> None:
    names = {p.relative_to(corpus / "products").as_posix() for p in _product_files(corpus)}
    assert set(PRODUCT_VERDICTS) <= names
    accepted = names - set(PRODUCT_VERDICTS)
    assert len(accepted) >= 20  # most recent real files are valid and must stay accepted


def test_corpus_products(tmp_path: Path, corpus: Path) -> None:
    env = Environment(
        root=ROOT,
        program=load_program(ROOT),
        requirements={},
        vendors=VendorBook(ROOT),
        review_date=dt.date(2026, 11, 27),
        certified={},
    )
    for index, path in enumerate(_product_files(corpus)):
        name = path.relative_to(corpus / "products").as_posix()
        folder_path = tmp_path / str(index) / "v1.35"
        folder_path.mkdir(parents=True)
        shutil.copy(path, folder_path / "PRODUCT.yaml")
        folder = SubmissionFolder(
            str(folder_path), "data/vendors/a/b/v1.35", SubmissionKey("a", "b", Version(1, 35))
        )
        ctx = SubmissionContext(SubmissionFiles(folder), env)
        found = [
            f
            for rule_id in ("product-metadata", "product-links")
            for f in run_rule(RULE[rule_id], ctx)
            if f.status is Status.FAIL
        ]
        expected = PRODUCT_VERDICTS.get(name, [])
        messages = [f.message for f in found]
        assert len(found) == len(expected), (name, messages)
        for fragment in expected:
            assert any(fragment in m for m in messages), (name, fragment, messages)
        if name in PRODUCT_LINES:
            assert found[0].line == PRODUCT_LINES[name]
