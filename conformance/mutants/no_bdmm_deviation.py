"""Bug: BDmm's deviations are never checked (only BDrm's condition decides the equilibria)."""
from _common import original, run

equilibria_scaled = original("fast.equilibria_scaled")


def without_bdmm(q, A, B, mm_active=True, rm_active=True):
    return equilibria_scaled(q, A, B, False, rm_active)


run("fast.equilibria_scaled", without_bdmm)
