"""Bug: the trade maximises the spread s_k instead of the joint profit s_k * q_k."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def choose(case, candidates, joint_profit):
        best_k = None
        for k in candidates:
            s = case.spread(k)
            if best_k is None or s > case.spread(best_k) or (s == case.spread(best_k) and ((case.tie_break == "largest_volume") == (k > best_k))):
                best_k = k
        return best_k


serve(M())
