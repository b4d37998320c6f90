"""The Z3 encoding, evaluated on concrete cases, gives the reference's answers
(spec/claims.md 7.5): equilibrium sets, deviation gains, fast conditions, the selected
index, and the realised profits under misreports. Hundreds of cases, small N."""
from fractions import Fraction

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from proof_strategies import cases, schedule
from z3_values import ev, val as _val
from reposelect.proofs import claims as C
from reposelect.proofs.encoding import Game, Store, realised
from reposelect.proofs.variants import VARIANT_NAMES, get_variant
from reposelect.reference.fast import equilibria_fast
from reposelect.reference.game import equilibria_definitional, profile_profits
from reposelect.reference.realised import realise
from reposelect.reference.select import equilibria, select
from reposelect.reference.types import Case, Report

VARIANTS = [get_variant(v) for v in VARIANT_NAMES]


def bind(store: Store, vectors: dict, hurdles: dict):
    subs = []
    for name, vec in store.vecs.items():
        for i, t in vec.terms.items():
            subs.append((t, _val(vectors[name][i - 1])))
    for name, (t, kind) in store.scalars.items():
        if kind == "hurdle":
            subs.append((t, _val(hurdles[name])))
    return subs


def game_for(case: Case, variant):
    st_ = Store(variant, case.n, theta=case.theta, grid=case.grid)
    g = Game(st_, tie_break=case.tie_break)
    return st_, g


def subs_for(st_, case):
    for i in range(1, case.n + 1):
        st_.vec("a", "mm")(i)
        st_.vec("b", "rm")(i)
    st_.hurdle("h_mm"), st_.hurdle("h_rm")
    return bind(st_, {"a": case.mm.rates, "b": case.rm.rates}, {"h_mm": case.mm.hurdle, "h_rm": case.rm.hurdle})


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@settings(max_examples=60)
@given(data=st.data())
def test_equilibria_gains_and_selection_match_the_reference(variant, data):
    case = data.draw(cases(variant))
    st_, g = game_for(case, variant)
    n = case.n
    eq_terms = {k: g.is_eq(k) for k in range(n + 1)}
    fast_terms = {k: g.fast_eq(k) for k in range(n + 1)}
    gains = {(dl, k, d): g.gain(dl, k, d) for k in range(n + 1) for d in range(n + 1) for dl in ("mm", "rm")}
    pis = {k: g.pi(k) for k in range(1, n + 1)}
    E = {k: z3.Bool(f"E_{k}") for k in range(1, n + 1)}
    P = {k: z3.Real(f"P_{k}") for k in range(1, n + 1)}
    sel_term = C.scan(g, n, E, P)
    sel_is = {k: C.sel_is(g, k, n) for k in range(n + 1)}
    subs = subs_for(st_, case)
    # equilibrium set: the encoding = the definitional reference = what select uses
    enc = tuple(k for k in range(n + 1) if ev(eq_terms[k], subs))
    assert enc == equilibria_definitional(case)
    assert enc == equilibria(case, variant.policy)
    # every deviation gain, exactly
    for (dl, k, d), t in gains.items():
        if dl == "mm":
            want = Fraction(profile_profits(case, k, d)[0]) - Fraction(profile_profits(case, k, k)[0])
        else:
            want = Fraction(profile_profits(case, d, k)[1]) - Fraction(profile_profits(case, k, k)[1])
        assert ev(t, subs) == want
    # the fast conditions: the naive mirror, and the reference's O(N) algorithm where it applies
    fast = tuple(k for k in range(n + 1) if ev(fast_terms[k], subs))
    assert fast == C.fast_conditions(case)
    if variant.policy.monotone_nonnegative:
        assert fast == equilibria_fast(case)
    # the scan, fed the encoding's E and pi, selects what the reference selects
    out = select(case, variant.policy)
    scan_subs = subs + [(E[k], z3.BoolVal(k in enc)) for k in E] + [(P[k], _val(ev(pis[k], subs))) for k in P]
    assert ev(sel_term, scan_subs) == out.index
    # sel_is (the truthfulness encoding of the choice) holds exactly at the selected index
    assert [k for k in range(n + 1) if ev(sel_is[k], subs)] == [out.index]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
@pytest.mark.parametrize("form", ["expost", "dominance"])
@settings(max_examples=25)
@given(data=st.data())
def test_realised_outcome_matches_the_reference(variant, form, data):
    base = data.draw(cases(variant, max_n=3))
    n = base.n
    dl = data.draw(st.sampled_from(["mm", "rm"]))
    true_mm, true_rm = base.mm, base.rm
    mis = data.draw(schedule(variant, n, dl))
    other = data.draw(schedule(variant, n, "rm" if dl == "mm" else "mm")) if form == "dominance" else None
    st_ = Store(variant, n, theta=base.theta, grid=base.grid)
    T, M, truth = C.truth_games(st_, dl, form)
    T.tie_break = M.tie_break = base.tie_break
    names = {"a": true_mm, "b": true_rm, "x": mis}
    if form == "dominance":
        names["y"] = other
    # build the concrete cases each game stands for
    def case_of(g):
        mm_vec, rm_vec = g.a.name, g.b.name
        h = {"h_mm": true_mm.hurdle, "h_rm": true_rm.hurdle, "h_x": mis.hurdle,
             "g_rm": other.hurdle if other else None, "g_mm": other.hurdle if other else None}
        return Case(base.grid, Report(names[mm_vec].rates, h[g._h[0]]), Report(names[rm_vec].rates, h[g._h[1]]),
                    base.theta, base.tie_break)
    cT, cM = case_of(T), case_of(M)
    kT, kM = select(cT, variant.policy).index, select(cM, variant.policy).index
    uT = realised(T, truth, truth, kT, n, truth.h_mm, truth.h_rm)
    uM = realised(M, truth, truth, kM, n, truth.h_mm, truth.h_rm)
    vecs = {k: v.rates for k, v in names.items()}
    hs = {"h_mm": true_mm.hurdle, "h_rm": true_rm.hurdle, "h_x": mis.hurdle}
    if other:
        hs["g_rm"] = hs["g_mm"] = other.hurdle
    for g in (T, M):
        for i in range(1, n + 1):
            g.a(i), g.b(i)
        _ = (g.h_mm, g.h_rm)  # evaluated for their side effect: the symbols enter the store
    for i in range(1, n + 1):
        truth.a(i), truth.b(i)
    subs = bind(st_, vecs, hs)
    for case, u in ((cT, uT), (cM, uM)):
        r = realise(case, true_mm, true_rm, variant.policy)
        assert ev(u[0], subs) == r.profit_mm
        assert ev(u[1], subs) == r.profit_rm
        assert ev(u[2], subs) == r.acceptable_mm
        assert ev(u[3], subs) == r.acceptable_rm


def test_the_encoding_calls_the_reference_payoff_function():
    import reposelect.proofs.encoding as enc
    import reposelect.reference.game as game

    assert enc.dealer_profits is game.dealer_profits
    # and it really goes through it: a Z3 term comes back from the reference's own function
    st_ = Store(get_variant("standard"), 2)
    pm, pr = Game(st_).profits(1, 2)
    assert isinstance(pm, z3.ArithRef) and isinstance(pr, z3.ArithRef)
