"""The wire path for well-formed cases: bytes -> outcome without a `Decimal` per rate.

`answer_fast` answers exactly the cases it can prove valid by cheap whole-document checks
and returns None for every other input, which then takes the definitional path
(`wire.parse_case`, `select.select_checked`) that decides every error and its precedence.
So it can never change an answer, only produce the same one sooner:

* the document is one JSON object of the schema's shape (spec/wire.md 6.1) with no
  duplicate key, the grid's volumes JSON integers, every rate and hurdle a string;
* `decimals.plain_scaled` reads every rate and hurdle straight from its text into an
  integer at one common scale, and accepts only non-negative plain decimals within the
  digit limits of 6.5;
* the grid starts at 0, increases, stays within N and the volume limit; both schedules have
  N rates and are monotone; theta is in range (on integers or one `Decimal`);
* the equilibria come from `fast.equilibria_scaled` on those integers, and the hurdle test,
  the joint profit and the tie-break are those of `select` (spec/contract.md 4) applied to
  them: every quantity is the exact value times the same power of ten, which no
  comparison can tell apart;
* the outcome's rates are `Decimal`s built from the selected index's own strings and
  passed through `select.outcome_at`, so they print exactly as the definitional path
  prints them.

The agreement of the two paths on valid and invalid documents is tested in
tests/reference/test_fast_wire.py (hypothesis, including magnitudes at the limits of 6.5).
"""
from __future__ import annotations

import json
from decimal import Decimal
from typing import cast
from operator import ge, le, lt

from .decimals import common_scale, plain_scaled
from .fast import equilibria_scaled
from .limits import MAX_N, MAX_VOLUME
from .policy import Policy
from .select import choose, hurdle_feasible, outcome_at, trade_outcome
from .types import DEFAULT_THETA, DEFAULT_TIE_BREAK, TIE_BREAKS, Case
from . import wire
from .errors import WireError
from .wire import outcome_to_json

#: wire.check_size where the wire format has a size rule checked before parsing.
_check_size = getattr(wire, "check_size", None)

_CASE_KEYS = frozenset(("grid", "mm", "rm", "theta", "tie_break"))
_REPORT_KEYS = {"rates", "hurdle"}


class _Duplicate(Exception):
    pass


