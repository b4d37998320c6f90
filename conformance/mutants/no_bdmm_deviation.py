"""Bug: BDmm's deviations are never checked (only BDrm's condition decides the equilibria)."""
import dataclasses
from decimal import Decimal

from _common import Pipeline, serve
from reposelect.reference.fast import equilibria_fast


class M(Pipeline):
    @staticmethod
    def equilibria(case):
        return equilibria_fast(dataclasses.replace(case, theta=Decimal(0)))  # theta = 0: BDmm has no share


serve(M())
