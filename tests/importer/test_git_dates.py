"""Approval dates from a real upstream-shaped git repository, and the command's usage errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import yaml

from tests.importer.upstream import new_registry, results, run

MAINTAINERS_HISTORY = """\
# Maintainers only: certification dates that git cannot tell.
acme/acme-kube/v1.13: 2019-03-01"""  # no final newline, on purpose


class Upstream:
    """A repository in the upstream layout; every commit at the date given, in UTC."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="master")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Upstream")
            config.set_value("user", "email", "upstream@example.org")
            config.set_value("commit", "gpgsign", "false")

    def submission(self, rel: str, vendor: str, name: str) -> None:
        folder = self.root / rel
        folder.mkdir(parents=True)
        (folder / "PRODUCT.yaml").write_text(f"vendor: {vendor}\nname: {name}\n")
        (folder / "README.md").write_text(f"# {name}\n")
        results(folder)

    @staticmethod
    def env(day: str) -> dict[str, str]:
        stamp = f"{day}T12:00:00+00:00"
        return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}

    def commit(self, day: str, message: str) -> None:
        self.repo.git.add("--all")
        self.repo.git.commit("-m", message, env=self.env(day))

    def merge(self, branch: str, day: str) -> None:
        self.repo.git.merge("--no-ff", branch, "-m", f"Merge {branch}", env=self.env(day))


def build(tmp_path: Path) -> Upstream:
    up = Upstream(tmp_path / "k8s-conformance")
    up.submission("v1.13/acme", "Acme Container Works, Inc.", "Acme Kube")
    up.commit("2019-03-04", "Conformance results for v1.13/acme")
    up.submission("v1.14/acme", "Acme Container Works Inc", "Acme Kube")
    (up.root / "v1.13/acme/README.md").write_text("# Acme Kube, reproduced again\n")
    up.commit("2019-06-01", "Conformance results for v1.14/acme; README fix")
    up.repo.git.checkout("-b", "beta")
    up.submission("v1.15/beta", "Beta Systems GmbH", "Beta")
    up.commit("2019-06-20", "Conformance results for v1.15/beta")  # on the side branch
    up.repo.git.checkout("master")
    up.submission("v1.15/gamma", "Gamma", "Gamma Engine")
    up.commit("2019-07-05", "Conformance results for v1.15/gamma")
    up.merge("beta", "2019-07-10")  # the approval of v1.15/beta
    up.submission("v1.15/Beta (Again)", "Beta Systems", "Beta")
    up.commit("2019-08-01", "Conformance results for v1.15/Beta (Again)")
    up.submission("v1.16/delta", "Delta", "Delta")  # in the work tree, never committed
    return up


