"""Bug: off by one in the grid: the last volume q_N is never considered for trade."""
from _common import original, run
from reposelect.reference.policy import STANDARD

hurdle_feasible = original("select.hurdle_feasible")


def short_of_the_last(case, k, policy=STANDARD):
    return k < len(case.grid) - 1 and hurdle_feasible(case, k, policy)


run("select.hurdle_feasible", short_of_the_last)
