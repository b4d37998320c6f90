"""Theta-independence of the equilibrium set, for every N (spec/claims.md 7.15).

Claim `theta_independence`: for any two shares theta, theta' of the variant's range, (k, k)
is an equilibrium under theta exactly when it is under theta'. Stated as in 7.8 (symbolic N,
uninterpreted schedules, pairwise quantified axioms): for each dealer and order of k and a
deviation d, "(k, k) is an equilibrium under theta (every deviation of both dealers
quantified) and d pays under theta'" must be unsat; by symmetry of theta and theta' that is
both inclusions. Sanity: the axioms are satisfiable and, without the equilibrium hypothesis,
a paying deviation exists.

A model of the unbounded encoding is not a counterexample. Where Z3 finds one, `concrete`
searches the bounded encoding of spec/claims.md 7.6 (sizes 1..MAX_N, one store, two games
that differ only in theta) for a case whose equilibrium sets under theta and theta' differ,
turns it into two wire cases and replays both through the reference
(`equilibria_definitional`); only a replayed difference is a refutation, anything else stays
unknown with its reason.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import z3
from reposelect.reference.errors import WireError
from reposelect.reference.game import equilibria_definitional, paying_deviation
from reposelect.reference.types import ROLES, Case
from reposelect.reference.validate import check_case

from . import solvers
from .counterexample import Concretizer, NotRepresentable, to_decimal, value, wire
from .encoding import Game, Store, theta_range
from .result import Proved, Refuted, Unknown, record
from .solve import SEED
from .unbounded import UGame
from .variants import Variant, get_variant

CLAIM = "theta_independence"
MAX_N = 4  # the sizes the concrete search tries after a model of the unbounded encoding


def queries(variant: str):
    """[(label, formulas)] each of which must be unsat; and the sanity queries."""
    v = get_variant(variant)
    g, g2 = UGame(v), UGame(v)
    g2.theta = z3.Real("theta2")
    rng = theta_range(v.policy, g2.theta)
    k, d, m = z3.Ints("k d m")
    eq = z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k),
                                    z3.And(g.gain("mm", k, m) <= 0, g.gain("rm", k, m) <= 0)))
    base = g.axioms() + rng + [g.inside(k), g.inside(d)]
    out = []
    for dl in ROLES:
        for oname, order in (("d<k", d < k), ("d>k", d > k)):
            out.append((f"{dl} {oname}", base + [order, eq, g2.gain(dl, k, d) > 0]))
    sanity = {"axioms_sat": base, "weakened_refuted": base + [d < k, g2.gain("mm", k, d) > 0]}
    return out, sanity


def prove(variant: str, timeout_ms: int = 60000, seed: int = SEED):
    """Each query through `solvers.check_query` (fresh context, seed, retries; the solver(s)
    of the mode); the sanity queries likewise."""
    qs, sanity_qs = queries(variant)
    try:
        for n, (label, fs) in enumerate(qs, 1):
            a = solvers.check_query(fs, None, timeout_ms, f"{CLAIM} / {variant} every N, {label}", seed=seed)
            if a.status == "sat":
                found = concrete(get_variant(variant), timeout_ms, seed)
                if isinstance(found, Refuted):
                    return replace(found, queries=found.queries + n)
                return Unknown(f"{label}: Z3 finds a model of the negation in the unbounded encoding, and "
                               f"no replayed case up to N = {MAX_N}: {found}", 0, n)
            if a.status != "unsat":
                return Unknown(f"{label}: solver says {a.status} ({a.reason})", 0, n)
        sanity = {k: solvers.check_query(fs, None, timeout_ms, f"{CLAIM} / {variant} sanity {k}", seed=seed).status == "sat"
                  for k, fs in sanity_qs.items()}
    except solvers.Disagreement as e:
        return Unknown(f"DISAGREEMENT: {e}", 0, len(qs))
    if not all(sanity.values()):
        return Unknown(f"sanity check failed: {sanity}", 0, len(qs))
    return Proved(0, len(qs), sanity)


def _thetas(v: Variant) -> list[Fraction]:
    inner = [Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(1, 8), Fraction(7, 8)]
    return ([Fraction(0), Fraction(1)] if v.policy.theta_closed else []) + inner


def _attempts(v: Variant, n: int):
    """(theta, theta', grid) to pin, simplest first (linear queries); None leaves it free."""
    ts = _thetas(v)
    for t in ts:
        for t2 in ts:
            if t != t2:
                yield t, t2, list(range(n + 1))
    yield None, None, list(range(n + 1))
    yield None, None, None


def replay(case: Case, other_theta: Decimal) -> dict | None:
    """The reference's account of a difference: the first equilibrium of `case` that is not
    one at `other_theta`, the deviation that pays there, both equilibrium sets and the case at
    `other_theta`; None when no equilibrium is lost."""
    case2 = replace(case, theta=other_theta)
    eq, eq2 = equilibria_definitional(case), equilibria_definitional(case2)
    lost = [k for k in eq if k not in eq2]
    if not lost:
        return None
    found = paying_deviation(case2, lost[0])
    assert found is not None  # (k, k) is not an equilibrium at other_theta: some deviation pays
    dealer, d, gain = found
    return {"dealer": dealer, "from_index": lost[0], "to_index": d, "gain": str(gain),
            "theta": str(case.theta), "other_theta": str(case2.theta),
            "equilibria": list(eq), "equilibria_at_other_theta": list(eq2),
            "case_at_other_theta": wire(case2)}


def concrete(v: Variant, timeout_ms: int = 60000, seed: int = SEED):
    """A replayed counterexample: `Refuted` with the case under theta, the paying deviation
    under theta' and the case under theta'; else the reason none was found (a string)."""
    last, asked = "no model at any size", 0
    for n in range(1, MAX_N + 1):
        for t, t2, grid in _attempts(v, n):
            st = Store(v, n, theta=t, grid=grid)
            g, g2 = Game(st), Game(st)
            g2.theta = z3.RealVal(str(t2)) if t2 is not None else z3.Real("theta2")
            rng = theta_range(v.policy, g2.theta) if t2 is None else []
            differ = z3.Or([z3.And(g.is_eq(k), z3.Not(g2.is_eq(k))) for k in range(n + 1)])
            asked += 1
            a = solvers.check_query(st.axioms(full=True) + rng + [differ], None, timeout_ms,
                                    f"{CLAIM} / {v.name} concrete N = {n} theta {t} vs {t2}", seed=seed)
            if a.status != "sat":
                if a.status == "unknown":
                    last = f"N = {n}: {a.reason}"
                continue
            try:
                cz = Concretizer(st, a.model, n)
                other = to_decimal(value(a.model, g2.theta))
            except NotRepresentable as e:
                last = str(e)
                continue
            case = cz.case(g)
            case2 = replace(case, theta=other)
            try:
                check_case(case, v.policy)
                check_case(case2, v.policy)
            except WireError as e:
                last = f"DRIFT: the model is not a valid case: {e.code} {e.message}"
                continue
            dev = replay(case, case2.theta)
            if dev is None:
                last = "DRIFT: the model does not replay through the reference"
                continue
            note = (f"(k, k) = ({dev['from_index']}, {dev['from_index']}) is an equilibrium at theta = {case.theta} "
                    f"and not at theta = {case2.theta}")
            return Refuted(n, wire(case), dev, asked, note)
    return last


def run_theta_independence(variants, verbose=True, seed: int = SEED):
    out = []
    for v in variants:
        t0 = time.monotonic()
        solvers.reset_tally()
        res = prove(v, seed=seed)
        rec = record(CLAIM, v, "unbounded", res, time.monotonic() - t0)
        rec["reached"] = None
        rec["seed"] = seed
        rec["method"] = "symbolic N, uninterpreted schedules, pairwise quantified axioms, two shares theta, theta'"
        rec["solvers"] = solvers.reset_tally()
        out.append(rec)
        if verbose:
            print(f"{CLAIM:22s} {v:18s} {rec['verdict']:8s} every N {rec['seconds']:8.2f}s", file=sys.stderr, flush=True)
    return out
