"""The claims of spec/claims.md 7.1, one class each, as Z3 queries and as a concrete check.

A claim yields *keys*, one small query each (the decomposition of spec/claims.md 7.6):

* a local claim's key touches a few indices (candidate k, deviation d, a dealer); its
  query states only the hypotheses about those indices, so "unsat" holds for every N >= the
  key's `n_min`; "sat" is re-checked with the full size-N hypotheses before it counts;
* a non-local claim's key names its N (or, for `selection`, one step of its induction) and
  is always posed with the full hypotheses.

Every claim is a `Claim`: `keys(bound)` in order of `n_min(key)`; `build(store, key, full)`
returns the formula whose satisfiability refutes the claim (the negation, conjoined with the
claim's hypotheses; the store adds the variant's axioms); `weakened(...)` a formula that must
be sat (the sanity check of 7.6.6) at `sanity_key(bound)`; `replay(case, variant)` decides the
same question on a concrete `Case` with the reference alone (a dict describing the failure,
or None). `CLAIMS` maps each name to its instance.
"""
from __future__ import annotations

from typing import Iterator

import z3

from reposelect.reference import rules
from reposelect.reference.game import equilibria_definitional, is_equilibrium, paying_deviation
from reposelect.reference.realised import realise
from reposelect.reference.select import choose, hurdle_feasible, select
from reposelect.reference.types import ROLES, Case, HurdleMode

from .encoding import Z3_OPS, Game, Store, realised

DEALERS = ROLES


