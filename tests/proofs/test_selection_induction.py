"""The bounded selection proof by induction over the scan's steps (spec/claims.md 7.6.2):
the linear-size goal states 7.1.4 exactly as the quadratic `selection_spec` does, the scan
is the fold of `scan_step`, and a scan with the wrong tie rule fails a step."""
import pytest
import z3

from reposelect.proofs import claims as C
from reposelect.proofs.encoding import Game, Store
from reposelect.proofs.solve import solve
from reposelect.proofs.variants import get_variant


def _free(n):
    E = {k: z3.Bool(f"E_{k}") for k in range(1, n + 1)}
    F = {k: z3.Bool(f"F_{k}") for k in range(1, n + 1)}
    P = {k: z3.Real(f"P_{k}") for k in range(1, n + 1)}
    return E, F, P


@pytest.mark.parametrize("variant", ["standard", "smallest_volume"])
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_the_linear_goal_is_the_specification(variant, n):
    g = Game(Store(get_variant(variant), n))
    E, F, P = _free(n)
    sel = z3.Int("sel")
    differ = C.selection_goal(g, n, E, P, sel, F) != C.selection_spec(g, n, E, P, sel, F)
    assert solve([differ]).status == "unsat"


def test_the_scan_proved_by_steps_is_the_scan_of_choose():
    """`scan` (what the differential tests evaluate against the reference) is the fold of
    `scan_step` from `SCAN_START`, which is what the step queries use."""
    g = Game(Store(get_variant("standard"), 4))
    E, F, P = _free(4)
    state = C.SCAN_START
    for k in range(1, 5):
        state = C.scan_step(g, g.tie_break, k, z3.And(E[k], F[k]), P[k], state)
    assert state[0].eq(C.scan(g, 4, E, P, F=F))


def test_the_scan_with_the_other_tie_rule_fails_a_step():
    st = Store(get_variant("standard"), 3)
    f = C.CLAIMS["selection"].weakened(st, ("step", 2), True)
    assert solve(st.axioms(full=True) + [f]).status == "sat"
