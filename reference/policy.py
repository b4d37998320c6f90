"""Rule variants (spec/claims.md): the standard rule and the switches a protocol designer can flip.

The standard rule (`STANDARD`) is what the wire format's `select` runs. Each variant
relaxes one assumption or changes one step of the rule, so that the proofs can show
which claims survive it and which break (with a counterexample that
``reposelect select --variant NAME`` replays).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from . import rules
from .errors import PolicyError
from .rules import EXACT_OPS
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
    #: A designer's rules (spec/claims.md 7.13), each replacing one rule of `reference.rules`
    #: on exact values and on Z3 terms alike (so they use only +, -, *, comparisons and `ops`):
    #: hurdle(theta, spread, volume, h_mm, h_rm, ops) -> the hurdle test (rules.hurdle_ok);
    hurdle: Callable | None = None
    #: objective(spread, volume, ops) -> the value the selection maximises (rules.joint_profit);
    objective: Callable | None = None
    #: prefers(tie_break, m, k) -> the tie-break between indices (rules.prefers).
    prefers: Callable | None = None
    #: The designer's name for the policy (FILE:NAME when loaded from a file).
    label: str = ""

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
    def designed(self) -> bool:
        """True when a designer's rule replaces one of the reference's."""
        return any(f is not None for f in (self.hurdle, self.objective, self.prefers))

    def hurdle_test(self, theta, spread, volume, h_mm, h_rm, ops=EXACT_OPS):
        """The hurdle test of this policy at one volume (spec/contract.md 4.2)."""
        if self.hurdle is not None:
            return self.hurdle(theta, spread, volume, h_mm, h_rm, ops)
        return rules.hurdle_ok(self.hurdle_mode, theta, spread, h_mm, h_rm, ops)

    def value(self, spread, volume, ops=EXACT_OPS):
        """What the selection maximises (the joint profit unless a designer says otherwise)."""
        if self.objective is not None:
            return self.objective(spread, volume, ops)
        return rules.joint_profit(spread, volume, ops)

    def ahead(self, tie_break, v_m, v_k, m, k, ops=EXACT_OPS):
        """The selection order of this policy (rules.ahead with the designer's tie-break)."""
        return rules.ahead(tie_break, v_m, v_k, m, k, ops, self.prefers or rules.prefers)

    @property
    def names(self) -> tuple[str, ...]:
        """The named variants this policy includes (its switches away from the standard rule)."""
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
        if ":" in name and name.split(":", 1)[0].endswith(".py"):
            if len(names) != 1:
                raise PolicyError(f"a designer's policy ({name}) cannot be combined with other variants")
            return load_policy(name)
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


def load_policy(spec: str) -> Policy:
    """A designer's policy from `FILE:NAME`: the `Policy` named NAME in the Python file FILE
    (raises `PolicyError` when the file or the name is missing or is not a Policy)."""
    import importlib.util
    import pathlib

    path, _, attr = spec.rpartition(":")
    p = pathlib.Path(path)
    if not p.is_file():
        raise PolicyError(f"policy file {path!r} not found")
    mod_spec = importlib.util.spec_from_file_location(f"_reposelect_policy_{p.stem}", p)
    if mod_spec is None or mod_spec.loader is None:
        raise PolicyError(f"policy file {path!r} is not a Python module")
    mod = importlib.util.module_from_spec(mod_spec)
    try:
        mod_spec.loader.exec_module(mod)
    except Exception as e:  # a designer's file: any error it raises is reported, with its type
        raise PolicyError(f"policy file {path!r} fails to load: {type(e).__name__}: {e}") from e
    pol = getattr(mod, attr, None)
    if not isinstance(pol, Policy):
        raise PolicyError(f"{path!r} has no Policy named {attr!r}")
    return pol if pol.label else replace(pol, label=spec)
