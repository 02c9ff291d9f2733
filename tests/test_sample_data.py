"""The sample registry in data/: valid records, consistent dates, results that match the lists."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.loading.junit import read_junit
from generator.loading.ledgers import load_history, load_revocations, parse_key
from generator.loading.limits import CONFIG_LIMIT
from generator.loading.program import load_program
from generator.loading.requirements import load_requirement_lists
from generator.loading.schemas import schema_problems
from generator.loading.yamlfile import load_yaml_file
from generator.model.registry import SubmissionKey, state_for
from generator.model.tests import Outcome

ROOT = Path(__file__).resolve().parents[1]
VENDORS = ROOT / "data" / "vendors"
TODAY = dt.date(2026, 11, 27)
VENDOR_FILES = sorted(VENDORS.glob("*/VENDOR.yaml"))
SUBMISSIONS = sorted(p.parent for p in VENDORS.glob("*/*/v*/PRODUCT.yaml"))
EXAMPLE_HOST = re.compile(r"^https://([a-z0-9-]+\.)*(example|example\.(com|org|net))(/|$)")
EXAMPLE_MAIL = re.compile(r"^[^@\s]+@([a-z0-9-]+\.)*(example|example\.(com|org|net))$")

# What the sample is meant to show on its reference day.
EXPECTED_STATES = {
    "yoyodyne/turbo-encabulator": "active",
    "nimbus-harbor/nks": "active",
    "open-orchard/orchard": "active",
    "brightwater/bmk": "active",
    "quillfeather/quillcloud": "active",
    "tessellate/tkctl": "active",
    "yoyodyne/overthruster": "expiring",
    "quillfeather/quill-deploy": "expiring",
    "nimbus-harbor/nimbus-edge": "expired",
    "open-orchard/orchard-bootstrap": "expired",
    "brightwater/shoreline": "expired",
    "tessellate/tessellate-os": "revoked",
}


def _yaml(path: Path) -> tuple[Any, dict[str, int]]:
    doc = load_yaml_file(path, CONFIG_LIMIT)
    assert doc.ok, f"{path}: {doc.problems}"
    return doc.data, doc.lines


def _key(folder: Path) -> SubmissionKey:
    key = parse_key(str(folder.relative_to(VENDORS)))
    assert key is not None
    return key


def _make_sample(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/make_sample.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_sample_is_not_empty() -> None:
    assert len(VENDOR_FILES) == 6
    assert len({folder.parent for folder in SUBMISSIONS}) == 12
    assert {_yaml(f / "PRODUCT.yaml")[0]["type"] for f in SUBMISSIONS} == {
        "distribution",
        "hosted platform",
        "installer",
    }


def test_make_sample_check_finds_nothing_to_change() -> None:
    result = _make_sample("--check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_make_sample_check_reports_a_changed_file(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    log = tmp_path / "data/vendors/yoyodyne/turbo-encabulator/v1.37/e2e.log"
    log.write_text(log.read_text(encoding="utf-8").replace("55 Skipped", "54 Skipped"))
    result = _make_sample("--check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == "would change: data/vendors/yoyodyne/turbo-encabulator/v1.37/e2e.log\n"


@pytest.mark.parametrize("path", VENDOR_FILES, ids=lambda p: p.parent.name)
def test_vendor_records_match_their_schema(path: Path) -> None:
    data, lines = _yaml(path)
    assert schema_problems("vendor", data, lines) == []
    assert EXAMPLE_HOST.match(data["website_url"])
    assert all(EXAMPLE_HOST.match(o["website_url"]) for o in data["offerings"])
    assert all(EXAMPLE_MAIL.match(c["email"]) for c in data["contacts"])


@pytest.mark.parametrize("folder", SUBMISSIONS, ids=lambda p: str(p.relative_to(VENDORS)))
def test_product_files_match_their_schema_and_vendor(folder: Path) -> None:
    data, lines = _yaml(folder / "PRODUCT.yaml")
    assert schema_problems("product", data, lines) == []
    vendor, _ = _yaml(folder.parents[1] / "VENDOR.yaml")
    assert data["vendor"] == vendor["name"]
    assert data["name"] in {offering["name"] for offering in vendor["offerings"]}
    urls = [
        data.get(k) for k in ("website_url", "documentation_url", "repo_url", "product_logo_url")
    ]
    assert all(EXAMPLE_HOST.match(url) for url in urls if url)
    assert EXAMPLE_MAIL.match(data["contact_email_address"])
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ") and "sonobuoy" in readme and "```" in readme


def test_history_names_exactly_the_submissions() -> None:
    history = load_history(ROOT)
    assert set(history) == {_key(folder) for folder in SUBMISSIONS}


def test_each_certification_was_certifiable_on_its_date() -> None:
    program = load_program(ROOT)
    for key, day in load_history(ROOT).items():
        assert day <= TODAY, key
        assert key.version in program.certifiable_on(day), f"{key} on {day}"
        signed = _yaml(VENDORS / key.vendor / "VENDOR.yaml")[0]["participation_form_signed"]
        assert signed <= day, f"{key} certified before its vendor signed the form"


def test_products_show_every_state_on_the_reference_day() -> None:
    program = load_program(ROOT)
    revoked = load_revocations(ROOT)
    assert set(revoked) <= set(load_history(ROOT))
    states = {}
    by_product: dict[str, list[SubmissionKey]] = {}
    for key in load_history(ROOT):
        by_product.setdefault(key.product_id, []).append(key)
    for product, keys in by_product.items():
        standing = [k for k in keys if k not in revoked or revoked[k].revoked > TODAY]
        expiries = [program.expiry_of(k.version) for k in standing]
        until = max((e.on for e in expiries if e is not None), default=None)
        states[product] = (
            "revoked" if until is None else state_for(until, TODAY, program.warning_days).value
        )
    assert states == EXPECTED_STATES
    long_history = sorted(str(k.version) for k in by_product["yoyodyne/turbo-encabulator"])
    assert len(long_history) == 10 and {"v1.28", "v1.37"} <= set(long_history)


def test_requirement_lists_say_they_are_samples() -> None:
    lists = load_requirement_lists(ROOT)
    assert {key.version for key in load_history(ROOT)} <= set(lists)
    for version in lists:
        text = (ROOT / "data" / "conformance" / f"{version}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# SAMPLE") and "certreg requirements sync" in text.split("\n-")[0]
    sizes = [len(listed.required()) for listed in lists.values()]
    assert sizes == sorted(sizes) and min(sizes) >= 10 and max(sizes) <= 20


@pytest.mark.parametrize("folder", SUBMISSIONS, ids=lambda p: str(p.relative_to(VENDORS)))
def test_results_pass_exactly_the_required_tests(folder: Path) -> None:
    key = _key(folder)
    required = {r.identity for r in load_requirement_lists(ROOT)[key.version].required()}
    specs = read_junit(folder / "junit_01.xml").specs()
    assert {r.identity for r in specs if r.outcome is Outcome.PASSED} == required
    skipped = sum(r.outcome is Outcome.SKIPPED for r in specs)
    assert 20 <= skipped <= 60 and len(specs) == len(required) + skipped
    log = (folder / "e2e.log").read_text(encoding="utf-8")
    summary = f"SUCCESS! -- {len(required)} Passed | 0 Failed | 0 Pending | {skipped} Skipped"
    assert summary in log.split("\n")
    versions = re.findall(r"(?:e2e test|kube-apiserver) version: v(\d+)\.(\d+)\.\d+$", log, re.M)
    assert all((f"v{major}.{minor}" == str(key.version)) for major, minor in versions)
    assert (folder / "junit_01.xml").stat().st_size < 60_000 and len(log) < 60_000


def test_about_half_the_logs_are_verbose() -> None:
    verbose = [f for f in SUBMISSIONS if "e2e test version:" in (f / "e2e.log").read_text("utf-8")]
    assert 0.4 <= len(verbose) / len(SUBMISSIONS) <= 0.6
