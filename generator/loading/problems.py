"""A problem found while reading a file: kept as data so one bad file hides nothing else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadProblem:
    message: str
    line: int | None = None


class ConfigError(Exception):
    """A maintainer-owned file (program, requirement list, revocations) cannot be used.

    The command line turns it into exit code 2 with the file named, never a traceback.
    """

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.message = message
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
