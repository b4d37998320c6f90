"""Bug: the trade maximises the spread s_k instead of the joint profit s_k * q_k."""
from _common import Pipeline, choose, serve


class M(Pipeline):
    @staticmethod
    def choose(case, candidates, joint_profit):
        return choose(case, candidates, lambda c, k: c.spread(k))


serve(M())
