"""Bug: the hurdles are parsed and validated but never applied (every trading equilibrium is feasible)."""
from _common import run
from reposelect.reference import rules


def no_hurdle(mode, theta, spread, h_mm, h_rm, ops=rules.EXACT_OPS):
    return ops.true


run("rules.hurdle_ok", no_hurdle)