class Claim:
    """One claim of spec/claims.md 7.1. A subclass sets the class attributes and defines
    `keys`, `formula` (the query of a key; `weak` for the sanity check's weakened claim) and
    `replay`; `n_min` and `sanity_key` when the defaults do not fit."""

    name: str = ""
    title: str = ""
    kind: str = "forall"  # "forall": proved when every key is unsat; "exists": proved by one sat key
    local: bool = False
    default_bound: int = 64
    section: str = ""

    def keys(self, bound: int) -> Iterator[tuple]:
        raise NotImplementedError

    def n_min(self, key) -> int:
        """The smallest N whose claim contains the key."""
        return key[0]

    def formula(self, st: Store, key, full: bool, weak: bool = False):
        raise NotImplementedError

    def build(self, st: Store, key, full: bool):
        return self.formula(st, key, full)

    def weakened(self, st: Store, key, full: bool):
        return self.formula(st, key, full, weak=True)

    def relaxed(self, st: Store, key):
        """A formula implied by `build(st, key, True)` (a weaker hypothesis, the same negated
        conclusion) that is cheaper to decide, or None; its unsat settles the key."""
        return None

    def sanity_key(self, bound: int):
        raise NotImplementedError

    def replay(self, case: Case, variant, extra: dict | None = None) -> dict | None:
        """The failure on `case` (a dict), or None; `extra`: the truthfulness claims' misreport."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


def _m_range(g: Game, full: bool, local: list[int], lo: int = 0):
    if full:
        return list(range(lo, g.n + 1))
    return [m for m in local if m >= lo]


def _dev(case: Case, k: int) -> dict | None:
    dev = paying_deviation(case, k)
    if dev is None:
        return None
    dealer, d, gain = dev
    return {"dealer": dealer, "from_index": k, "to_index": d, "gain": str(gain)}


def _pair_keys(bound, lo=0):
    """(k, d, dealer) for every candidate k >= lo and deviation d != k, by max(k, d)."""
    for top in range(max(lo, 1), bound + 1):
        for k in range(lo, top + 1):
            for d in range(0, top + 1):
                if d != k and max(k, d) == top:
                    for dl in DEALERS:
                        yield (k, d, dl)


class NoTradeEquilibrium(Claim):
    """7.1.1: no trade, (0, 0), is always an equilibrium. Key (0, d, dealer)."""

    name = "no_trade_equilibrium"
    title = "No trade, (0, 0), is always an equilibrium"
    local = True
    section = "7.1.1"

    def keys(self, bound):
        for d in range(1, bound + 1):
            for dl in DEALERS:
                yield (0, d, dl)

    def n_min(self, key):
        return key[1]

    def formula(self, st, key, full, weak=False):
        if weak:  # from (1, 1) instead of (0, 0)
            return Game(st).gain("mm", 1, 0) > 0
        k, d, dl = key
        return Game(st).gain(dl, k, d) > 0

    def sanity_key(self, bound):
        return (0, min(bound, 2), "mm")

    def replay(self, case, variant):
        return None if is_equilibrium(case, 0) else _dev(case, 0)


class MultipleEquilibria(Claim):
    """7.1.2: some schedule has two trading equilibria of positive joint profit (a witness).
    Key (N, k1, k2) with k2 = N."""

    name = "multiple_equilibria"
    title = "Some schedule has two or more trading equilibria (a witness)"
    kind = "exists"
    default_bound = 4
    section = "7.1.2"

    def keys(self, bound):
        for n in range(2, min(bound, 4) + 1):
            for k1 in range(1, n + 1):
                for k2 in range(k1 + 1, n + 1):
                    if k2 == n:
                        yield (n, k1, k2)

    def formula(self, st, key, full, weak=False):
        n, k1, k2 = key
        g = Game(st)
        if weak:  # three trading equilibria at N = 2 cannot exist
            return z3.And(g.is_eq(1, n), g.is_eq(2, n), z3.BoolVal(False))
        # strictly profitable trades, so that the witness is not the degenerate all-zero game
        return z3.And(g.is_eq(k1, n), g.is_eq(k2, n), g.pi(k1) > 0, g.pi(k2) > 0)

    def sanity_key(self, bound):
        return (2, 1, 2)

    def replay(self, case, variant):
        trading = [k for k in equilibria_definitional(case) if k >= 1]
        return {"trading_equilibria": trading} if len(trading) >= 2 else None


class Existence(Claim):
    """7.1.3: the tie-broken joint-profit argmax is an equilibrium. Key (k, d, dealer)."""

    name = "existence"
    title = "The joint-profit argmax (tie-broken) is an equilibrium"
    local = True
    section = "7.1.3"

    def keys(self, bound):
        return _pair_keys(bound)

    def n_min(self, key):
        return max(key[0], key[1], 1)

    def formula(self, st, key, full, weak=False):
        k, d, dl = key
        g = Game(st)
        hyp = [] if weak else [g.beats(m, k) for m in _m_range(g, full, [d]) if m != k]
        return z3.And(hyp + [g.gain(dl, k, d) > 0])

    def sanity_key(self, bound):
        return (min(bound, 2), 1, "mm")

    def replay(self, case, variant):
        k = choose(case, range(len(case.grid)), variant.policy)
        return None if is_equilibrium(case, k) else _dev(case, k)


class FastPath(Claim):
    """7.1.5: the argmax over the hurdle-feasible volumes is an equilibrium. Key (k >= 1, d,
    dealer)."""

    name = "fast_path"
    title = "The joint-profit argmax over hurdle-feasible volumes is an equilibrium"
    local = True
    section = "7.1.5"

    def keys(self, bound):
        return _pair_keys(bound, lo=1)

    def n_min(self, key):
        return max(key[0], key[1], 1)

    def formula(self, st, key, full, weak=False):
        k, d, dl = key
        g = Game(st)
        hyp = [g.feasible(k)]
        if not weak:
            hyp += [z3.Implies(g.feasible(m), g.beats(m, k)) for m in _m_range(g, full, [d], lo=1) if m != k]
        return z3.And(hyp + [g.gain(dl, k, d) > 0])

    def sanity_key(self, bound):
        return (min(bound, 2), 1, "mm")

    def replay(self, case, variant):
        feas = [k for k in range(1, len(case.grid)) if hurdle_feasible(case, k, variant.policy)]
        if not feas:
            return None
        k = choose(case, feas, variant.policy)
        return None if is_equilibrium(case, k) else _dev(case, k)


def fast_conditions(case: Case) -> tuple[int, ...]:
    """The fast algorithm's conditions (`rules.fast_condition`) evaluated naively (exact),
    spec/model.md 3.3."""
    q = case.grid
    out = [0]
    for k in range(1, len(q)):
        pk = rules.joint_profit(case.spread(k), q[k])
        if all(rules.fast_condition(dl, case.theta, case.a(k), case.b(k), case.a(j), case.b(j), q[j], pk)
               for j in range(k) for dl in DEALERS):
            out.append(k)
    return tuple(out)


class FastEquivalence(Claim):
    """7.1.6: the fast algorithm's conditions are the definitional ones, both directions.
    Key ("fwd", k, d, dealer): the fast conditions hold at k, yet the deviation to d pays;
    ("bwd", k, d < k, dealer): (k, k) is an equilibrium, yet the fast term at d fails."""

    name = "fast_equivalence"
    title = "The fast algorithm's conditions are equivalent to the definitional ones"
    local = True
    section = "7.1.6"

    def keys(self, bound):
        # k = 0 too: the fast algorithm always lists 0, so it must be an equilibrium
        for top in range(1, bound + 1):
            for k in range(0, top + 1):
                for d in range(0, top + 1):
                    if d != k and max(k, d) == top:
                        for dl in DEALERS:
                            yield ("fwd", k, d, dl)
                            if d < k:
                                yield ("bwd", k, d, dl)

    def n_min(self, key):
        return max(key[1], key[2], 1)

    def formula(self, st, key, full, weak=False):
        way, k, d, dl = key
        g = Game(st)
        if way == "fwd":  # fast conditions hold at k, yet a deviation pays
            if full:
                hyp = [g.fast_eq(k)]
            else:
                hyp = [g.fast_term(x, k, d) for x in DEALERS if d < k and not (weak and x != "mm")]
            if weak and full:  # only BDmm's condition
                hyp = [g.fast_term("mm", k, j) for j in range(k)]
            return z3.And(hyp + [g.gain(dl, k, d) > 0])
        # bwd: (k, k) is an equilibrium, yet a fast condition term fails
        hyp = [g.is_eq(k)] if full else [g.gain(dl, k, d) <= 0]
        if weak:
            hyp = []
        return z3.And(hyp + [z3.Not(g.fast_term(dl, k, d))])

    def sanity_key(self, bound):
        return ("fwd", min(bound, 2), 1, "rm")

    def replay(self, case, variant):
        fast, definitional = set(fast_conditions(case)), set(equilibria_definitional(case))
        if fast == definitional:
            return None
        k = min(fast ^ definitional)
        dev = _dev(case, k) or {"from_index": k}
        dev.update({"fast_conditions": sorted(fast), "definitional": sorted(definitional)})
        return dev


# ---- selection: the contract's scan returns the spec's outcome -----------------------------

def scan_step(g: Game, tie: str, k: int, cand, p_k, state):
    """One step of reference.select.choose's scan at index k (candidates come in increasing
    k): state = (best_k, best_pi, have) -> the state after k."""
    best_k, best_pi, have = state
    better = z3.Or(z3.Not(have), g.policy.ahead(tie, p_k, best_pi, k, best_k, Z3_OPS))
    take = z3.And(cand, better)
    return z3.If(take, z3.IntVal(k), best_k), z3.If(take, p_k, best_pi), z3.Or(have, cand)


SCAN_START = (z3.IntVal(0), z3.RealVal(0), z3.BoolVal(False))


def _scan_tie(g: Game, weak: bool) -> str:
    # weak: the scan with the other tie-break (the sanity check's wrong scan)
    return next(t for t in rules.TIE_BREAKS if t != g.tie_break) if weak else g.tie_break


def scan(g: Game, n: int, E, P, weak=False, F=None):
    """reference.select.select's last step, choose over the candidates {k >= 1 : E_k and
    F_k}, in increasing k, as Z3 terms: returns the selected index (0 when there is none).
    F defaults to the variant's hurdle test."""
    F = F or {k: g.feasible(k) for k in range(1, n + 1)}
    state = SCAN_START
    for k in range(1, n + 1):
        state = scan_step(g, _scan_tie(g, weak), k, z3.And(E[k], F[k]), P[k], state)
    return state[0]


