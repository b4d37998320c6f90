"""Bug: r_bd and the joint profit are computed in binary floating point."""
from decimal import Decimal

from _common import Pipeline, serve


class M(Pipeline):
    @staticmethod
    def r_bd(case, k):
        return Decimal(repr(float(case.a(k)) + float(case.theta) * float(case.spread(k))))

    @staticmethod
    def joint_profit(case, k):
        return Decimal(repr(float(case.spread(k)) * case.grid[k]))


serve(M())
