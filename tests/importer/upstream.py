"""Upstream-shaped checkouts (`vX.Y/<folder>/...`) in temp folders, from the real corpus files.

Each corpus folder under products/ becomes a submission folder with its real PRODUCT.yaml (or
PRODUCT.yml, product.yml, PRODUCT.YML) and README.md, byte for byte, plus a small generated
e2e.log and junit_01.xml (a README of a few lines where the corpus has none). The anomalies the
real repository shows beyond the corpus files are added on purpose and listed in ANOMALIES.
"""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli
from generator.fixtures.results import outcomes, write_e2e_log, write_junit
from tests.conftest import ROOT

TESTS = [f"[sig-test] an imported conformance test {i} [Conformance]" for i in range(3)]

# What the built checkout holds besides the corpus folders, and what the import must say.
ANOMALIES = {
    "v1.30/nested-results": "results in a subfolder only: kept out",
    "v1.29/no-log": "no e2e.log: kept out",
    "v1.28/daocloud": "the repository root's invalid PRODUCT.yaml in a folder: kept out",
    "v1.37/aks-again": "a second folder for Microsoft's AKS on v1.37: one of the two kept",
    "v1.37/talos": "a screenshot and a nested results folder beside the files: left out",
}


def results(folder: Path) -> None:
    seed = zlib.crc32(folder.as_posix().encode())  # each run its own bytes
    write_junit(folder / "junit_01.xml", outcomes(TESTS), skipped=4, seed=seed)
    write_e2e_log(folder / "e2e.log", passed=TESTS, skipped=4, seed=seed)


def corpus_folders(corpus: Path) -> list[Path]:
    products = corpus / "products"
    return sorted(p for p in products.glob("v*/*") if p.is_dir())


def build_upstream(corpus: Path, src: Path) -> Path:
    """The checkout at `src`: every corpus product folder, the anomalies, a stray root file."""
    products = corpus / "products"
    for folder in corpus_folders(corpus):
        target = src / folder.relative_to(products)
        shutil.copytree(folder, target)
        if not (target / "README.md").exists():
            (target / "README.md").write_text(f"# {folder.name}\n\nRun sonobuoy.\n")
        results(target)
    shutil.copy(products / "_repo-root-anomaly" / "PRODUCT.yaml", src / "PRODUCT.yaml")
    (src / "docs").mkdir()
    (src / "docs" / "instructions.md").write_text("# How to submit\n")
    (src / "v1.30").mkdir(exist_ok=True)
    (src / "v1.30" / "README.md").write_text("stray\n")

    nested = src / "v1.30" / "nested-results"
    nested.mkdir()
    shutil.copy(products / "v1.37/k3s/PRODUCT.yaml", nested / "PRODUCT.yaml")
    (nested / "README.md").write_text("# k3s\n")
    (nested / "results").mkdir()
    results(nested / "results")

    no_log = src / "v1.29" / "no-log"
    shutil.copytree(src / "v1.37" / "rke2", no_log)
    (no_log / "e2e.log").unlink()

    daocloud = src / "v1.28" / "daocloud"
    daocloud.mkdir(parents=True)
    shutil.copy(products / "_repo-root-anomaly" / "PRODUCT.yaml", daocloud / "PRODUCT.yaml")
    (daocloud / "README.md").write_text("# DaoCloud\n")
    results(daocloud)

    again = src / "v1.37" / "aks-again"
    shutil.copytree(src / "v1.37" / "aks", again)
    results(again)

    talos = src / "v1.37" / "talos"
    (talos / "screenshot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (talos / "results").mkdir()
    shutil.copy(talos / "junit_01.xml", talos / "results" / "junit_01.xml")
    return src


def new_registry(root: Path) -> Path:
    """An empty registry: the project's program.yaml and nothing else."""
    (root / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "program.yaml", root / "data" / "program.yaml")
    return root


def run(cwd: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(
            cli, list(args), env={"GITHUB_ACTIONS": ""}, catch_exceptions=False
        )
    finally:
        os.chdir(old)
