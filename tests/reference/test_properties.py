"""Property tests of the model and the rule (spec/model.md 3, spec/contract.md 4-5)."""
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from ref_strategies import cases
from reposelect.reference import equilibria_definitional, equilibria_fast, is_equilibrium, realise, select
from reposelect.reference.select import hurdle_feasible, joint_profit

SETTINGS = settings(max_examples=300)


@SETTINGS
@given(cases())
def test_fast_and_definitional_equilibria_agree(case):
    assert equilibria_fast(case) == equilibria_definitional(case)


@SETTINGS
@given(cases(theta=Decimal(0)), st.sampled_from([Decimal(0), Decimal(1)]))
def test_fast_handles_theta_at_the_ends(case, theta):
    case = replace(case, theta=theta)
    assert equilibria_fast(case) == equilibria_definitional(case)


@SETTINGS
@given(cases())
def test_no_trade_is_always_an_equilibrium(case):
    assert is_equilibrium(case, 0)


@SETTINGS
@given(cases())
def test_joint_optimum_is_an_equilibrium(case):
    best = max(joint_profit(case, k) for k in range(1, case.n + 1))
    for k in range(1, case.n + 1):
        if joint_profit(case, k) == best and best >= 0:
            assert is_equilibrium(case, k), k


@SETTINGS
@given(cases())
def test_selected_trade_is_a_feasible_equilibrium_maximising_joint_profit(case):
    out = select(case)
    eq = equilibria_definitional(case)
    feasible = [k for k in eq if k >= 1 and hurdle_feasible(case, k)]
    assert list(out.equilibria) == list(eq)
    assert list(out.feasible) == feasible
    if not feasible:
        assert not out.trade and out.index == 0
        return
    assert out.trade and out.index in feasible
    assert all(joint_profit(case, k) <= out.joint_profit for k in feasible)
    ties = [k for k in feasible if joint_profit(case, k) == out.joint_profit]
    assert out.index == (max(ties) if case.tie_break == "largest_volume" else min(ties))
    assert out.r_bd == out.r_mm + case.theta * out.spread
    assert out.joint_profit == out.spread * out.volume


@SETTINGS
@given(cases())
def test_argmax_over_feasible_volumes_is_the_selected_trade(case):
    """spec/contract.md 4.4: the rule equals the argmax over hurdle-feasible volumes."""
    out = select(case)
    feas = [k for k in range(1, case.n + 1) if hurdle_feasible(case, k)]
    if not feas:
        assert not out.trade
        return
    best = max(joint_profit(case, k) for k in feas)
    ties = [k for k in feas if joint_profit(case, k) == best]
    assert out.index == (max(ties) if case.tie_break == "largest_volume" else min(ties))


@SETTINGS
@given(cases(), st.sampled_from([Decimal("0.5"), Decimal("0.1"), Decimal("0.9")]))
def test_equilibrium_set_does_not_depend_on_theta(case, theta):
    assert equilibria_fast(case) == equilibria_fast(replace(case, theta=theta))


@SETTINGS
@given(cases())
def test_truthful_reports_realise_the_selected_shares(case):
    r = realise(case, case.mm, case.rm)
    if not r.outcome.trade:
        assert (r.profit_mm, r.profit_rm) == (0, 0)
        return
    assert r.lent == r.borrowed == r.matched == r.outcome.volume
    assert r.profit_mm == case.theta * r.outcome.joint_profit
    assert r.profit_rm == (1 - case.theta) * r.outcome.joint_profit
    assert r.acceptable_mm and r.acceptable_rm
