"""Each rule is defined once (reference/rules.py) and every checker calls it.

On concrete cases the bounded Z3 encoding (`Game`) and the unbounded one (`UGame`, symbolic
N with uninterpreted schedules) evaluate the hurdle test (every mode), each dealer's hurdle
comparison, the tie-break preference, the selection order, the joint profit and the fast
conditions to exactly the reference's answer. A source scan checks that no other module
restates the hurdle comparison, the tie-break rule, the fast conditions or the joint profit
(reference/fast.py writes its scan from them at import).
"""
import re
from fractions import Fraction
from pathlib import Path

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from proof_strategies import cases
from z3_values import ev as _ev, val as _val
from reposelect.proofs import claims as C
from reposelect.proofs.encoding import Z3_OPS, Game, Store
from reposelect.proofs.unbounded import UGame
from reposelect.proofs.variants import Variant, get_variant
from reposelect.reference import rules
from reposelect.reference.policy import Policy
from reposelect.reference.select import choose, hurdle_feasible, joint_profit
from reposelect.reference.types import Case

ROOT = Path(__file__).resolve().parents[2]
MODES = rules.HURDLE_MODES


def _variant(mode, tie_break):
    return Variant("t", Policy(hurdle_mode=mode), tie_break)


def _bounded(case: Case, mode):
    st_ = Store(_variant(mode, case.tie_break), case.n, theta=case.theta, grid=case.grid)
    g = Game(st_, tie_break=case.tie_break)

    def subs():
        out = []
        for name, vec in st_.vecs.items():
            rates = case.mm.rates if name == "a" else case.rm.rates
            out += [(t, _val(rates[i - 1])) for i, t in vec.terms.items()]
        for name, (t, kind) in st_.scalars.items():
            if kind == "hurdle":
                out.append((t, _val(case.mm.hurdle if name == "h_mm" else case.rm.hurdle)))
        return out
    return g, subs


def _unbounded(case: Case, mode):
    g = UGame(_variant(mode, case.tie_break))
    I = z3.IntVal

    def subs():
        out = [(g.theta, _val(case.theta)), (g.h_mm, _val(case.mm.hurdle)), (g.h_rm, _val(case.rm.hurdle)),
               (g.N, I(case.n))]
        for i in range(0, case.n + 1):
            out += [(g.qf(I(i)), _val(case.grid[i])), (g.af(I(i)), _val(case.a(i))), (g.bf(I(i)), _val(case.b(i)))]
        return out
    return g, subs


_CASES = st.sampled_from([get_variant("standard"), get_variant("smallest_volume")]).flatmap(
    lambda v: cases(v, max_n=5))


def _index(enc, k):
    return z3.IntVal(k) if enc == "unbounded" else k


@settings(max_examples=60, deadline=None)
@given(_CASES, st.sampled_from(["bounded", "unbounded"]))
def test_each_encoding_evaluates_to_the_reference(case, enc):
    for mode in MODES:
        g, subs = (_bounded if enc == "bounded" else _unbounded)(case, mode)
        policy = Policy(hurdle_mode=mode)
        for k in range(1, case.n + 1):
            kk = _index(enc, k)
            # the hurdle test and each dealer's comparison
            assert _ev(g.feasible(kk), subs()) == hurdle_feasible(case, k, policy), (mode, k)
            s = Fraction(case.spread(k))
            for role, h in (("mm", case.mm.hurdle), ("rm", case.rm.hurdle)):
                want = rules.accepts(mode, role, Fraction(case.theta), s, Fraction(h))
                got = rules.accepts(mode, role, g.theta, g.spread(kk), _val(h), Z3_OPS)
                assert _ev(got, subs()) == want
            # joint profit
            assert _ev(g.pi(kk), subs()) == Fraction(joint_profit(case, k))
            # the selection order between every pair (tie-break included)
            for m in range(1, case.n + 1):
                if m == k:
                    continue
                mm_ = _index(enc, m)
                ref_ahead = choose(case, [k, m]) == m
                assert _ev(g.beats(mm_, kk), subs()) == (not ref_ahead), (m, k)
            # the fast conditions
            for j in range(k):
                for dl in ("mm", "rm"):
                    want = rules.fast_condition(dl, case.theta, case.a(k), case.b(k), case.a(j), case.b(j),
                                                case.grid[j], rules.joint_profit(case.spread(k), case.grid[k]))
                    assert _ev(g.fast_term(dl, kk, _index(enc, j)), subs()) == want


