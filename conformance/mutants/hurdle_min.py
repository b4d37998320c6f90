"""Bug: the hurdle is the smaller of the two dealers' hurdles, not the larger."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def feasible(case, k):
        return case.spread(k) >= min(case.mm.hurdle, case.rm.hurdle)


serve(M())
