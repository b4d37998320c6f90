"""Hypothesis strategies for valid cases (small magnitudes, so ties and flat stretches are common)."""
from decimal import Decimal

from hypothesis import strategies as st

from reposelect.reference.types import Case, Report

THETAS = [Decimal(t) for t in ("0.5", "0.25", "0.1", "0.9", "0.333", "0.75")]


@st.composite
def cases(draw, max_n=12, max_step=4, max_rate=60, theta=None, tie_break=None):
    n = draw(st.integers(1, max_n))
    steps = draw(st.lists(st.integers(1, max_step), min_size=n, max_size=n))
    grid = [0]
    for s in steps:
        grid.append(grid[-1] + s)
    a = sorted(draw(st.lists(st.integers(0, max_rate), min_size=n, max_size=n)))
    b = sorted(draw(st.lists(st.integers(0, max_rate), min_size=n, max_size=n)), reverse=True)
    # rates in hundredths; hurdles up to half the rate range
    hm = draw(st.integers(0, max_rate // 2))
    hr = draw(st.integers(0, max_rate // 2))
    th = theta if theta is not None else draw(st.sampled_from(THETAS))
    tb = tie_break if tie_break is not None else draw(st.sampled_from(["largest_volume", "smallest_volume"]))
    d = lambda x: Decimal(x) / 100  # noqa: E731
    return Case(tuple(grid), Report(tuple(map(d, a)), d(hm)), Report(tuple(map(d, b)), d(hr)), th, tb)
