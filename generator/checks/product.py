"""Rules on PRODUCT.yaml: its fields, and the links and address it gives."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from generator.checks.base import Problem, Skip, fail, note, rule, warn
from generator.checks.context import SubmissionContext
from generator.checks.text import PLACEHOLDER, field_problem, shown
from generator.loading.schemas import SchemaIssue, schema_issues, validator
from generator.loading.yamlfile import YamlDocument

FILE = "PRODUCT.yaml"
URL_FIELDS = ("website_url", "documentation_url", "repo_url", "product_logo_url")
EMAIL_FIELD = "contact_email_address"
_EMAIL = re.compile(r"[^@\s<>\"',;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")


def _document(ctx: SubmissionContext) -> tuple[YamlDocument, dict[str, Any]]:
    doc = ctx.product
    if doc is None:
        raise Skip(f"{FILE} is missing or unusable (see files-required)")
    if not doc.ok or not isinstance(doc.data, dict):
        raise Skip(f"{FILE} could not be read (see product-metadata)")
    return doc, doc.data


def _is_link_issue(issue: SchemaIssue) -> bool:
    """URL and address formats belong to product-links, not to product-metadata."""
    owned = issue.field in URL_FIELDS or issue.field == EMAIL_FIELD
    return owned and issue.rule in ("pattern", "format")


@rule("product-metadata", upstream="6, 10")
def product_metadata(ctx: SubmissionContext) -> Iterator[Problem]:
    """PRODUCT.yaml is a plain YAML mapping with every required field.

    Required, each a non-empty text: `vendor` (your legal name, exactly as in your VENDOR.yaml),
    `name`, `version` (the product's version, not Kubernetes'; quote numbers: `version: '1.35'`),
    `type` (one of `distribution`, `hosted platform`, `installer`), `description`,
    `website_url`, `documentation_url`, `contact_email_address`. Optional: `repo_url`,
    `product_logo_url`. The JSON Schema `schemas/product.schema.json` lets an editor check the
    file while you type. Duplicate keys, YAML tags and several documents in one file are
    refused; values that still say `FILL-IN` must be replaced.
    """
    doc = ctx.product
    if doc is None:
        raise Skip(f"{FILE} is missing or unusable (see files-required)")
    if not doc.ok:
        for problem in doc.problems:
            yield fail(
                f"{FILE} {problem.message}"
                if problem.message.startswith("is ")
                else f"{FILE}: {problem.message}",
                FILE,
                problem.line,
            )
        return
    if not isinstance(doc.data, dict):
        yield fail(f"{FILE} must be a mapping of fields (field: value), one per line", FILE, 1)
        return
    found = list(_field_problems(ctx, doc, doc.data))
    yield from found
    if not any(p.status.value == "fail" for p in found):
        yield note(f"{FILE} has every required field")


def _field_problems(
    ctx: SubmissionContext, doc: YamlDocument, data: dict[str, Any]
) -> Iterator[Problem]:
    types = ctx.env.program.product_types
    for issue in schema_issues("product", data, doc.lines):
        if _is_link_issue(issue):
            continue
        field, line = issue.field, issue.problem.line
        if issue.rule == "additionalProperties":
            yield warn(f"unknown field {shown(field or '')}: it is ignored", FILE, line)
        elif issue.rule == "type" and field is not None:
            value = data.get(field)
            yield fail(
                f"{field} must be text, not {type(value).__name__}: put the value in "
                f"quotes, for example {field}: '{value}'",
                FILE,
                line,
            )
        elif issue.rule == "required":
            hint = f": one of {', '.join(types)}" if field == "type" else ""
            yield fail(f"the field {field!r} is required{hint}", FILE)
        elif issue.rule == "minLength":
            yield fail(f"{field} must not be empty", FILE, line)
        elif issue.rule == "maxLength" and field is not None:
            value = data.get(field)
            limit = _max_length(field)
            yield fail(
                f"{field} is {len(value) if isinstance(value, str) else '?'} characters long, "
                f"over its limit of {limit} characters: shorten it",
                FILE,
                line,
            )
        elif field == "type" and issue.rule == "enum":
            continue  # judged below against the program's own list of types
        else:
            yield fail(issue.problem.message, FILE, line)
    kind = data.get("type")
    if isinstance(kind, str) and kind and kind not in types:
        guess = difflib.get_close_matches(kind.strip().lower(), types, n=1, cutoff=0.75)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        yield fail(
            f"type {shown(kind)} is not one of: {', '.join(types)}{hint}",
            FILE,
            doc.line_of("type"),
        )
    for field, value in sorted(data.items()):
        if isinstance(value, str) and not value.strip() and value:
            yield fail(f"{field} must not be blank", FILE, doc.line_of(field))
        why = field_problem(value) if isinstance(value, str) else None
        if why is not None:
            yield fail(f"{shown(field, 40)} {why}: fields are plain text", FILE, doc.line_of(field))
        if isinstance(value, str) and PLACEHOLDER in value:
            yield fail(f"{field} still says {PLACEHOLDER}: replace it", FILE, doc.line_of(field))


def _max_length(field: str) -> int | None:
    schema = validator("product").schema
    spec = schema.get("properties", {}).get(field, {}) if isinstance(schema, dict) else {}
    limit = spec.get("maxLength") if isinstance(spec, dict) else None
    return limit if isinstance(limit, int) else None


def https_problem(value: str) -> str | None:
    """Why `value` is not an absolute https URL, or None when it is one."""
    if value != value.strip() or any(ch.isspace() for ch in value):
        return "contains spaces"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "is not a URL"
    if parts.scheme.lower() != "https":
        return "must start with https://"
    if not parts.hostname or "." not in parts.hostname:
        return "has no host name"
    if parts.username or parts.password:
        return "must not hold a user name or password"
    return None


@rule("product-links", upstream="7, 8")
def product_links(ctx: SubmissionContext) -> Iterator[Problem]:
    """Every URL in PRODUCT.yaml is an absolute https URL and the contact is an e-mail address.

    `website_url` and `documentation_url` are required; `repo_url` and `product_logo_url` may
    be left out or empty. With `certreg validate --online`, each URL must also answer, with a
    web page for the website and documentation and an image for the logo; a network error there
    is only a warning, since it may be ours.
    """
    doc, data = _document(ctx)
    bad = False
    for field in URL_FIELDS:
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            continue
        why = https_problem(value)
        if why:
            bad = True
            yield fail(f"{field} {shown(value)} {why}", FILE, doc.line_of(field))
    email = data.get(EMAIL_FIELD)
    if isinstance(email, str) and email.strip() and not _EMAIL.fullmatch(email.strip()):
        bad = True
        yield fail(
            f"{EMAIL_FIELD} {shown(email)} is not an e-mail address", FILE, doc.line_of(EMAIL_FIELD)
        )
    if ctx.env.online and not bad:
        yield from _online(ctx, doc, data)
    if not bad:
        yield note("links are https URLs and the contact is an e-mail address")


def _online(ctx: SubmissionContext, doc: YamlDocument, data: dict[str, Any]) -> Iterator[Problem]:
    from generator.netio import probe  # the network is touched only when asked for

    expected = {
        "website_url": "text/html",
        "documentation_url": "text/html",
        "product_logo_url": "image/",
        "repo_url": "",
    }
    for field, wanted in expected.items():
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            continue
        result = probe(value)
        line = doc.line_of(field)
        if result.error:
            yield warn(f"{field} could not be checked: {result.error}", FILE, line)
        elif result.status >= 400:
            yield fail(f"{field} answers HTTP {result.status}", FILE, line)
        elif wanted and not result.content_type.startswith(wanted):
            yield fail(
                f"{field} answers with {result.content_type or 'no content type'}, "
                f"expected {wanted.rstrip('/')}",
                FILE,
                line,
            )
