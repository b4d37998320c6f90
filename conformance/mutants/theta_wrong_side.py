"""Bug: theta is applied from the wrong side: r_bd = r_rm - theta * s instead of r_mm + theta * s."""
from _common import Pipeline, serve
from reposelect.reference.decimals import EXACT


class M(Pipeline):
    @staticmethod
    def r_bd(case, k):
        return EXACT.subtract(case.b(k), EXACT.multiply(case.theta, case.spread(k)))


serve(M())
