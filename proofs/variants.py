"""The rule variants the prover checks each claim under (spec/claims.md 7.2).

The names are those of `reposelect.reference.policy.VARIANTS` plus `smallest_volume`,
the other tie-break (a wire parameter of the case, not a policy switch).
"""
from __future__ import annotations

from dataclasses import dataclass

from reposelect.reference.policy import STANDARD, VARIANTS, Policy, load_policy
from reposelect.reference.types import DEFAULT_TIE_BREAK, TieBreak


@dataclass(frozen=True)
class Variant:
    name: str
    policy: Policy
    tie_break: TieBreak = DEFAULT_TIE_BREAK

    @property
    def select_args(self) -> list[str]:
        """The `reposelect select` arguments that replay a case of this variant."""
        if self.policy.label:  # a designer's policy file
            return ["--policy", self.policy.label]
        return [] if self.policy == STANDARD else ["--variant", self.name]


VARIANT_NAMES: tuple[str, ...] = tuple(VARIANTS) + (TieBreak.SMALLEST_VOLUME.value,)


def get_variant(name: str) -> Variant:
    """A named variant, or a designer's policy given as FILE:NAME (spec/claims.md 7.13)."""
    if ":" in name and name.split(":", 1)[0].endswith(".py"):
        return Variant(name, load_policy(name))
    if name == TieBreak.SMALLEST_VOLUME:
        return Variant(name, STANDARD, TieBreak.SMALLEST_VOLUME)
    if name not in VARIANTS:
        raise KeyError(f"unknown variant {name!r}; known: {', '.join(VARIANT_NAMES)}")
    return Variant(name, VARIANTS[name])
