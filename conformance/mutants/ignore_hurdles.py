"""Bug: the hurdles are parsed and validated but never applied (every trading equilibrium is feasible)."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def feasible(case, k):
        return True


serve(M())
