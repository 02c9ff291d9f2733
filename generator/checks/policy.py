"""Rules of program policy: who may submit, for which release, against which list."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.base import Problem, Skip, fail, note, rule
from generator.checks.context import SubmissionContext
from generator.checks.text import shown
from generator.loading.vendors import VendorRecord
from generator.loading.yamlfile import YamlDocument


@rule("vendor-policy", upstream="human review")
def vendor_policy(ctx: SubmissionContext) -> Iterator[Problem]:
    """The vendor has a valid VENDOR.yaml, a signed participation form, and lists this product.

    Maintainers write `data/vendors/<vendor>/VENDOR.yaml` once the vendor's participation form
    is signed. PRODUCT.yaml's `vendor` must equal its `name` (the legal name), and the product's
    `name` must be one of the qualifying offerings listed on the form. A record the importer
    wrote is marked `status: awaiting-review` until a maintainer checks it. To fix: ask the
    program's maintainers to add or update your record; you cannot change it in your pull
    request.
    """
    record = ctx.vendor
    if record is None:
        raise Skip("the vendor folder is not a valid slug (see layout)")
    if record.vendor is None:
        for problem in record.problems:
            yield fail(f"{record.file}: {problem.message}", record.file, problem.line)
        return
    vendor = record.vendor
    ok = True
    if vendor.awaiting_review:
        ok = False
        yield fail(
            f"{record.file} was imported and awaits a maintainer's review",
            record.file,
            record.lines.get("status"),
        )
    if vendor.form_signed is None or vendor.form_signed > ctx.judged_on:
        ok = False
        yield fail(
            f"{shown(vendor.name)} has no participation form signed by {ctx.judged_on.isoformat()}",
            record.file,
            record.lines.get("participation_form_signed"),
        )
    doc = ctx.product
    data = _fields(doc)
    if data is not None:
        claimed = data.get("vendor")
        if isinstance(claimed, str) and claimed.strip() != vendor.name:
            ok = False
            yield fail(
                f"PRODUCT.yaml says vendor {shown(claimed)}, but the legal name in "
                f"{record.file} is {shown(vendor.name)}: use it exactly",
                "PRODUCT.yaml",
                doc.line_of("vendor") if doc else None,
            )
        name = consulted_name(doc)
        if name is not None and not vendor.offers(name):
            ok = False
            listed = ", ".join(shown(o.name) for o in vendor.offerings) or "none"
            yield fail(
                f"{shown(name)} is not a qualifying offering on {shown(vendor.name)}'s "
                f"participation form (listed: {listed})",
                "PRODUCT.yaml",
                doc.line_of("name") if doc else None,
            )
    if ok:
        yield note(f"{shown(vendor.name)} takes part ({vendor.membership}) and lists the product")


def consulted_name(doc: YamlDocument | None) -> str | None:
    """The product name `vendor_policy` looks up among the vendor's offerings: PRODUCT.yaml's
    `name` when it is text with something in it, else None (the offerings are not consulted)."""
    data = _fields(doc)
    name = data.get("name") if data is not None else None
    return name if isinstance(name, str) and name.strip() else None


def policy_inputs(record: VendorRecord | None, name: str | None) -> list[object]:
    """Everything `vendor_policy` reads of a vendor record, for a PRODUCT.yaml whose
    `consulted_name` is `name` (the rest of what it reads is PRODUCT.yaml itself and the day
    judged on). A verdict depends on the vendor record through these alone: adding another
    offering to the record, say, leaves the verdicts on the vendor's other products as they
    were (see generator/verdicts.py). A check that reads more of the record adds it here."""
    if record is None:
        return [None]
    if record.vendor is None:
        return [record.file, [[p.message, p.line] for p in record.problems]]
    vendor = record.vendor
    found: list[object] = [
        record.file,
        vendor.name,
        vendor.membership,
        vendor.awaiting_review,
        vendor.form_signed.isoformat() if vendor.form_signed else None,
        record.lines.get("status"),
        record.lines.get("participation_form_signed"),
    ]
    if name is not None:
        offered = vendor.offers(name)
        found.append(offered)
        if not offered:
            found.append([o.name for o in vendor.offerings])
    return found


def _fields(doc: YamlDocument | None) -> dict[str, object] | None:
    return doc.data if doc is not None and doc.ok and isinstance(doc.data, dict) else None


@rule("version-supported", upstream="11")
def version_supported(ctx: SubmissionContext) -> Iterator[Problem]:
    """The Kubernetes release vX.Y is known, released, and inside the certifiable window.

    Only the newest releases may be certified (for Kubernetes: the current release and the two
    before it), judged on the review date for a new submission and on its certification date
    for a merged one, so that re-checking the registry never rejects history.
    """
    key = ctx.key
    if key is None:
        raise Skip("the version folder is not of the form vX.Y (see layout)")
    program = ctx.env.program
    day = ctx.judged_on
    release = program.release(key.version)
    if release is None:
        known = ", ".join(str(v) for v in program.versions()[-5:])
        yield fail(
            f"{key.version} is not a release of {program.name} (latest known: {known})",
            ctx.folder.rel,
        )
        return
    if release.released > day:
        yield fail(
            f"{key.version} is released on {release.released.isoformat()}, after {day.isoformat()}",
            ctx.folder.rel,
        )
        return
    window = program.certifiable_on(day)
    if key.version not in window:
        allowed = ", ".join(str(v) for v in window)
        yield fail(
            f"on {day.isoformat()} only {allowed} may be certified; {key.version} is "
            "outside that window: run the conformance tests on a newer release",
            ctx.folder.rel,
        )
        return
    yield note(f"{key.version} is certifiable on {day.isoformat()}")


@rule("requirements-known", upstream="bot gate")
def requirements_known(ctx: SubmissionContext) -> Iterator[Problem]:
    """The program has the official list of required tests for vX.Y.

    Lists live in `data/conformance/vX.Y.yaml`; maintainers add one with
    `certreg requirements sync vX.Y`. Until it is there, the results cannot be judged.
    """
    key = ctx.key
    if key is None:
        raise Skip("the version folder is not of the form vX.Y (see layout)")
    listed = ctx.requirement_list
    if listed is None:
        yield fail(
            f"there is no requirement list for {key.version} (data/conformance/"
            f"{key.version}.yaml): maintainers add it with certreg requirements sync "
            f"{key.version}",
            ctx.folder.rel,
        )
        return
    yield note(f"{listed.file} requires {len(listed.required())} tests")
