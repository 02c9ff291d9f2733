"""Real git repositories in temp folders, holding small registries, for the git tests.

The registry: a program with releases up to v1.39 (so that late review dates can put v1.35
outside the certifiable window), the three-test v1.35 list and the valid submission of
tests/examples/base, and two vendors: acme (Acme Kubernetes) and zeta (Zeta Kubernetes).
Commits are made with the git program at the dates given, so history is exactly as stated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import yaml

from tests.conftest import EXAMPLES

PROGRAM = """\
name: Certified Kubernetes
releases:
  - {version: v1.33, released: 2025-04-23}
  - {version: v1.34, released: 2025-08-27}
  - {version: v1.35, released: 2025-12-17}
  - {version: v1.36, released: 2026-04-22}
  - {version: v1.37, released: 2026-08-26}
  - {version: v1.38, released: 2026-12-16}
  - {version: v1.39, released: 2027-04-21}
certifiable_versions: 3
product_types: [distribution, hosted platform, installer]
requirements:
  url: https://example.org/release-{version}/conformance.yaml
review:
  single_commit: 'LEVEL'
"""

ACME = "data/vendors/acme/acme-kube/v1.35"
ZETA = "data/vendors/zeta/zeta-kube/v1.35"
REVIEW_DAY = "2026-01-20"


class GitRegistry:
    """A registry that is a git repository, with the moves of a pull-request workflow."""

    def __init__(self, root: Path, single_commit: str = "error") -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Maintainer")
            config.set_value("user", "email", "maintainer@example.org")
            config.set_value("commit", "gpgsign", "false")
        self.write("data/program.yaml", PROGRAM.replace("LEVEL", single_commit))
        shutil.copytree(EXAMPLES / "base" / "data" / "conformance", root / "data" / "conformance")
        self.vendor("acme", "Acme Container Works, Inc.", "Acme Kubernetes")
        self.vendor("zeta", "Zeta Systems GmbH", "Zeta Kubernetes")

    # files

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def vendor(self, slug: str, name: str, offering: str) -> None:
        record = yaml.safe_load((EXAMPLES / "base/data/vendors/acme/VENDOR.yaml").read_text())
        record["name"] = name
        record["offerings"] = [{"name": offering, "website_url": f"https://{slug}.example/k8s"}]
        self.write(f"data/vendors/{slug}/VENDOR.yaml", yaml.safe_dump(record, sort_keys=False))

    def submission(self, rel: str) -> Path:
        """A valid v1.35 submission at `rel`, for the vendor its folder names."""
        target = self.root / rel
        shutil.copytree(EXAMPLES / "base" / "submission", target)
        vendor = rel.split("/")[2]
        record = yaml.safe_load((self.root / f"data/vendors/{vendor}/VENDOR.yaml").read_text())
        product = yaml.safe_load((target / "PRODUCT.yaml").read_text())
        product["vendor"] = record["name"]
        product["name"] = record["offerings"][0]["name"]
        (target / "PRODUCT.yaml").write_text(yaml.safe_dump(product, sort_keys=False))
        return target

    # history

    def commit(self, message: str, when: str) -> str:
        """Commit everything at `when` (ISO 8601 with offset), as author and committer."""
        self.repo.git.add("--all")
        self.repo.git.commit("--no-verify", "-m", message, env=_dates(when))
        return self.head()

    def head(self) -> str:
        return str(self.repo.head.commit.hexsha)

    def branch(self, name: str, start: str = "main") -> None:
        self.repo.git.checkout("-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.repo.git.checkout("-q", name)

    def merge(self, branch: str, when: str, how: str = "merge") -> str:
        """Land `branch` on main as GitHub's buttons do: merge commit, squash, or rebase."""
        self.checkout("main")
        if how == "merge":
            self.repo.git.merge("--no-ff", "-m", f"Merge {branch}", branch, env=_dates(when))
        elif how == "squash":
            self.repo.git.merge("--squash", branch)
            self.repo.git.commit("--no-verify", "-m", f"{branch} (squashed)", env=_dates(when))
        else:
            self.checkout(branch)
            self.repo.git.rebase("--force-rebase", "main", env=_dates(when))
            self.checkout("main")
            self.repo.git.merge("--ff-only", branch)
        return self.head()


def _dates(when: str) -> dict[str, str]:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


def merged_registry(root: Path, single_commit: str = "error") -> GitRegistry:
    """main with the vendors (2025-12-01) and zeta's v1.35 merged on 2026-01-05 at noon UTC."""
    registry = GitRegistry(root, single_commit)
    registry.commit("The program, a requirement list and two vendors", "2025-12-01T09:00:00+00:00")
    registry.branch("zeta")
    registry.submission(ZETA)
    registry.commit("Conformance results for v1.35/zeta/zeta-kube", "2026-01-02T10:00:00+00:00")
    registry.merge("zeta", "2026-01-05T12:00:00+00:00")
    return registry