def pi_at(P, m: int, sel):
    """pi of the index `sel` (a term) among 1..m, as an If-chain whose outermost test is m
    (so the chain for m + 1 contains the chain for m); 0 outside 1..m."""
    out = z3.RealVal(0)
    for k in range(1, m + 1):
        out = z3.If(sel == k, P[k], out)
    return out


def scan_invariant(g: Game, m: int, E, F, P, state):
    """What the scan's state says after the indices 1..m: `have` says whether a candidate
    was seen; if so best_k is a candidate of 1..m, best_pi its pi, and no candidate of 1..m
    goes ahead of it (tie-break); if not, best_k is 0."""
    best_k, best_pi, have = state
    cand = {x: z3.And(E[x], F[x]) for x in range(1, m + 1)}
    some = z3.Or([cand[x] for x in cand]) if cand else z3.BoolVal(False)
    at = z3.Or([z3.And(best_k == x, cand[x]) for x in cand]) if cand else z3.BoolVal(False)
    top = [z3.Implies(z3.And(cand[x], best_k != x), z3.Not(g.policy.ahead(g.tie_break, P[x], best_pi, x, best_k, Z3_OPS)))
           for x in cand]
    return z3.And(have == some, z3.Implies(have, z3.And([at, best_pi == pi_at(P, m, best_k)] + top)),
                  z3.Implies(z3.Not(have), best_k == 0))


