"""Reading junit_01.xml from Sonobuoy or Hydrophone runs, ginkgo v1 and v2.

Both root shapes occur in accepted submissions: `<testsuites><testsuite>...` (ginkgo v2) and a
bare `<testsuite>` (ginkgo v1). A testcase's result is given by a `status` attribute (v2), by
child elements `<skipped>`, `<failure>` and `<error>`, or both; the worse of the two wins, so a
contradiction never turns a failure into a pass.

The file comes from a stranger: a DOCTYPE is refused before the parser sees it (libxml2 expands
internal entities inside attribute values even when told not to substitute them, and stops only
at its amplification guard), nothing is fetched, XInclude elements are refused rather than
ignored, and elements are dropped as soon as they are read so memory stays flat.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from generator.loading.limits import FILE_LIMITS
from generator.loading.problems import ReadProblem
from generator.loading.regular import open_regular
from generator.model.tests import Outcome, TestResult

#: Bumped whenever the reader's output changes, so cached results are re-read.
READER_VERSION = 2

XINCLUDE = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
_DTD_REFUSED = "a DOCTYPE or DTD is not allowed in a JUnit report"
#: How much of the start of a report is searched for a DOCTYPE: the prolog before the root.
PROLOG = 64 * 1024
# The XML declaration, comments, processing instructions and space may come before a DOCTYPE.
_DOCTYPE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->)*<!DOCTYPE"
)

_STATUS = {
    "passed": Outcome.PASSED,
    "failed": Outcome.FAILED,
    "failure": Outcome.FAILED,
    "errored": Outcome.ERRORED,
    "error": Outcome.ERRORED,
    "panicked": Outcome.ERRORED,
    "interrupted": Outcome.ERRORED,
    "aborted": Outcome.ERRORED,
    "timedout": Outcome.ERRORED,
    "skipped": Outcome.SKIPPED,
    "pending": Outcome.SKIPPED,
    "disabled": Outcome.SKIPPED,
}
_CHILD = {"failure": Outcome.FAILED, "error": Outcome.ERRORED, "skipped": Outcome.SKIPPED}
_STATUS_RANKED = {status: (outcome, outcome.rank) for status, outcome in _STATUS.items()}
_CHILD_RANKED = {tag: (outcome, outcome.rank) for tag, outcome in _CHILD.items()}
_PASSED_RANKED = (Outcome.PASSED, Outcome.PASSED.rank)
_NO_RANK = (Outcome.ERRORED, -1)  # a status spelled otherwise: looked at more closely
_PASSED = Outcome.PASSED
_SKIPPED = Outcome.SKIPPED
#: Testcases read between two drops of the elements already read (each cleared at once).
_DROP_EVERY = 256
_SUITE_NODES = (
    "[SynchronizedBeforeSuite]",
    "[SynchronizedAfterSuite]",
    "[BeforeSuite]",
    "[AfterSuite]",
    "[ReportBeforeSuite]",
    "[ReportAfterSuite]",
    "[DeferCleanup (Suite)]",
)


@dataclass
class JUnitReport:
    """The testcases of one report (those kept, see `read_junit`) and the counts of passed and
    failed specs among all; `problem` is set when the file could not be read whole."""

    results: list[TestResult] = field(default_factory=list)
    root: str | None = None
    problem: ReadProblem | None = None
    spec_passed: int = 0  # testcases that passed, ginkgo's suite nodes left out
    spec_failed: int = 0  # ... that failed or errored

    @property
    def ok(self) -> bool:
        return self.problem is None

    def specs(self) -> list[TestResult]:
        """Results of real specs, without ginkgo's suite-level setup and report nodes."""
        return [r for r in self.results if not is_suite_node(r.name)]


def is_suite_node(name: str) -> bool:
    return name.lstrip().startswith(_SUITE_NODES)


def _status(status: str) -> tuple[Outcome, int]:
    """The outcome a `status` attribute gives, however it is spelled (unknown: errored), and
    its rank."""
    outcome = _STATUS.get(status.strip().lower(), Outcome.ERRORED)
    return outcome, outcome.rank


