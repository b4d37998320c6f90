"""Reading concrete values back out of Z3 terms, for the tests that evaluate an encoding on a
concrete case and compare it with the reference (test_differential, test_rules_once)."""
from fractions import Fraction

import z3


def val(x) -> z3.ArithRef:
    """An exact rational (a Decimal, Fraction or int) as a Z3 real."""
    return z3.RealVal(str(Fraction(x)))


def ev(expr, subs):
    """`expr` after the substitution `subs`, simplified to a bool, a Fraction or an int."""
    r = z3.simplify(z3.substitute(expr, *subs)) if subs else z3.simplify(expr)
    if z3.is_true(r):
        return True
    if z3.is_false(r):
        return False
    if z3.is_rational_value(r):
        return Fraction(r.numerator_as_long(), r.denominator_as_long())
    if z3.is_int_value(r):
        return r.as_long()
    raise AssertionError(f"not a value: {r}")
