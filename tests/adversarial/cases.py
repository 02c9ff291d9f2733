"""Building the adversarial cases: a registry per case, with the files its case.yaml asks for.

A case folder holds files that replace or add to the base submission's (tests/examples/base), and
`case.yaml`:

```yaml
# what the attack or accident is
path: data/vendors/acme/acme-kube/v1.35  # where the submission goes (the default)
as_of: 2026-01-10                        # the review date (the default)
args: [--strict]                         # more options for certreg validate
paths: [data/vendors/acme/alias/v1.35]   # what to validate, if not `path`
remove: [e2e.log]                        # base files to leave out
also: [data/vendors/acme/other/v1.35]    # more copies of the base submission
make:                                    # files made at test time (large, special, odd names)
  - {name: junit_01.xml, sparse: 33554433}            # a sparse file of that size
  - {name: e2e.log, fifo: true}                       # a named pipe
  - {name: README.md, symlink: "{outside}/secret"}    # a symbolic link
  - {name: e2e.log, hardlink: "{outside}/e2e.log"}    # a hard link to a copy elsewhere
  - {name: junit_01.xml, repeat: {head: "..", body: "..", times: 5000, close: "..", tail: ".."}}
  - {name: "README.md\\e[2J", copy: README.md}        # a copy of a base file under a new name
  - {name: PRODUCT.yaml, text: "..."}                 # text written as UTF-8
  - {name: PRODUCT.yaml, encode: utf-16, copy: PRODUCT.yaml}
  - {name: junit_01.xml, truncate: 700}               # the file cut after 700 bytes
  - {root: data/vendors/acme/alias, symlink: acme-kube}  # `root:` is relative to the registry
  - {outside: acme/v1.35, folder: true}               # `outside:` to the folder beside it
pr: {title: "...", branch: "...", base: main, add: {".github/workflows/x.yml": "..."}}
                                         # base: a name to give main too, and to review against
exit: 1                                  # the exit code (1 unless said)
usage: "fragment"                        # for exit 2: a fragment of the error message
text: true                               # also check the text report for raw control characters
expect:                                  # every fail and warn, each with a message fragment
  - {check: files-allowed, status: fail, message: "...", file: junit_01.xml, line: 3}
```

`{outside}` is a folder beside the registry (outside it), `{registry}` the registry itself. A
case with `pr:` is a real git repository (tests/git/repos.py): main with a merged submission, and
a branch adding the case's submission in one commit, reviewed with `--base`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import EXAMPLES, ROOT

HERE = Path(__file__).resolve().parent
DEFAULT_PATH = "data/vendors/acme/acme-kube/v1.35"
CASES = sorted(p for p in HERE.iterdir() if (p / "case.yaml").is_file())


@dataclass
class Case:
    folder: Path
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def path(self) -> str:
        return str(self.spec.get("path", DEFAULT_PATH))

    @property
    def exit(self) -> int:
        return int(self.spec.get("exit", 1))

    @property
    def expect(self) -> list[dict[str, Any]]:
        return list(self.spec.get("expect") or [])

    @property
    def pr(self) -> dict[str, Any] | None:
        pr = self.spec.get("pr")
        return dict(pr) if pr else None


def load(folder: Path) -> Case:
    return Case(folder, yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {})


@dataclass
class Built:
    """A case laid out on disk: the registry, the folder outside it, and the command's args."""

    registry: Path
    outside: Path
    argv: list[str] = field(default_factory=list)


def plain_registry(root: Path) -> None:
    """The tiny registry of tests/examples/base: three required tests for v1.35, one vendor."""
    shutil.copytree(EXAMPLES / "base" / "data", root / "data")
    shutil.copy(ROOT / "data" / "program.yaml", root / "data" / "program.yaml")


def place(root: Path, rel: str) -> Path:
    target = root / rel
    shutil.copytree(EXAMPLES / "base" / "submission", target)
    return target