def selection_spec(g: Game, n: int, E, P, sel, Fe=None):
    """spec/contract.md 4: sel is in F = {k >= 1 : E_k, feasible_k} and maximises pi over F
    (ties by the tie-break); sel = 0 exactly when F is empty."""
    Fe = Fe or {k: g.feasible(k) for k in range(1, n + 1)}
    F = {k: z3.And(E[k], Fe[k]) for k in range(1, n + 1)}
    cases = [z3.And(z3.Not(z3.Or([F[k] for k in F])), sel == 0)]
    for k in range(1, n + 1):
        opt = []
        for m in range(1, n + 1):
            if m != k:
                opt.append(z3.Implies(F[m], Z3_OPS.not_(g.policy.ahead(g.tie_break, P[m], P[k], m, k, Z3_OPS))))
        cases.append(z3.And([sel == k, F[k]] + opt))
    return z3.Or(cases)


def selection_goal(g: Game, n: int, E, P, sel, F):
    """spec/claims.md 7.1.4 at size n, for the selected index `sel` (a term): with
    C = {k in 1..n : E_k and F_k}, sel is in C and no candidate goes ahead of it (pi,
    then the tie-break) when C is not empty, and sel = 0 when it is. The same statement
    as `selection_spec` (tests/proofs/test_selection.py checks that they are equivalent
    for small n), in a form linear in n: pi_sel is an If-chain over sel."""
    cand = {k: z3.And(E[k], F[k]) for k in range(1, n + 1)}
    some = z3.Or(list(cand.values()))
    p_sel = pi_at(P, n, sel)
    chosen = z3.Or([z3.And(sel == k, cand[k]) for k in cand])
    best = [z3.Implies(z3.And(cand[m], sel != m), z3.Not(g.policy.ahead(g.tie_break, P[m], p_sel, m, sel, Z3_OPS)))
            for m in cand]
    return z3.And(z3.Implies(z3.Not(some), sel == 0), z3.Implies(some, z3.And([chosen] + best)))




