"""Bug: the tie-break is reversed (largest_volume takes the smaller index, smallest_volume the larger)."""
from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def choose(case, candidates, joint_profit):
        best_k, best_pi = None, None
        for k in candidates:
            pi = joint_profit(case, k)
            if best_pi is None or pi > best_pi or (pi == best_pi and ((case.tie_break == "largest_volume") == (k < best_k))):
                best_k, best_pi = k, pi
        return best_k


serve(M())
