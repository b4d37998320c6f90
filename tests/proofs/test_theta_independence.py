"""Theta-independence of the equilibrium set for every N (proofs/theta_independence.py):
proved under the standard rule; not under theta_closed, where theta = 0 silences BDmm."""
from reposelect.proofs import theta_independence as T
from reposelect.proofs.result import Proved, Unknown


def test_standard_every_n():
    res = T.prove("standard")
    assert isinstance(res, Proved) and res.sanity == {"axioms_sat": True, "weakened_refuted": True}


def test_closed_range_is_not_proved():
    res = T.prove("theta_closed")
    assert isinstance(res, Unknown) and "model of the negation" in res.reason
