"""Bug: BDrm's deviations are never checked (only BDmm's condition decides the equilibria)."""
from _common import original, run

equilibria_scaled = original("fast.equilibria_scaled")


def without_bdrm(q, A, B, mm_active=True, rm_active=True):
    return equilibria_scaled(q, A, B, mm_active, False)


run("fast.equilibria_scaled", without_bdrm)
