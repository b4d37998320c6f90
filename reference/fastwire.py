"""The wire path for well-formed cases: bytes -> outcome without a `Decimal` per rate.

`answer_fast` answers exactly the cases it can prove valid by cheap whole-document checks
and returns None for every other input, which then takes the definitional path
(`wire.parse_case`, `select.select_checked`) that decides every error and its precedence.
So it can never change an answer, only produce the same one sooner:

* the text is one JSON object from its first character to its last, of the schema's shape
  (spec/wire.md 6.1), the grid's volumes JSON integers, every rate and hurdle a string,
  and no key given twice (`_members_once`: once the strings are checked, every colon of
  the text separates a member);
* `decimals.plain_scaled` reads every rate and hurdle straight from its text into an
  integer at one common scale, and accepts only non-negative plain decimals within the
  digit limits of 6.5;
* the grid starts at 0, increases, stays within N and the volume limit; both schedules have
  N rates and are monotone; theta is in range (on integers or one `Decimal`);
* the equilibria and the joint profits come from `fast.equilibria_and_profits` on those
  integers (with `rules.fast_active`; the profits by `rules.joint_profit`, written into
  the scan), and the hurdle test (`rules.hurdle_ok`) and the tie-break (`select.choose`) are the rule's own, applied to
  them: every quantity is the exact value times the same power of ten, which no
  comparison can tell apart;
* the outcome is `select.trade_outcome` of `Decimal`s built from the selected index's own
  strings, so its rates print exactly as the definitional path prints them.

`answer_fast_text` writes the same answer as one line of JSON (what `reposelect serve`
prints) from fragments of the serialiser's own text, cut once at import.

The agreement of the two paths on valid and invalid documents is tested in
tests/reference/test_fast_wire.py (hypothesis, including magnitudes at the limits of 6.5).
"""
from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import cast
from operator import ge, le, lt

from .decimals import common_scale, fmt, plain_scaled
from .fast import equilibria_and_profits
from .limits import MAX_N, MAX_VOLUME
from .policy import Policy
from .rules import ROLES, fast_active, hurdle_ok
from .select import choose, trade_outcome
from .types import DEFAULT_THETA, DEFAULT_TIE_BREAK, TIE_BREAKS, Case, Outcome
from . import wire
from .errors import WireError
from .wire import outcome_to_json

#: wire.check_size where the wire format has a size rule checked before parsing.
_check_size = getattr(wire, "check_size", None)

_MM, _RM = ROLES
_CASE_KEYS = frozenset(("grid", "mm", "rm", "theta", "tie_break"))
_REPORT_KEYS = {"rates", "hurdle"}


#: The C scanner of the standard decoder, called without the pure-Python wrappers of
#: `json.loads` (the fast path accepts only a text that is one object from its first
#: character to its last; any other goes to the full parser).
_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # set in JSONDecoder.__init__


def load(data: bytes | str):
    """(document, the number of colons in the text): one JSON object decoded strictly (UTF-8,
    nothing before or after it), or None. Keys given twice are found later, by `_members_once`."""
    try:
        text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
        doc, end = _scan(text, 0)
    except (ValueError, StopIteration, RecursionError):
        return None
    return (doc, text.count(":")) if end == len(text) and type(doc) is dict else None


def _members_once(colons: int, doc: dict) -> bool:
    """No key is given twice in a document whose structure is checked (the case object and
    its two report objects, the only objects it holds; known keys; decimal strings and a
    known tie-break as the only strings): in such a text every colon separates a key from
    its value, so it holds exactly as many colons as the decoded objects have members.
    A key given twice would show as a colon more than the members decoded."""
    return colons == len(doc) + 2 * len(_REPORT_KEYS)


def _report(v, n: int):
    """(rates, hurdle) of a well-formed report with n rates, else None."""
    if type(v) is not dict or v.keys() != _REPORT_KEYS:
        return None
    rates, hurdle = v["rates"], v["hurdle"]
    if type(rates) is not list or len(rates) != n or type(hurdle) is not str:
        return None
    return rates, hurdle  # each rate a string: checked where they are joined (`_scaled_rates`)


#: Up to this N both schedules are read in one call (less set-up); beyond it one at a time
#: (less memory held at once).
_SMALL_N = 64


