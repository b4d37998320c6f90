"""Bug: theta is applied from the wrong side: r_bd = r_rm - theta * s instead of r_mm + theta * s."""
from _common import run
from reposelect.reference.decimals import EXACT


def from_the_rm_side(a, s, theta):
    return EXACT.subtract(EXACT.add(a, s), EXACT.multiply(theta, s))  # b - theta * s


run("select.bd_rate", from_the_rm_side)
