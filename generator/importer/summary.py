"""What an import did (or, in a dry run, would do), as text for the command line. Pure."""

from __future__ import annotations

from collections import Counter

from generator.importer.plan import ImportPlan
from generator.importer.write import IMPORT_MAP, WriteResult

LEFT_OUT_NOTE = (
    "only PRODUCT.yaml, README.md, e2e.log and junit_01.xml are carried over; anything else in "
    "a submission folder would fail files-allowed"
)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def summary(plan: ImportPlan, result: WriteResult | None, data_name: str = "data") -> str:
    verb = "Imported" if result is not None else "Would import"
    lines = [
        f"{verb} {_plural(len(plan.submissions), 'submission')} of "
        f"{_plural(plan.products, 'product')} from {_plural(len(plan.vendors), 'vendor')}; "
        f"skipped {len(plan.skipped)}.",
    ]
    lines += _section("Skipped (not imported)", [f"{s.source}: {s.reason}" for s in plan.skipped])
    lines += _section("Renamed or decided", [f"{n.source}: {n.message}" for n in plan.notices])
    left = [f"{s.source}: {', '.join(s.left_out)}" for s in plan.submissions if s.left_out]
    lines += _section(f"Left out of the copy ({LEFT_OUT_NOTE})", left)
    lines += _section("Ignored in the source", [f"{i.path}: {i.why}" for i in plan.ignored])
    lines += _dates(plan)
    lines += _records(plan, result, data_name)
    return "\n".join(lines) + "\n"


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return ["", f"{title}:", *(f"  {item}" for item in items)]


def _dates(plan: ImportPlan) -> list[str]:
    dated = sum(1 for s in plan.submissions if s.approved is not None)
    lines = [""]
    if plan.approvals.from_git:
        lines.append(
            f"Approval dates: {dated} of {len(plan.submissions)} from the source's git history "
            "(the first-parent commit that added each folder)."
        )
        undated = [s.source for s in plan.submissions if s.approved is None]
        if undated:
            lines.append(
                f"  Not in the source's history (add their dates by hand): {', '.join(undated)}"
            )
    if plan.approvals.note:
        lines.append(f"Approval dates: {plan.approvals.note}.")
    return lines


def _records(plan: ImportPlan, result: WriteResult | None, data_name: str) -> list[str]:
    new = [v for v in plan.vendors if not v.existing]
    kept = [v.slug for v in plan.vendors if v.existing]
    lines = [
        f"Vendor records: {_plural(len(new), 'VENDOR.yaml stub')} marked `status: "
        "awaiting-review` (vendor-policy fails until a maintainer checks each one)."
    ]
    if kept:
        lines.append(f"  Already in the registry, records kept: {', '.join(kept)}")
    spelled = Counter(len(v.stub.spellings) for v in new)
    several = sum(n for count, n in spelled.items() if count > 1)
    if several:
        lines.append(
            f"  {_plural(several, 'vendor')} spelled in more than one way upstream: the most "
            "common spelling is the legal name; PRODUCT.yaml files spelled otherwise fail "
            "vendor-policy until they agree"
        )
    lines.append(f"Every upstream folder's new path is listed in {data_name}/{IMPORT_MAP}.")
    if result is None:
        lines.append("Dry run: nothing was written.")
        return lines
    lines.append(
        f"Wrote {_plural(result.files, 'file')} ({result.bytes:,} bytes), "
        f"{_plural(result.stubs, 'VENDOR.yaml stub')}, "
        f"{_plural(result.history_added, 'entry', 'entries')} in {data_name}/history.yaml and "
        f"{_plural(result.map_entries, 'entry', 'entries')} in {data_name}/{IMPORT_MAP}."
    )
    if result.history_kept:
        lines.append(
            "  history.yaml already dates these differently; the maintainers' dates are kept: "
            + ", ".join(result.history_kept)
        )
    return lines
