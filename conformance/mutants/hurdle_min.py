"""Bug: the hurdle is the smaller of the two dealers' hurdles, not the larger."""
from _common import original, run
from reposelect.reference import rules

hurdle_ok = original("rules.hurdle_ok")


def smaller_hurdle(mode, theta, spread, h_mm, h_rm, ops=rules.EXACT_OPS):
    low = min(h_mm, h_rm)  # both dealers held to the smaller hurdle
    return hurdle_ok(mode, theta, spread, low, low, ops)


run("rules.hurdle_ok", smaller_hurdle)
