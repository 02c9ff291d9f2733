"""Reading a Sonobuoy result tarball, which comes from outside: no member is extracted by its
own name, links are never followed, sizes are bounded, and only what is needed is read."""

from __future__ import annotations

import json
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

from generator.loading.limits import FILE_LIMITS
from generator.model.versions import Version

RESULTS = "plugins/e2e/results/global/"
WANTED = ("e2e.log", "junit_01.xml")
#: Stop reading a tarball after this many members or this much unpacked data.
MAX_MEMBERS = 200_000
MAX_UNPACKED = 8 * 1024**3


class TarballError(Exception):
    """The tarball cannot be used; the message says why."""


@dataclass(frozen=True)
class Extracted:
    files: dict[str, Path]
    server_version: Version | None


def _wanted_name(member: tarfile.TarInfo) -> str | None:
    name = member.name.replace("\\", "/").lstrip("./")
    for wanted in WANTED:
        if name == RESULTS + wanted or name.endswith("/" + RESULTS + wanted):
            return wanted
    return None


def _server_version(data: bytes) -> Version | None:
    try:
        info = json.loads(data)
    except ValueError:
        return None
    if not isinstance(info, dict):
        return None
    text = info.get("gitVersion") or f"{info.get('major', '')}.{info.get('minor', '')}"
    return Version.parse_lenient(str(text).rstrip("+"))


def extract_results(tarball: Path, into: Path) -> Extracted:
    """Copy e2e.log and junit_01.xml out of a Sonobuoy tarball into the folder `into`."""
    found: dict[str, Path] = {}
    version = None
    try:
        with tarfile.open(tarball, mode="r:*") as archive:
            for count, member in enumerate(archive):
                if count > MAX_MEMBERS or member.offset_data > MAX_UNPACKED:
                    raise TarballError("the tarball is too large to be a Sonobuoy result")
                name = _wanted_name(member)
                if (
                    member.name.endswith("serverversion.json")
                    and member.isreg()
                    and member.size < 65536
                ):
                    handle = archive.extractfile(member)
                    version = _server_version(handle.read()) if handle else version
                if name is None or name in found:
                    continue
                if not member.isreg():
                    raise TarballError(f"{member.name} in the tarball is not a regular file")
                if member.size > FILE_LIMITS[name]:
                    raise TarballError(
                        f"{member.name} is larger than the limit of {FILE_LIMITS[name]} bytes"
                    )
                source = archive.extractfile(member)
                if source is None:
                    raise TarballError(f"{member.name} cannot be read")
                target = into / name
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
                found[name] = target
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise TarballError(f"{tarball} is not a readable tarball: {error}") from error
    missing = [name for name in WANTED if name not in found]
    if missing:
        raise TarballError(
            f"{tarball} has no {', '.join(RESULTS + m for m in missing)}: is it "
            "the result tarball of `sonobuoy retrieve`?"
        )
    return Extracted(found, version)
