"""The one errors module: every error the reference raises derives from `ReposelectError`.

A rejected wire case is a `WireError` carrying the spec's error code (spec/wire.md
section 6.4), a human message that shows the failing condition with the values
involved, and the JSON path of the offending value.
"""
from __future__ import annotations

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

#: Codes the command line adds for what happens around a case, not inside it: an input that
#: exists but cannot be read (`io_error`), a node named by `--rpc` or `--log chain:URL` that cannot
#: be reached (`rpc_unreachable`). Each is exit status 74 (spec/wire.md 6.6).
TRANSPORT_CODES: tuple[str, ...] = ("io_error", "rpc_unreachable")


#: Longest piece of input a message quotes in full; a longer one is shown by its ends.
QUOTE_LIMIT = 60


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` as written when short; otherwise its first and last characters and its length,
    so a message stays one short line whatever the input held."""
    if len(text) <= limit:
        return text
    half = (limit - 6) // 2
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"


class ReposelectError(Exception):
    """Root of every exception the project raises on purpose.

    Each carries a stable `code`, a `message` that shows the failing condition with
    its values, and a `path` saying where (a JSON path, a log sequence number, a
    query name; ``$`` is the whole input). Every subclass pickles (the proofs fork
    workers that send errors back) and prints as ``code at path: message``.
    """

    #: The code of a subclass that raises only one kind of error.
    default_code = "error"

    def __init__(self, *args, code: str | None = None, path: str = "$"):
        # Either (message) with an optional code= and path=, or (code, message[, path]).
        if len(args) >= 2:
            code, message, *rest = args
            path = rest[0] if rest else path
        else:
            message = args[0] if args else ""
        self.code = code or self.default_code
        self.message = str(message)
        self.path = path
        super().__init__(f"{self.code} at {self.path}: {self.message}")

    def __reduce__(self):
        return (_rebuild, (type(self), self.code, self.message, self.path))

    def __str__(self) -> str:
        return f"{self.code} at {self.path}: {self.message}"

    def to_wire(self) -> dict:
        """The error object of spec/wire.md 6.4: ``{"error": {code, message, path}}``."""
        return {"error": {"code": self.code, "message": self.message, "path": self.path}}


def _rebuild(cls, code, message, path):
    err = cls.__new__(cls)
    ReposelectError.__init__(err, code, message, path)
    return err


class WireError(ReposelectError):
    """A case (or dealer report) that cannot be accepted.

    `code` is one of `ERROR_CODES` (or `TRANSPORT_CODES`), `path` a JSON path such
    as ``mm.rates[2]`` (``$`` is the whole document).
    """

    def __init__(self, code: str, message: str, path: str = "$"):
        if code not in ERROR_CODES + TRANSPORT_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(code, message, path)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (self.code, self.message, self.path) == (other.code, other.message, other.path)

    def __hash__(self) -> int:
        return hash((self.code, self.message, self.path))


class PolicyError(ReposelectError):
    """A request that the chosen rule variant cannot serve (e.g. an unknown variant name)."""

    default_code = "policy"


class UsageError(ReposelectError):
    """A command line that cannot be run as given (unknown option or variant, a missing file
    or argument): one line on standard error and exit status 64, never status 2, which
    means "case rejected" (spec/wire.md 6.6)."""

    default_code = "usage"
