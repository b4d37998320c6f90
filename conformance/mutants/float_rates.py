"""Bug: r_bd is computed in binary floating point."""
from decimal import Decimal

from _common import run


def float_bd_rate(a, s, theta):
    return Decimal(repr(float(a) + float(theta) * float(s)))


run("select.bd_rate", float_bd_rate)
