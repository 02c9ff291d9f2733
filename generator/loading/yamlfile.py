"""Safe YAML with line numbers, duplicate-key detection and an expansion bound.

Documents are composed into nodes and built here, so that only plain data comes out (no
language-specific tags), every key keeps its line for messages, duplicate keys are reported
instead of silently overwritten, and alias bombs are stopped by counting what aliases expand to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.loading.limits import YAML_MAX_NODES
from generator.loading.problems import ReadProblem
from generator.loading.regular import open_regular

try:
    SAFE_LOADER: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SAFE_LOADER = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    _STR,
}


@dataclass
class YamlDocument:
    """A parsed document, the line of each top-level key, and what went wrong."""

    data: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    @property
    def ok(self) -> bool:
        return not self.problems


class _TooBig(Exception):
    pass


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.problems: list[ReadProblem] = []
        # One per document: a constructor remembers every node it built, so a shared one would
        # keep every scalar of every file read in a long run (fuzzing found it growing).
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > YAML_MAX_NODES:
            raise _TooBig
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                self.problems.append(ReadProblem(f"the tag {node.tag} is not allowed", line))
                return None
            if node.tag == _STR:
                return str(node.value)
            value = self.constructor.construct_object(node)
            if isinstance(value, float) and value != value:  # NaN has no place in our files
                return str(node.value)
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problems.append(ReadProblem(f"the tag {node.tag} is not allowed", line))
                return None
            return [self.build(child) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.problems.append(ReadProblem(f"the tag {node.tag} is not allowed", line))
                return None
            return self.mapping(node)
        return None  # pragma: no cover - PyYAML has no other node kinds

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    ReadProblem("merge keys (<<) are not allowed", key_node.start_mark.line + 1)
                )
                continue
            key = self.build(key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                self.problems.append(
                    ReadProblem("a key must be plain text", key_node.start_mark.line + 1)
                )
                continue
            text = str(key).strip()
            if text in result:
                self.problems.append(
                    ReadProblem(
                        f"duplicate key {text!r} (a later value would silently win)",
                        key_node.start_mark.line + 1,
                    )
                )
                continue
            result[text] = self.build(value_node)
        return result


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(str(key_node.value).strip(), key_node.start_mark.line + 1)
    return lines


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document from text; never raises for bad input."""
    doc = YamlDocument()
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        doc.problems.append(
            ReadProblem("the file contains a NUL byte", text[: text.index("\x00")].count("\n") + 1)
        )
        return doc
    try:
        nodes = list(yaml.compose_all(text, Loader=SAFE_LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "unreadable"
        doc.problems.append(ReadProblem(f"not valid YAML: {what}", line))
        return doc
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        doc.problems.append(ReadProblem(f"not valid YAML: {type(error).__name__}"))
        return doc
    if len(nodes) > 1:
        doc.problems.append(
            ReadProblem("the file holds more than one YAML document", nodes[1].start_mark.line + 1)
        )
        return doc
    node = nodes[0] if nodes else None
    if node is None:
        return doc
    builder = _Builder()
    try:
        doc.data = builder.build(node)
    except _TooBig:
        doc.problems.append(
            ReadProblem(
                f"the document expands to more than {YAML_MAX_NODES} values (an alias bomb?)"
            )
        )
        doc.data = None
        return doc
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        doc.problems.append(ReadProblem(f"not valid YAML: {error}", node.start_mark.line + 1))
        doc.data = None
        return doc
    doc.problems.extend(builder.problems)
    doc.lines = _key_lines(node)
    return doc


def read_text(path: Path, limit: int) -> tuple[str | None, ReadProblem | None]:
    """Read a small text file as UTF-8 with a size bound; problems come back as data.

    Only a regular file is read, never through a symbolic link: every file read this way lives
    in the registry, and a link could make it read something outside."""
    try:
        with open_regular(path) as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        return None, ReadProblem(f"cannot be read: {error.strerror or error}")
    if len(raw) > limit:
        return None, ReadProblem(f"is larger than the limit of {limit} bytes")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, ReadProblem("is not valid UTF-8 text", line)


def load_yaml_file(path: Path, limit: int) -> YamlDocument:
    text, problem = read_text(path, limit)
    if problem is not None or text is None:
        return YamlDocument(problems=[problem or ReadProblem("cannot be read")])
    return parse_yaml(text)


def as_date(value: Any) -> dt.date | None:
    """Accept a YAML date or an ISO date string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
