"""What folders hold, as lstat saw it: asked of the disk folder by folder, or taken of a whole
tree in one walk and reused by everything that needs it in the same run.

A build names its inputs by walking data/ once (see generator/site/uptodate.py); finding the
submissions and listing what each holds then costs no second walk. Nothing here follows a
symbolic link: an entry that is a link is listed as a link.
"""

from __future__ import annotations

import os
import stat

#: An entry of a folder: its name and what lstat says of it.
Item = tuple[str, os.stat_result]


class Listing:
    """Folders by absolute path -> their entries, sorted by name."""

    def __init__(self, taken: dict[str, list[Item]] | None = None) -> None:
        self._taken = taken if taken is not None else {}

    def children(self, folder: str) -> list[Item] | None:
        """The entries of `folder` (an absolute path); None when it is not a folder (a link to
        one is not) or cannot be read."""
        found = self._taken.get(folder)
        if found is not None:
            return found
        return scan(folder)

    def lstat(self, path: str) -> os.stat_result | None:
        """What lstat says of `path` (absolute), as the walk saw it; None when it is not there."""
        parent, _, name = path.rpartition("/")
        siblings = self._taken.get(parent)
        if siblings is not None:
            for item_name, info in siblings:
                if item_name == name:
                    return info
            return None
        try:
            return os.lstat(path)
        except OSError:
            return None


def scan(folder: str) -> list[Item] | None:
    """The entries of `folder`, sorted by name, without following links; None when it is not a
    folder or cannot be read."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return None
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.stat(follow_symlinks=False)) for entry in entries]
    except OSError:
        return None
    found.sort(key=_name)
    return found


def _name(item: Item) -> str:
    return item[0]