def read_junit(
    path: Path, limit: int = FILE_LIMITS["junit_01.xml"], keep: Callable[[str], bool] | None = None
) -> JUnitReport:
    """Read a JUnit report; never raises for bad content. With `keep`, only the testcases whose
    name it accepts are listed (thousands of others are only counted, which costs less)."""
    report = JUnitReport()
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                report.problem = ReadProblem(f"is larger than the limit of {limit} bytes")
                return report
            if _starts_with_doctype(handle):
                report.problem = ReadProblem(_DTD_REFUSED, 1)
                return report
            _parse(handle, report, keep)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno and error.lineno > 0 else None
        report.problem = ReadProblem(f"is not well-formed XML: {error.msg}", line)
    except OSError as error:
        report.problem = ReadProblem(f"cannot be read: {error.strerror or error}")
    return report


def _starts_with_doctype(handle: BinaryIO) -> bool:
    """True when the prolog holds a DOCTYPE; the handle is left at the start either way."""
    head = handle.read(PROLOG)
    handle.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        head = _utf16(head)
    return _DOCTYPE.match(head) is not None


def _utf16(head: bytes) -> bytes:
    """The prolog of a UTF-16 report, as the ASCII-compatible bytes the pattern reads."""
    little = head.startswith((b"\xff\xfe", b"<\x00"))
    text = head[: len(head) // 2 * 2].decode("utf-16-le" if little else "utf-16-be", "replace")
    return text.lstrip("\ufeff").encode("utf-8", "replace")


class _Refused(Exception):
    def __init__(self, problem: ReadProblem) -> None:
        self.problem = problem


def _parse(handle: object, report: JUnitReport, keep: Callable[[str], bool] | None) -> None:
    # Only testcase ends are reported: as fast as a bare parse, and elements are freed at once.
    events = etree.iterparse(
        handle,
        events=("end",),
        tag=("testcase", *(f"{{{namespace}}}*" for namespace in XINCLUDE)),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    checked = False
    results = report.results
    passed = failed = 0
    status_of, child_of = _STATUS_RANKED.get, _CHILD_RANKED.get
    read = 0  # testcases read since the elements before them were last dropped
    try:
        for _event, element in events:
            if not checked:
                _check_root(element.getroottree().getroot(), report)
                checked = True
            if element.tag != "testcase":
                raise _Refused(
                    ReadProblem(
                        "XInclude (<xi:include>) is not allowed in a JUnit report: submit the "
                        "report as the run wrote it",
                        element.sourceline,
                    )
                )
            name = element.get("name")
            if name is None:
                raise _Refused(ReadProblem("a <testcase> has no name", element.sourceline))
            # Thousands of testcases per report: the outcome is worked out here, with names
            # bound locally, rather than in a function per testcase (a tenth of the read time).
            # Ranks travel with outcomes: hashing an enum member runs Python code.
            status = element.get("status")
            outcome, rank = _PASSED_RANKED if status is None else status_of(status, _NO_RANK)
            if rank < 0:
                outcome, rank = _status(status or "")
            if len(element):  # most testcases have no child: asking costs less than iterating
                for child in element:
                    found = child_of(child.tag)
                    if found is not None and found[1] > rank:
                        outcome, rank = found
            if outcome is _PASSED:
                passed += not is_suite_node(name)
            elif outcome is not _SKIPPED:
                failed += not is_suite_node(name)
            if keep is None or keep(name):
                results.append(TestResult(name, outcome, element.sourceline or 0))
            element.clear(keep_tail=False)
            read += 1
            if read >= _DROP_EVERY:
                _drop_before(element)
                read = 0
        if not checked:
            _check_root(events.root, report)
    except _Refused as refused:
        report.problem = refused.problem
        report.results.clear()
        return
    report.spec_passed, report.spec_failed = passed, failed


def _drop_before(element: etree._Element) -> None:
    """Drop what was read before `element` (cleared testcases, and the suites before its own):
    in batches rather than one by one, which costs less and still keeps memory flat."""
    node = element
    parent = node.getparent()
    while parent is not None:
        del parent[: parent.index(node)]
        node, parent = parent, parent.getparent()


def _check_root(element: etree._Element, report: JUnitReport) -> None:
    tree = element.getroottree()
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise _Refused(ReadProblem(_DTD_REFUSED, 1))
    if element.tag not in ("testsuites", "testsuite"):
        raise _Refused(
            ReadProblem(
                f"the root element is <{element.tag}>, not <testsuites> or <testsuite>",
                element.sourceline,
            )
        )
    report.root = str(element.tag)
