"""Rules on the shape of a submission: where it lives and which files it holds."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.base import Problem, Skip, fail, note, rule
from generator.checks.context import SubmissionContext
from generator.checks.text import PLACEHOLDER, readme_problems, shown_ascii, shown_path
from generator.loading.limits import FILE_LIMITS
from generator.loading.submission import REQUIRED_FILES, VENDORS_DIR

_KINDS = {
    "file": "a regular file",
    "dir": "a folder",
    "symlink": "a symbolic link",
    "fifo": "a named pipe (FIFO)",
    "socket": "a socket",
    "device": "a device",
    "other": "a special file",
}


@rule("layout", upstream="3")
def layout(ctx: SubmissionContext) -> Iterator[Problem]:
    """The submission is a folder `data/vendors/<vendor>/<product>/vX.Y/`.

    `<vendor>` and `<product>` are slugs: lower-case ASCII letters and digits in words joined by
    single hyphens, at most 63 characters (`acme`, `acme-cloud-kubernetes`). `vX.Y` is the
    Kubernetes release the results are for (`v1.35`). Nothing else may be placed under
    `data/vendors/`: no files beside the folders, no symbolic links.

    To fix: move the files into a folder of that form; the folder names become the product's
    address on the public site.
    """
    if not ctx.folder.layout_problems:
        yield note(f"{ctx.folder.rel} follows {VENDORS_DIR}/<vendor>/<product>/vX.Y/")
    for problem in ctx.folder.layout_problems:
        yield fail(problem, shown_path(ctx.folder.rel))


@rule("files-required", upstream="2")
def files_required(ctx: SubmissionContext) -> Iterator[Problem]:
    """The four result files are present, regular and not empty.

    A submission holds `PRODUCT.yaml` (what the product is), `README.md` (how to reproduce the
    results), `e2e.log` and `junit_01.xml` (from the Sonobuoy or Hydrophone run, found in the
    result tarball under `plugins/e2e/results/global/`). `certreg new --from TARBALL` creates
    all four; the README's placeholder text must be replaced.

    README.md is Markdown text, published on the product's page: no script, style or frame
    elements, no event handlers or style attributes, no `javascript:`, `data:` or `vbscript:`
    links, no link whose text names another address than the one it goes to, and no
    direction-override characters. The site removes all of these; the check says so first.
    """
    if ctx.folder.stray:
        raise Skip("not a submission folder")
    missing = 0
    for name in REQUIRED_FILES:
        entry = ctx.entries.get(name)
        if entry is None:
            missing += 1
            yield fail(f"{name} is missing: add it to the submission folder", name)
        elif not entry.is_file:
            missing += 1
            yield fail(f"{name} must be a regular file, not {_KINDS[entry.kind]}", name)
        elif entry.size == 0:
            missing += 1
            yield fail(f"{name} is empty", name)
    readme = ctx.readme
    if readme is not None and PLACEHOLDER in readme:
        line = readme[: readme.index(PLACEHOLDER)].count("\n") + 1
        yield fail(
            f"README.md still holds {PLACEHOLDER} placeholders: describe how to "
            "reproduce the results",
            "README.md",
            line,
        )
    if readme is not None:
        for problem in readme_problems(readme):
            yield fail(problem.message, "README.md", problem.line)
    if not missing:
        yield note("PRODUCT.yaml, README.md, e2e.log and junit_01.xml are present")


@rule("files-allowed", upstream="3")
def files_allowed(ctx: SubmissionContext) -> Iterator[Problem]:
    """The folder holds nothing but the four result files, each within its size limit.

    No other files, no subfolders, no symbolic or hard links. Limits: PRODUCT.yaml 64 KiB,
    README.md 1 MiB, e2e.log 64 MiB, junit_01.xml 32 MiB. Other material (screenshots, the
    result tarball) belongs in the product's own documentation, linked from README.md.
    """
    if ctx.folder.stray:
        raise Skip("not a submission folder")
    clean = True
    for entry in ctx.entries.values():
        name, where = shown_ascii(entry.name), shown_path(entry.name)
        if entry.kind == "symlink":
            clean = False
            yield fail(f"{name} is a symbolic link: links are not allowed", where)
        elif entry.kind == "dir":
            clean = False
            yield fail(f"{name} is a subfolder: a submission holds files only", where)
        elif entry.kind != "file":
            clean = False
            yield fail(f"{name} is {_KINDS[entry.kind]}, not a regular file", where)
        elif entry.name not in REQUIRED_FILES:
            clean = False
            yield fail(f"{name} is not one of {', '.join(REQUIRED_FILES)}: remove it", where)
        elif entry.links > 1:
            clean = False
            yield fail(f"{name} is a hard link: commit a plain copy", where)
        elif entry.size > FILE_LIMITS[entry.name]:
            clean = False
            yield fail(
                f"{entry.name} is {entry.size} bytes, over its limit of "
                f"{FILE_LIMITS[entry.name]} bytes",
                entry.name,
            )
    if clean:
        yield note("only the four result files, each within its size limit")
