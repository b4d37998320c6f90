"""A designer's variant: the contract picks the largest feasible volume, not the joint-profit maximum.

Among the hurdle-feasible equilibria the selection maximises the volume q_k itself (ties
cannot occur: volumes are distinct). Everything else is the standard rule. Load it with

    reposelect prove --policy proofs/policies/largest_feasible_volume.py:POLICY
    reposelect select --policy proofs/policies/largest_feasible_volume.py:POLICY case.json

The function receives exact values from the reference and Z3 terms from the prover, so it
uses only arithmetic, comparisons and `ops` (spec/claims.md 7.13).
"""
from reposelect.reference.policy import Policy


def objective(spread, volume, ops):
    return volume


POLICY = Policy(objective=objective)
