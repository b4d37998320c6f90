"""A designer's variant: the hurdle applies to the joint profit, not to the spread.

A trade at volume k is feasible when its joint profit s_k * q_k is at least the larger of
the two dealers' hurdles (read here as a minimum joint profit). Everything else is the
standard rule. Load it with

    reposelect prove --policy proofs/policies/joint_profit_hurdle.py:POLICY
    reposelect select --policy proofs/policies/joint_profit_hurdle.py:POLICY case.json

The function receives exact values from the reference and Z3 terms from the prover, so it
uses only arithmetic, comparisons and `ops` (spec/claims.md 7.13).
"""
from reposelect.reference import rules
from reposelect.reference.policy import Policy


def hurdle(theta, spread, volume, h_mm, h_rm, ops):
    pi = rules.joint_profit(spread, volume, ops)
    return ops.all_([pi >= h_mm, pi >= h_rm])


POLICY = Policy(hurdle=hurdle)