def _scaled_rates(mm, rm, n: int):
    """(A, B, h_mm, h_rm): the rates and hurdles as integers at one scale, a_k = A[k] / 10**s
    and so on, or None when a string is not a non-negative plain decimal within the limits
    (or a rate is not a string)."""
    try:
        if n <= _SMALL_N:
            rates = plain_scaled(mm[0] + rm[0])  # usually one layout: one check for all 2N rates
            hurdles = plain_scaled([mm[1], rm[1]])
            if rates is None or hurdles is None:
                return None
            (rs, ints), (hs, (h_mm, h_rm)) = rates, hurdles
            if hs < rs:
                f = 10 ** (rs - hs)
                h_mm, h_rm = h_mm * f, h_rm * f
            elif rs < hs:
                f = 10 ** (hs - rs)
                ints = [x * f for x in ints]
            return ints[:n], ints[n:], h_mm, h_rm
        ga, gb, gh = plain_scaled(mm[0]), plain_scaled(rm[0]), plain_scaled([mm[1], rm[1]])
    except TypeError:  # a rate that is not a string
        return None
    if ga is None or gb is None or gh is None:
        return None
    _, (A, B, (h_mm, h_rm)) = common_scale([ga, gb, gh])
    return A, B, h_mm, h_rm


def _theta_facts(theta: Decimal) -> tuple[bool, bool, Fraction, bool, bool]:
    """(inside (0, 1), inside [0, 1], theta as a Fraction, BDmm active, BDrm active), the
    last two by `rules.fast_active`."""
    return 0 < theta < 1, 0 <= theta <= 1, Fraction(theta), fast_active(_MM, theta), fast_active(_RM, theta)


#: `_theta_facts` of the theta every case has unless it says otherwise (computed once).
_DEFAULT_THETA_FACTS = _theta_facts(DEFAULT_THETA)


def _decide(data: bytes | str, policy: Policy):
    """(grid, mm rates, rm rates, theta, equilibria, feasible, k) for a case this path can
    prove valid (the strings as written, k = 0 for no trade), else None."""
    if not policy.monotone_nonnegative:
        return None
    if _check_size is not None:  # the size rule of spec/wire.md 6.5 comes before parsing
        try:
            _check_size(data)
        except WireError:
            return None
    loaded = load(data)
    if loaded is None:
        return None
    doc, colons = loaded
    if not doc.keys() <= _CASE_KEYS:
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
        facts = _theta_facts(theta)
    else:
        theta, facts = DEFAULT_THETA, _DEFAULT_THETA_FACTS
    open_ok, closed_ok, theta_f, mm_active, rm_active = facts
    if not (closed_ok if policy.theta_closed else open_ok):
        return None
    got = _scaled_rates(mm, rm, n)
    if got is None:
        return None
    A, B, h_mm, h_rm = got
    if not _members_once(colons, doc):
        return None
    # Monotone schedules: a non-decreasing, b non-increasing.
    if not (all(map(le, A, A[1:])) and all(map(ge, B, B[1:]))):
        return None
    A.insert(0, A[0])  # index 0 quotes the first rate (spec/model.md 2.2)
    B.insert(0, B[0])
    eq, profits = equilibria_and_profits(grid, A, B, mm_active, rm_active)
    # The rule of select.select_checked on the scaled values: spreads, hurdles and joint
    # profits are 10**scale times the exact ones, which no comparison can tell apart.
    feasible = _feasible(policy.hurdle_mode, theta_f, A, B, h_mm, h_rm, eq)
    if not feasible:
        return grid, mm[0], rm[0], theta, eq, feasible, 0
    best = _most_profitable(profits, feasible)
    # _ScaledCase has every member of Case that `select.choose` reads.
    k = best[0] if len(best) == 1 else choose(cast(Case, _ScaledCase(grid, A, B, tie)), best)
    return grid, mm[0], rm[0], theta, eq, feasible, k


def fast_outcome(data: bytes | str, policy: Policy) -> Outcome | None:
    """The outcome of a case this path can prove valid, else None: the one gate of the fast
    path (`answer_fast` and `answer_fast_text` write what it returns). Its rates are
    `Decimal`s built from the selected index's own strings, so they print exactly as the
    definitional path prints them."""
    got = _decide(data, policy)
    if got is None:
        return None
    grid, mm_rates, rm_rates, theta, eq, feasible, k = got
    if k == 0:
        return Outcome.no_trade(tuple(eq), tuple(feasible))
    return trade_outcome(k, grid[k], Decimal(mm_rates[k - 1]), Decimal(rm_rates[k - 1]), theta, eq, feasible)


def answer_fast(data: bytes | str, policy: Policy) -> dict | None:
    """The wire answer (an outcome object) for a case this path can prove valid, else None."""
    o = fast_outcome(data, policy)
    return None if o is None else outcome_to_json(o)


def answer_fast_text(data: bytes | str, policy: Policy) -> str | None:
    """`wire.dumps(answer_fast(data, policy))`, written from fragments of that text computed
    once (`outcome_text`), or None where `answer_fast` gives None."""
    o = fast_outcome(data, policy)
    return None if o is None else outcome_text(o)


