"""Coverage-guided fuzzing of the readers and parsers with atheris.

    python fuzz/run.py [--seconds N] [TARGET ...]

Each target runs in its own process for N seconds (default 60) and must never raise: any
exception is a finding, written by libFuzzer as crash-* beside the corpus folders, and so is an
input that takes longer than a few seconds (a bomb) or too much memory. Targets:

- junit, e2elog: the result readers, on any bytes; the same answer twice;
- yaml, product: the YAML reader, and PRODUCT.yaml as the product-metadata check sees it;
- requirements: an official requirement list (a clear ConfigError is a right answer);
- slug: slugify gives a slug or nothing;
- title: the pull-request title parser, against a folder and against several;
- readme: the README checks and the site's README renderer (nothing active survives).

Each corpus folder (fuzz/corpus/<target>, not committed) starts from the project's example
files, so that the fuzzer begins from inputs that get deep into each reader.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = ("junit", "e2elog", "yaml", "product", "requirements", "slug", "title", "readme")
#: Seeds per target: files of the example submissions and adversarial cases.
SEEDS = {
    "junit": ("junit_01.xml",),
    "e2elog": ("e2e.log",),
    "yaml": ("PRODUCT.yaml", "VENDOR.yaml"),
    "product": ("PRODUCT.yaml",),
    "requirements": ("v1.35.yaml",),
    "readme": ("README.md",),
}
SEED_LIMIT = 256 * 1024
#: An input slower than this many seconds is a finding.
INPUT_TIMEOUT = 5
FOLDERS = (
    ("data/vendors/acme/acme-kube/v1.35",),
    ("data/vendors/acme/acme-kube/v1.34", "data/vendors/zeta/zeta-kube/v1.35"),
)
#: What the site's README renderer may output: these tags, and links to https or mailto only.
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre",
    "s", "samp", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"href", "title", "start", "tabindex", "rel"}


class _Inert(HTMLParser):
    """Fails on any tag, attribute or link that the README renderer must never output."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in _ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in _ALLOWED_ATTRIBUTES, name
            if name == "href":
                assert (value or "").startswith(("https://", "mailto:")), value


def _checker(target: str, scratch: Path) -> Callable[[bytes], None]:
    """The function atheris calls with each input, for one target."""
    from generator.checks import RULES
    from generator.checks.context import Environment, SubmissionContext
    from generator.checks.pr import title_problem
    from generator.checks.runner import run_rule
    from generator.checks.text import readme_problems
    from generator.loading.e2elog import read_e2e_log
    from generator.loading.files import SubmissionFiles
    from generator.loading.junit import read_junit
    from generator.loading.problems import ConfigError
    from generator.loading.program import load_program
    from generator.loading.requirements import parse_requirements
    from generator.loading.submission import SubmissionFolder
    from generator.loading.vendors import VendorBook
    from generator.loading.yamlfile import parse_yaml
    from generator.model.registry import SubmissionKey
    from generator.model.slugs import is_slug, slugify
    from generator.model.versions import Version
    from generator.site.markdown import render_readme

    os.environ["CERTREG_DEBUG"] = "1"
    submission = scratch.parent / "acme" / "acme-kube" / "v1.35"
    submission.mkdir(parents=True, exist_ok=True)
    folder = SubmissionFolder(
        str(submission),
        "data/vendors/acme/acme-kube/v1.35",
        SubmissionKey("acme", "acme-kube", Version(1, 35)),
    )
    env = Environment(
        root=ROOT,
        program=load_program(ROOT),
        requirements={},
        vendors=VendorBook(ROOT / "tests" / "examples" / "base"),
        review_date=dt.date(2026, 1, 10),
        certified={},
    )
    product_rules = [
        r for r in RULES if r.id in ("product-metadata", "product-links", "vendor-policy")
    ]

    def as_file(data: bytes) -> Path:
        scratch.write_bytes(data)
        return scratch

    def junit(data: bytes) -> None:
        first = read_junit(as_file(data))
        assert first == read_junit(scratch)

    def e2elog(data: bytes) -> None:
        assert read_e2e_log(as_file(data)) == read_e2e_log(scratch)

    def yaml(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        first, second = parse_yaml(text), parse_yaml(text)
        assert first.data == second.data or first.data != first.data  # NaN is never equal

    def product(data: bytes) -> None:
        (submission / "PRODUCT.yaml").write_bytes(data)
        ctx = SubmissionContext(SubmissionFiles(folder), env)
        for rule in product_rules:
            run_rule(rule, ctx)  # CERTREG_DEBUG is set: a bug in a rule raises

    def requirements(data: bytes) -> None:
        with contextlib.suppress(ConfigError):  # a clear error is the right answer
            parse_requirements(data.decode("utf-8", "replace"), Version(1, 35), "fuzz.yaml")

    def slug(data: bytes) -> None:
        made = slugify(data.decode("utf-8", "replace"))
        assert made == "" or is_slug(made)

    def title(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        for folders in FOLDERS:
            found = title_problem(text, folders)
            assert found is None or found.startswith("the title"), found
            assert found == title_problem(text, folders)
            if found is None:
                assert text.isprintable() and "\n" not in text

    def readme(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        readme_problems(text)
        html = str(render_readme(text, "data/vendors/a/b/v1.35", "https://x.example/{path}"))
        _Inert().feed(html)

    return {
        "junit": junit,
        "e2elog": e2elog,
        "yaml": yaml,
        "product": product,
        "requirements": requirements,
        "slug": slug,
        "title": title,
        "readme": readme,
    }[target]


def fuzz_one(target: str) -> None:  # runs inside the child process
    import atheris

    sys.path.insert(0, str(HERE))
    with atheris.instrument_imports(include=["generator"]):
        scratch = Path(tempfile.mkdtemp(prefix="certreg-fuzz-")) / "input"
        check = _checker(target, scratch)
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


def seed(target: str, corpus: Path) -> None:
    """Start an empty corpus from the project's example files for this target."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    names = SEEDS.get(target, ())
    found = sorted(
        path
        for folder in (ROOT / "tests" / "examples", ROOT / "tests" / "adversarial")
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.name in names and path.is_file() and not path.is_symlink()
    )
    for index, path in enumerate(found):
        if path.stat().st_size <= SEED_LIMIT:
            shutil.copyfile(path, corpus / f"seed-{index:04d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("targets", nargs="*", default=list(TARGETS))
    args = parser.parse_args()
    failed = []
    for target in args.targets:
        corpus = HERE / "corpus" / target
        seed(target, corpus)
        command = [
            sys.executable,
            __file__,
            "--child",
            target,
            f"-max_total_time={args.seconds}",
            f"-timeout={INPUT_TIMEOUT}",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
            f"-artifact_prefix={corpus.parent}/crash-{target}-",
            str(corpus),
        ]
        print(f"== {target}: {args.seconds} s", flush=True)
        started = time.monotonic()
        done = subprocess.run(command, check=False)
        print(f"== {target}: ran {time.monotonic() - started:.0f} s", flush=True)
        if done.returncode != 0:
            failed.append(target)
    print("findings in: " + ", ".join(failed) if failed else "no findings")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        chosen = sys.argv[2]
        del sys.argv[1:3]
        fuzz_one(chosen)
    else:
        sys.exit(main())
