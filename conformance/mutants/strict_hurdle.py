"""Bug: the hurdle comparison is strict (s_k > max(h_mm, h_rm)) instead of weak."""
from _common import run
from reposelect.reference import rules


def strictly_above(mode, role, theta, spread, hurdle, ops=rules.EXACT_OPS):
    m = rules.margin(mode, role, theta, spread)
    return ops.true if m is None else m > hurdle


run("rules.accepts", strictly_above)
