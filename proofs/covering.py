"""The covering argument of spec/claims.md 7.6.1, checked for every N (spec 7.6.8).

The bounded runs split a local claim into one small query per key (candidate, deviation,
dealer); `renaming` shows that, up to an order-preserving renaming of the indices, a
claim has few distinct keys (at most 18, all with indices at most 2). This module checks,
with Z3 and for a symbolic N, that those few quantifier-free queries imply the claim at
every size: a second route to "every N", independent of the unbounded proofs of 7.8 in the
one place where the work is (the non-linear arithmetic of the payoffs is decided only by
the quantifier-free canonical queries).

The claim at size N is stated as in 7.8 (`unbounded.UGame`: N symbolic, the schedules
uninterpreted functions Int -> Real with the pairwise quantified axioms): for every
(k, d, dealer) in the claim's domain, not (H(k, d) and C(k, d)), with H the claim's
hypothesis over the whole grid (quantified) and C its negated conclusion (`STATEMENTS`).
For each canonical key t (`renaming.canonical_keys`), with cond_t(k, d) the order type of
t (how k, d, 0 and 1 compare), L_t its query (axioms A_t, hypothesis H_t, negated
conclusion C_t, exactly as the bounded run poses it) and [s] the substitution of each
symbol q_v, a_v, b_v of L_t by q(x), a(x), b(x) at the symbolic index x that plays v:

1. `local`: L_t is unsat, and A_t and H_t are sat (the bounded query of t, with its
   vacuity check);
2. `hypothesis`: axioms(N), domain, cond_t and H(k, d) imply (A_t and H_t)[s];
3. `conclusion`: axioms(N), domain and cond_t imply C(k, d) <=> C_t[s];
4. `cover`: for each dealer (and direction), the domain implies the disjunction of the
   cond_t.

Each of 2-4 is one query whose negation must be unsat (with the same vacuity check:
its hypothesis is sat), for a symbolic N. Then the claim holds for every N: a
counterexample (N, k, d, dealer) satisfies some cond_t (4), hence (A_t and H_t and
C_t)[s] (2, 3), so the values of the terms [s] satisfy L_t, against 1. Queries 2-4 only
instantiate the quantified axioms and hypothesis at the key's indices and compare terms
built by the same functions; they decide nothing about payoffs.

What is assumed: the modelling of 7.8 (a size-N case is a model of the axioms at that N;
the claim's statement in `STATEMENTS` is the claim of 7.1 at that N, as the bounded
`full=True` queries state it), and the soundness of Z3.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import z3

from . import claims as C
from . import renaming
from .result import Proved, Unknown
from . import solvers
from .solve import SEED, split
from .unbounded import UGame
from .variants import get_variant

COVERED_CLAIMS = ("no_trade_equilibrium", "existence", "fast_path", "fast_equivalence", "nonneg_spread")
NONLINEAR_TACTIC = "qfnra-nlsat"


@dataclass(frozen=True)
class Statement:
    """A local claim at a symbolic size N, for a key whose indices are symbolic: the domain
    of (k, d), the hypothesis over the whole grid, the negated conclusion (UGame terms)."""

    domain: Callable  # (g, key) -> list of formulas
    hypothesis: Callable  # (g, key) -> list of formulas
    negated: Callable  # (g, key) -> formula


def _m():
    return z3.Int("m")


def _no_deviation_pays(g, k):
    m = _m()
    return z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k), z3.And(g.gain("mm", k, m) <= 0,
                                                                       g.gain("rm", k, m) <= 0)))


def _argmax(g, k):
    m = _m()
    return z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k), g.beats(m, k)))


def _feasible_argmax(g, k):
    m = _m()
    return z3.ForAll([m], z3.Implies(z3.And(g.inside(m, 1), m != k, g.feasible(m)), g.beats(m, k)))


def _fast(g, k):
    m = _m()
    return z3.ForAll([m], z3.Implies(z3.And(m >= 0, m < k), z3.And(g.fast_term("mm", k, m), g.fast_term("rm", k, m))))


def _fe_domain(g, key):
    way, k, d, _ = key
    if way == "fwd":
        return [g.inside(k), g.inside(d), d != k]
    return [g.inside(k, 1), g.inside(d), d < k]


def _fe_hypothesis(g, key):
    way, k, d, _ = key
    return [_fast(g, k)] if way == "fwd" else [_no_deviation_pays(g, k)]


def _fe_negated(g, key):
    way, k, d, dl = key
    return g.gain(dl, k, d) > 0 if way == "fwd" else z3.Not(g.fast_term(dl, k, d))


STATEMENTS: dict[str, Statement] = {
    # (0, 0) is an equilibrium: no move d in 1..N pays either dealer
    "no_trade_equilibrium": Statement(lambda g, key: [key[0] == 0, g.inside(key[1], 1)], lambda g, key: [],
                                      lambda g, key: g.gain(key[2], key[0], key[1]) > 0),
    # the tie-broken argmax k of pi over 0..N: no move d pays
    "existence": Statement(lambda g, key: [g.inside(key[0]), g.inside(key[1]), key[1] != key[0]],
                           lambda g, key: [_argmax(g, key[0])],
                           lambda g, key: g.gain(key[2], key[0], key[1]) > 0),
    # the tie-broken argmax k over the hurdle-feasible 1..N: no move d pays
    "fast_path": Statement(lambda g, key: [g.inside(key[0], 1), g.inside(key[1]), key[1] != key[0]],
                           lambda g, key: [g.feasible(key[0]), _feasible_argmax(g, key[0])],
                           lambda g, key: g.gain(key[2], key[0], key[1]) > 0),
    # fwd: the fast conditions at k, and a move d pays; bwd: (k, k) an equilibrium, a term fails
    "fast_equivalence": Statement(_fe_domain, _fe_hypothesis, _fe_negated),
    # (k, k) a trading equilibrium with a negative spread
    "nonneg_spread": Statement(lambda g, key: [g.inside(key[0], 1)], lambda g, key: [_no_deviation_pays(g, key[0])],
                               lambda g, key: g.spread(key[0]) < 0),
}

_NAMES = ("k", "d")


def symbolic_key(ckey):
    """The canonical key with each index replaced by a symbolic Int (k, then d)."""
    out, n = [], 0
    for x in ckey:
        if renaming.key_indices((x,)):
            out.append(z3.Int(_NAMES[n]))
            n += 1
        else:
            out.append(x)
    return tuple(out)


def order_type(g: UGame, ckey, skey, indices):
    """(cond, term): cond says that the symbolic indices compare with each other, 0 and 1
    as the canonical ones do; term maps each canonical index to its symbolic index."""
    term = {0: z3.IntVal(0)} if 0 in indices else {}
    for c, s in zip(ckey, skey):
        if renaming.key_indices((c,)) and c not in term:
            term[c] = s
    if 0 in indices and 1 not in term:
        term[1] = z3.IntVal(1)  # touched only as the rates of index 0
    missing = set(indices) - set(term)
    if missing:
        raise ValueError(f"key {ckey} touches indices {sorted(missing)} that are not its own")
    cond = []
    for c, s in zip(ckey, skey):
        if renaming.key_indices((c,)) and not term[c].eq(s):
            cond.append(s == term[c])  # two components with the same canonical index
    vs = sorted(term)
    cond += [term[v] >= 1 for v in vs if v >= 1]
    for x, v in enumerate(vs):
        for w in vs[x + 1:]:
            cond.append(term[v] < term[w])
    if 0 in indices:
        cond.append(term[1] == 1)  # a_1 also stands for a_0, so the index playing 1 is 1
    return cond, term


def substitution(g: UGame, posed: renaming.Posed, term):
    st = posed.store
    pairs = [(t, g.q(term[i])) for i, t in st.q_terms.items()]
    for name, v in st.vecs.items():
        f = {"a": g.a, "b": g.b}.get(name)
        if f is None:
            raise ValueError(f"a local query with a rate vector {name!r} beyond the game's a and b")
        pairs += [(t, f(term[i])) for i, t in v.terms.items()]
    return pairs


def _subst(f, pairs):
    return z3.substitute(f, *pairs) if pairs else f


def queries(claim: str, variant: str, bound: int = 3):
    """(label, formulas, tactic) of every query of the argument; each must be unsat."""
    v = get_variant(variant)
    cl = C.CLAIMS[claim]
    stmt = STATEMENTS[claim]
    g = UGame(v)
    ax = g.axioms()
    out: list[tuple[str, list, str | None]] = []
    groups: dict[tuple, list] = {}
    for ckey, posed in renaming.canonical_keys(cl, bound, v).items():
        out.append((f"local {ckey}", posed.formulas, NONLINEAR_TACTIC))
        skey = symbolic_key(ckey)
        cond, term = order_type(g, ckey, skey, posed.indices)
        pairs = substitution(g, posed, term)
        hyps, concl = split(posed.formulas[-1])
        local_hyp = [_subst(f, pairs) for f in posed.formulas[:-1] + hyps]
        dom = stmt.domain(g, skey)
        full_h = stmt.hypothesis(g, skey)
        out.append((f"hypothesis {ckey}", ax + [z3.And(dom + cond + full_h + [z3.Not(z3.And(local_hyp))])], None))
        out.append((f"conclusion {ckey}", ax + [z3.And(dom + cond + [stmt.negated(g, skey) != _subst(concl, pairs)])],
                    None))
        shape = tuple(x if not renaming.key_indices((x,)) else None for x in ckey)
        groups.setdefault(shape, []).append((skey, z3.And(cond) if cond else z3.BoolVal(True)))
    for shape, members in groups.items():
        skey = members[0][0]  # the same symbolic k, d in every member
        dom = stmt.domain(g, skey)
        label = "cover " + " ".join(str(x) for x in shape if x is not None)
        out.append((label.strip(), [g.N >= 1, z3.And(dom + [z3.Not(z3.Or([c for _, c in members]))])], None))
    return out


def prove_covering(claim: str, variant: str, timeout_ms: int = 30000, seed: int = SEED):
    """Proved (every query of `queries` unsat, none vacuous) or Unknown (naming the query).
    Each query through `solvers.check_query`, so under `--solver both` cvc5 decides it too and
    a sat/unsat split is a DISAGREEMENT naming the query."""
    qs = queries(claim, variant)
    done = 0
    try:
        for label, formulas, tactic in qs:
            a = solvers.check_query(formulas, tactic, timeout_ms, f"{claim} / {variant} covering, {label}",
                                    seed=seed, vacuity=True)
            if a.status != "unsat":
                who = {"both": "z3 and cvc5 say"}.get(solvers.mode(), f"{solvers.mode()} says")
                why = f"{who} unknown ({a.reason})" if a.status == "unknown" else f"{who} sat"
                return Unknown(f"{label}: {why}", 0, done + 1)
            if a.vacuous:
                return Unknown(f"{label}: the hypothesis is {a.hypothesis} on its own (a vacuous proof)", 0, done + 1)
            done += 1
    except solvers.Disagreement as e:
        return Unknown(f"DISAGREEMENT: {e}", 0, done + 1)
    n_local = sum(1 for label, _, _ in qs if label.startswith("local"))
    sanity = {"axioms_sat": True, "hypotheses_sat": True, "hypotheses_checked": done, "canonical_keys": n_local}
    return Proved(0, done, sanity)


def covering_record(claim: str, variant: str, seed: int = SEED) -> dict:
    """The part of a bounded record that states the covering argument's verdict."""
    t0 = time.monotonic()
    solvers.reset_tally()
    res = prove_covering(claim, variant, seed=seed)
    out = {"verdict": res.verdict, "queries": res.queries, "seconds": round(time.monotonic() - t0, 3),
           "method": "canonical keys decided quantifier-free; the covering argument checked for symbolic N",
           "solvers": solvers.reset_tally()}
    if isinstance(res, Proved):
        out["sanity"] = res.sanity
    else:
        out["reason"] = res.reason
    return out
