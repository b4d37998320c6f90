"""Bug: off by one in the grid: the last volume q_N is never considered for trade."""
from _common import Pipeline, feasible, serve


class M(Pipeline):
    @staticmethod
    def feasible(case, k):
        return k < len(case.grid) - 1 and feasible(case, k)


serve(M())
