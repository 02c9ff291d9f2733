"""The lifecycle as the site shows it: states, the chain rule, provisional dates, events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.registry import (
    Certification,
    Product,
    ProductInfo,
    Registry,
    Revocation,
    State,
    SubmissionKey,
)
from generator.model.versions import Version
from generator.site.events import EventKind, product_events, registry_events
from generator.site.feeds import entry_id
from generator.site.snapshot import Snapshot
from generator.site.status import ProductStatus
from tests.site import sample


def status(snap: Snapshot, product_id: str) -> ProductStatus:
    return next(s for pid, s in snap.statuses.items() if pid == product_id)


def test_states_as_of_the_build_date(snap: Snapshot) -> None:
    states = {pid: s.state for pid, s in snap.statuses.items()}
    assert states == {
        "acme/kube": State.ACTIVE,
        "acme/kube-edge": State.EXPIRING,
        "nimbus/engine": State.EXPIRED,
        "nimbus/fleet": State.REVOKED,
        "shady/evil-dist": State.ACTIVE,
    }


def test_chain_rule_keeps_older_certifications_valid(snap: Snapshot) -> None:
    kube = status(snap, "acme/kube")
    assert kube.until == date(2027, 8, 26)
    assert kube.provisional  # v1.37 is the newest release: its expiry is provisional
    oldest = kube.product.certifications[0]
    assert oldest.expires_on == date(2027, 1, 22)  # alone it would be expiring
    assert kube.state_of(oldest) is State.ACTIVE


def test_expired_product_says_when(snap: Snapshot) -> None:
    engine = status(snap, "nimbus/engine")
    assert engine.until == date(2026, 5, 27)  # v1.34 released 2025-08-27, + 9 months
    assert not engine.provisional


def test_revoked_product_has_no_end_date_and_shows_its_newest(snap: Snapshot) -> None:
    fleet = status(snap, "nimbus/fleet")
    assert fleet.until is None
    assert str(fleet.newest.key.version) == "v1.36"


def test_a_past_build_date_hides_later_certifications(small_registry: Registry) -> None:
    early = Snapshot.of(small_registry, date(2026, 3, 1), sample.BASE_URL)
    kube = early.statuses["acme/kube"]
    assert [str(c.key.version) for c in kube.product.certifications] == ["v1.35"]
    assert "shady/evil-dist" not in early.statuses  # certified in October 2026
    assert "nimbus/fleet" not in early.statuses


def test_revocation_takes_effect_on_its_date(small_registry: Registry) -> None:
    before = Snapshot.of(small_registry, date(2026, 9, 30), sample.BASE_URL)
    assert before.statuses["nimbus/fleet"].state is State.ACTIVE


def test_events_of_a_product(snap: Snapshot) -> None:
    kube = status(snap, "acme/kube").product
    kinds = [(e.kind, e.day) for e in product_events(kube, sample.DAY, 60)]
    assert (EventKind.NEW, date(2026, 1, 5)) in kinds
    assert (EventKind.RENEWED, date(2026, 5, 10)) in kinds
    assert (EventKind.RENEWED, date(2026, 9, 15)) in kinds
    assert all(k not in (EventKind.EXPIRING, EventKind.EXPIRED) for k, _ in kinds)


def test_expiring_and_expired_events_fall_on_their_days(snap: Snapshot) -> None:
    events = registry_events(snap.registry.products, sample.DAY, 60)
    found = {(e.product.id, e.kind): e.day for e in events}
    assert found[("acme/kube-edge", EventKind.EXPIRING)] == date(2026, 11, 23)  # 60 days before
    assert found[("nimbus/engine", EventKind.EXPIRING)] == date(2026, 3, 28)
    assert found[("nimbus/engine", EventKind.EXPIRED)] == date(2026, 5, 28)
    assert found[("nimbus/fleet", EventKind.REVOKED)] == date(2026, 10, 1)
    assert [e.day for e in events] == sorted((e.day for e in events), reverse=True)
    assert all(e.day <= sample.DAY for e in events)


def test_event_ids_are_stable_and_distinct(snap: Snapshot) -> None:
    events = registry_events(snap.registry.products, sample.DAY, 60)
    ids = [entry_id(sample.BASE_URL, e) for e in events]
    assert len(set(ids)) == len(ids)
    later = registry_events(snap.registry.products, date(2027, 2, 1), 60)
    later_ids = {entry_id(sample.BASE_URL, e) for e in later}
    assert set(ids) <= later_ids  # a later build keeps every earlier entry's id


def test_recertifying_after_a_lapse_is_new_not_renewed(small_registry: Registry) -> None:
    engine = next(p for p in small_registry.products if p.id == "nimbus/engine")
    later = sample.cert(
        small_registry.program, "nimbus/engine/v1.37", engine.info, date(2026, 9, 1)
    )
    again = replace(engine, certifications=(*engine.certifications, later))
    kinds = {(e.kind, e.day) for e in product_events(again, sample.DAY, 60)}
    assert (EventKind.NEW, date(2026, 9, 1)) in kinds
    assert (EventKind.EXPIRED, date(2026, 5, 28)) in kinds


DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def products(draw: st.DrawFn, slug: str) -> Product:
    """A product with certifications on any days: approved or not, revoked or not."""
    info = ProductInfo(slug, slug, "1.0", "distribution", "d", "https://e.example", "", "")
    certs = []
    for minor in range(draw(st.integers(1, 6))):
        key = SubmissionKey("v", slug, Version(1, 20 + minor))
        revoked = draw(st.one_of(st.none(), DAYS))
        certs.append(
            Certification(
                key=key,
                info=info,
                certified_on=draw(st.one_of(st.none(), DAYS)),
                expires_on=draw(DAYS),
                provisional=False,
                tests_passed=1,
                tests_required=1,
                revocation=Revocation(key, revoked, "r") if revoked else None,
                readme="",
            )
        )
    return Product("v", slug, tuple(certs))


@settings(max_examples=300, deadline=None)
@given(
    found=st.lists(st.integers(0, 10**6), min_size=1, max_size=25, unique=True).flatmap(
        lambda ids: st.tuples(*(products(f"p{i}") for i in ids))
    ),
    day=DAYS,
    warning=st.integers(0, 120),
    newest=st.integers(0, 60),
)
def test_the_newest_events_are_the_first_of_all_events(
    found: tuple[Product, ...], day: date, warning: int, newest: int
) -> None:
    every = registry_events(found, day, warning)
    assert registry_events(found, day, warning, newest) == every[:newest]
