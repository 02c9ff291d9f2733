"""Reading e2e.log: the version lines, the `Ran N of M` line, the final summary and test names.

Three shapes occur in accepted submissions: ginkgo v2 *succinct* logs (a header, a line of `S`
and `•` marks, the summary; no version line and no test names), ginkgo v2 *verbose* logs
(`--ginkgo.v`: version lines and one block per spec whose header names the test), and ginkgo v1
logs (version lines and a JSON `{"msg":"PASSED <name>"}` line per test).

The log is streamed in blocks and searched with regular expressions over bytes, so a 3.5 MB
verbose log costs a few milliseconds and memory stays bounded by the block size, whatever the
length of its lines.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from generator.loading.limits import FILE_LIMITS, LOG_LINE_LIMIT
from generator.loading.problems import ReadProblem
from generator.loading.regular import open_regular
from generator.model.tests import test_identity

#: Bumped whenever the reader's output changes, so cached results are re-read.
READER_VERSION = 1

BLOCK = 1 << 20

_E2E_VERSION = re.compile(rb"e2e test version: *([^\s\"]{1,80})")
_API_VERSION = re.compile(rb"kube-apiserver version: *([^\s\"]{1,80})")
_RAN = re.compile(rb"\nRan (\d{1,9}) of (\d{1,9}) Specs?\b")
_WILL_RUN = re.compile(rb"\nWill run (\d{1,9}) of (\d{1,9}) specs")
_SUMMARY = re.compile(rb"\n(SUCCESS!|FAIL!) -- ([^\n]{0,300})")
_COUNT = re.compile(r"(\d{1,9}) (Passed|Failed|Flaked|Pending|Skipped)")
_JSON_MSG = re.compile(rb'\{"msg":"(PASSED|FAILED) ((?:[^"\\\n]|\\.){1,2000})"')
_SPEC_HEADER = re.compile(rb"\n-{30}\n([^\n]{1,2000}\[Conformance\][^\n]{0,400})\n")
_RULE = b"-" * 30
_RULE_LINE = b"\n" + _RULE + b"\n"
_NEWLINE = ord("\n")
# A header that opens a block whose previous block ended with the rule line above it.
_FIRST_HEADER = re.compile(rb"\n([^\n]{1,2000}\[Conformance\][^\n]{0,400})\n")
_SPEC_RESULT = re.compile(
    rb"\n(\xe2\x80\xa2|S) \[(FAILED|PANICKED|TIMEDOUT|INTERRUPTED|ABORTED|[0-9])"
)
_FAIL_LINE = re.compile(
    rb"\n\s{0,8}\[(?:FAIL|PANICKED|TIMEDOUT)\] ([^\n]{1,2000}\[Conformance\][^\n]{0,400})"
)
_LABELS = re.compile(r"^(.*\[Conformance\])\s+\[[^\[\]]*\]$")


@dataclass(frozen=True)
class Summary:
    """`SUCCESS! -- 441 Passed | 0 Failed | 0 Pending | 6907 Skipped` and its line."""

    success: bool
    passed: int
    failed: int
    pending: int
    skipped: int
    flaked: int
    line: int


@dataclass(frozen=True)
class VersionLine:
    text: str
    line: int


@dataclass
class E2ELog:
    e2e_version: VersionLine | None = None
    apiserver_version: VersionLine | None = None
    ran: tuple[int, int, int] | None = None  # ran, of, line
    will_run: tuple[int, int, int] | None = None
    summary: Summary | None = None
    summaries: int = 0
    passed_names: dict[str, int] = field(default_factory=dict)  # identity -> line
    failed_names: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    problem: ReadProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def names_known(self) -> bool:
        """True when the log names its tests (verbose and ginkgo v1 logs), not succinct."""
        return bool(self.passed_names or self.failed_names)


def spec_name(header: str) -> str:
    """A spec header without ginkgo v2's label suffix (`... [Conformance] [sig-node, Conformance]`)."""
    # ginkgo v2 failure lines read `[FAIL] <containers> [It] <leaf text>`
    text = header.strip().replace(" [It] ", " ")
    match = _LABELS.match(text)
    return test_identity(match.group(1) if match else text)


def read_e2e_log(path: Path, limit: int = FILE_LIMITS["e2e.log"]) -> E2ELog:
    log = E2ELog()
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                log.problem = ReadProblem(f"is larger than the limit of {limit} bytes")
                return log
            # open_regular gives a buffered reader, which can read into a buffer of ours.
            _Scanner(log).scan(cast(io.BufferedIOBase, handle))
    except OSError as error:
        log.problem = ReadProblem(f"cannot be read: {error.strerror or error}")
    return log


