"""Bug: the tie-break is reversed (largest_volume takes the smaller index, smallest_volume the larger)."""
from _common import Pipeline, choose, serve

from reposelect.reference.rules import TIE_BREAKS


class M(Pipeline):
    @staticmethod
    def choose(case, candidates, joint_profit):
        reversed_tie = next(t for t in TIE_BREAKS if t != case.tie_break)
        return choose(case, candidates, joint_profit, tie_break=reversed_tie)


serve(M())