def _pairs(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Duplicate
    return obj


#: How often each key's token may occur in a document without a backslash: there no
#: string can hold a quote, so every occurrence is a whole token, and a key given twice
#: shows as one occurrence too many.
_KEY_TOKENS = (('"grid"', 1), ('"mm"', 1), ('"rm"', 1), ('"theta"', 1), ('"tie_break"', 1),
               ('"rates"', 2), ('"hurdle"', 2))


def load(data: bytes | str):
    """One JSON object decoded strictly (UTF-8, no key given twice in the case's objects),
    or None. Without a backslash in the text the case's keys are counted as tokens (cheap);
    with one, every object is checked for duplicates as it is decoded."""
    try:
        text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
        if "\\" in text:
            doc = json.loads(text, object_pairs_hook=_pairs)
        else:
            for token, most in _KEY_TOKENS:
                if text.count(token) > most:
                    return None
            doc = json.loads(text)
    except (ValueError, RecursionError, _Duplicate):
        return None
    return doc if type(doc) is dict else None


def _report(v, n: int):
    """(rates, hurdle) of a well-formed report with n rates, else None."""
    if type(v) is not dict or v.keys() != _REPORT_KEYS:
        return None
    rates, hurdle = v["rates"], v["hurdle"]
    if type(rates) is not list or len(rates) != n or type(hurdle) is not str:
        return None
    if set(map(type, rates)) != {str}:
        return None
    return rates, hurdle


#: Up to this N the rates and hurdles are read value by value in one list (less set-up).
_SMALL_N = 64


def answer_fast(data: bytes | str, policy: Policy) -> dict | None:
    """The wire answer (an outcome object) for a case this path can prove valid, else None."""
    if not policy.monotone_nonnegative:
        return None
    if _check_size is not None:  # the size rule of spec/wire.md 6.5 comes before parsing
        try:
            _check_size(data)
        except WireError:
            return None
    doc = load(data)
    if doc is None or not doc.keys() <= _CASE_KEYS:
        return None
    grid, mm, rm = doc.get("grid"), doc.get("mm"), doc.get("rm")
    if type(grid) is not list or not 2 <= len(grid) <= MAX_N + 1 or set(map(type, grid)) != {int}:
        return None
    n = len(grid) - 1
    if grid[0] != 0 or grid[-1] > MAX_VOLUME or not all(map(lt, grid, grid[1:])):
        return None
    mm, rm = _report(mm, n), _report(rm, n)
    if mm is None or rm is None:
        return None
    tie = doc.get("tie_break", DEFAULT_TIE_BREAK)
    if not isinstance(tie, str) or tie not in TIE_BREAKS:  # the default is a TieBreak (a str)
        return None
    if "theta" in doc:
        theta_text = doc["theta"]
        if type(theta_text) is not str or plain_scaled([theta_text]) is None:
            return None
        theta = Decimal(theta_text)
    else:
        theta = DEFAULT_THETA
    if not ((theta >= 0 if policy.theta_closed else theta > 0) and (theta <= 1 if policy.theta_closed else theta < 1)):
        return None
    # Rates and hurdles as integers at one scale: a_k = A[k] / 10**scale, and so on.
    if n <= _SMALL_N:
        got = plain_scaled(mm[0] + [mm[1], rm[1]] + rm[0])
        if got is None:
            return None
        ints = got[1]
        A, h_mm, h_rm, B = ints[:n], ints[n], ints[n + 1], ints[n + 2:]
    else:
        ga, gh, gb = plain_scaled(mm[0]), plain_scaled([mm[1], rm[1]]), plain_scaled(rm[0])
        if ga is None or gh is None or gb is None:
            return None
        _, (A, (h_mm, h_rm), B) = common_scale([ga, gh, gb])
    # Monotone schedules: a non-decreasing, b non-increasing.
    if not (all(map(le, A, A[1:])) and all(map(ge, B, B[1:]))):
        return None
    A.insert(0, A[0])  # index 0 quotes the first rate (spec/model.md 2.2)
    B.insert(0, B[0])
    eq = equilibria_scaled(grid, A, B, theta > 0, theta < 1)
    # The rule of select.select_checked on the scaled values: a case of integers at one
    # scale, whose spreads, hurdles and joint profits are 10**scale times the exact ones.
    # _ScaledCase has every member of Case that hurdle_feasible and choose read.
    scaled = cast(Case, _ScaledCase(grid, A, B, h_mm, h_rm, theta, tie))
    feasible = _feasible(scaled, eq, policy)
    if not feasible:
        return outcome_to_json(outcome_at(scaled, 0, eq, feasible))
    best = _most_profitable(scaled, feasible)
    k = best[0] if len(best) == 1 else choose(scaled, best)
    a, b = Decimal(mm[0][k - 1]), Decimal(rm[0][k - 1])
    return outcome_to_json(trade_outcome(k, grid[k], a, b, theta, eq, feasible))


def _feasible(scaled: Case, eq: list[int], policy: Policy) -> list[int]:
    """The trading equilibria that pass `select.hurdle_feasible`, found with O(log N) calls.

    Every hurdle mode compares a non-negative multiple of the spread (s, theta s or
    (1 - theta) s) with a hurdle, so passing is monotone in the spread; along monotone
    schedules the spread never increases with k. The passing equilibria are therefore a
    prefix of the trading ones, and a binary search finds its end.
    """
    lo, hi = 1, len(eq)  # eq[1:lo] pass, eq[hi:] fail
    while lo < hi:
        mid = (lo + hi) // 2
        if hurdle_feasible(scaled, eq[mid], policy):
            lo = mid + 1
        else:
            hi = mid
    return eq[1:lo]


def _most_profitable(scaled: Case, candidates: list[int]) -> list[int]:
    """The candidates of largest joint profit s_k q_k (here 10**scale times it): the
    selection ranks by joint profit first, so `select.choose` needs to see only these."""
    q = scaled.grid
    pis = [scaled.spread(k) * q[k] for k in candidates]
    best = max(pis)
    return [k for k, pi in zip(candidates, pis) if pi == best]


class _ScaledCase:
    """The part of `Case` the rule reads (`spread`, `grid`, hurdles, theta, tie-break), on
    integers at one scale."""

    __slots__ = ("grid", "A", "B", "mm", "rm", "theta", "tie_break")

    def __init__(self, grid, A, B, h_mm, h_rm, theta, tie_break):
        self.grid, self.A, self.B, self.theta, self.tie_break = grid, A, B, theta, tie_break
        self.mm, self.rm = _Hurdle(h_mm), _Hurdle(h_rm)

    def spread(self, k: int) -> int:
        return self.B[k] - self.A[k]


class _Hurdle:
    __slots__ = ("hurdle",)

    def __init__(self, h):
        self.hurdle = h

