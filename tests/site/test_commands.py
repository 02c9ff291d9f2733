"""`certreg build`, `certreg lifecycle` and `certreg serve`, run in-process on small registries."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.commands.serve import watch_loop
from generator.site.server import make_server
from tests.conftest import ROOT, place_submission


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, list(args), env=env or {"GITHUB_ACTIONS": ""})
    finally:
        os.chdir(old)


@pytest.fixture
def published(registry: Path) -> Path:
    """The tiny registry with one merged submission and the project's templates."""
    shutil.copytree(ROOT / "templates", registry / "templates")
    place_submission(registry)
    (registry / "data" / "history.yaml").write_text("acme/acme-kube/v1.35: 2026-01-10\n")
    return registry


def test_build_writes_the_site(published: Path) -> None:
    result = run(published, "build", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "Built " in result.output and "1 products" in result.output
    site = published / "site"
    page = (site / "products" / "acme" / "acme-kube" / "index.html").read_text()
    assert "Acme Kubernetes" in page
    data = json.loads((site / "api" / "v1" / "registry.json").read_text())
    assert data["as_of"] == "2026-11-27"
    (product,) = data["products"]
    assert product["id"] == "acme/acme-kube"
    assert product["certifications"][0]["certified_on"] == "2026-01-10"
    assert product["state"] == "expiring"  # v1.35 ends 2027-01-22, within 60 days


def test_build_says_how_many_unused_cache_entries_it_removed(published: Path) -> None:
    assert run(published, "build", "--as-of", "2026-11-27").exit_code == 0
    cache = published / ".cache" / "certreg"
    old = cache / "verdicts" / ("0" * 40 + ".json")  # an entry of an older certreg, say
    old.write_text("{}")
    month_ago = time.time() - 30 * 24 * 3600
    for path in (old, cache / ".pruned"):
        os.utime(path, (month_ago, month_ago))
    result = run(published, "build", "--as-of", "2026-11-27", "--force")
    assert result.exit_code == 0, result.output
    assert "Removed 1 cache entry that no run had used for two weeks" in result.output
    assert not old.exists()
    again = run(published, "build", "--as-of", "2026-11-27", "--force")
    assert "Removed" not in again.output  # at most once a day


def test_build_takes_out_and_base_url(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run(
        published, "build", "--out", str(out), "--base-url", "https://x.example/reg",
        "--as-of", "2026-11-27",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "https://x.example/reg/products/acme/acme-kube/" in (out / "sitemap.xml").read_text()
    assert not (published / "site").exists()


def test_a_merged_submission_that_fails_is_published_with_a_warning(published: Path) -> None:
    folder = published / "data" / "vendors" / "acme" / "acme-kube" / "v1.35"
    (folder / "e2e.log").write_text("truncated\n")
    result = run(published, "build", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "warning: data/vendors/acme/acme-kube/v1.35" in result.output
    assert (published / "site" / "products" / "acme" / "acme-kube" / "index.html").is_file()
    strict = run(published, "build", "--as-of", "2026-11-27", "--strict")
    assert strict.exit_code == 1


def test_warnings_become_annotations_in_github_actions(published: Path) -> None:
    (published / "data" / "history.yaml").unlink()
    result = run(published, "build", "--as-of", "2026-11-27", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result.output
    assert "::warning file=data/vendors/acme/acme-kube/v1.35,title=certified-on::" in result.output


def test_a_broken_template_leaves_the_previous_site(published: Path) -> None:
    assert run(published, "build", "--as-of", "2026-11-27").exit_code == 0
    before = (published / "site" / "index.html").read_bytes()
    (published / "templates" / "version.html").write_text("{% if %}")
    result = run(published, "build", "--as-of", "2026-12-01")
    assert result.exit_code == 1
    assert "previous site is unchanged" in result.output
    assert "Traceback" not in result.output
    assert (published / "site" / "index.html").read_bytes() == before


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(published: Path) -> None:
    result = run(published, "build", "--out", "data")
    assert result.exit_code == 2
    assert "does not look like a built site" in result.output
    assert (published / "data" / "program.yaml").is_file()


def test_build_refuses_a_bad_base_url(published: Path) -> None:
    result = run(published, "build", "--base-url", "javascript:alert(1)")
    assert result.exit_code == 2
    assert "--base-url" in result.output


def test_lifecycle_lists_expiring_and_expired(published: Path) -> None:
    result = run(published, "lifecycle", "--as-of", "2026-11-27", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["within"] == 60
    (item,) = data["expiring"]
    assert item["product"] == "acme/acme-kube"
    assert item["certified_until"] == "2027-01-22" and item["days"] == 56
    assert item["contacts"] == ["conformance@acme.example"]
    assert data["expired"] == []
    later = json.loads(
        run(published, "lifecycle", "--as-of", "2027-02-01", "--format", "json").output
    )
    assert [e["product"] for e in later["expired"]] == ["acme/acme-kube"] and later[
        "expiring"
    ] == []


def test_lifecycle_within_and_text(published: Path) -> None:
    quiet = run(published, "lifecycle", "--as-of", "2026-11-27", "--within", "30")
    assert quiet.exit_code == 0
    assert "Expiring within 30 days of 2026-11-27: 0" in quiet.output
    wide = run(published, "lifecycle", "--as-of", "2026-11-27", "--within", "90")
    assert "acme/acme-kube  v1.35  certified until 2027-01-22 (in 56 days)" in wide.output


def test_serve_needs_a_built_site(published: Path) -> None:
    result = run(published, "serve", "--no-watch")
    assert result.exit_code == 2
    assert "certreg build" in result.output


def test_server_serves_pages_and_the_404_page(published: Path) -> None:
    assert run(published, "build", "--as-of", "2026-11-27").exit_code == 0
    server = make_server(published / "site", "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(base + "badges/acme/acme-kube.svg") as response:
            assert response.headers["Content-Type"] == "image/svg+xml"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "no/such/page/")
        assert missing.value.code == 404
        assert b"Page not found" in missing.value.read()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_rebuilds_when_the_registry_changes(published: Path) -> None:
    calls: list[int] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_loop, args=(published, lambda: calls.append(1), stop, 0.05), daemon=True
    )
    watcher.start()
    try:
        time.sleep(0.2)
        assert calls == []
        (published / "data" / "history.yaml").write_text("acme/acme-kube/v1.35: 2026-01-11\n")
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        assert calls == [1]
    finally:
        stop.set()
        watcher.join(timeout=5)
