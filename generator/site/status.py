"""A product's standing on the build date, computed once from the model's lifecycle rules."""

from __future__ import annotations

from dataclasses import dataclass
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

    @classmethod
    def of(cls, product: Product, day: date, warning_days: int) -> ProductStatus:
        until = product.certified_until(day)
        provisional = any(c.provisional and c.expires_on == until for c in product.standing(day))
        state = product.state(day, warning_days)
        return cls(product, day, warning_days, state, until, provisional)

    @property
    def standing_versions(self) -> tuple[Certification, ...]:
        """Certifications not revoked, newest version first."""
        return tuple(reversed(self.product.standing(self.day)))

    @property
    def newest(self) -> Certification:
        """The newest certification that stands, or the newest of all when every one is revoked."""
        standing = self.product.standing(self.day)
        return standing[-1] if standing else self.product.latest

    def state_of(self, cert: Certification) -> State:
        return self.product.certification_state(cert, self.day, self.warning_days)

    def is_revoked(self, cert: Certification) -> bool:
        return cert.own_state(self.day, 0) is State.REVOKED
