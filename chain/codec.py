"""Between the wire format (chapter 6) and the selection contract's calldata (spec/chain.md 11.2).

Rates and hurdles become integers at the case's scale S (the most fractional digits
among them, as the reference's fast algorithm scales them), theta an integer at its own
scale T; `encode` packs one 32-byte word per grid index. `decode` turns the contract's
integers back into an exact `Outcome`, and `fault_to_wire` turns a `CaseRejected` revert
into the wire error object with the spec's code and path.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reposelect.reference.decimals import EXACT, fmt, scale_of, to_scaled_int
from reposelect.reference.errors import ERROR_CODES, WireError
from reposelect.reference.types import Case, Outcome, TieBreak

#: The contract's `field` numbers: which wire field an error's index points into.
FIELDS = ("grid", "mm.rates", "mm.hurdle", "rm.rates", "rm.hurdle", "theta")
#: The error table rows the contract decides (spec 6.4 rows 5-11); rows 1-4 are the client's.
CONTRACT_CODES = {i + 1: c for i, c in enumerate(ERROR_CODES) if i + 1 >= 5}

_M64 = (1 << 64) - 1
_M96 = (1 << 96) - 1


@dataclass(frozen=True)
class Call:
    """The arguments of `Selection.select` for one case."""

    shape: int
    hurdle_mm: int
    hurdle_rm: int
    theta: int
    body: bytes
    scale: int
    theta_scale: int

    def args(self):
        return (self.shape, self.hurdle_mm, self.hurdle_rm, self.theta, self.body)


def _field(value: int, bits: int) -> int:
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if not lo <= value <= hi:  # cannot happen within spec 6.5's limits (spec/chain.md 11.2.2)
        raise ValueError(f"{value} does not fit int{bits}")
    return value & ((1 << bits) - 1)


def encode(case: Case) -> Call:
    """The calldata of `case`. The case has passed parsing (rows 1-4 of 6.4), not necessarily
    the semantic checks: those are the contract's."""
    mm, rm = case.mm, case.rm
    scale = scale_of(tuple(mm.rates) + tuple(rm.rates) + (mm.hurdle, rm.hurdle))
    t_scale = scale_of((case.theta,))
    n, n_mm, n_rm = len(case.grid) - 1, len(mm.rates), len(rm.rates)
    m = max(n, n_mm, n_rm)
    A = [to_scaled_int(x, scale) for x in mm.rates]
    B = [to_scaled_int(x, scale) for x in rm.rates]
    words = bytearray()
    for k in range(m + 1):
        q = case.grid[k] if k <= n else 0
        a = A[k - 1] if 1 <= k <= n_mm else 0
        b = B[k - 1] if 1 <= k <= n_rm else 0
        w = (_field(q, 64) << 192) | (_field(a, 96) << 96) | _field(b, 96)
        words += w.to_bytes(32, "big")
    smallest = 1 if case.tie_break == TieBreak.SMALLEST_VOLUME else 0
    shape = n | (n_mm << 64) | (n_rm << 128) | (t_scale << 192) | (smallest << 200)
    return Call(shape, to_scaled_int(mm.hurdle, scale), to_scaled_int(rm.hurdle, scale),
                to_scaled_int(case.theta, t_scale), bytes(words), scale, t_scale)


def _dec(value: int, scale: int) -> Decimal:
    return EXACT.scaleb(Decimal(value), -scale)


def _bits(bitmap: bytes, n: int) -> tuple[int, ...]:
    v = int.from_bytes(bitmap, "big")
    top = len(bitmap) * 8 - 1
    return tuple(k for k in range(n + 1) if (v >> (top - k)) & 1)


def decode(case: Case, call: Call, result) -> Outcome:
    """The contract's return value -> the exact outcome (spec 4.3)."""
    out, eq_bits, f_bits = result
    n = len(case.grid) - 1
    eq, feasible = _bits(eq_bits, n), _bits(f_bits, n)
    k = out[0]
    if k == 0:
        return Outcome.no_trade(eq, feasible)
    s = call.scale
    return Outcome(trade=True, index=k, volume=out[1], r_mm=_dec(out[2], s), r_rm=_dec(out[3], s),
                   r_bd=_dec(out[4], s + call.theta_scale), spread=_dec(out[5], s), joint_profit=_dec(out[6], s),
                   equilibria=eq, feasible=feasible)


def fault_to_wire(case: Case, code: int, field: int, index: int) -> WireError:
    """A `CaseRejected(code, field, index)` revert -> the wire error with its code and path."""
    name = CONTRACT_CODES.get(code)
    if name is None or not 0 <= field < len(FIELDS):
        raise ValueError(f"CaseRejected({code}, {field}, {index}) names no wire error")
    where = FIELDS[field]
    if where == "grid" and name in ("grid_not_starting_at_zero", "grid_not_increasing"):
        path = f"grid[{index}]"
    elif where in ("mm.rates", "rm.rates") and name in ("negative_rate", "non_monotone_schedule"):
        path = f"{where}[{index}]"
    else:
        path = where
    return WireError(name, _message(case, name, where, index), path)


def _value(case: Case, where: str, i: int = 0):
    if where == "grid":
        return case.grid[i]
    side, _, what = where.partition(".")
    rep = getattr(case, side)
    return fmt(rep.rates[i]) if what == "rates" else fmt(rep.hurdle)


def _message(case: Case, code: str, where: str, i: int) -> str:
    """A message that shows the failing condition with its values (as the reference's do)."""
    n = len(case.grid) - 1
    if code == "grid_not_starting_at_zero":
        return f"grid[0] = {case.grid[0]}, but the grid must start at 0"
    if code == "grid_not_increasing":
        return f"grid[{i}] = {case.grid[i]} is not above grid[{i-1}] = {case.grid[i-1]}"
    if code == "length_mismatch":
        m = len(getattr(case, where.split(".")[0]).rates)
        return f"{where} has {m} rate(s), but the grid has N = {n} trading volumes"
    if code == "negative_rate":
        return f"{where}[{i}] = {_value(case, where, i)} is below zero"
    if code == "negative_hurdle":
        return f"{where} = {_value(case, where)} is below zero"
    if code == "non_monotone_schedule":
        rel = "below" if where == "mm.rates" else "above"
        return f"{where}[{i}] = {_value(case, where, i)} is {rel} {where}[{i-1}] = {_value(case, where, i-1)}"
    return f"theta = {fmt(case.theta)} is not strictly between 0 and 1"