class Selection(Claim):
    """7.1.4: the contract's scan returns the spec's outcome. Proved by induction over the
    scan's steps (spec/claims.md 7.6.2): key ("init",), ("step", m) or ("exit", N); size N
    needs init, the steps 0..N-1 and exit N, and each step is shared by every larger N."""

    name = "selection"
    title = ("The selected outcome is in F (equilibrium and hurdle-feasible), maximises pi over F with the "
             "tie-break, and is no trade only when F is empty")
    section = "7.1.4"

    def keys(self, bound):
        for n in range(1, bound + 1):
            if n == 1:
                yield ("init",)
            yield ("step", n - 1)
            yield ("exit", n)

    def n_min(self, key):
        return 1 if key[0] == "init" else key[1] + 1 if key[0] == "step" else key[1]

    def formula(self, st, key, full, weak=False):
        g = Game(st)
        # E (the equilibrium test), F (the hurdle test) and pi are free: the scan must be right
        # whatever they are, so this proves it for every variant's equilibrium set and hurdle
        # mode at once; those are settled by fast_equivalence and the differential tests.
        n = self.n_min(key)
        E = {k: z3.Bool(f"E_{k}") for k in range(1, n + 1)}
        F = {k: z3.Bool(f"F_{k}") for k in range(1, n + 1)}
        P = {k: z3.Real(f"P_{k}") for k in range(1, n + 1)}
        state = (z3.Int("best_k"), z3.Real("best_pi"), z3.Bool("have"))
        if key[0] == "init":  # the state before any index satisfies the invariant at 0
            return z3.Not(scan_invariant(g, 0, E, F, P, SCAN_START))
        if key[0] == "step":  # one step of the scan keeps the invariant: m -> m + 1
            m = key[1]
            nxt = scan_step(g, _scan_tie(g, weak), m + 1, z3.And(E[m + 1], F[m + 1]), P[m + 1], state)
            return z3.And(scan_invariant(g, m, E, F, P, state), z3.Not(scan_invariant(g, m + 1, E, F, P, nxt)))
        # exit: the invariant at N gives the specification of 7.1.4 for the selected best_k
        return z3.And(scan_invariant(g, n, E, F, P, state), z3.Not(selection_goal(g, n, E, P, state[0], F)))

    def sanity_key(self, bound):
        return ("step", min(bound, 2) - 1)

    def replay(self, case, variant):
        out = select(case, variant.policy)
        eq = equilibria_definitional(case)
        F = [k for k in eq if k >= 1 and hurdle_feasible(case, k, variant.policy)]
        want = choose(case, F, variant.policy) if F else 0
        if out.index == want and tuple(out.equilibria) == eq:
            return None
        return {"selected": out.index, "expected": want, "equilibria": list(out.equilibria), "definitional": list(eq)}


# ---- truthfulness ------------------------------------------------------------------------

def sel_mode(policy) -> str:
    """How `sel_is` encodes the contract's choice under a policy:

    * "feasible_argmax": the hurdle-feasible argmax. Sound where the claims fast_path,
      fast_equivalence and selection are proved (monotone, non-negative schedules): the
      argmax over the feasible set is then an equilibrium, so it is also the argmax over
      the feasible equilibria, which the scan returns. Without a hurdle filter the
      feasible set is {k >= 1 : s_k >= 0}: every trading equilibrium has s_k >= 0
      (claim nonneg_spread), and the standard fast_path with zero hurdles covers it;
    * "fast": the reference's own path (equilibria_fast) as the fast conditions (sound
      where fast_equivalence is proved); kept for the differential tests;
    * "definitional": every deviation (the reference's path for the other variants)."""
    if policy.monotone_nonnegative and not policy.designed:
        return "feasible_argmax"
    return "definitional"


def _sel_feasible(g: Game, m: int):
    if g.policy.hurdle_mode == HurdleMode.NONE:  # no filter: the candidates are {k >= 1 : s_k >= 0} (see sel_mode)
        return rules.hurdle_ok(HurdleMode.SPREAD, g.theta, g.spread(m), 0, 0, Z3_OPS)
    return g.feasible(m)


def _sel_candidate(g: Game, m: int, n: int):
    """Index m >= 1 is among the candidates the contract's choice in g ranges over (see `sel_mode`)."""
    mode = sel_mode(g.policy)
    if mode == "feasible_argmax":
        return _sel_feasible(g, m)
    if mode == "fast":
        return z3.And(g.fast_eq(m), g.feasible(m))
    return z3.And(g.is_eq(m, n), g.feasible(m))


