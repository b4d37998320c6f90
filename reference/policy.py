"""Rule variants (spec/claims.md): the standard rule and the switches a protocol designer can flip.

The standard rule (`STANDARD`) is what the wire format's `select` runs. Each variant
relaxes one assumption or changes one step of the rule, so that the proofs can show
which claims survive it and which break (with a counterexample that
``reposelect select --variant NAME`` replays).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import PolicyError
from .types import HURDLE_MODES, HurdleMode


@dataclass(frozen=True)
class Policy:
    """Which assumptions validation enforces and which hurdle test the rule applies."""

    #: Accept negative rates and hurdles (standard: rejected with negative_rate / negative_hurdle).
    allow_negative_rates: bool = False
    #: Accept schedules that are not monotone (standard: rejected with non_monotone_schedule).
    allow_non_monotone: bool = False
    #: "spread": s_k >= max(h_mm, h_rm) (standard); "own_margin": each dealer's own margin
    #: (theta * s_k for BDmm, (1 - theta) * s_k for BDrm) meets its own hurdle; "none": no filter.
    hurdle_mode: HurdleMode = HurdleMode.SPREAD
    #: Accept theta = 0 and theta = 1 (standard: theta strictly inside (0, 1)).
    theta_closed: bool = False

    def __post_init__(self) -> None:
        if self.hurdle_mode not in HURDLE_MODES:
            raise PolicyError(f"hurdle_mode {str(self.hurdle_mode)!r} is not one of {', '.join(HURDLE_MODES)}")
        object.__setattr__(self, "hurdle_mode", HurdleMode(self.hurdle_mode))  # a plain string becomes its member

    @property
    def monotone_nonnegative(self) -> bool:
        """True when accepted schedules are monotone with non-negative rates, the
        assumptions under which only downward deviations can pay (spec/model.md 3.3)."""
        return not (self.allow_negative_rates or self.allow_non_monotone)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, p in VARIANTS.items() if n != "standard" and _applies(p, self))


STANDARD = Policy()

#: Named variants, each one switch away from the standard rule. The tie-break
#: variant is not here: `tie_break` is a protocol parameter on the wire.
VARIANTS: dict[str, Policy] = {
    "standard": STANDARD,
    "negative_rates": Policy(allow_negative_rates=True),
    "non_monotone": Policy(allow_non_monotone=True),
    "no_hurdle": Policy(hurdle_mode=HurdleMode.NONE),
    "own_margin_hurdle": Policy(hurdle_mode=HurdleMode.OWN_MARGIN),
    "theta_closed": Policy(theta_closed=True),
}


def _applies(variant: Policy, policy: Policy) -> bool:
    return any(
        getattr(variant, f) != getattr(STANDARD, f) and getattr(policy, f) == getattr(variant, f)
        for f in ("allow_negative_rates", "allow_non_monotone", "hurdle_mode", "theta_closed")
    )


def policy_from_names(names) -> Policy:
    """Combine named variants into one policy; raise `PolicyError` on an unknown or clashing name."""
    policy = STANDARD
    for name in names:
        if name not in VARIANTS:
            raise PolicyError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
        v = VARIANTS[name]
        changes = {
            f: getattr(v, f)
            for f in ("allow_negative_rates", "allow_non_monotone", "hurdle_mode", "theta_closed")
            if getattr(v, f) != getattr(STANDARD, f)
        }
        if "hurdle_mode" in changes and policy.hurdle_mode not in (HurdleMode.SPREAD, changes["hurdle_mode"]):
            raise PolicyError(f"variant {name!r} clashes with hurdle mode {str(policy.hurdle_mode)!r}")
        policy = replace(policy, **changes)
    return policy
