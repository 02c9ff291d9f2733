"""What happened in the registry, for the Atom feed: new, renewed, expiring, expired, revoked.

Events are derived from the data alone (certification dates, expiry dates, revocations), so two
builds as of the same date give the same feed, and an event keeps its id for ever.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from generator.model.registry import Certification, Product, State, state_for
from generator.model.versions import Version

ONE_DAY = timedelta(days=1)


class EventKind(enum.Enum):
    NEW = "new"
    RENEWED = "renewed"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Event:
    day: date
    kind: EventKind
    product: Product
    certification: Certification | None
    until: date | None

    @property
    def key(self) -> str:
        """Stable identity: what happened to which product (and version, or end date)."""
        detail = str(self.version) if self.version is not None else str(self.until)
        return f"{self.kind.value}/{self.product.id}/{detail}"

    @property
    def version(self) -> Version | None:
        return self.certification.key.version if self.certification is not None else None


def registry_events(
    products: tuple[Product, ...], day: date, warning_days: int, newest: int | None = None
) -> list[Event]:
    """Every event up to `day`, newest first; with `newest`, only the first `newest` of them.

    Every approval and every revocation is an event. So when there are `newest` of those on
    or after some day, no event before that day is among the first `newest`, and a product
    whose events all come before it is not looked at (its events cost a pass over its
    certifications for each of them)."""
    since = _sure_since(products, day, newest) if newest is not None else None
    found = [
        e
        for p in products
        if since is None or _latest_possible(p, day, warning_days) >= since
        for e in product_events(p, day, warning_days)
    ]
    order = list(EventKind)
    found.sort(key=lambda e: (-e.day.toordinal(), order.index(e.kind), e.key))
    return found[:newest] if newest is not None else found


def _sure_since(products: tuple[Product, ...], day: date, newest: int) -> date | None:
    """The day of the `newest`-th newest approval or revocation up to `day` (each is an
    event); None when there are fewer."""
    days = [c.certified_on for p in products for c in p.certifications if c.certified_on]
    days += [c.revocation.revoked for p in products for c in p.certifications if c.revocation]
    days = sorted((d for d in days if d <= day), reverse=True)
    return days[newest - 1] if newest > 0 and len(days) >= newest else None


def _latest_possible(product: Product, day: date, warning_days: int) -> date:
    """A day on or after that of every event of `product` up to `day`."""
    latest = date.min
    warning = timedelta(days=warning_days)
    for cert in product.certifications:
        revoked = cert.revocation.revoked if cert.revocation is not None else None
        # An approval, a revocation, or one of the days _lapses looks at.
        for when in (cert.certified_on, revoked, cert.expires_on - warning):
            if when is not None and latest < when <= day:
                latest = when
        after = cert.expires_on + ONE_DAY
        if latest < after <= day:
            latest = after
    return latest


def product_events(product: Product, day: date, warning_days: int) -> list[Event]:
    events = [*_approvals(product, day, warning_days), *_revocations(product, day)]
    seen: set[str] = set()
    for event in _lapses(product, day, warning_days):
        if event.key not in seen:
            seen.add(event.key)
            events.append(event)
    return events


def _state_on(product: Product, day: date, warning_days: int) -> State | None:
    """`product.known_on(day).state(day, warning_days)`, None when nothing was known yet; in
    one pass over the certifications (the feed asks this thousands of times)."""
    known, until = _known_until(product, day)
    if not known:
        return None
    return state_for(until, day, warning_days) if until is not None else State.REVOKED


def _known_until(product: Product, day: date) -> tuple[bool, date | None]:
    """Whether any certification was approved by `day`, and the latest expiry among those
    approved by then and not revoked on it (`Product.known_on(day).certified_until(day)`)."""
    known = False
    until: date | None = None
    for cert in product.certifications:
        if cert.certified_on is not None and cert.certified_on > day:
            continue
        known = True
        if cert.revocation is not None and cert.revocation.revoked <= day:
            continue
        if until is None or cert.expires_on > until:
            until = cert.expires_on
    return known, until


def _approvals(product: Product, day: date, warning_days: int) -> list[Event]:
    events = []
    for cert in product.certifications:
        if cert.certified_on is None or cert.certified_on > day:
            continue
        before = _state_on(product, cert.certified_on - ONE_DAY, warning_days)
        renewed = before is not None and before.is_current
        kind = EventKind.RENEWED if renewed else EventKind.NEW
        events.append(Event(cert.certified_on, kind, product, cert, None))
    return events


def _revocations(product: Product, day: date) -> list[Event]:
    return [
        Event(c.revocation.revoked, EventKind.REVOKED, product, c, None)
        for c in product.certifications
        if c.revocation is not None and c.revocation.revoked <= day
    ]


def _lapses(product: Product, day: date, warning_days: int) -> list[Event]:
    """Entering the warning window, and running out: found where the product's state changes."""
    candidates: set[date] = set()
    for cert in product.certifications:
        candidates |= {cert.expires_on - timedelta(days=warning_days), cert.expires_on + ONE_DAY}
        if cert.revocation is not None:
            candidates.add(cert.revocation.revoked)
    events = []
    for when in sorted(d for d in candidates if d <= day):
        before = _state_on(product, when - ONE_DAY, warning_days)
        now = _state_on(product, when, warning_days)
        if before is None or now is None:
            continue
        until = _known_until(product, when)[1]
        if now is State.EXPIRING and before is State.ACTIVE:
            events.append(Event(when, EventKind.EXPIRING, product, None, until))
        elif now is State.EXPIRED and before.is_current:
            events.append(Event(when, EventKind.EXPIRED, product, None, until))
    return events
