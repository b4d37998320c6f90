"""Bug: BDrm's deviations are never checked (only BDmm's condition decides the equilibria)."""
import dataclasses
from decimal import Decimal

from _common import Pipeline, serve
from reposelect.reference.fast import equilibria_fast


class M(Pipeline):
    @staticmethod
    def equilibria(case):
        return equilibria_fast(dataclasses.replace(case, theta=Decimal(1)))  # theta = 1: BDrm has no share


serve(M())
