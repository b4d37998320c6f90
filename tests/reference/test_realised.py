"""The realised outcome under false reports (spec/contract.md 5)."""
from decimal import Decimal as D

from reposelect.reference import Case, Report, realise, select


def case(a, b, grid=(0, 1, 2), hm="0", hr="0"):
    return Case(tuple(grid), Report(tuple(map(D, a)), D(hm)), Report(tuple(map(D, b)), D(hr)))


def test_dominance_fails_example_from_the_spec():
    """A lying BDrm makes a truthful BDmm worse off than a misreport would (spec 5.4, chapter 7)."""
    true_mm = Report((D(4), D("4.1")), D(0))
    true_rm = Report((D(5), D("4.5")), D(0))
    lie_rm = Report((D(5), D(5)), D(0))
    truthful = realise(Case((0, 1, 2), true_mm, lie_rm), true_mm, true_rm)
    assert truthful.outcome.index == 2
    assert (truthful.lent, truthful.borrowed, truthful.matched) == (2, 1, 1)
    assert truthful.profit_mm == D("0.45") - D("4.1")
    misreport = realise(Case((0, 1, 2), Report((D(4), D(100)), D(0)), lie_rm), true_mm, true_rm)
    assert misreport.outcome.index == 1
    assert misreport.profit_mm == D("0.5")
    assert misreport.utility("mm") > truthful.utility("mm")


def test_underreporting_mm_rate_leaves_cash_unlent():
    c = case(["4.30", "4.32", "4.35"], ["4.90", "4.70", "4.50"], grid=(0, 50, 100, 150), hm="0.10", hr="0.05")
    lie = Case(c.grid, Report((D("4.30"), D("4.30"), D("4.35")), c.mm.hurdle), c.rm)
    r = realise(lie, c.mm, c.rm)
    assert r.outcome.index == 2 and r.outcome.r_mm == D("4.30")
    assert r.lent == 50 and r.borrowed == 100 and r.matched == 50
    # BDrm carries 50 of collateral at r_bd = 4.30 + 0.5 * 0.40 = 4.50
    assert r.profit_rm == D("0.5") * D("0.40") * 50 - 50 * D("4.50")
    truthful = realise(c, c.mm, c.rm)
    assert truthful.profit_mm > r.profit_mm


def test_true_hurdle_decides_acceptability():
    c = case(["1"], ["2"], grid=(0, 10), hm="0.5")
    assert select(c).trade
    r = realise(c, Report(c.mm.rates, D("1.5")), c.rm)
    assert not r.acceptable_mm and r.acceptable_rm
    assert r.utility("mm") < (True, D(-10**9))