def sel_is(g: Game, k: int, n: int, upto: int | None = None):
    """The contract selects index k of game g (see `sel_mode`). With `upto`, only the
    conditions at the indices m <= upto (and k's own candidacy): a consequence of the whole."""
    F = {m: _sel_candidate(g, m, n) for m in range(1, n + 1)}
    top = n if upto is None else upto
    if k == 0:
        return _all([z3.Not(F[m]) for m in F if m <= top])
    return _all([F[k]] + [z3.Implies(F[m], g.beats(m, k)) for m in F if m != k and m <= top])


def sel_candidate(g: Game, k: int, n: int):
    """A consequence of `sel_is(g, k, n)`: k >= 1 is a candidate (no condition for k = 0)."""
    return z3.BoolVal(True) if k == 0 else _sel_candidate(g, k, n)


def _all(fs):
    return z3.And(fs) if fs else z3.BoolVal(True)


def truth_games(st: Store, dealer: str, form: str):
    """(truthful game, misreport game, true MM game, true RM game, true hurdle names)."""
    form = TRUTH_FORMS.get(form, form)
    if form == "expost":
        truth = Game(st, "a", "b", "h_mm", "h_rm")
        other = ("b", "h_rm") if dealer == "mm" else ("a", "h_mm")
    else:  # dominance (and matched): the counterparty reports (y, g) whatever its truth (b, h)
        other = ("y", "g_rm") if dealer == "mm" else ("y", "g_mm")
        truth = Game(st, "a", "b", "h_mm", "h_rm")
    if dealer == "mm":
        T = Game(st, "a", other[0], "h_mm", other[1])
        M = Game(st, "x", other[0], "h_x", other[1])
    else:
        T = Game(st, other[0], "b", other[1], "h_rm")
        M = Game(st, other[0], "x", other[1], "h_x")
    return T, M, truth


def truth_replay(case, variant, extra, matched=False):
    """extra: {"dealer", "misreport_case" (Case), "true_mm" (Report), "true_rm" (Report)}.
    With `matched`, a counterexample must also have the counterparty's client trade the
    instructed volume under both reports."""
    dl = extra["dealer"]
    pol = variant.policy
    rT = realise(case, extra["true_mm"], extra["true_rm"], pol)
    rM = realise(extra["misreport_case"], extra["true_mm"], extra["true_rm"], pol)
    uT, uM = rT.utility(dl), rM.utility(dl)
    if matched:
        leg = (lambda r: r.borrowed) if dl == "mm" else (lambda r: r.lent)
        if leg(rT) != rT.outcome.volume or leg(rM) != rM.outcome.volume:
            return None
    if uM > uT:
        return {"dealer": dl, "from_index": rT.outcome.index, "to_index": rM.outcome.index,
                "gain": str(uM[1] - uT[1]), "utility_truthful": [uT[0], str(uT[1])],
                "utility_misreport": [uM[0], str(uM[1])]}
    return None


