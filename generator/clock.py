"""The one place "now" comes from: --as-of, then SOURCE_DATE_EPOCH, then the clock."""

from __future__ import annotations

import datetime as dt
import os


def today(as_of: str | dt.date | None = None) -> dt.date:
    """The date the run is judged as of; raise ValueError for a malformed --as-of."""
    if isinstance(as_of, dt.date):
        return as_of
    if as_of:
        return dt.date.fromisoformat(as_of)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()
