"""Every example folder under tests/examples/{valid,invalid} gets exactly its expected findings."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator.model.findings import Status
from generator.validation import ValidateOptions, validate
from tests.conftest import EXAMPLES, place_submission

CASES = sorted(
    p for kind in ("valid", "invalid") for p in (EXAMPLES / kind).iterdir() if p.is_dir()
)


def _build(root: Path, case: Path) -> tuple[Path, dict[str, object]]:
    spec = yaml.safe_load((case / "case.yaml").read_text()) or {}
    folder = place_submission(root, spec.get("path", "data/vendors/acme/acme-kube/v1.35"))
    for other in spec.get("also", []):  # more copies of the base submission elsewhere
        place_submission(root, other)
    for name in spec.get("remove", []):
        target = folder / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for item in sorted(case.iterdir()):
        if item.name == "case.yaml":
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
        else:
            shutil.copy(item, folder / item.name)
    return folder, spec


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_example(registry: Path, case: Path) -> None:
    folder, spec = _build(registry, case)
    as_of = dt.date.fromisoformat(str(spec.get("as_of", "2026-01-10")))
    report = validate(registry, ValidateOptions(paths=[folder], review_date=as_of))
    assert len(report.submissions) == 1
    submission = report.submissions[0]
    got = [f for f in submission.findings if f.status in (Status.FAIL, Status.WARN)]
    expected = spec.get("expect") or []
    assert isinstance(expected, list)
    rel = folder.relative_to(registry).as_posix()
    unmatched = list(got)
    for want in expected:
        match = next(
            (
                f
                for f in unmatched
                if f.check == want["check"]
                and f.status.value == want["status"]
                and want["message"] in f.message
                and ("file" not in want or f.file == f"{rel}/{want['file']}")
                and ("line" not in want or f.line == want["line"])
            ),
            None,
        )
        assert match is not None, f"expected {want}, got {[(f.check, f.message) for f in got]}"
        unmatched.remove(match)
    assert not unmatched, f"unexpected findings: {[(f.check, f.message) for f in unmatched]}"
    assert submission.ok is (case.parent.name == "valid")
    # every check appears with a status, so the report also shows what passed
    from generator.checks import RULES

    assert {f.check for f in submission.findings} == {r.id for r in RULES}