class Truthfulness(Claim):
    """7.1.7: truthful reporting is a best response, on the realised outcome of chapter 5.
    Key (N, dealer, k_T, k_M): the truthful reports select k_T, the misreport k_M, and the
    misreport's utility is lexicographically larger. `form` is "expost" (the counterparty
    reports its truth), "dominance" (any valid counterparty report) or "matched" (dominance,
    the counterparty's client trading the instructed volume both times). A refutation is
    replayed by `truth_replay` (two reports and the true schedules), not by `replay`."""

    form = "expost"
    # every truthfulness claim to N = 8 in the default run, which is to fit in 10 minutes on
    # two cores (the run's time: spec/claims.md 7.4)
    default_bound = 8
    section = "7.1.7"

    def keys(self, bound):
        for n in range(1, bound + 1):
            for dl in DEALERS:
                for kt in range(n + 1):
                    for km in range(n + 1):
                        yield (n, dl, kt, km)

    def formula(self, st, key, full, weak=False, relaxed=False):
        n, dl, kt, km = key
        T, M, truth = truth_games(st, dl, self.form)
        hm, hr = truth.h_mm, truth.h_rm
        uT = realised(T, truth, truth, kt, n, hm, hr)
        uM = realised(M, truth, truth, km, n, hm, hr)
        i = 0 if dl == "mm" else 1
        pT, pM, aT, aM = uT[i], uM[i], uT[2 + i], uM[2 + i]
        if weak:  # "at least as good" instead of "strictly better"
            better = z3.Or(z3.And(aM, z3.Not(aT)), z3.And(aM == aT, pM >= pT))
        else:
            better = z3.Or(z3.And(aM, z3.Not(aT)), z3.And(aM == aT, pM > pT))
        if relaxed:  # (see `relaxed`)
            hyp = [sel_is(T, kt, n, upto=km), sel_candidate(M, km, n)]
        else:
            hyp = [sel_is(T, kt, n), sel_is(M, km, n)]
        if self.form == "matched":  # the counterparty's client trades the instructed volume, both times
            j = 5 if dl == "mm" else 4
            hyp += [uT[j] == T.q(kt), uM[j] == M.q(km)]
        return z3.And(hyp + [better])

    def relaxed(self, st, key):
        """The key's query with a weaker hypothesis (spec/claims.md 7.6.4): of the misreport's
        selection only that k_M is a candidate, of the truthful selection only the conditions at
        the indices m <= k_M (where the deviating dealer's realised volume lies). Every model of
        `build` is a model of this formula, so its unsat settles the key; a sat or unknown
        answer settles nothing, and the key is then posed in full."""
        return self.formula(st, key, True, relaxed=True)

    def sanity_key(self, bound):
        return (min(bound, 2), "mm", 1, 1)

    def replay(self, case, variant, extra=None):
        return None if extra is None else truth_replay(case, variant, extra, matched=self.form == "matched")


class TruthfulExpost(Truthfulness):
    name = "truthful_expost"
    title = "Truthful reporting is a best response to a truthful counterparty (ex-post)"
    form = "expost"


class TruthfulDominance(Truthfulness):
    name = "truthful_dominance"
    title = "Truthful reporting is a best response to any counterparty report (dominance)"
    form = "dominance"


class TruthfulDominanceMatched(Truthfulness):
    name = "truthful_dominance_matched"
    title = ("Truthful reporting is a best response to any counterparty report under which the counterparty's "
             "client trades the instructed volume (dominance, matched legs)")
    form = "matched"


class NonnegSpread(Claim):
    """7.1.8: every trading equilibrium has a non-negative spread. Key (k, "both")."""

    name = "nonneg_spread"
    title = "Every trading equilibrium has a non-negative spread"
    local = True
    section = "7.1.8"

    def keys(self, bound):
        return ((k, "both") for k in range(1, bound + 1))

    def formula(self, st, key, full, weak=False):
        k, dl = key
        g = Game(st)
        hyp = [] if weak else ([g.is_eq(k)] if full else [g.gain("mm", k, 0) <= 0, g.gain("rm", k, 0) <= 0])
        return z3.And(hyp + [g.spread(k) < 0])

    def sanity_key(self, bound):
        return (1, "both")

    def replay(self, case, variant):
        bad = [k for k in equilibria_definitional(case) if k >= 1 and case.spread(k) < 0]
        return {"from_index": bad[0], "spread": str(case.spread(bad[0]))} if bad else None


CLAIMS: dict[str, Claim] = {c.name: c for c in (
    NoTradeEquilibrium(), MultipleEquilibria(), Existence(), Selection(), FastPath(), FastEquivalence(),
    TruthfulExpost(), TruthfulDominance(), NonnegSpread(), TruthfulDominanceMatched())}

CLAIM_NAMES = tuple(CLAIMS)
TRUTH_FORMS = {c.name: c.form for c in CLAIMS.values() if isinstance(c, Truthfulness)}
TRUTH_CLAIMS = tuple(TRUTH_FORMS)
