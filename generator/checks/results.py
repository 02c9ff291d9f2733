"""Rules on the test results: the JUnit report, the e2e log, and how they agree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.checks.base import Problem, Skip, fail, note, rule, warn
from generator.checks.context import SubmissionContext
from generator.checks.text import plural, shown
from generator.loading.digest import JUnitDigest, LogDigest, Tallied
from generator.model.tests import Outcome
from generator.model.versions import Version

JUNIT = "junit_01.xml"
LOG = "e2e.log"
#: Beyond this many, problems of one kind are counted rather than listed.
LISTED = 25


def _junit(ctx: SubmissionContext) -> JUnitDigest:
    report = ctx.junit
    if report is None:
        raise Skip(f"{JUNIT} is missing or unusable (see files-required)")
    return report


def _capped(problems: list[Problem], what: str) -> Iterator[Problem]:
    yield from problems[:LISTED]
    if len(problems) > LISTED:
        yield fail(f"and {plural(len(problems) - LISTED, 'more ' + what)}", JUNIT)


@rule("tests-complete", upstream="12")
def tests_complete(ctx: SubmissionContext) -> Iterator[Problem]:
    """Every test required for vX.Y appears in junit_01.xml and was run, not skipped.

    A test is required for vX.Y when it was added to the conformance suite at or before vX.Y.
    Run the full conformance suite (`sonobuoy run --mode=certified-conformance`, or
    `hydrophone --conformance`) on a vX.Y cluster and submit its report unchanged. Names are
    matched exactly, letter for letter, after ginkgo's `[It] ` prefix.
    """
    report = _junit(ctx)
    if report.problem is not None:
        yield fail(f"{JUNIT} {report.problem.message}", JUNIT, report.problem.line)
        return
    listed = ctx.requirement_list
    if listed is None:
        raise Skip("there is no requirement list for this release (see requirements-known)")
    results = ctx.tally
    missing, skipped = [], []
    for identity in ctx.required_order:
        found = results.get(identity)
        if found is None:
            missing.append(fail(f"required test missing: {shown(identity, 400)}", JUNIT))
        elif found.outcome is Outcome.SKIPPED:
            skipped.append(
                fail(f"required test skipped: {shown(identity, 400)}", JUNIT, found.line)
            )
    yield from _capped(missing, "required tests are missing")
    yield from _capped(skipped, "required tests were skipped")
    if not missing and not skipped:
        count = len(ctx.required_order)
        yield note(f"all {count} tests required for {listed.version} were run")


@rule("tests-passed", upstream="13")
def tests_passed(ctx: SubmissionContext) -> Iterator[Problem]:
    """No conformance test failed or errored, and e2e.log reports no failures or pending specs.

    Every testcase named `[Conformance]` in junit_01.xml must pass; a test listed twice must
    pass both times. The final summary of e2e.log (`SUCCESS! -- N Passed | 0 Failed | 0 Pending
    | M Skipped`) must show no failed and no pending specs. Fix the cluster and run the suite
    again; a failure cannot be waived in the pull request.
    """
    report = _junit(ctx)
    problems: list[Problem] = []
    if report.problem is None:
        required = ctx.required
        # Only a test that did not pass can be a problem: sort those, not every test.
        unpassed = [item for item in ctx.tally.items() if item[1].outcome is not Outcome.PASSED]
        for identity, found in sorted(unpassed):
            if "[Conformance]" not in identity and identity not in required:
                continue
            if found.outcome in (Outcome.FAILED, Outcome.ERRORED):
                problems.append(
                    fail(
                        f"conformance test {found.outcome.value}: {shown(identity, 400)}",
                        JUNIT,
                        found.line,
                    )
                )
            elif found.conflicting and found.outcome is not Outcome.PASSED:
                problems.append(
                    fail(
                        f"conformance test listed more than once with different "
                        f"results: {shown(identity, 400)}",
                        JUNIT,
                        found.line,
                    )
                )
    yield from _capped(problems, "conformance tests failed")
    log = ctx.log
    summary = log.summary if log is not None else None
    if summary is not None and (summary.failed or summary.pending or not summary.success):
        problems.append(
            fail(
                f"{LOG} reports {summary.failed} failed and {summary.pending} pending specs"
                + ("" if summary.success else " (FAIL!)"),
                LOG,
                summary.line,
            )
        )
        yield problems[-1]
    if not problems:
        if report.problem is not None and summary is None:
            raise Skip("neither junit_01.xml nor e2e.log could be read")
        yield note("no conformance test failed")


def _log(ctx: SubmissionContext) -> LogDigest:
    log = ctx.log
    if log is None:
        raise Skip(f"{LOG} is missing or unusable (see files-required)")
    return log


@rule("log-version", upstream="10")
def log_version(ctx: SubmissionContext) -> Iterator[Problem]:
    """The Kubernetes version e2e.log names has the major.minor of the submission's folder.

    Verbose and ginkgo v1 logs say `e2e test version: v1.35.3` and `kube-apiserver version:
    v1.35.3`; both must be v1.35.x for a submission in a `v1.35` folder. Succinct logs name no
    version, and then there is nothing to compare.
    """
    log = _log(ctx)
    key = ctx.key
    if key is None:
        raise Skip("the version folder is not of the form vX.Y (see layout)")
    named = [
        (label, found)
        for label, found in (
            ("e2e test version", log.e2e_version),
            ("kube-apiserver version", log.apiserver_version),
        )
        if found is not None
    ]
    if not named:
        yield note(f"{LOG} names no version (a succinct log): nothing to compare")
        return
    bad = False
    for label, found in named:
        version = Version.parse_lenient(found.text)
        if version != key.version:
            bad = True
            yield fail(
                f"{LOG} says {label}: {shown(found.text)}, but the submission is for "
                f"{key.version}: submit results from a {key.version} cluster",
                LOG,
                found.line,
            )
    if not bad:
        yield note(f"{LOG} names {named[0][1].text}")


@rule("log-consistent", upstream="14")
def log_consistent(ctx: SubmissionContext) -> Iterator[Problem]:
    """e2e.log is complete and agrees with junit_01.xml.

    The log must end with ginkgo's final summary (`SUCCESS!` or `FAIL!` with its counts); a log
    without one was cut off. The summary's passed and failed counts must equal the JUnit
    report's, and where the log names its tests (verbose and ginkgo v1 logs), every conformance
    test it reports as passed must have passed in the JUnit report, and the other way round.
    Both files must come from the same run.
    """
    log = _log(ctx)
    summary = log.summary
    if summary is None:
        yield fail(
            f"{LOG} has no final summary (SUCCESS! or FAIL! -- N Passed | N Failed | ...): "
            "it looks cut off; submit the complete log",
            LOG,
            log.lines or None,
        )
        return
    problems: list[Problem] = []
    if log.summaries > 1:
        problems.append(
            fail(f"{LOG} holds {log.summaries} final summaries; a run has one", LOG, summary.line)
        )
    if summary.success and summary.failed:
        problems.append(
            fail(f"{LOG} says SUCCESS! over {summary.failed} failures", LOG, summary.line)
        )
    report = ctx.junit
    if report is None or report.problem is not None:
        yield from problems
        raise Skip(f"{JUNIT} could not be read, so the log cannot be compared with it")
    problems.extend(_counts(report, summary.passed, summary.failed, summary.line))
    if log.names_known:
        problems.extend(_names(ctx.tally, log.passed_names, log.failed_names))
    yield from problems[: LISTED + 2]
    if len(problems) > LISTED + 2:
        yield fail(f"and {plural(len(problems) - LISTED - 2, 'more disagreement')}", LOG)
    if not problems:
        yield note(f"{LOG} and {JUNIT} agree: {summary.passed} passed, {summary.failed} failed")


def _counts(report: JUnitDigest, passed: int, failed: int, line: int) -> list[Problem]:
    junit_passed = report.spec_passed
    junit_failed = report.spec_failed
    problems = []
    if passed != junit_passed:
        problems.append(
            fail(
                f"{LOG} reports {passed} passed, but {JUNIT} has {junit_passed} passed tests",
                LOG,
                line,
            )
        )
    if failed != junit_failed:
        problems.append(
            fail(
                f"{LOG} reports {failed} failed, but {JUNIT} has {junit_failed} failed tests",
                LOG,
                line,
            )
        )
    return problems


def _names(
    results: Mapping[str, Tallied], passed: Mapping[str, int], failed: Mapping[str, int]
) -> list[Problem]:
    problems = []
    for identity, line in sorted(passed.items(), key=lambda item: item[1]):
        found = results.get(identity)
        if found is None:
            problems.append(
                fail(
                    f"{LOG} reports {shown(identity, 400)} as passed, but it is not in {JUNIT}",
                    LOG,
                    line,
                )
            )
        elif found.outcome is not Outcome.PASSED:
            problems.append(
                fail(
                    f"{LOG} reports {shown(identity, 400)} as passed, but {JUNIT} "
                    f"has it {found.outcome.value} (line {found.line})",
                    LOG,
                    line,
                )
            )
    for identity, found in sorted(results.items()):
        if (
            found.outcome is Outcome.PASSED
            and "[Conformance]" in identity
            and identity not in passed
            and identity not in failed
        ):
            problems.append(
                fail(
                    f"{JUNIT} has {shown(identity, 400)} passed, but {LOG} does not report it",
                    JUNIT,
                    found.line,
                )
            )
    return problems


@rule("results-unique", upstream="new")
def results_unique(ctx: SubmissionContext) -> Iterator[Problem]:
    """junit_01.xml is not a byte-for-byte copy of another submission's report.

    Every submission must come from its own conformance run: two runs never produce the same
    report, if only because of their timings. A copy of results already in the registry (for
    another product or release) is reported as a warning naming both, for a maintainer to look
    into before merging.
    """
    index = ctx.env.evidence
    if index is None or not ctx.files.usable(JUNIT):
        raise Skip(f"{JUNIT} is missing or unusable (see files-required)")
    if not index.available:
        raise Skip("the registry is too large to compare reports outside a git repository")
    own = ctx.files.blob_id(JUNIT)
    others = [rel for rel in index.holders(own) if rel != ctx.folder.rel]
    for other in others:
        yield warn(
            f"{JUNIT} is byte for byte the same as {other}/{JUNIT}: each submission must "
            "come from its own run",
            JUNIT,
        )
    if not others:
        yield note(f"{JUNIT} is not a copy of another submission's report")
