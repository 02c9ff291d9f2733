"""A product's standing on the build date, computed once from the model's lifecycle rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.model.registry import Certification, Product, State

STATE_LABELS = {
    State.ACTIVE: "Certified",
    State.EXPIRING: "Expiring soon",
    State.EXPIRED: "Expired",
    State.REVOKED: "Revoked",
}
STATE_ORDER = (State.ACTIVE, State.EXPIRING, State.EXPIRED, State.REVOKED)


@dataclass(frozen=True)
class ProductStatus:
    """What every page, file and badge says about one product as of `day`."""

    product: Product
    day: date
    warning_days: int
    state: State
    until: date | None
    provisional: bool
    standing: tuple[Certification, ...] = field(repr=False)  # not revoked, oldest first

    @classmethod
    def of(cls, product: Product, day: date, warning_days: int) -> ProductStatus:
        standing = product.standing(day)
        until = product.certified_until(day)
        provisional = any(c.provisional and c.expires_on == until for c in standing)
        state = product.state(day, warning_days)
        return cls(product, day, warning_days, state, until, provisional, standing)

    @property
    def standing_versions(self) -> tuple[Certification, ...]:
        """Certifications not revoked, newest version first."""
        return tuple(reversed(self.standing))

    @property
    def newest(self) -> Certification:
        """The newest certification that stands, or the newest of all when every one is revoked."""
        return self.standing[-1] if self.standing else self.product.latest

    def state_of(self, cert: Certification) -> State:
        """`Product.certification_state`, from the state worked out once."""
        if cert.own_state(self.day, self.warning_days) is State.REVOKED:
            return State.REVOKED
        return self.state

    def is_revoked(self, cert: Certification) -> bool:
        return cert.own_state(self.day, 0) is State.REVOKED
