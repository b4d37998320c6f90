"""Bug: the hurdle comparison is strict (s_k > max(h_mm, h_rm)) instead of weak."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def feasible(case, k):
        return case.spread(k) > max(case.mm.hurdle, case.rm.hurdle)


serve(M())