class _Scanner:
    def __init__(self, log: E2ELog) -> None:
        self.log = log
        self.pending_header: tuple[str, int] | None = None
        self.rule_before = False  # the text searched last ended with a spec's rule line

    def scan(self, handle: io.BufferedIOBase) -> None:
        # One buffer for the whole file, filled in place: a newline (the patterns anchor on
        # line starts), the unfinished last line of the block before, then the next block.
        # Fresh megabyte-sized copies per block would cost about as much as the searches.
        buffer = bytearray(1 + LOG_LINE_LIMIT + BLOCK)
        view = memoryview(buffer)
        buffer[0] = _NEWLINE
        carried = 0  # bytes of an unfinished line kept after buffer[0]
        first_line = 1  # the line number of the first line in the buffer
        with view:
            while True:
                got = handle.readinto(view[1 + carried : 1 + carried + BLOCK])
                if not got:
                    break
                filled = 1 + carried + got
                cut = buffer.rfind(b"\n", 1, filled)
                if cut < 0:
                    # No line end in sight: keep a bounded tail, drop the rest of an endless line.
                    carried = carried + got if carried + got <= LOG_LINE_LIMIT else 0
                    continue
                end = cut + 1  # the text searched is buffer[:end], whole lines
                self._search(buffer, end, first_line)
                self.rule_before = buffer.endswith(_RULE_LINE, 0, end)
                first_line += buffer.count(b"\n", 1, end)
                carried = filled - end
                if carried > LOG_LINE_LIMIT:
                    carried = 0
                view[1 : 1 + carried] = view[end : end + carried]
        if carried:
            text = b"\n" + bytes(buffer[1 : 1 + carried]) + b"\n"
            self._search(text, len(text), first_line)
            first_line += 1
        self.log.lines = first_line - 1

    def _search(self, text: bytes | bytearray, end: int, first_line: int) -> None:
        """Search `text[:end]` (a newline, then whole lines, the first numbered `first_line`)."""
        line_at = _LineCounter(text, first_line)
        log = self.log
        # Only the first version line counts: once found, the rest of the log is not searched.
        if log.e2e_version is None and (match := _E2E_VERSION.search(text, 0, end)) is not None:
            log.e2e_version = VersionLine(
                match.group(1).decode("utf-8", "replace"), line_at(match.start())
            )
        if log.apiserver_version is None and (match := _API_VERSION.search(text, 0, end)):
            log.apiserver_version = VersionLine(
                match.group(1).decode("utf-8", "replace"), line_at(match.start())
            )
        for match in _WILL_RUN.finditer(text, 0, end):
            log.will_run = (int(match.group(1)), int(match.group(2)), line_at(match.start() + 1))
        for match in _RAN.finditer(text, 0, end):
            log.ran = (int(match.group(1)), int(match.group(2)), line_at(match.start() + 1))
        for match in _SUMMARY.finditer(text, 0, end):
            log.summary = _summary(match, line_at(match.start() + 1))
            log.summaries += 1
        for match in _JSON_MSG.finditer(text, 0, end):
            self._json_name(match, line_at(match.start()))
        for match in _FAIL_LINE.finditer(text, 0, end):
            name = spec_name(match.group(1).decode("utf-8", "replace"))
            log.failed_names.setdefault(name, line_at(match.start() + 1))
        self._spec_blocks(text, end, line_at)

    def _json_name(self, match: re.Match[bytes], line: int) -> None:
        try:
            name = json.loads(b'"' + match.group(2) + b'"')
        except ValueError:
            return
        names = self.log.passed_names if match.group(1) == b"PASSED" else self.log.failed_names
        names.setdefault(test_identity(str(name)), line)

    def _spec_blocks(self, text: bytes | bytearray, end: int, line_at: _LineCounter) -> None:
        """Pair each verbose spec header with the first result marker after it."""
        events: list[tuple[int, int, bytes]] = []
        for match in _SPEC_HEADER.finditer(text, 0, end):
            events.append((match.start(1), 0, bytes(match.group(1))))
        first = _FIRST_HEADER.match(text, 0, end) if self.rule_before else None
        if first is not None:
            events.append((first.start(1), 0, bytes(first.group(1))))
        if not events and self.pending_header is None:
            return
        for match in _SPEC_RESULT.finditer(text, 0, end):
            events.append((match.start(), 1, match.group(2)))
        events.sort()
        for offset, kind, value in events:
            if kind == 0:
                name = spec_name(value.decode("utf-8", "replace"))
                self.pending_header = (name, line_at(offset))
            elif self.pending_header is not None:
                name, line = self.pending_header
                self.pending_header = None
                target = self.log.passed_names if value[:1].isdigit() else self.log.failed_names
                target.setdefault(name, line)


class _LineCounter:
    """Line numbers of offsets in a text that starts with an extra newline; cheap when the
    offsets asked for grow, as they do within one regular-expression pass."""

    def __init__(self, text: bytes | bytearray, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.offset = 0
        self.newlines = 0

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.newlines = 0, 0
        self.newlines += self.text.count(b"\n", self.offset, offset + 1)
        self.offset = offset + 1
        return self.first_line + self.newlines - 1


def _summary(match: re.Match[bytes], line: int) -> Summary:
    counts = {
        word: int(number)
        for number, word in _COUNT.findall(match.group(2).decode("utf-8", "replace"))
    }
    return Summary(
        success=match.group(1) == b"SUCCESS!",
        passed=counts.get("Passed", 0),
        failed=counts.get("Failed", 0),
        pending=counts.get("Pending", 0),
        skipped=counts.get("Skipped", 0),
        flaked=counts.get("Flaked", 0),
        line=line,
    )
