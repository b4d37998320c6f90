"""Semantic validation of a case (spec/wire.md 6.4), shared by the wire parser and Python callers.

`check_case` raises the first fault in the spec's order of precedence: `schema`
(grid shorter than two volumes, unknown tie-break), `too_large`, then the grid,
length, sign, monotonicity and theta checks. Within one check, paths are visited in
document order: grid, mm.rates, mm.hurdle, rm.rates, rm.hurdle, theta.
"""
from __future__ import annotations

from decimal import Decimal

from .errors import WireError, clip
from .limits import MAX_FRAC_DIGITS, MAX_INT_DIGITS, MAX_N, MAX_VOLUME
from .policy import STANDARD, Policy
from .types import ROLES, TIE_BREAKS, Case


def _decimal_fields(case: Case):
    for side in ROLES:
        rep = getattr(case, side)
        for i, r in enumerate(rep.rates):
            yield f"{side}.rates[{i}]", r
        yield f"{side}.hurdle", rep.hurdle
    yield "theta", case.theta


def written(value: Decimal) -> str:
    """A decimal as plain text (never an exponent): how a Python caller's value is written."""
    return format(value, "f")


def digits_as_written(text: str) -> tuple[int, int]:
    """Digits before and after the point of a plain decimal string, counted as written:
    leading and trailing zeros count (spec/wire.md 6.5), so the limits bound the text's size."""
    body = text[1:] if text[:1] == "-" else text
    whole, _, frac = body.partition(".")
    return len(whole), len(frac)


def decimal_text_too_large(text: str) -> bool:
    """The digit limits of spec/wire.md 6.5 on a decimal string as written."""
    whole, frac = digits_as_written(text)
    return whole > MAX_INT_DIGITS or frac > MAX_FRAC_DIGITS


def decimal_too_large(value: Decimal) -> bool:
    """True when `value`, written in plain notation, has more digits than the limits allow."""
    return not value.is_finite() or decimal_text_too_large(written(value))


def check_case(case: Case, policy: Policy = STANDARD, texts: dict[str, str] | None = None) -> Case:
    """Return `case` unchanged if the spec accepts it under `policy`; else raise `WireError`.

    `texts` maps a decimal's path to the string the case was written with (the wire parser
    passes it): the digit limits count those digits, and messages quote the input as written.
    Without it a value is taken as written in plain notation.
    """
    texts = texts or {}

    def show(path: str, v: Decimal) -> str:
        t = texts.get(path)
        return clip(t if t is not None else written(v))

    grid = case.grid
    if len(grid) < 2:
        raise WireError("schema", f"grid has {len(grid)} volume(s); at least two (q_0 = 0 and q_1) are required", "grid")
    if case.tie_break not in TIE_BREAKS:
        raise WireError("schema", f"tie_break = {case.tie_break!r} is not one of {', '.join(TIE_BREAKS)}", "tie_break")
    n = len(grid) - 1
    # too_large
    if n > MAX_N:
        raise WireError("too_large", f"N = {n} trading volumes; the limit is {MAX_N}", "grid")
    for i, q in enumerate(grid):
        if abs(q) > MAX_VOLUME:
            raise WireError("too_large", f"grid[{i}] = {q} exceeds the volume limit {MAX_VOLUME}", f"grid[{i}]")
    for path, v in _decimal_fields(case):
        if not v.is_finite():
            raise WireError("too_large", f"{path} = {v} is not finite", path)
        text = texts.get(path) or written(v)
        if decimal_text_too_large(text):
            whole, frac = digits_as_written(text)
            raise WireError(
                "too_large",
                f"{path} = {clip(text)} has {whole} integer and {frac} fractional digits, counted as written;"
                f" the limits are {MAX_INT_DIGITS} and {MAX_FRAC_DIGITS}",
                path,
            )
    if grid[0] != 0:
        raise WireError("grid_not_starting_at_zero", f"grid[0] = {grid[0]}, but the grid must start at 0", "grid[0]")
    for i in range(1, len(grid)):
        if grid[i] <= grid[i - 1]:
            raise WireError(
                "grid_not_increasing",
                f"grid[{i}] = {grid[i]} is not above grid[{i-1}] = {grid[i-1]}",
                f"grid[{i}]",
            )
    for side in ROLES:
        m = len(getattr(case, side).rates)
        if m != n:
            raise WireError(
                "length_mismatch",
                f"{side}.rates has {m} rate(s), but the grid has N = {n} trading volumes",
                f"{side}.rates",
            )
    if not policy.allow_negative_rates:
        for side in ROLES:
            for i, r in enumerate(getattr(case, side).rates):
                if r < 0:
                    raise WireError("negative_rate", f"{side}.rates[{i}] = {show(f'{side}.rates[{i}]', r)} is below zero", f"{side}.rates[{i}]")
        for side in ROLES:
            h = getattr(case, side).hurdle
            if h < 0:
                raise WireError("negative_hurdle", f"{side}.hurdle = {show(f'{side}.hurdle', h)} is below zero", f"{side}.hurdle")
    if not policy.allow_non_monotone:
        a = case.mm.rates
        for i in range(1, n):
            if a[i] < a[i - 1]:
                raise WireError(
                    "non_monotone_schedule",
                    f"mm.rates[{i}] = {show(f'mm.rates[{i}]', a[i])} is below mm.rates[{i-1}] = {show(f'mm.rates[{i-1}]', a[i-1])}",
                    f"mm.rates[{i}]",
                )
        b = case.rm.rates
        for i in range(1, n):
            if b[i] > b[i - 1]:
                raise WireError(
                    "non_monotone_schedule",
                    f"rm.rates[{i}] = {show(f'rm.rates[{i}]', b[i])} is above rm.rates[{i-1}] = {show(f'rm.rates[{i-1}]', b[i-1])}",
                    f"rm.rates[{i}]",
                )
    lo_ok = case.theta >= 0 if policy.theta_closed else case.theta > 0
    hi_ok = case.theta <= 1 if policy.theta_closed else case.theta < 1
    if not (lo_ok and hi_ok):
        where = "[0, 1]" if policy.theta_closed else "strictly between 0 and 1"
        raise WireError("theta_out_of_range", f"theta = {show('theta', case.theta)} is not {where}", "theta")
    return case
