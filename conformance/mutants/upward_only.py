"""Bug: only upward deviations are checked. They never pay, so every (k, k) counts as an equilibrium."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def equilibria(case):
        return range(len(case.grid))


serve(M())
