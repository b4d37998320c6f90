"""The verdicts spec/claims.md states, claim x variant. `reposelect prove` exits 1 when a run
disagrees; tests/proofs pins the same table at small bounds.

A bounded record must have exactly the pinned verdict. An unbounded record exists only for
a pair pinned "proved" (`unbounded.run_unbounded`), and it must be "proved": `unknown`
(a timeout, a model of the symbolic encoding, a vacuous hypothesis, a failed sanity check)
is a mismatch, since spec/claims.md 7.8 states those pairs for every N. Likewise a bounded
record's `covering` part (spec/claims.md 7.6.8), where present, must be "proved"."""
from __future__ import annotations

from .claims import CLAIM_NAMES
from .variants import VARIANT_NAMES

_REFUTED = {
    ("no_trade_equilibrium", "negative_rates"),
    ("existence", "negative_rates"),
    ("existence", "non_monotone"),
    ("fast_path", "negative_rates"),
    ("fast_path", "non_monotone"),
    ("fast_path", "no_hurdle"),
    ("fast_equivalence", "negative_rates"),
    ("fast_equivalence", "non_monotone"),
    ("truthful_expost", "negative_rates"),
    ("truthful_expost", "non_monotone"),
    ("truthful_dominance_matched", "negative_rates"),
    ("truthful_dominance_matched", "non_monotone"),
} | {("truthful_dominance", v) for v in VARIANT_NAMES}

VERDICTS: dict[tuple[str, str], str] = {
    (c, v): ("refuted" if (c, v) in _REFUTED else "proved") for c in CLAIM_NAMES for v in VARIANT_NAMES
}

#: spec/claims.md 7.15: the equilibrium set does not depend on theta, except where a variant
#: lets a deviation's sign depend on it (negative or non-monotone rates, theta at 0 or 1).
THETA_REFUTED = ("negative_rates", "non_monotone", "theta_closed")
THETA_VERDICTS: dict[str, str] = {v: ("refuted" if v in THETA_REFUTED else "proved") for v in VARIANT_NAMES}


def mismatches(records) -> list[str]:
    out = []
    for r in records:
        if r["claim"] == "theta_independence":  # a claim for every N only: proved or refuted
            want = THETA_VERDICTS.get(r["variant"])
            if want is not None and r["verdict"] != want:
                out.append(f"{r['claim']} / {r['variant']}: {r['verdict']}, the spec says {want}")
            continue
        want = VERDICTS.get((r["claim"], r["variant"]))
        if r["bound"] == "unbounded":
            if want is None:  # a policy the spec pins no verdict for (a designer's)
                continue
            if want == "proved" and r["verdict"] != "proved":
                why = f" ({r['reason']})" if r.get("reason") else ""
                out.append(f"{r['claim']} / {r['variant']}: unbounded {r['verdict']}{why},"
                           " the spec says proved for every N")
            elif want != "proved" and r["verdict"] == "proved":
                out.append(f"{r['claim']} / {r['variant']}: proved unbounded, the spec says {want}")
            continue
        if want is not None and r["verdict"] != want:
            out.append(f"{r['claim']} / {r['variant']}: {r['verdict']}, the spec says {want}")
        cov = r.get("covering")
        if cov is not None and want == "proved" and cov["verdict"] != "proved":
            out.append(f"{r['claim']} / {r['variant']}: covering argument {cov['verdict']}"
                       f" ({cov.get('reason', '')}), the spec says proved for every N")
    return out