def history_of(root: Path) -> dict[str, dt.date]:
    data = yaml.safe_load((root / "data/history.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_dates_are_the_first_parent_commits_that_added_each_folder(tmp_path: Path) -> None:
    up = build(tmp_path)
    root = new_registry(tmp_path / "registry")
    (root / "data/history.yaml").write_text(MAINTAINERS_HISTORY)
    result = run(root, "import-upstream", str(up.root))
    assert result.exit_code == 0, result.output
    history = history_of(root)
    assert history == {
        "acme/acme-kube/v1.13": dt.date(2019, 3, 1),  # the maintainers' date stays
        "acme-container-works/acme-kube/v1.13": dt.date(2019, 3, 4),
        "acme-container-works/acme-kube/v1.14": dt.date(2019, 6, 1),
        "beta-systems/beta/v1.15": dt.date(2019, 8, 1),  # `Beta (Again)`, approved later
        "gamma/gamma-engine/v1.15": dt.date(2019, 7, 5),
    }
    text = (root / "data/history.yaml").read_text(encoding="utf-8")
    assert text.startswith(MAINTAINERS_HISTORY + "\n\n# Approval dates of submissions imported")
    assert (
        "v1.15/beta: the same product and release as v1.15/Beta (Again), which is kept "
        "(approved later)" in result.output
    )
    assert "Approval dates: 4 of 5 from the source's git history" in result.output
    assert "Not in the source's history (add their dates by hand): v1.16/delta" in result.output
    assert "delta/delta/v1.16" not in history


def test_a_merged_branch_dates_from_its_merge(tmp_path: Path) -> None:
    up = build(tmp_path)
    (up.root / "v1.15/Beta (Again)/PRODUCT.yaml").write_text("vendor: Beta\nname: Beta Two\n")
    root = new_registry(tmp_path / "registry")
    assert run(root, "import-upstream", str(up.root)).exit_code == 0
    history = history_of(root)
    assert history["beta-systems/beta/v1.15"] == dt.date(2019, 7, 10)  # not the 20 June commit
    assert history["beta/beta-two/v1.15"] == dt.date(2019, 8, 1)


def test_a_maintainers_date_is_never_overwritten(tmp_path: Path) -> None:
    up = build(tmp_path)
    root = new_registry(tmp_path / "registry")
    mine = "gamma/gamma-engine/v1.15: 2019-07-09\n"
    (root / "data/history.yaml").write_text(mine)
    result = run(root, "import-upstream", str(up.root))
    assert result.exit_code == 0, result.output
    assert history_of(root)["gamma/gamma-engine/v1.15"] == dt.date(2019, 7, 9)
    assert (root / "data/history.yaml").read_text().startswith(mine)
    assert "the maintainers' dates are kept: gamma/gamma-engine/v1.15" in result.output


def test_a_source_outside_git_has_no_dates(tmp_path: Path) -> None:
    up = build(tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    (up.root / "v1.15").rename(plain / "v1.15")  # the same files, without the repository
    root = new_registry(tmp_path / "registry")
    result = run(root, "import-upstream", str(plain))
    assert result.exit_code == 0, result.output
    assert "not the top folder of a git checkout, so no approval dates are known" in result.output
    assert not (root / "data/history.yaml").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    root = new_registry(tmp_path / "registry")
    missing = run(root, "import-upstream", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "does not exist" in missing.output
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "PRODUCT.yaml").write_text("vendor: Acme\n")
    (tmp_path / "flat" / "v1.30").mkdir()
    flat = run(root, "import-upstream", str(tmp_path / "flat"))
    assert flat.exit_code == 2
    assert "is not in the upstream layout: it has no vX.Y/<product>/ folders" in flat.output
    up = build(tmp_path)
    outside = run(tmp_path, "import-upstream", str(up.root))
    assert outside.exit_code == 2 and "no registry here" in outside.output
    (tmp_path / "a-file").write_text("")
    into_file = run(root, "import-upstream", str(up.root), "--into", str(tmp_path / "a-file"))
    assert into_file.exit_code == 2
    assert not (root / "data/vendors").exists()


def test_into_a_new_data_folder(tmp_path: Path) -> None:
    up = build(tmp_path)
    result = run(tmp_path, "import-upstream", str(up.root), "--into", str(tmp_path / "new/data"))
    assert result.exit_code == 0, result.output
    moved = yaml.safe_load((tmp_path / "new/data/import-map.yaml").read_text())
    assert moved["v1.15/Beta (Again)"] == "data/vendors/beta-systems/beta/v1.15"
    assert (tmp_path / "new/data/vendors/gamma/VENDOR.yaml").is_file()


def test_into_the_current_folder(tmp_path: Path) -> None:
    up = build(tmp_path)
    data = new_registry(tmp_path / "registry") / "data"
    result = run(data, "import-upstream", str(up.root), "--into", ".")
    assert result.exit_code == 0, result.output
    moved = yaml.safe_load((data / "import-map.yaml").read_text())
    assert moved["v1.15/gamma"] == "data/vendors/gamma/gamma-engine/v1.15"
