"""Bug: the trade maximises the spread s_k instead of the joint profit s_k * q_k."""
from _common import run


def spread_only(case, k):
    return case.spread(k)


run("select.joint_profit", spread_only)
