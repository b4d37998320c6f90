"""Documented size limits of the wire format (spec/wire.md 6.5).

Beyond any of these a case is rejected with `too_large`; they keep every exact
computation bounded (at most 16 + 12 = 28 significant digits in a joint profit's
factors) and keep a `serve` process from being made to allocate without bound.
Digits are counted as written (leading and trailing zeros count), so the limits
bound the size of the input as well as its value, and `MAX_CASE_BYTES`, derived from
the other limits below, bounds a whole case before it is parsed.
"""

#: Largest number of trading grid points N (the grid holds N + 1 volumes).
MAX_N = 1_000_000
#: Largest volume on the grid (volumes are JSON integers, e.g. millions).
MAX_VOLUME = 10**15
#: Most digits before the decimal point in a decimal string, counted as written.
MAX_INT_DIGITS = 12
#: Most digits after the decimal point in a decimal string, counted as written.
MAX_FRAC_DIGITS = 12
#: Longest JSON integer literal accepted anywhere (a longer one is `too_large`).
MAX_INT_LITERAL_DIGITS = 16

# The longest text of a case within the limits above, written compactly ------------------------
#: A volume literal: a minus sign and MAX_INT_LITERAL_DIGITS digits, then a comma.
VOLUME_BYTES = 1 + MAX_INT_LITERAL_DIGITS + 1
#: A decimal string: quotes, a minus sign, the digits and the point, then a comma.
DECIMAL_BYTES = 2 + 1 + MAX_INT_DIGITS + 1 + MAX_FRAC_DIGITS + 1
#: Everything that does not grow with N: keys, braces, two hurdles, theta, the tie-break.
FIXED_BYTES = 1024


def compact_case_bytes(n: int) -> int:
    """An upper bound on the compact text of a case with N = n: n + 1 volumes, 2n rates, the fixed part."""
    return (n + 1) * VOLUME_BYTES + 2 * n * DECIMAL_BYTES + FIXED_BYTES


#: The largest compact case within the limits (76,001,042 bytes).
COMPACT_CASE_BYTES = compact_case_bytes(MAX_N)
#: Longest case text (one `serve` line or one `select` file) that is parsed at all: twice the
#: largest compact case, so any layout of whitespace up to the size of the data itself fits.
#: A longer text is `too_large` at `$` before it is parsed, whatever it holds (spec/wire.md 6.5).
#: 152,002,084 bytes.
MAX_CASE_BYTES = 2 * COMPACT_CASE_BYTES
#: Most commas a case within the limits can hold: N between the grid's volumes, N - 1 in each
#: schedule, one in each report, four between the case's five keys. A text with more holds more
#: values than any case may: `too_large` at `$` before parsing, whatever else it holds.
MAX_CASE_COMMAS = MAX_N + 2 * (MAX_N - 1) + 2 + 4
