"""Validated value types of the model (spec/model.md 2, spec/contract.md 4).

These are plain frozen dataclasses. `Case` is built by `reposelect.reference.wire`
(from JSON) or directly in Python; `reposelect.reference.validate.check_case`
enforces the spec's conditions on it, and every entry point of the rule calls it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

TIE_BREAKS = ("largest_volume", "smallest_volume")
DEFAULT_THETA = Decimal("0.5")
DEFAULT_TIE_BREAK = "largest_volume"
ROLES = ("mm", "rm")


@dataclass(frozen=True)
class Report:
    """One dealer's half of a case: its client's schedule on the grid's trading points
    q_1..q_N (rates[k-1] is the rate at q_k) and its minimum hurdle spread."""

    rates: tuple[Decimal, ...]
    hurdle: Decimal


@dataclass(frozen=True)
class Case:
    """A complete input of the contract: the grid, both reports, the protocol parameters."""

    grid: tuple[int, ...]
    mm: Report
    rm: Report
    theta: Decimal = DEFAULT_THETA
    tie_break: str = DEFAULT_TIE_BREAK

    @property
    def n(self) -> int:
        """N, the number of trading grid points."""
        return len(self.grid) - 1

    def a(self, k: int) -> Decimal:
        """MM's rate at index k; index 0 quotes the first rate (spec/model.md 2.2)."""
        return self.mm.rates[max(k, 1) - 1]

    def b(self, k: int) -> Decimal:
        """RM's rate at index k; index 0 quotes the first rate (spec/model.md 2.2)."""
        return self.rm.rates[max(k, 1) - 1]

    def spread(self, k: int) -> Decimal:
        return self.b(k) - self.a(k)


@dataclass(frozen=True)
class DealerReport:
    """What one dealer seals for a session (wire.md "Dealer report")."""

    role: str
    grid: tuple[int, ...]
    rates: tuple[Decimal, ...]
    hurdle: Decimal


@dataclass(frozen=True)
class Outcome:
    """The contract's answer (spec/contract.md 4.3). Rates are None when there is no trade."""

    trade: bool
    index: int
    volume: int
    r_mm: Decimal | None
    r_rm: Decimal | None
    r_bd: Decimal | None
    spread: Decimal | None
    joint_profit: Decimal | None
    equilibria: tuple[int, ...] = field(default=())
    feasible: tuple[int, ...] = field(default=())
