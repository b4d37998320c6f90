"""Hypothesis strategies for cases under each rule variant (small N, small integer-cent rates)."""
from decimal import Decimal

from hypothesis import strategies as st

from reposelect.reference.types import Case, Report

OPEN_THETAS = [Decimal(t) for t in ("0.5", "0.25", "0.1", "0.9", "0.75")]


def _d(x):
    return Decimal(x) / 4


@st.composite
def cases(draw, variant, max_n=4, max_rate=12):
    pol = variant.policy
    n = draw(st.integers(1, max_n))
    steps = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    grid = [0]
    for s in steps:
        grid.append(grid[-1] + s)
    lo = -max_rate if pol.allow_negative_rates else 0
    a = draw(st.lists(st.integers(lo, max_rate), min_size=n, max_size=n))
    b = draw(st.lists(st.integers(lo, max_rate), min_size=n, max_size=n))
    if not pol.allow_non_monotone:
        a, b = sorted(a), sorted(b, reverse=True)
    hlo = -4 if pol.allow_negative_rates else 0
    hm, hr = draw(st.integers(hlo, 6)), draw(st.integers(hlo, 6))
    thetas = OPEN_THETAS + ([Decimal(0), Decimal(1)] if pol.theta_closed else [])
    th = draw(st.sampled_from(thetas))
    tb = variant.tie_break if variant.name == "smallest_volume" else draw(st.sampled_from(["largest_volume", "smallest_volume"]))
    return Case(tuple(grid), Report(tuple(map(_d, a)), _d(hm)), Report(tuple(map(_d, b)), _d(hr)), th, tb)


@st.composite
def schedule(draw, variant, n, kind, max_rate=12):
    pol = variant.policy
    lo = -max_rate if pol.allow_negative_rates else 0
    r = draw(st.lists(st.integers(lo, max_rate), min_size=n, max_size=n))
    if not pol.allow_non_monotone:
        r = sorted(r) if kind == "mm" else sorted(r, reverse=True)
    hlo = -4 if pol.allow_negative_rates else 0
    return Report(tuple(map(_d, r)), _d(draw(st.integers(hlo, 6))))
