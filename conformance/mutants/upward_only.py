"""Bug: only upward deviations are checked. They never pay, so every (k, k) counts as an equilibrium."""
from _common import run
from reposelect.reference.policy import STANDARD


def every_profile(case, policy=STANDARD):
    return tuple(range(len(case.grid)))


run("select.equilibria", every_profile)