def _fragments():
    """The text `dumps(outcome_to_json(o))` cut at o's fields, for a trade and for no trade:
    a sample outcome with marker values is serialised once and cut at the markers. The
    markers are numbers that no field of the sample holds elsewhere in its text."""
    markers = (701, 702, Decimal("703.1"), Decimal("704.1"), Decimal("705.1"), Decimal("706.1"),
               Decimal("707.1"), (708,), (709,))
    texts = ("701", "702", '"703.1"', '"704.1"', '"705.1"', '"706.1"', '"707.1"', "[708]", "[709]")
    fields = ("index", "volume", "r_mm", "r_rm", "r_bd", "spread", "joint_profit", "equilibria", "feasible")
    trade = wire.dumps(outcome_to_json(Outcome(trade=True, **dict(zip(fields, markers)))))
    none = wire.dumps(outcome_to_json(Outcome.no_trade(*markers[7:])))
    cut = []
    for whole, fields in ((trade, texts), (none, texts[7:])):
        if any(whole.count(t) != 1 for t in fields) or "%" in whole:
            raise RuntimeError(f"outcome_text cannot cut {whole}")
        for t in fields:
            whole = whole.replace(t, {"[": "[%s]", '"': '"%s"'}.get(t[0], "%d"))
        cut.append(whole)
    return tuple(cut)


_TRADE_TEXT, _NO_TRADE_TEXT = _fragments()


def _ints(values) -> str:
    """Integers as JSON writes them in an array, without the brackets: "0,1,2" (the list's
    own repr, in C, with its spaces dropped)."""
    return repr(list(values))[1:-1].replace(" ", "")


def outcome_text(o: Outcome) -> str:
    """`wire.dumps(outcome_to_json(o))` for an outcome of the selection (rates exact
    `Decimal`s printed by `decimals.fmt`, which writes only digits, a point and a sign)."""
    eq = _ints(o.equilibria)
    if tuple(o.feasible) == tuple(o.equilibria[1:]):  # every trading equilibrium (the usual case): eq's text
        feasible = eq[eq.find(",") + 1:] if len(o.equilibria) > 1 else ""
    else:
        feasible = _ints(o.feasible)
    if not o.trade:
        return _NO_TRADE_TEXT % (eq, feasible)
    rates = cast("tuple[Decimal, ...]", (o.r_mm, o.r_rm, o.r_bd, o.spread, o.joint_profit))  # set on a trade
    return _TRADE_TEXT % (o.index, o.volume, *map(fmt, rates), eq, feasible)


def _feasible(mode, theta, A: list[int], B: list[int], h_mm: int, h_rm: int, eq: list[int]) -> list[int]:
    """The trading equilibria that pass the hurdle test `rules.hurdle_ok` (on the scaled
    spreads and hurdles; theta a `Fraction`), found with O(log N) calls.

    Every hurdle mode compares a non-negative multiple of the spread (s, theta s or
    (1 - theta) s) with a hurdle, so passing is monotone in the spread; along monotone
    schedules the spread never increases with k. The passing equilibria are therefore a
    prefix of the trading ones, and a binary search finds its end.
    """
    lo, hi = 1, len(eq)  # eq[1:lo] pass, eq[hi:] fail
    while lo < hi:
        mid = (lo + hi) // 2
        k = eq[mid]
        if hurdle_ok(mode, theta, B[k] - A[k], h_mm, h_rm):
            lo = mid + 1
        else:
            hi = mid
    return eq[1:lo]


def _most_profitable(profits: list[int], candidates: list[int]) -> list[int]:
    """The candidates of largest joint profit (`profits[k]` is `rules.joint_profit` at k,
    here 10**scale times it, as the scan computed it): the selection ranks by joint profit
    first, so `select.choose` needs to see only these."""
    first, last = candidates[0], candidates[-1]
    if last - first == len(candidates) - 1:  # consecutive indices (the usual case): a slice
        pis = profits[first:last + 1]
    else:
        pis = list(map(profits.__getitem__, candidates))
    best = max(pis)
    if pis.count(best) == 1:
        return [candidates[pis.index(best)]]
    return [k for k, pi in zip(candidates, pis) if pi == best]


class _ScaledCase:
    """The part of `Case` that `select.choose` reads (`spread`, `grid`, the tie-break), on
    integers at one scale."""

    __slots__ = ("grid", "A", "B", "tie_break")

    def __init__(self, grid, A, B, tie_break):
        self.grid, self.A, self.B, self.tie_break = grid, A, B, tie_break

    def spread(self, k: int) -> int:
        return self.B[k] - self.A[k]
