"""The tables of spec/claims.md 7.11-7.13, generated from the committed results files
(proofs/results/every-n.json, designer-run.json, smt2/index.json); tests/proofs/
test_extra_report.py fails when the spec's text differs from what the files say.

    python -m reposelect.proofs.extra_report     # print the three tables
"""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name):
    doc = json.loads((RESULTS / name).read_text(encoding="utf-8"))
    return doc, doc["records"] if isinstance(doc, dict) else doc


def every_n_table() -> str:
    """Claim x variant: the verdict for every N, the lemmas closed, and the time."""
    doc, recs = _load("every-n.json")
    out = ["| claim | variant | verdict | lemmas (both dealers) | Z3 seconds |", "|---|---|---|---|---|"]
    for r in recs:
        if r.get("claim") not in ("truthful_expost", "truthful_dominance_matched"):
            continue
        lem = r.get("lemmas", [])
        closed = sum(x["verdict"] == "unsat" for x in lem)
        verdict = "proved, every N" if r["verdict"] == "proved" else f"unknown ({r.get('reason', '')})"
        out.append(f"| `{r['claim']}` | {r['variant']} | {verdict} | {closed} of {len(lem)} unsat | {r['seconds']:.1f} |")
    return "\n".join(out) + "\n"


def designer_table() -> str:
    """Claim x designer policy: the bounded verdict."""
    doc, recs = _load("designer-run.json")
    policies = sorted({r["variant"] for r in recs})
    names = [Path(p.split(":")[0]).stem for p in policies]
    out = ["| claim | " + " | ".join(f"`{n}`" for n in names) + " |", "|---" * (len(policies) + 1) + "|"]
    claims = list(dict.fromkeys(r["claim"] for r in recs))
    cell = {(r["claim"], r["variant"]): r for r in recs}
    for c in claims:
        row = []
        for p in policies:
            r = cell.get((c, p))
            if r is None:
                row.append("")
            elif r["verdict"] == "proved" and r.get("witness"):
                row.append(f"proved (witness at N = {r['reached']})")
            elif r["verdict"] == "proved":
                row.append(f"proved, N <= {r['reached']}")
            elif r["verdict"] == "refuted":
                row.append(f"**refuted** at N = {r['reached']}")
            else:
                row.append(f"unknown, N <= {r['reached']}")
        out.append(f"| `{c}` | " + " | ".join(row) + " |")
    return "\n".join(out) + "\n"


def smt2_summary() -> str:
    """One line: how many committed unbounded queries each solver decides from the text."""
    idx = json.loads((RESULTS / "smt2" / "index.json").read_text(encoding="utf-8"))
    z = sum(e["z3"] == "unsat" for e in idx)
    c = sum(e["cvc5"] == "unsat" for e in idx)
    zt = sum(e["z3_seconds"] for e in idx)
    ct = sum(e["cvc5_seconds"] for e in idx)
    return (f"{len(idx)} files: Z3 unsat on {z} ({zt:.1f} s in all), cvc5 unsat on {c} "
            f"({ct:.1f} s in all, unknown on the other {len(idx) - c} within its time limit)")


if __name__ == "__main__":  # pragma: no cover
    print(every_n_table())
    print(designer_table())
    print(smt2_summary())