@settings(max_examples=40, deadline=None)
@given(_CASES)
def test_fast_conditions_of_the_claims_match_the_fast_algorithm(case):
    from reposelect.reference.fast import equilibria_fast

    assert C.fast_conditions(case) == equilibria_fast(case)


def test_the_tie_break_order():
    assert rules.prefers("largest_volume", 3, 2) and not rules.prefers("largest_volume", 2, 3)
    assert rules.prefers("smallest_volume", 2, 3) and not rules.prefers("smallest_volume", 3, 2)
    assert rules.ahead("largest_volume", 5, 5, 3, 2) and not rules.ahead("smallest_volume", 5, 5, 3, 2)
    assert rules.ahead("smallest_volume", 6, 5, 3, 2)


# -- one definition -------------------------------------------------------------------------
# Restating the hurdle comparison or the tie-break in another module is what this guards:
# a comparison of a spread/margin with a hurdle, or a test of the tie-break's name.
_HURDLE_CMP = re.compile(r"(spread|\bs\b|margin)[^\n#]*[<>]=?\s*(max\(|min\()?[^\n#]*hurdle|hurdle[^\n#]*[<>]=?[^\n#]*spread")
_TIE_CMP = re.compile(r"""tie_break\s*==\s*["'](largest|smallest)_volume""")
# The fast conditions and the joint profit: a rate, a spread or a difference of rates times a
# volume, or a line's value compared with the profit (the dealers' payoff is defined in game.py).
_FAST_TERM = re.compile(r"(\(\s*[ab]\w*\s*-\s*[ab]\w*\s*\)|(?<![\w.])-?[abAB](_\w+)?(\[[^\]]*\])?|spread\w*(\([^)]*\))?"
                        r"|\bs\b)\s*\*\s*(q\w*|grid|volume)\b|\w+\s*\*\s*\w+\s*\+\s*\w+\s*<=?\s*(p|pi\w*)\b")
_PAYOFF = ROOT / "reference" / "game.py"
# The conformance mutants state their one bug as a replacement of the rule (that is their job).
_MUTANT_BUGS = {"strict_hurdle.py"}


def _sources():
    for top in ("reference", "proofs", "conformance", "reposelect"):
        for p in sorted((ROOT / top).rglob("*.py")):
            if p.name in _MUTANT_BUGS or p == ROOT / "reference" / "rules.py":
                continue
            yield p


def test_one_definition_of_the_hurdle_comparison_the_tie_break_and_the_fast_conditions():
    offenders = []
    for p in _sources():
        for no, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if code.strip().startswith(('"', "'")) or '"""' in code:
                continue
            if _HURDLE_CMP.search(code) or _TIE_CMP.search(code) or (_FAST_TERM.search(code) and p != _PAYOFF):
                offenders.append(f"{p.relative_to(ROOT)}:{no}: {line.strip()}")
    assert not offenders, "a rule restated outside reference/rules.py:\n" + "\n".join(offenders)


def test_the_scan_rule_is_found_by_the_guard():
    # the guard is not vacuous: the old restatements are caught
    assert _HURDLE_CMP.search("return case.spread(k) >= max(case.mm.hurdle, case.rm.hurdle)")
    assert _TIE_CMP.search('if case.tie_break == "largest_volume" and k > best_k:')
    # the scaled-integer fast path's own form of the fast conditions and the joint profit
    for old in ("p = (b - a) * qk", "ok = mt * b + ct <= p", "c3 = -a * qk", "mr, cr = q[0], B[0] * q[0]",
                "pis = [scaled.spread(k) * q[k] for k in candidates]"):
        assert _FAST_TERM.search(old), old
