"""Tie the SymPy closed forms to the reference (spec/derivations.md 8.4).

`sample_case` samples a family's schedules exactly (rational parameters, rational
volumes, Fraction arithmetic) on a grid of N points and rounds every rate to a fixed
number of decimal places (exact half-even rounding of a Fraction; rounding is monotone,
so the schedules stay monotone). `compare` runs `reposelect.reference.select` on the
case and measures, in grid steps and exactly, how far the reference's selected volume
and its largest equilibrium volume are from the closed forms. No float is involved:
closed forms with square roots are compared by SymPy on exact algebraic numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from reposelect.reference.select import select
from reposelect.reference.types import Case, Report

from .derive import Family, alpha, beta, delta, gamma, positive_root, q


def _rat(v) -> sp.Rational:
    if isinstance(v, Decimal):
        v = Fraction(v)
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    return sp.Rational(v)


def _fraction(r: sp.Rational) -> Fraction:
    r = sp.Rational(r)
    return Fraction(int(r.p), int(r.q))


def round_places(v: Fraction, places: int) -> Decimal:
    """`v` rounded half-even to `places` decimal places, exactly (no float, no context)."""
    n = round(v * 10**places)
    return Decimal(n).scaleb(-places)


def polynomial(expr, params: dict) -> list[Fraction]:
    """Coefficients (highest degree first) of a family schedule, with parameters bound."""
    poly = sp.Poly(sp.sympify(expr).subs(params), q)
    return [_fraction(c) for c in poly.all_coeffs()]


def horner(coeffs: list[Fraction], v: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in coeffs:
        acc = acc * v + c
    return acc


def bind(params: dict) -> dict:
    """Parameter values (Fractions, Decimals, ints or strings) as a SymPy substitution."""
    names = {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta}
    return {names.get(k, k) if isinstance(k, str) else k: _rat(Fraction(v) if isinstance(v, str) else v)
            for k, v in params.items()}


def zero_spread_volume(fam: Family, params: dict, digits: int = 6) -> Fraction:
    """A rational volume at or just below the one where the spread reaches zero."""
    sub = bind(params)
    root = positive_root(fam.ps(q) - fam.pd(q), q, fam).subs(sub)
    return Fraction(int(sp.floor(root * 10**digits)), 10**digits)


def sample_case(fam: Family, params: dict, n: int, volume_max: Fraction, h_mm: Decimal, h_rm: Decimal,
                places: int = 10, theta: Decimal = Decimal("0.5")) -> Case:
    """The case whose grid index k stands for the volume k * volume_max / n (the grid is
    0, 1, ..., n: the equilibrium conditions are homogeneous in the volumes)."""
    sub = bind(params)
    pd, ps = polynomial(fam.pd(q), sub), polynomial(fam.ps(q), sub)
    step = Fraction(volume_max) / n
    a = tuple(round_places(horner(pd, k * step), places) for k in range(1, n + 1))
    b = tuple(round_places(horner(ps, k * step), places) for k in range(1, n + 1))
    return Case(tuple(range(n + 1)), Report(a, Decimal(h_mm)), Report(b, Decimal(h_rm)), theta)


@dataclass(frozen=True)
class Comparison:
    n: int
    step: Fraction
    selected_volume: Fraction  # the reference's, in volume units
    eq_max_volume: Fraction
    selected_closed: sp.Expr  # the closed form, exact
    eq_max_closed: sp.Expr

    def within(self, discrete: Fraction, closed: sp.Expr, steps: int = 1) -> bool:
        """|discrete - closed| <= steps * step, decided exactly by SymPy."""
        return bool(sp.Abs(_rat(discrete) - closed) <= _rat(self.step) * steps)

    @property
    def selected_ok(self) -> bool:
        return self.within(self.selected_volume, self.selected_closed)

    @property
    def eq_max_ok(self) -> bool:
        return self.within(self.eq_max_volume, self.eq_max_closed)


def compare(fam: Family, params: dict, n: int, h_mm: Decimal, h_rm: Decimal, q_selected, q_eq_max,
            volume_max: Fraction | None = None, places: int = 10) -> Comparison:
    """Run the reference on the sampled case and pair its answers with the closed forms
    `q_selected` (in h) and `q_eq_max`, both SymPy expressions in the family's parameters."""
    vmax = volume_max if volume_max is not None else zero_spread_volume(fam, params)
    case = sample_case(fam, params, n, vmax, h_mm, h_rm, places)
    out = select(case)
    step = Fraction(vmax) / n
    values = {k.name: v for k, v in bind(params).items()}
    values["h"] = _rat(max(Decimal(h_mm), Decimal(h_rm)))
    return Comparison(n, step, out.index * step, max(out.equilibria) * step,
                      substitute_by_name(q_selected, values), substitute_by_name(q_eq_max, values))


def substitute_by_name(expr, values: dict):
    """`expr` (a SymPy expression or a parsable string) with every free symbol whose name
    is in `values` replaced: works alike for the derivation's symbols (with assumptions)
    and for symbols parsed back from the JSON form (without)."""
    expr = sp.sympify(expr)
    return expr.subs({s: values[s.name] for s in expr.free_symbols if s.name in values})
