"""The one errors module: every error the reference raises derives from `ReposelectError`.

A rejected wire case is a `WireError` carrying the spec's error code (spec/wire.md
section 6.4), a human message that shows the failing condition with the values
involved, and the JSON path of the offending value.
"""
from __future__ import annotations

from dataclasses import dataclass

# Error codes in order of precedence (spec/wire.md 6.4): when a case has several
# faults, the code that comes first in this tuple is the one reported.
ERROR_CODES: tuple[str, ...] = (
    "invalid_json",
    "schema",
    "not_a_decimal",
    "too_large",
    "grid_not_starting_at_zero",
    "grid_not_increasing",
    "length_mismatch",
    "negative_rate",
    "negative_hurdle",
    "non_monotone_schedule",
    "theta_out_of_range",
)

#: Codes the command line adds for what happens around a case, not inside it.
TRANSPORT_CODES: tuple[str, ...] = ("io_error",)


class ReposelectError(Exception):
    """Root of every exception the project raises on purpose."""


@dataclass(frozen=True)
class WireError(ReposelectError):
    """A case (or dealer report) that cannot be accepted.

    `code` is one of `ERROR_CODES` (or `TRANSPORT_CODES`), `path` a JSON path such
    as ``mm.rates[2]`` (``$`` is the whole document).
    """

    code: str
    message: str
    path: str = "$"

    def __post_init__(self) -> None:
        if self.code not in ERROR_CODES + TRANSPORT_CODES:
            raise ValueError(f"unknown error code {self.code!r}")

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"{self.code} at {self.path}: {self.message}"

    def to_wire(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "path": self.path}}


class PolicyError(ReposelectError):
    """A request that the chosen rule variant cannot serve (e.g. an unknown variant name)."""
