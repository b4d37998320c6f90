"""Documented size limits of the wire format (spec/wire.md 6.5).

Beyond any of these a case is rejected with `too_large`; they keep every exact
computation bounded (at most 16 + 12 = 28 significant digits in a joint profit's
factors) and keep a `serve` process from being made to allocate without bound.
"""

#: Largest number of trading grid points N (the grid holds N + 1 volumes).
MAX_N = 1_000_000
#: Largest volume on the grid (volumes are JSON integers, e.g. millions).
MAX_VOLUME = 10**15
#: Most digits before the decimal point in a decimal string.
MAX_INT_DIGITS = 12
#: Most digits after the decimal point in a decimal string.
MAX_FRAC_DIGITS = 12
#: Longest JSON integer literal accepted anywhere (a longer one is `too_large`).
MAX_INT_LITERAL_DIGITS = 16
