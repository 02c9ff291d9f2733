"""Coverage-guided fuzzing of the readers with atheris.

    python fuzz/run.py [--seconds N] [TARGET ...]

Each target runs in its own process for N seconds (default 60) and must never raise: any
exception is a finding, written by libFuzzer as crash-* beside the corpus folder. Targets:
junit, e2elog, yaml, requirements, title (when the pull-request title parser exists).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("junit", "e2elog", "yaml", "requirements", "slug")


def fuzz_one(target: str) -> None:  # runs inside the child process
    import atheris

    with atheris.instrument_imports():
        from generator.loading.e2elog import read_e2e_log
        from generator.loading.junit import read_junit
        from generator.loading.problems import ConfigError
        from generator.loading.requirements import parse_requirements
        from generator.loading.yamlfile import parse_yaml
        from generator.model.slugs import is_slug, slugify
        from generator.model.versions import Version

    scratch = Path(tempfile.mkdtemp(prefix="certreg-fuzz-")) / "input"

    def as_file(data: bytes) -> Path:
        scratch.write_bytes(data)
        return scratch

    def one(data: bytes) -> None:
        text = data.decode("utf-8", "replace")
        if target == "junit":
            first, second = read_junit(as_file(data)), read_junit(scratch)
            assert first == second
        elif target == "e2elog":
            assert read_e2e_log(as_file(data)) == read_e2e_log(scratch)
        elif target == "yaml":
            parse_yaml(text)
        elif target == "requirements":
            with contextlib.suppress(ConfigError):  # a clear error is the right answer
                parse_requirements(text, Version(1, 35), "fuzz.yaml")
        elif target == "slug":
            slug = slugify(text)
            assert slug == "" or is_slug(slug)

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("targets", nargs="*", default=list(TARGETS))
    args = parser.parse_args()
    failed = []
    for target in args.targets:
        corpus = HERE / "corpus" / target
        corpus.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            __file__,
            "--child",
            target,
            f"-max_total_time={args.seconds}",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={corpus.parent}/crash-{target}-",
            str(corpus),
        ]
        print(f"== {target}: {args.seconds} s", flush=True)
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            failed.append(target)
    print("findings in: " + ", ".join(failed) if failed else "no findings")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        target = sys.argv[2]
        del sys.argv[1:3]
        fuzz_one(target)
    else:
        sys.exit(main())
