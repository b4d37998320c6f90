"""From a Z3 model to wire-format cases that the reference replays (spec/claims.md 7.6).

Model values are rationals. Payoffs scale with the grid and with the rates, and the
equilibria, the selection and the realised outcome only compare them, so multiplying every
volume by one positive factor, and every rate and hurdle by another, gives an equivalent
case: that turns a rational model into integer volumes and exact decimal rates.
"""
from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from math import lcm

import z3

from reposelect.reference.decimals import EXACT
from reposelect.reference.errors import ReposelectError
from reposelect.reference.types import Case, Report
from reposelect.reference.wire import case_to_json

from .encoding import Game, Store

MAX_FRAC = 12


class NotRepresentable(ReposelectError):
    """A solver model with a value the wire format cannot write (irrational, too many digits)."""

    default_code = "not_representable"


def value(model: z3.ModelRef, term) -> Fraction:
    v = model.eval(term, model_completion=True)
    if z3.is_rational_value(v):
        return Fraction(v.numerator_as_long(), v.denominator_as_long())
    if z3.is_int_value(v):
        return Fraction(v.as_long())
    raise NotRepresentable(f"{term} = {v} is not rational")


def _decimal_denominator(den: int) -> int | None:
    for e in range(MAX_FRAC + 1):
        if 10**e % den == 0:
            return e
    return None


def to_decimal(f: Fraction) -> Decimal:
    e = _decimal_denominator(f.denominator)
    if e is None:
        raise NotRepresentable(f"{f} is not a decimal with at most {MAX_FRAC} digits")
    with localcontext(EXACT):
        return Decimal(f.numerator * (10**e // f.denominator)).scaleb(-e)


class Concretizer:
    """Reads one model for a store of size n and builds cases from its games."""

    def __init__(self, store: Store, model: z3.ModelRef, n: int):
        self.st, self.model, self.n = store, model, n
        grid = [value(model, store.q(i)) for i in range(n + 1)]
        g = lcm(*(x.denominator for x in grid))
        self.grid = tuple(int(x * g) for x in grid)
        self.theta = to_decimal(value(model, store.theta))
        rates = {}
        for name, vec in store.vecs.items():
            rates[name] = [value(model, vec(i)) for i in range(1, n + 1)]
        hurdles = {name: value(model, t) for name, (t, kind) in store.scalars.items() if kind == "hurdle"}
        vals = [x for r in rates.values() for x in r] + list(hurdles.values())
        if all(_decimal_denominator(x.denominator) is not None for x in vals):
            f = 1
        else:
            f = lcm(*(x.denominator for x in vals))
        self.rates = {k: tuple(to_decimal(x * f) for x in v) for k, v in rates.items()}
        self.hurdles = {k: to_decimal(x * f) for k, x in hurdles.items()}

    def report(self, vec: str, hurdle: str) -> Report:
        zero = tuple(Decimal(0) for _ in range(self.n))
        return Report(self.rates.get(vec, zero), self.hurdles.get(hurdle, Decimal(0)))

    def case(self, g: Game) -> Case:
        return Case(self.grid, self.report(g.a.name, g._h[0]), self.report(g.b.name, g._h[1]),
                    self.theta, g.tie_break)


def wire(case: Case) -> dict:
    return case_to_json(case)
