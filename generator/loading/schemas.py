"""The published JSON Schemas (in `schemas/`) and validation against them."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.loading.problems import ReadProblem

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # a tenth of a second: only when a document is checked

    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    checker = cls.FORMAT_CHECKER
    return cls(schema, format_checker=checker)


def jsonable(value: Any) -> Any:
    """YAML values as JSON would have them (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class SchemaIssue:
    """One way a document breaks its schema: the top-level field, the rule broken, the text."""

    field: str | None
    rule: str
    problem: ReadProblem


def schema_issues(name: str, data: Any, lines: dict[str, int]) -> list[SchemaIssue]:
    """Every way `data` breaks the schema, each with the line of its top-level key."""
    issues = []
    errors = sorted(
        validator(name).iter_errors(jsonable(data)), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for error in errors:
        path = [str(p) for p in error.absolute_path]
        key = path[0] if path else None
        rule = str(error.validator)
        if rule == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            issues.append(
                SchemaIssue(missing, rule, ReadProblem(f"the field {missing!r} is required"))
            )
            continue
        if rule == "additionalProperties":
            schema = error.schema if isinstance(error.schema, dict) else {}
            instance = error.instance if isinstance(error.instance, dict) else {}
            extra = sorted(set(instance) - set(schema.get("properties", {})))
            for field_name in extra:
                issues.append(
                    SchemaIssue(
                        field_name,
                        rule,
                        ReadProblem(f"unknown field {field_name!r}", lines.get(field_name)),
                    )
                )
            continue
        where = ".".join(path) if path else "the document"
        line = lines.get(key) if key else None
        issues.append(SchemaIssue(key, rule, ReadProblem(f"{where}: {_describe(error)}", line)))
    return issues


def schema_problems(name: str, data: Any, lines: dict[str, int]) -> list[ReadProblem]:
    return [issue.problem for issue in schema_issues(name, data, lines)]


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator == "enum":
        values = error.validator_value if isinstance(error.validator_value, list) else []
        allowed = ", ".join(repr(v) for v in values)
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "type":
        return f"must be {error.validator_value}, not {type(error.instance).__name__}"
    if error.validator == "pattern" and str(error.validator_value).startswith("^https"):
        return f"{error.instance!r} must be an https:// URL"
    return str(error.message)
