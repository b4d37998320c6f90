"""Bug: the tie-break is reversed (largest_volume takes the smaller index, smallest_volume the larger)."""
from _common import original, run
from reposelect.reference import rules

prefers = original("rules.prefers")


def reversed_tie_break(tie_break, m, k):
    other = next(t for t in rules.TIE_BREAKS if t != tie_break)
    return prefers(other, m, k)


run("rules.prefers", reversed_tie_break)
