"""certreg import-upstream on a checkout built from the real PRODUCT.yaml and README files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.loading.schemas import schema_problems
from generator.loading.yamlfile import parse_yaml
from tests.importer.upstream import ANOMALIES, build_upstream, corpus_folders, new_registry, run

pytestmark = pytest.mark.corpus
VENDORS = "data/vendors"


@dataclass(frozen=True)
class Imported:
    src: Path
    root: Path
    output: str

    @property
    def vendors(self) -> Path:
        return self.root / VENDORS

    def submissions(self) -> set[str]:
        return {p.relative_to(self.vendors).as_posix() for p in self.vendors.glob("*/*/v*")}


@pytest.fixture(scope="module")
def imported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    base = tmp_path_factory.mktemp("import")
    src = build_upstream(corpus, base / "k8s-conformance")
    root = new_registry(base / "registry")
    result = run(root, "import-upstream", str(src))
    assert result.exit_code == 0, result.output
    return Imported(src, root, result.output)


def test_folder_names_become_slugs(imported: Imported) -> None:
    found = imported.submissions()
    assert "taikun-cloud/taikun-tks/v1.29" in found  # from `v1.29/taikun (TKS)`
    assert "taikun-cloud/taikun-cloudworks/v1.31" in found  # same vendor `taikun.cloud a.s`
    assert "openmaru/msap-ai/v1.35" in found  # `v1.35/MSAP.ai`, vendor 'OPENMARU, Inc.'
    assert "inspur-group/inspur-incloud-open-platform/v1.10" in found


def test_one_vendor_per_normalised_name(imported: Imported) -> None:
    found = imported.submissions()
    # Both gke folders are Google's; upstream renamed the product between v1.7 and v1.37.
    assert {"google/google-container-engine/v1.7", "google/google-kubernetes-engine/v1.37"} <= found
    assert "v1.7/gke ('Google Container Engine'), v1.37/gke ('Google Kubernetes Engine')" in (
        imported.output
    )
    # Legal suffixes go: 'SUSE, LLC' is suse, 'Cloudera, Inc.' cloudera, 'Canonical Ltd' canonical.
    assert {"suse/k3s/v1.37", "suse/rke2/v1.37"} <= found
    assert {
        "cloudera/cloudera-cloud-factory/v1.35",
        "cloudera/cloudera-distribution-of-kubernetes-ai-platform/v1.36",
    } <= found
    assert "canonical/charmed-kubernetes/v1.35" in found
    # One product, two releases.
    assert {"kubernetes-kubespray-project/kubespray/v1.31", "zstack/zstack-zaku/v1.37"} <= found
    assert "kubernetes-kubespray-project/kubespray/v1.36" in found
    vendor = yaml.safe_load((imported.vendors / "taikun-cloud/VENDOR.yaml").read_text())
    assert vendor["name"] == "taikun.cloud a.s"
    assert [o["name"] for o in vendor["offerings"]] == ["Taikun (TKS)", "Taikun CloudWorks"]


def skip_reasons(output: str) -> dict[str, str]:
    section = output.split("Skipped (not imported):\n", 1)[1].split("\n\n", 1)[0]
    reasons = {}
    for line in section.splitlines():
        source, _, reason = line.strip().partition(": ")
        reasons[source] = reason
    return reasons


def test_every_skip_is_reported_with_its_reason(imported: Imported, corpus: Path) -> None:
    reasons = skip_reasons(imported.output)
    assert set(reasons) == {
        "v1.20/civo",
        "v1.28/daocloud",
        "v1.29/no-log",
        "v1.30/nested-results",
        "v1.37/aks",
    }
    assert reasons["v1.20/civo"].startswith("PRODUCT.yaml cannot be read at line 8 (not valid YAML")
    assert reasons["v1.20/civo"].endswith("so its vendor is unknown")
    assert reasons["v1.28/daocloud"].startswith(
        "PRODUCT.yaml cannot be read at line 8 (not valid YAML: could not find expected ':')"
    )
    assert reasons["v1.29/no-log"] == "e2e.log is missing"
    assert reasons["v1.30/nested-results"] == (
        "e2e.log is not at the top of the folder but at results/e2e.log; junit_01.xml is not "
        "at the top of the folder but at results/junit_01.xml"
    )
    # Without dates, of two folders for one product and release the later name is kept.
    assert reasons["v1.37/aks"] == (
        "the same product and release as v1.37/aks-again, which is kept (its name sorts later)"
    )
    added = [name for name in ANOMALIES if not (corpus / "products" / name).exists()]
    folders = len(corpus_folders(corpus)) + len(added)
    assert len([p for p in imported.src.glob("v*/*") if p.is_dir()]) == folders
    assert len(imported.submissions()) == folders - len(reasons)
    assert f"Imported {folders - len(reasons)} submissions" in imported.output


def test_files_are_carried_byte_for_byte(imported: Imported) -> None:
    moved = yaml.safe_load((imported.root / "data/import-map.yaml").read_text(encoding="utf-8"))
    folders = {k: v for k, v in moved.items() if k.count("/") == 1}
    assert len(folders) == len(imported.submissions())
    for source, target in folders.items():
        for name in ("PRODUCT.yaml", "README.md", "e2e.log", "junit_01.xml"):
            original = moved.get(f"{source}/{name}")
            upstream = imported.src / source / name
            if original is None and not upstream.exists():  # PRODUCT.yml and the like
                (upstream,) = [
                    p
                    for p in (imported.src / source).iterdir()
                    if p.name.casefold() in ("product.yml", "product.yaml")
                ]
            new = imported.root / target / name
            assert new.read_bytes() == upstream.read_bytes(), f"{source}/{name}"
        assert sorted(p.name for p in (imported.root / target).iterdir()) == [
            "PRODUCT.yaml",
            "README.md",
            "e2e.log",
            "junit_01.xml",
        ]
    crlf = imported.vendors / "inspur-group/inspur-incloud-open-platform/v1.10/PRODUCT.yaml"
    assert b"\r\n" in crlf.read_bytes()


def test_the_map_names_every_move(imported: Imported) -> None:
    moved = yaml.safe_load((imported.root / "data/import-map.yaml").read_text(encoding="utf-8"))
    assert moved["v1.29/taikun (TKS)"] == "data/vendors/taikun-cloud/taikun-tks/v1.29"
    assert moved["v1.35/MSAP.ai"] == "data/vendors/openmaru/msap-ai/v1.35"
    assert moved["v1.10/cloud66-maestro/PRODUCT.yml"] == (
        "data/vendors/cloud-66-maestro/cloud-66-maestro/v1.10/PRODUCT.yaml"
    )
    assert moved["v1.12/nirmata/product.yml"].endswith("/v1.12/PRODUCT.yaml")
    assert moved["v1.14/Morpheus/PRODUCT.YML"] == (
        "data/vendors/morpheus-data/morpheus/v1.14/PRODUCT.yaml"
    )
    assert "v1.20/civo" not in moved and "v1.37/aks" not in moved
    for renamed in ("PRODUCT.yml", "product.yml", "PRODUCT.YML"):
        assert f"{renamed} is carried over as PRODUCT.yaml" in imported.output


def test_extra_files_are_left_out_and_reported(imported: Imported) -> None:
    talos = imported.vendors / "sidero-labs/talos-linux/v1.37"
    assert not (talos / "screenshot.png").exists() and not (talos / "results").exists()
    assert "v1.37/talos: screenshot.png, results/ (1 file, among them junit_01.xml)" in (
        imported.output
    )


def test_the_top_of_the_checkout_is_ignored_and_said_so(imported: Imported) -> None:
    assert "PRODUCT.yaml: a file at the top of the checkout" in imported.output
    assert "docs: not a vX.Y folder at the top of the checkout" in imported.output
    assert "v1.30/README.md: a file directly in a version folder" in imported.output
    assert not any(p.name == "daocloud" for p in imported.vendors.iterdir())


def test_vendor_stubs_validate_and_await_review(imported: Imported) -> None:
    records = sorted(imported.vendors.glob("*/VENDOR.yaml"))
    assert len(records) == len({s.split("/")[0] for s in imported.submissions()})
    for record in records:
        doc = parse_yaml(record.read_text(encoding="utf-8"))
        assert doc.ok, record
        assert schema_problems("vendor", doc.data, doc.lines) == [], record
        assert doc.data["status"] == "awaiting-review"
        assert doc.data["website_url"].startswith("https://")
    inspur = yaml.safe_load((imported.vendors / "inspur-group/VENDOR.yaml").read_text())
    assert inspur["website_url"] == "https://www.inspur.com/"  # upstream gives http://
    morpheus = yaml.safe_load((imported.vendors / "morpheus-data/VENDOR.yaml").read_text())
    assert morpheus["name"] == "Morpheus Data, LLC"  # the value, without the extra space


def test_validate_says_each_record_awaits_review(imported: Imported) -> None:
    result = run(imported.root, "validate", "--format", "json", "--as-of", "2026-11-27")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert len(report["submissions"]) == len(imported.submissions())
    for submission in report["submissions"]:
        vendor = submission["path"].split("/")[2]
        policy = [c for c in submission["checks"] if c["id"] == "vendor-policy"]
        assert {
            "id": "vendor-policy",
            "status": "fail",
            "message": f"data/vendors/{vendor}/VENDOR.yaml was imported and awaits a "
            "maintainer's review",
            "file": f"data/vendors/{vendor}/VENDOR.yaml",
            "line": policy[0]["line"],
        } in policy
        layout = [c for c in submission["checks"] if c["id"] in ("layout", "files-allowed")]
        assert {c["status"] for c in layout} == {"pass"}, submission["path"]


def test_dry_run_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    src = build_upstream(corpus, tmp_path / "src")
    root = new_registry(tmp_path / "registry")
    result = run(root, "import-upstream", str(src), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Would import ")
    assert "Dry run: nothing was written." in result.output
    assert sorted(p.name for p in (root / "data").iterdir()) == ["program.yaml"]


def test_a_second_import_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    src = build_upstream(corpus, tmp_path / "src")
    root = new_registry(tmp_path / "registry")
    first = run(root, "import-upstream", str(src), "--into", str(root / "data"))
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    again = run(root, "import-upstream", str(src))
    assert again.exit_code == 0, again.output
    assert again.output.startswith("Imported 0 submissions of 0 products from 0 vendors")
    assert "is in the registry already" in again.output
    after = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    assert after == before