def fill(case: Case, root: Path, outside: Path, folder: Path) -> None:
    """Put the case's files into the submission `folder` and make the special ones."""
    for name in case.spec.get("remove", []):
        target = folder / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for item in sorted(case.folder.iterdir()):
        if item.name == "case.yaml":
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
        else:
            shutil.copy(item, folder / item.name)
    for spec in case.spec.get("make", []):
        make(spec, root, outside, folder)


def _expand(text: str, root: Path, outside: Path) -> str:
    return text.replace("{outside}", str(outside)).replace("{registry}", str(root))


def make(spec: dict[str, Any], root: Path, outside: Path, folder: Path) -> None:
    """Make one file that a git checkout could hold but a folder of test files cannot."""
    if "root" in spec:
        target = root / spec["root"]
    elif "outside" in spec:
        target = outside / spec["outside"]
    else:
        target = folder / spec["name"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
    if "sparse" in spec:
        with target.open("wb") as handle:
            handle.truncate(int(spec["sparse"]))  # a hole: no disk, no time
    elif spec.get("fifo"):
        os.mkfifo(target)
    elif "symlink" in spec:
        link = _expand(str(spec["symlink"]), root, outside)
        source = Path(link) if Path(link).is_absolute() else target.parent / link
        if not source.exists() and str(outside) in link:
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text("a file outside the registry\n")
        target.symlink_to(link)
    elif "hardlink" in spec:
        source = Path(_expand(str(spec["hardlink"]), root, outside))
        source.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / "base" / "submission" / spec["name"], source)
        os.link(source, target)
    elif "repeat" in spec:
        part = spec["repeat"]
        times = int(part["times"])
        body = str(part["body"]) * times + str(part.get("close", "")) * times
        target.write_text(str(part.get("head", "")) + body + str(part.get("tail", "")))
    elif "copy" in spec:
        data = (EXAMPLES / "base" / "submission" / spec["copy"]).read_bytes()
        if "encode" in spec:
            data = data.decode("utf-8").encode(spec["encode"])
        target.write_bytes(data)
    elif "text" in spec:
        target.write_bytes(str(spec["text"]).encode(spec.get("encode", "utf-8")))
    elif "folder" in spec:
        shutil.copytree(EXAMPLES / "base" / "submission", target)
    if "truncate" in spec:
        with target.open("r+b") as handle:
            handle.truncate(int(spec["truncate"]))


def build(case: Case, base: Path) -> Built:
    """Lay the case out under `base`; return where, and the arguments for certreg."""
    root, outside = base / "registry", base / "outside"
    outside.mkdir(parents=True)
    as_of = str(case.spec.get("as_of", "2026-01-10"))
    options = ["--format", "json", "--as-of", as_of, *map(str, case.spec.get("args", []))]
    if case.pr is not None:
        return _build_pr(case, root, outside, options)
    plain_registry(root)
    folder = place(root, case.path)
    for other in case.spec.get("also", []):
        place(root, other)
    fill(case, root, outside, folder)
    paths = [str(p) for p in case.spec.get("paths", [case.path])]
    return Built(root, outside, ["validate", *options, *paths])


def _build_pr(case: Case, root: Path, outside: Path, options: list[str]) -> Built:
    from tests.git.repos import ACME, merged_registry

    pr = case.pr or {}
    registry = merged_registry(root)
    registry.repo.git.checkout("-q", "-b", str(pr.get("branch", "pr")), "main")
    folder = registry.submission(ACME)
    with (folder / "junit_01.xml").open("a") as report:  # a run of its own, not zeta's copy
        report.write("<!-- acme's run -->\n")
    fill(case, root, outside, folder)
    for rel, text in (pr.get("add") or {}).items():
        registry.write(rel, str(text))
    registry.repo.git.add("--all", "--force")
    registry.repo.git.commit("--no-verify", "-q", "-m", "Conformance results")
    base = str(pr.get("base", "main"))
    if base != "main" and not base.startswith("-") and "\n" not in base:
        registry.repo.git.branch(base, "main")
    title = ["--title", str(pr["title"])] if "title" in pr else []
    return Built(root, outside, ["validate", "--base", base, *title, *options])
