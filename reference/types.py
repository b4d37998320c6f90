"""Validated value types of the model (spec/model.md 2, spec/contract.md 4).

These are plain frozen dataclasses. `Case` is built by `reposelect.reference.wire`
(from JSON) or directly in Python; `reposelect.reference.validate.check_case`
enforces the spec's conditions on it, and every entry point of the rule calls it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class TieBreak(StrEnum):
    """Which index wins a tie of joint profit (spec/contract.md 4.2). The members are the
    strings the wire format carries, so a member equals, hashes and prints as its text."""

    LARGEST_VOLUME = "largest_volume"
    SMALLEST_VOLUME = "smallest_volume"


class HurdleMode(StrEnum):
    """What a dealer's hurdle is compared with (spec/claims.md, the rule variants): the
    spread (standard), the dealer's own margin, or nothing (no hurdle applies)."""

    SPREAD = "spread"
    OWN_MARGIN = "own_margin"
    NONE = "none"


class Role(StrEnum):
    """The two dealers: BDmm, the money market fund's dealer, and BDrm, the leveraged fund's."""

    MM = "mm"
    RM = "rm"


TIE_BREAKS: tuple[TieBreak, ...] = tuple(TieBreak)
HURDLE_MODES: tuple[HurdleMode, ...] = tuple(HurdleMode)
ROLES: tuple[Role, ...] = tuple(Role)
DEFAULT_THETA = Decimal("0.5")
DEFAULT_TIE_BREAK = TieBreak.LARGEST_VOLUME


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
    tie_break: TieBreak = DEFAULT_TIE_BREAK

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
        """s_k = b_k - a_k, the spread at index k."""
        return self.b(k) - self.a(k)


@dataclass(frozen=True)
class DealerReport:
    """What one dealer seals for a session (wire.md "Dealer report")."""

    role: Role
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

    @classmethod
    def no_trade(cls, equilibria: tuple[int, ...] = (), feasible: tuple[int, ...] = ()) -> Outcome:
        """The outcome that instructs no trade (index 0, volume 0, no rates)."""
        return cls(trade=False, index=0, volume=0, r_mm=None, r_rm=None, r_bd=None, spread=None, joint_profit=None,
                   equilibria=equilibria, feasible=feasible)
