"""Exact decimals: parsing the wire's plain decimal strings and formatting results.

Nothing here uses binary floating point. Every arithmetic on `Decimal` that decides
a result runs under `EXACT`, a context that traps any rounding, so an inexact
result raises instead of passing silently.
"""
from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact, Rounded, InvalidOperation, localcontext

from .errors import WireError
from .limits import MAX_FRAC_DIGITS, MAX_INT_DIGITS

#: Plain decimal notation: an optional minus, digits, optionally a point and digits.
PLAIN_DECIMAL = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")

#: Arithmetic context for results: wide enough for any product the limits allow,
#: and it traps rounding so an inexact result is an error, never a silent change.
EXACT = Context(prec=120, traps=[Inexact, Rounded, InvalidOperation])


def parse_decimal(text: str, path: str) -> Decimal:
    """Parse a wire decimal string; raise `not_a_decimal` or `too_large` with `path`."""
    m = PLAIN_DECIMAL.fullmatch(text)
    if m is None:
        raise WireError(
            "not_a_decimal",
            f"{path} = {text!r} is not a plain decimal (-?digits[.digits])",
            path,
        )
    int_part, frac_part = m.group(1), m.group(2) or ""
    if len(int_part) > MAX_INT_DIGITS or len(frac_part) > MAX_FRAC_DIGITS:
        raise WireError(
            "too_large",
            f"{path} has {len(int_part)} integer and {len(frac_part)} fractional digits;"
            f" the limits are {MAX_INT_DIGITS} and {MAX_FRAC_DIGITS}",
            path,
        )
    return Decimal(text)


def fmt(value: Decimal) -> str:
    """Format an exact decimal in plain notation (never an exponent)."""
    if value == 0:
        value = abs(value)  # no "-0"
    return format(value, "f")


def exact(fn, *args):
    """Run `fn(*args)` under the exact context."""
    with localcontext(EXACT):
        return fn(*args)


def scale_of(values) -> int:
    """The largest number of fractional digits among `values` (Decimals)."""
    s = 0
    for v in values:
        e = v.as_tuple().exponent
        if isinstance(e, int) and -e > s:
            s = -e
    return s


def to_scaled_int(value: Decimal, scale: int) -> int:
    """`value * 10**scale` as an exact int (value must have at most `scale` decimals)."""
    sign, digits, exp = value.as_tuple()
    assert isinstance(exp, int), f"{value} is not finite"
    n = int("".join(map(str, digits))) if digits else 0
    shift = scale + exp
    if shift < 0:
        raise ValueError(f"{value} has more than {scale} fractional digits")
    n *= 10**shift
    return -n if sign else n
