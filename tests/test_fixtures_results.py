"""The writer of made-up conformance results: shapes, counts, determinism and size."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from lxml import etree

from generator.fixtures import (
    e2e_log_text,
    junit_summary,
    junit_text,
    outcomes,
    write_e2e_log,
    write_junit,
)
from generator.loading.junit import read_junit
from generator.model.tests import Outcome

PASSED = [
    "[sig-node] Pods should get a host IP [NodeConformance] [Conformance]",
    "[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones "
    "[Conformance]",
    "[sig-apps] CronJob should not schedule new jobs when ForbidConcurrent [Slow] [Conformance]",
    "[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are "
    "allowed to run [Conformance]",
    "[sig-network] DNS should provide DNS for the cluster [Conformance]",
]
FAILED = [
    "[sig-cli] Kubectl client Kubectl version should check is all data is printed [Conformance]"
]
AWKWARD = '[sig-node] Pod\'s "quoted" <name> & more should survive escaping [Conformance]'
SUMMARY = re.compile(
    r"^(SUCCESS!|FAIL!) -- (\d+) Passed \| (\d+) Failed \| (\d+) Pending \| (\d+) Skipped$", re.M
)
RAN = re.compile(r"^Ran (\d+) of (\d+) Specs in [0-9.]+ seconds$", re.M)
WILL_RUN = re.compile(r"^Will run (\d+) of (\d+) specs$", re.M)
E2E_VERSION = re.compile(r"e2e test version: (v\d+\.\d+\.\d+)")
SERVER_VERSION = re.compile(r"kube-apiserver version: (\S+)")


def _outcomes_by_identity(path: Path) -> dict[str, Outcome]:
    report = read_junit(path)
    assert report.ok, report.problem
    return {result.identity: result.outcome for result in report.specs()}


def test_v2_report_reads_back_with_every_outcome(tmp_path: Path) -> None:
    results = outcomes([*PASSED, AWKWARD], FAILED)
    results["[sig-auth] ServiceAccounts should mount an API token into pods [Conformance]"] = (
        Outcome.ERRORED
    )
    results["[sig-network] Services should serve endpoints [Conformance]"] = Outcome.SKIPPED
    path = tmp_path / "junit_01.xml"
    summary = write_junit(path, results, skipped=40, seed=3)

    report = read_junit(path)
    assert report.ok and report.root == "testsuites"
    assert len(report.results) == len(results) + 40 + 5  # five suite nodes
    read = _outcomes_by_identity(path)
    assert {name: read[name] for name in results} == results
    assert all(r.name.startswith("[It] ") for r in report.specs())
    assert summary == (len(PASSED) + 1, 2, 41)
    made_up = [name for name in read if name not in results]
    assert len(made_up) == 40
    assert all(read[name] is Outcome.SKIPPED for name in made_up)


def test_v2_report_has_the_real_layout() -> None:
    text = junit_text(outcomes(PASSED, FAILED), skipped=12, seed=1)
    lines = text.split("\n")
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert re.fullmatch(
        r'  <testsuites tests="23" disabled="12" errors="0" failures="1" time="[0-9.]+">', lines[1]
    )
    assert lines[2].startswith(
        '      <testsuite name="Kubernetes e2e suite" package="/usr/local/bin"'
    )
    assert 'skipped="12"' in lines[2] and lines[3] == "          <properties>"
    assert '<property name="SuiteSucceeded" value="false"></property>' in text
    assert '<property name="FocusStrings" value="\\[Conformance\\]"></property>' in text
    assert text.count('status="skipped"') == 12
    assert text.count('<skipped message="skipped"></skipped>') == 12
    assert text.count('<failure message="') == 1 and 'type="failed"' in text
    assert '[ReportAfterSuite] Kubernetes e2e suite report" classname=' in text
    assert text.endswith("  </testsuites>")
    names = re.findall(r'<testcase name="(\[It\] [^"]*)"', text)
    assert names == sorted(names)


def test_v1_report_has_a_bare_testsuite_and_child_results(tmp_path: Path) -> None:
    path = tmp_path / "junit_01.xml"
    write_junit(path, outcomes(PASSED, FAILED), shape="v1", skipped=30, seed=5)
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[1].startswith('  <testsuite name="Kubernetes e2e suite" tests="6" ')
    assert "status=" not in text and "[It]" not in text
    assert text.count("<skipped></skipped>") == 30
    report = read_junit(path)
    assert report.root == "testsuite"
    read = _outcomes_by_identity(path)
    assert {name: read[name] for name in PASSED} == dict.fromkeys(PASSED, Outcome.PASSED)
    assert read[FAILED[0]] is Outcome.FAILED
    assert sum(outcome is Outcome.SKIPPED for outcome in read.values()) == 30


def test_names_are_escaped_and_read_back_exactly(tmp_path: Path) -> None:
    for shape in ("v2", "v1"):
        path = tmp_path / f"{shape}.xml"
        write_junit(path, outcomes([AWKWARD]), shape=shape, skipped=3)  # type: ignore[arg-type]
        assert "&#39;" in path.read_text(encoding="utf-8")
        assert _outcomes_by_identity(path)[AWKWARD] is Outcome.PASSED


def test_made_up_skipped_specs_look_real_and_never_count_as_conformance(tmp_path: Path) -> None:
    path = tmp_path / "junit_01.xml"
    write_junit(path, outcomes(PASSED), skipped=2000, seed=11)
    skipped = [r.name for r in read_junit(path).specs() if r.outcome is Outcome.SKIPPED]
    assert len(skipped) == len(set(skipped)) == 2000
    assert all(re.match(r"\[It\] \[sig-[a-z-]+\] \S", name) for name in skipped)
    assert not any("[Conformance]" in name for name in skipped)
    storage = sum("[Driver: " in name for name in skipped)
    assert 0.5 < storage / len(skipped) < 0.9  # mostly storage, as in real runs


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    def both(seed: int) -> tuple[str, str]:
        return (
            junit_text(outcomes(PASSED, FAILED), skipped=50, seed=seed),
            e2e_log_text(style="verbose", passed=PASSED, failed=FAILED, skipped=50, seed=seed),
        )

    assert both(7) == both(7)
    assert both(7)[0] != both(8)[0] and both(7)[1] != both(8)[1]
    # Input order does not matter, only the set of tests.
    assert junit_text(outcomes(reversed(PASSED)), seed=2) == junit_text(outcomes(PASSED), seed=2)


def test_a_real_size_report_is_written_fast(tmp_path: Path) -> None:
    passed = [
        f"[sig-node] Made up spec number {index} should pass [Conformance]" for index in range(441)
    ]
    path = tmp_path / "junit_01.xml"
    began = time.perf_counter()
    summary = write_junit(path, outcomes(passed), skipped=6907, seed=1)
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0
    assert 2_000_000 < path.stat().st_size < 3_200_000
    report = read_junit(path)
    assert len(report.results) == 7353 and summary.total == 7348


def test_succinct_log_has_header_marks_and_summary() -> None:
    text = e2e_log_text(style="succinct", passed=PASSED, skipped=37, seed=4)
    assert text.startswith("  I") and 'Starting e2e run "' in text.split("\n")[0]
    assert "Running Suite: Kubernetes e2e suite - /usr/local/bin" in text
    assert WILL_RUN.search(text).groups() == ("5", "42")  # type: ignore[union-attr]
    assert RAN.search(text).groups() == ("5", "42")  # type: ignore[union-attr]
    assert SUMMARY.search(text).groups() == ("SUCCESS!", "5", "0", "0", "37")  # type: ignore[union-attr]
    marks = [line for line in text.split("\n") if line and set(line) <= {"S", "•"}]
    assert len(marks) == 1 and marks[0].count("•") == 5 and marks[0].count("S") == 37
    assert re.search(r"^PASS$", text, re.M) and text.endswith("Test Suite Passed\n")
    assert re.search(r"^Ginkgo ran 1 suite in (\d+h)?(\d+m)?[0-9.]+s$", text, re.M)
    assert not E2E_VERSION.search(text)


def test_succinct_log_with_a_failure_says_so() -> None:
    text = e2e_log_text(style="succinct", passed=PASSED, failed=FAILED, skipped=9, seed=4)
    assert SUMMARY.search(text).groups() == ("FAIL!", "5", "1", "0", "9")  # type: ignore[union-attr]
    assert "• [FAILED] [" in text and "Summarizing 1 Failure:" in text
    assert "  [FAIL] [sig-cli] Kubectl client Kubectl version [It] should check" in text
    assert text.endswith("Test Suite Failed\n") and re.search(r"^FAIL$", text, re.M)


def test_verbose_log_has_versions_and_a_block_per_spec() -> None:
    text = e2e_log_text(
        style="verbose",
        passed=PASSED,
        failed=FAILED,
        skipped=20,
        version="v1.35.2",
        server_version="v1.35.2+vendor.1",
        seed=9,
    )
    assert E2E_VERSION.search(text).group(1) == "v1.35.2"  # type: ignore[union-attr]
    assert SERVER_VERSION.search(text).group(1) == "v1.35.2+vendor.1"  # type: ignore[union-attr]
    assert re.search(
        r"^  I\d{4} [0-9:.]+ \d+ e2e\.go:245\] e2e test version: v1\.35\.2$", text, re.M
    )
    lines = text.split("\n")
    assert (
        "[sig-apps] CronJob should not schedule new jobs when ForbidConcurrent [Slow] "
        "[Conformance] [sig-apps, Slow, Conformance]" in lines
    )
    assert (
        "[sig-node] Pods should get a host IP [NodeConformance] [Conformance] "
        "[sig-node, NodeConformance, Conformance]" in lines
    )
    assert len(re.findall(r"^• \[\d+\.\d{3} seconds\]$", text, re.M)) == len(PASSED)
    assert len(re.findall(r"^• \[FAILED\] \[\d+\.\d{3} seconds\]$", text, re.M)) == 1
    assert re.search(
        r"^  STEP: Creating a kubernetes client @ \d\d/\d\d/\d\d [0-9:.]+$", text, re.M
    )
    assert sum(line.count("S") for line in lines if line and set(line) == {"S"}) == 20
    assert SUMMARY.search(text).groups() == ("FAIL!", "5", "1", "0", "20")  # type: ignore[union-attr]
    assert "[SynchronizedBeforeSuite] PASSED [" in text
    assert "[ReportAfterSuite] Kubernetes e2e suite report" in text


def test_verbose_log_reaches_a_target_size(tmp_path: Path) -> None:
    passed = [f"[sig-apps] Made up spec {index} should work [Conformance]" for index in range(441)]
    path = tmp_path / "e2e.log"
    began = time.perf_counter()
    write_e2e_log(path, style="verbose", passed=passed, skipped=6907, target_bytes=3_500_000)
    assert time.perf_counter() - began < 3.0
    assert abs(path.stat().st_size - 3_500_000) < 3_500_000 * 0.02
    text = path.read_text(encoding="utf-8")
    assert SUMMARY.search(text).groups() == ("SUCCESS!", "441", "0", "0", "6907")  # type: ignore[union-attr]
    stamps = re.findall(r"^  I(\d{4} [0-9:.]+) ", text, re.M)
    assert stamps == sorted(stamps)  # padding keeps time order


def test_v1_log_names_each_passed_test_in_a_json_line() -> None:
    text = e2e_log_text(
        style="v1", passed=PASSED, failed=FAILED, skipped=25, version="v1.23.1", seed=2
    )
    assert re.search(r"^\w{3} \d\d [0-9:.]+: INFO: e2e test version: v1\.23\.1$", text, re.M)
    assert re.search(r"^\w{3} \d\d [0-9:.]+: INFO: kube-apiserver version: v1\.23\.1$", text, re.M)
    records = [json.loads(m) for m in re.findall(r'^•?(\{"msg":.*\})$', text, re.M)]
    passed = [r["msg"][len("PASSED ") :] for r in records if r["msg"].startswith("PASSED ")]
    assert sorted(passed) == sorted(PASSED)
    assert [r["msg"] for r in records if r["msg"].startswith("FAILED ")] == [f"FAILED {FAILED[0]}"]
    assert records[0]["msg"] == "Test Suite starting" and records[-1]["completed"] == 5
    assert records[-1] | {"failures": None} == {
        "msg": "Test Suite completed",
        "total": 6,
        "completed": 5,
        "skipped": 25,
        "failed": 1,
        "failures": None,
    }
    assert WILL_RUN.search(text).groups() == ("6", "31")  # type: ignore[union-attr]
    assert SUMMARY.search(text).groups() == ("FAIL!", "5", "1", "0", "25")  # type: ignore[union-attr]


def test_report_and_log_of_one_run_agree(tmp_path: Path) -> None:
    results = outcomes(PASSED, FAILED)
    started = dt.datetime(2026, 3, 2, 9, 30)
    junit = tmp_path / "junit_01.xml"
    summary = write_junit(junit, results, skipped=33, seed=21, started=started)
    log = e2e_log_text(
        style="succinct", passed=PASSED, failed=FAILED, skipped=33, seed=21, started=started
    )
    specs = read_junit(junit).specs()
    counts = {o: sum(r.outcome is o for r in specs) for o in Outcome}
    found = SUMMARY.search(log)
    assert found is not None
    assert (int(found[2]), int(found[3]), int(found[5])) == (
        counts[Outcome.PASSED],
        counts[Outcome.FAILED],
        counts[Outcome.SKIPPED],
    )
    assert summary == junit_summary(results, 33) == (5, 1, 33)
    ran = RAN.search(log)
    assert ran is not None and int(ran[1]) == summary.ran and int(ran[2]) == summary.total
    # One timeline: the report's elapsed time is the log's.
    root = etree.parse(str(junit)).getroot()
    assert f"in {float(root.get('time', '0')):.3f} seconds" in log
    assert root[0].get("timestamp") == "2026-03-02T09:30:00"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: e2e_log_text(style="loud"), "unknown log style"),  # type: ignore[arg-type]
        (lambda: junit_text({}, shape="v3"), "unknown JUnit shape"),  # type: ignore[arg-type]
        (lambda: e2e_log_text(target_bytes=10), "verbose and v1"),
        (lambda: e2e_log_text(passed=["a"], failed=["a"]), "listed twice"),
        (lambda: junit_text({}, skipped=-1), "negative"),
        (lambda: junit_text({}, skipped=10**6), "at most"),
    ],
)
def test_bad_arguments_are_refused_clearly(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


@pytest.mark.corpus
def test_v2_report_uses_the_elements_and_attributes_of_a_real_one(
    corpus: Path, tmp_path: Path
) -> None:
    def shape(path: Path) -> set[tuple[str, tuple[str, ...]]]:
        found = set()
        for _event, element in etree.iterparse(str(path), events=("start",)):
            found.add((str(element.tag), tuple(sorted(element.attrib))))
        return found

    real = corpus / "runs" / "v1.35-coolkube" / "junit_01.xml"
    ours = tmp_path / "junit_01.xml"
    write_junit(ours, outcomes(PASSED), skipped=100, seed=1)
    assert shape(ours) == shape(real)
    real_head = real.read_text(encoding="utf-8").split("\n")[:4]
    ours_head = ours.read_text(encoding="utf-8").split("\n")[:4]
    indent = [len(line) - len(line.lstrip()) for line in real_head]
    assert [len(line) - len(line.lstrip()) for line in ours_head] == indent


@pytest.mark.corpus
def test_succinct_log_matches_the_real_line_layout(corpus: Path) -> None:
    real = (corpus / "e2e-logs" / "v1.37-gke-succinct.log").read_text(encoding="utf-8")
    ours = e2e_log_text(style="succinct", passed=PASSED, skipped=70, seed=1)

    def layout(text: str) -> list[str]:
        kinds = []
        for line in text.split("\n"):
            line = re.sub(r"in (\d+h)?(\d+m)?[0-9.]+s$", "in DURATION", line)
            line = re.sub(r"\d+", "N", line)
            line = re.sub(r'"[^"]*"', '"X"', line)
            kinds.append("MARKS" if line and set(line) <= {"S", "•"} else line)
        return kinds

    assert layout(ours) == layout(real)


@pytest.mark.parametrize("style", ["succinct", "verbose", "v1"])
def test_the_e2e_log_reader_reads_what_is_written(style: str, tmp_path: Path) -> None:
    e2elog = pytest.importorskip("generator.loading.e2elog")
    path = tmp_path / "e2e.log"
    write_e2e_log(
        path,
        style=style,
        passed=PASSED,
        failed=FAILED,
        skipped=17,
        version="v1.34.3",
        seed=6,
    )
    log = e2elog.read_e2e_log(path)
    assert log.ok
    assert log.ran[:2] == (6, 23) and log.will_run[:2] == (6, 23)
    summary = log.summary
    assert (summary.success, summary.passed, summary.failed, summary.skipped) == (False, 5, 1, 17)
    if style == "succinct":
        assert log.e2e_version is None and not log.passed_names
        return
    assert log.e2e_version.text == log.apiserver_version.text == "v1.34.3"
    assert set(log.passed_names) == set(PASSED)
    assert FAILED[0] in log.failed_names
