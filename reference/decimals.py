"""Exact decimals: parsing the wire's plain decimal strings and formatting results.

Nothing here uses binary floating point. Every arithmetic on `Decimal` that decides
a result runs under `EXACT`, a context that traps any rounding, so an inexact
result raises instead of passing silently.
"""
from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact, Rounded, InvalidOperation, localcontext


from itertools import repeat
from operator import methodcaller, mul, sub

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
    """Format an exact decimal in plain notation (never an exponent, never "-0")."""
    text = str(value)  # the same digits as format(value, "f") when it holds no exponent
    if "E" in text or text[0] == "-" and value == 0:
        if value == 0:
            value = abs(value)  # no "-0"
        return format(value, "f")
    return text


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


#: A non-negative plain decimal within the digit limits (spec/wire.md 6.5).
_PLAIN_WITHIN_LIMITS = re.compile(
    rf"([0-9]{{1,{MAX_INT_DIGITS}}})(?:\.([0-9]{{1,{MAX_FRAC_DIGITS}}}))?")


def plain_scaled(texts: list[str]) -> tuple[int, list[int]] | None:
    """Non-negative plain decimal strings -> (scale, [t * 10**scale as int for t in texts]),
    scale being the largest number of fractional digits written; built straight from the
    text, never through `Decimal` or binary floating point.

    Returns None unless every string is ``[0-9]{1,I}(.[0-9]{1,F})?``, I and F the digit
    limits of spec/wire.md 6.5 (so a minus sign, an exponent, any other character or a
    digit count over a limit gives None): the caller then takes the value-by-value path
    (`parse_decimal`, `check_case`), which accepts every string accepted here, with the
    same value, and says what is wrong with the others (tests/reference/test_fast_wire.py).

    When every string has the fractional digits of the first (one layout, the usual case),
    one check covers them all at once: a regular expression for a few values, C-level counts
    over the text with its digits mapped to one letter (`_one_layout`) for many; the
    conversion is C-level string and map operations. Otherwise the layouts are measured
    together or each value is matched on its own.
    """
    n = len(texts)
    if n == 0:
        return 0, []
    joined = ",".join(texts)
    try:
        raw = joined.encode("ascii")
    except UnicodeEncodeError:
        return None
    # n - 1 separators: no value holds a comma, so the text has n values.
    if raw.count(b",") != n - 1:
        return None
    first = texts[0]
    point = first.find(".")
    frac = len(first) - point - 1 if point >= 0 else 0
    if frac <= MAX_FRAC_DIGITS and (_ONE_LAYOUT[frac](joined) is not None if n <= _FEW
                                    else _one_layout(raw.translate(_SHAPE), n, frac)):
        if frac == 0:
            return 0, list(map(int, texts))
        return frac, list(map(int, joined.replace(".", "").split(",")))
    return _plain_scaled_layouts(texts, joined)


#: Up to this many values the one-layout check is the regular expression (less set-up).
_FEW = 64


def _one_layout_pattern(frac: int):
    """fullmatch of comma-separated values, each ``[0-9]{1,I}`` then, when frac > 0, a point
    and exactly frac digits. The class [0-9] is ASCII digits only."""
    value = rf"[0-9]{{1,{MAX_INT_DIGITS}}}" + (rf"\.[0-9]{{{frac}}}" if frac else "")
    return re.compile(rf"{value}(?:,{value})*").fullmatch


#: `_one_layout_pattern(f)` for every f allowed (compiled once).
_ONE_LAYOUT = [_one_layout_pattern(f) for f in range(MAX_FRAC_DIGITS + 1)]
if MAX_FRAC_DIGITS > MAX_INT_DIGITS:  # what `_one_layout` relies on
    raise ImportError("_one_layout needs MAX_FRAC_DIGITS <= MAX_INT_DIGITS")
#: Every ASCII digit to b"d", every other byte kept: the shape of a text of decimals.
_SHAPE = bytes.maketrans(b"0123456789", b"d" * 10)
#: More integer digits than a value may have (a run of d that long in a shape).
_LONG_INT = b"d" * (MAX_INT_DIGITS + 1)


def _one_layout(shape: bytes, n: int, frac: int) -> bool:
    """Whether `shape` (n comma-separated values, digits shown as d) is n values of
    ``d{1,I}`` then, when frac > 0, a point and exactly frac digits.

    With frac > 0: only d, n - 1 commas and n points; each comma and the end preceded by a
    point and frac digits, so each value ends with its only point and frac digits; no value
    starts with its point; no run of I + 1 digits (only integer parts can be that long, as
    frac <= F <= I). With frac = 0: only d and n - 1 commas, no empty value, no long run."""
    if _LONG_INT in shape:
        return False
    if frac == 0:
        return (shape.count(b"d") + n - 1 == len(shape) and not shape.startswith(b",") and not shape.endswith(b",")
                and b",," not in shape and len(shape) >= 2 * n - 1)
    tail = b"." + b"d" * frac
    return (shape.count(b".") == n and shape.count(b"d") + 2 * n - 1 == len(shape)
            and shape.count(tail + b",") == n - 1 and shape.endswith(tail)
            and not shape.startswith(b".") and b",." not in shape)


def _plain_scaled_layouts(texts: list[str], joined: str) -> tuple[int, list[int]] | None:
    """`plain_scaled` for strings of several layouts (`joined` is ASCII)."""
    n = len(texts)
    raw = joined.encode("ascii")
    # Every character a digit, a point or one of the n - 1 separators.
    if raw.translate(None, b"0123456789.,"):
        return None
    points = raw.count(b".")
    if points == 0:  # integers only
        lens = list(map(len, texts))
        if min(lens) < 1 or max(lens) > MAX_INT_DIGITS:
            return None
        return 0, list(map(int, texts))
    if points == n:
        where = list(map(_find_point, texts))
        # n points, none first in its value: exactly one in each, after 1..I digits ...
        if min(where) >= 1 and max(where) <= MAX_INT_DIGITS:
            tails = list(map(sub, map(len, texts), where))  # fractional digits + 1
            low, scale = min(tails) - 1, max(tails) - 1
            # ... and 1..F digits after it
            if 1 <= low and scale <= MAX_FRAC_DIGITS:
                ints = list(map(int, joined.replace(".", "").split(",")))
                if low != scale:  # pad the shorter fractions with zeros
                    ints = list(map(mul, ints, map(_POW10.__getitem__, map(sub, repeat(scale + 1, n), tails))))
                return scale, ints
    return _plain_scaled_each(texts)


_find_point = methodcaller("find", ".")
_POW10 = [10**i for i in range(MAX_FRAC_DIGITS + 1)]


def _plain_scaled_each(texts: list[str]) -> tuple[int, list[int]] | None:
    """`plain_scaled` one value at a time (strings of different layouts)."""
    match = _PLAIN_WITHIN_LIMITS.fullmatch
    parts = []
    scale = 0
    for t in texts:
        m = match(t) if t.isascii() else None
        if m is None:
            return None
        i, f = m.groups("")
        parts.append((i, f))
        if len(f) > scale:
            scale = len(f)
    return scale, [int(i + f.ljust(scale, "0")) for i, f in parts]


def common_scale(groups: list[tuple[int, list[int]]]) -> tuple[int, list[list[int]]]:
    """Bring groups of scaled integers (scale, ints) to their largest scale."""
    scale = max(s for s, _ in groups)
    out = []
    for s, ints in groups:
        if s != scale:
            f = 10 ** (scale - s)
            ints = [x * f for x in ints]
        out.append(ints)
    return scale, out
