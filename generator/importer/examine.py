"""One upstream submission folder: can it be imported, which files go, and what stays behind.

A folder is importable when its top level holds exactly one product file (`PRODUCT.yaml`, or
`PRODUCT.yml`, `product.yml`, `PRODUCT.YML` ...), a README.md, an e2e.log and a junit_01.xml,
each a non-empty regular file, and the product file is a YAML mapping naming the vendor. Only
those four files are carried over (under their canonical names, byte for byte): anything else
(screenshots, PDFs, result tarballs, subfolders) would fail `files-allowed`, so it is left out and
reported. Result files found only in a subfolder are misplaced: the folder is kept out, since
choosing among copies is a maintainer's call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.importer.listing import PRODUCT_FILE_NAMES, SourceFile, SourceFolder
from generator.importer.names import vendor_key
from generator.loading.problems import ReadProblem
from generator.loading.submission import REQUIRED_FILES
from generator.loading.yamlfile import parse_yaml

PRODUCT = "PRODUCT.yaml"
_CANONICAL = {name.casefold(): name for name in REQUIRED_FILES} | dict.fromkeys(
    PRODUCT_FILE_NAMES, PRODUCT
)


@dataclass(frozen=True)
class Skip:
    """An upstream folder kept out of the import, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Carry:
    """One file to copy: its path in the upstream folder and its name in the new one."""

    source: str
    target: str

    @property
    def renamed(self) -> bool:
        return self.source != self.target


@dataclass(frozen=True)
class Candidate:
    """An importable upstream folder, before it has a vendor and product slug."""

    folder: SourceFolder
    vendor_name: str
    product_name: str
    named_after_folder: bool
    product: dict[str, Any]
    carries: tuple[Carry, ...]
    left_out: tuple[str, ...]
    approved: dt.date | None

    @property
    def source(self) -> str:
        return self.folder.rel

    @property
    def order(self) -> tuple[Any, ...]:
        """Oldest first: by release, then approval date, then folder name."""
        return (self.folder.version, self.approved or dt.date.min, self.folder.name)


def canonical(name: str) -> str | None:
    """The required file a name stands for (`PRODUCT.yml` -> `PRODUCT.yaml`), if any."""
    return _CANONICAL.get(name.casefold())


def examine(folder: SourceFolder, approved: dt.date | None) -> Candidate | Skip:
    """Decide about one folder; every reason it cannot be imported is in the Skip."""
    chosen: dict[str, SourceFile] = {}
    problems = []
    for required in REQUIRED_FILES:
        problem, found = _required(folder, required)
        if problem:
            problems.append(problem)
        elif found is not None:
            chosen[required] = found
    product: dict[str, Any] | None = None
    if PRODUCT in chosen:
        product, problem = _product(folder, chosen[PRODUCT].path)
        if problem:
            problems.append(problem)
    if problems or product is None:
        return Skip(folder.rel, "; ".join(problems))
    name = product.get("name")
    named_after_folder = not (isinstance(name, str) and name.strip())
    carries = tuple(Carry(chosen[n].path, n) for n in REQUIRED_FILES)
    return Candidate(
        folder=folder,
        vendor_name=str(product["vendor"]).strip(),
        product_name=folder.name if named_after_folder else str(name).strip(),
        named_after_folder=named_after_folder,
        product=product,
        carries=carries,
        left_out=_left_out(folder, {c.source for c in carries}),
        approved=approved,
    )


def _required(folder: SourceFolder, name: str) -> tuple[str | None, SourceFile | None]:
    top = [f for f in folder.files if f.top and canonical(f.path) == name]
    if len(top) > 1:
        spelled = ", ".join(f.path for f in top)
        return f"it holds {len(top)} copies of {name} ({spelled}): keep one upstream", None
    if not top:
        nested = sorted(
            (f.path for f in folder.files if not f.top and canonical(_base(f.path)) == name),
            key=lambda p: (p.count("/"), p),
        )
        if nested:
            more = f" (and {len(nested) - 1} more)" if len(nested) > 1 else ""
            return f"{name} is not at the top of the folder but at {nested[0]}{more}", None
        return f"{name} is missing", None
    found = top[0]
    if found.kind != "file":
        what = "a symbolic link" if found.kind == "symlink" else "not a regular file"
        return f"{found.path} is {what}", None
    if found.size == 0:
        return f"{found.path} is empty", None
    return None, found


def _product(folder: SourceFolder, path: str) -> tuple[dict[str, Any] | None, str | None]:
    text = folder.product_texts.get(path)
    if isinstance(text, ReadProblem) or text is None:
        why = text.message if isinstance(text, ReadProblem) else "cannot be read"
        return None, f"{path} {why}"
    doc = parse_yaml(text)
    if not doc.ok:
        problem = doc.problems[0]
        where = f" at line {problem.line}" if problem.line else ""
        return None, (f"{path} cannot be read{where} ({problem.message}), so its vendor is unknown")
    if not isinstance(doc.data, dict):
        return None, f"{path} is not a mapping of fields, so its vendor is unknown"
    vendor = doc.data.get("vendor")
    if not isinstance(vendor, str) or not vendor_key(vendor):
        return None, f"{path} names no vendor"
    return doc.data, None


def _base(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _left_out(folder: SourceFolder, carried: set[str]) -> tuple[str, ...]:
    """What is not carried: top-level files by name, each subfolder once with what it holds."""
    extra: list[str] = []
    subfolders: dict[str, list[str]] = {}
    for item in folder.files:
        if item.path in carried:
            continue
        if item.top:
            extra.append(item.path + (" (a symbolic link)" if item.kind == "symlink" else ""))
        else:
            top, _, rest = item.path.partition("/")
            subfolders.setdefault(top, []).append(rest)
    for name, inside in sorted(subfolders.items()):
        count = f"{len(inside)} file{'s' if len(inside) != 1 else ''}"
        results = sorted({_base(p) for p in inside if canonical(_base(p)) is not None})
        among = f", among them {', '.join(results)}" if results else ""
        extra.append(f"{name}/ ({count}{among})")
    return tuple(extra)
