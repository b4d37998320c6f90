"""Three-valued verification results and the JSON record of one (claim, variant) run.

`Proved` (the negation is unsat for every query up to the bound), `Refuted` (a concrete
model, replayed through the reference), `Unknown` (a timeout or a solver giving up).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Proved:
    reached: int  # every N <= reached is established
    queries: int = 0
    sanity: dict = field(default_factory=dict)
    witness: dict | None = None  # existence claims: the schedule that shows it
    deviation: dict | None = None
    verdict = "proved"


@dataclass(frozen=True)
class Refuted:
    n: int  # size of the counterexample
    counterexample: dict | None  # wire case (or None when an existence claim has no witness)
    deviation: dict | None  # the deviation that pays (dealer, from_index, to_index, gain, ...)
    queries: int = 0
    note: str = ""
    verdict = "refuted"


@dataclass(frozen=True)
class Unknown:
    reason: str
    reached: int = 0  # every N <= reached is established before giving up
    queries: int = 0
    verdict = "unknown"


def record(claim: str, variant: str, bound, result, seconds: float) -> dict:
    """The JSON record of one run (prove --json)."""
    rec = {
        "claim": claim,
        "variant": variant,
        "bound": bound,
        "verdict": result.verdict,
        "seconds": round(seconds, 3),
        "counterexample": getattr(result, "counterexample", None),
        "deviation": getattr(result, "deviation", None),
        "reached": getattr(result, "reached", getattr(result, "n", 0)),
        "queries": result.queries,
    }
    from .solvers import mode

    rec["solver"] = mode()  # the solver(s) that decided its queries: z3, cvc5 or both
    rec["scope"] = "every N" if bound == "unbounded" else f"N <= {bound}"
    if isinstance(result, Proved):
        rec["witness"] = result.witness
        rec["sanity"] = result.sanity
    if isinstance(result, Unknown):
        rec["reason"] = result.reason
    if isinstance(result, Refuted) and result.note:
        rec["note"] = result.note
    if isinstance(result, Refuted) and result.counterexample is not None:
        # the runner reports a refutation only once the reference has replayed the case and
        # found the deviation that pays (spec/claims.md 7.6.5)
        rec["replayed"] = True
    return rec
