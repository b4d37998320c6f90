"""Chapter 7 says no more than the committed results (spec/claims.md 7.2, 7.4, 7.8).

Every verdict, bound, "for every N" and measured time in spec/claims.md sits in a
generated region,

    <!-- results: KEY ARGS -->generated text<!-- /results -->

rendered from `proofs/results/default-run.json` (the scaling table from the per-N progress
of the records of `proofs/results/scaling.json`, a one-core standard-rule run). `check` demands that every region equals its rendering and
that the text outside the regions states no bound ("N <= 32", "N = 2"), no "for every N"
and no time in seconds; `fix` rewrites the regions. An unknown verdict renders as unknown,
with its reason.

    python -m reposelect.proofs.spec_results          # check spec/claims.md, exit 1 on a problem
    python -m reposelect.proofs.spec_results --fix    # rewrite the regions from the results

Keys: `verdicts` (the claim x variant table), `bounds` (what the default run proves up to
which N), `unbounded` (what is proved for every N), `run` (wall time, machine, load,
seed, date), `covering` (the renaming and the covering argument per local claim), `variant VARIANT` (inline: the claims refuted, unknown and proved under
it), `bound CLAIM VARIANT` (inline "N <= n"), `refuted CLAIM VARIANT` (inline
"N = n"), `witness CLAIM VARIANT` (the witness as a JSON block), `scaling` (time
against N per claim, CPU seconds).

Sections 7.11-7.15 are generated from their own committed files: `every-n` (the table of
`proofs/results/every-n.json`), `every-n-claim CLAIM` and `theta` (inline: where a claim
is proved for every N), `designer` (`designer-run.json`, the policies of
`proofs/policies/`), `smt2` (the index of `proofs/results/smt2/`), `both` (the bounded
run decided by both solvers, `both-bound4.json`), `run-of FILE` (how, where and when
one of those files was made) and `solver-use` (which committed files both solvers decided,
which Z3 alone, and what cvc5 cost on the truthfulness claims).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Callable

from reposelect.reference.options import report_problems
from reposelect.reference.wire import dumps

from . import solvers
from .claims import CLAIM_NAMES, CLAIMS, TRUTH_CLAIMS
from .variants import VARIANT_NAMES

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "claims.md"
RESULTS = ROOT / "proofs" / "results" / "default-run.json"
SCALING = ROOT / "proofs" / "results" / "scaling.json"
SCALING_MD = ROOT / "proofs" / "results" / "scaling.md"  # the same rows as a table (the site plots it)

REGION = re.compile(r"<!-- results: ([^>]*?) -->(.*?)<!-- /results -->", re.S)

# what the text outside the regions must not state: bounds, unbounded claims, times
FORBIDDEN = [
    (re.compile(r"\bN\s*(<=|≤|\\le|<)\s*\d"), "a bound on N"),
    (re.compile(r"\bN\s*=\s*\d"), "a size N = n"),
    (re.compile(r"\b(every|all|any)\s+N\b(?!\s*(<=|≤|\\le|<|>|\\ge|up to the bound|\$))", re.I), "a claim for every N"),
    (re.compile(r"(?<!timeout )(?<!default )\b\d+(\.\d+)?\s*(s|seconds|min|minutes)\b"), "a measured time"),
]


class ResultsError(Exception):
    pass


def _read(path):
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: v for k, v in doc.items() if k != "records"}, doc["records"]


def load(results=RESULTS, scaling=SCALING):
    """(metadata, records, scaling) of the results; scaling is (metadata, records) of the
    one-core standard-rule run whose per-N progress gives the scaling table, or None."""
    meta, records = _read(results)
    sc = _read(scaling) if scaling and Path(scaling).exists() else None
    return meta, records, sc


def _index(records):
    bounded = {(r["claim"], r["variant"]): r for r in records if r["bound"] != "unbounded"}
    unbounded = {(r["claim"], r["variant"]): r for r in records if r["bound"] == "unbounded"}
    return bounded, unbounded


def _get(idx, claim, variant):
    try:
        return idx[(claim, variant)]
    except KeyError:
        raise ResultsError(f"the results have no record for {claim} / {variant}") from None


def _block(body: str) -> str:
    """A block region: blank lines around it, so that Markdown sees a table or a list."""
    return "\n\n" + body + "\n\n"


def _cell(b, u) -> str:
    v = b["verdict"]
    if v == "proved" and b.get("witness"):
        out = f"witness, N = {b['reached']}"
    elif v == "proved":
        out = f"proved, N ≤ {b['reached']}"
    elif v == "refuted" and b.get("counterexample") is None:
        out = f"**refuted**: no witness, N ≤ {b['reached']}"
    elif v == "refuted":
        out = f"**refuted**, N = {b['reached']}"
    else:
        out = f"**unknown** ({b.get('reason', 'no reason recorded')})"
    if u is not None:
        out += "; unbounded" if u["verdict"] == "proved" else f"; unbounded **unknown** ({u.get('reason', '')})"
    cov = b.get("covering")
    if cov is not None:
        out += "; covering" if cov["verdict"] == "proved" else f"; covering **unknown** ({cov.get('reason', '')})"
    return out


def render_verdicts(meta, records, _sc):
    bounded, unbounded = _index(records)
    head = "| claim | " + " | ".join(VARIANT_NAMES) + " |"
    rows = [head, "| --- |" + " --- |" * len(VARIANT_NAMES)]
    for c in CLAIM_NAMES:
        cells = [_cell(_get(bounded, c, v), unbounded.get((c, v))) for v in VARIANT_NAMES]
        rows.append(f"| `{c}` | " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
    return _block("\n".join(rows))


def _names(cs):
    cs = [f"`{c}`" for c in cs]
    return cs[0] if len(cs) == 1 else ", ".join(cs[:-1]) + " and " + cs[-1]


def render_bounds(meta, records, _sc):
    bounded, _ = _index(records)
    proved, refuted, unknown = {}, {}, []
    for c in CLAIM_NAMES:
        r = _get(bounded, c, "standard")
        if r["verdict"] == "proved" and not r.get("witness"):
            proved.setdefault(r["reached"], []).append(c)
        elif r["verdict"] == "refuted":
            refuted.setdefault(r["reached"], []).append(c)
        elif r["verdict"] == "unknown":
            unknown.append(r)
    parts = [f"{_names(cs)} for every N ≤ {n} (each N from 1 to {n})" for n, cs in sorted(proved.items(), reverse=True)]
    text = "Under the standard rule the default run proves " + "; ".join(parts) + "."
    w = _get(bounded, "multiple_equilibria", "standard")
    if w["verdict"] == "proved":
        text += f" It finds the multiplicity witness at N = {w['reached']} (the search goes to N ≤ {w['bound']})."
    if refuted:
        text += " It refutes " + "; ".join(f"{_names(cs)} at N = {n}" for n, cs in sorted(refuted.items())) + "."
    for r in unknown:
        text += f" `{r['claim']}` is **unknown**: {r.get('reason', 'no reason recorded')}."
    sizes = sorted({r["reached"] for r in records if r["bound"] != "unbounded" and r["verdict"] == "refuted"
                    and r.get("counterexample")})
    if sizes:
        ns = [str(n) for n in sizes]
        text += (" Under every variant, each counterexample found has N = "
                 + (", ".join(ns[:-1]) + " or " + ns[-1] if len(ns) > 1 else ns[0]) + ".")
    others = [r for r in records if r["bound"] != "unbounded" and r["verdict"] == "unknown" and r["variant"] != "standard"]
    for r in others:
        text += f" `{r['claim']}` / `{r['variant']}` is **unknown**: {r.get('reason', 'no reason recorded')}."
    return text


def render_run(meta, records, _sc):
    cpu = sum((r.get("progress") or [[0, 0, 0, 0]])[-1][2] for r in records if r["bound"] != "unbounded")
    bits = [f"{meta.get('total_seconds', '?')} s wall for the whole run (`{meta.get('command', 'reposelect prove')}`)"
            + (f", of which {cpu:.1f} s CPU in the bounded runs' own processes (summed over claim x variant)"
               if cpu else ""),
            f"on {meta.get('machine', '?')} (Python {meta.get('python', '?')}, Z3 {meta.get('z3', '?')})"]
    if "load_at_start" in meta or "load" in meta:
        bits.append(f"load averages (1, 5, 15 min) {meta.get('load_at_start', '?')} at the start and "
                    f"{meta.get('load', '?')} at the end")
    if "seed" in meta:
        bits.append(f"seed {meta['seed']}")
    bits.append(meta.get("date", "?"))
    return ", ".join(bits)


def render_unbounded(meta, records, _sc):
    _, unbounded = _index(records)
    proved, other = {}, []
    for (c, v), r in unbounded.items():
        if r["verdict"] == "proved":
            proved.setdefault(c, []).append(v)
        else:
            other.append(r)
    lines = []
    for c in CLAIM_NAMES:
        if c in proved:
            vs = proved[c]
            secs = max(r["seconds"] for (c2, _), r in unbounded.items() if c2 == c and r["verdict"] == "proved")
            lines.append(f"- `{c}`: proved for every N under {_names(vs)} (slowest: {secs:.2f} s wall)")
    for r in other:
        lines.append(f"- `{r['claim']}` / `{r['variant']}`: **unknown**: {r.get('reason', 'no reason recorded')}")
    if not lines:
        return _block("No unbounded proof is in the results.")
    return _block("\n".join(lines))


def render_covering(meta, records, _sc):
    """The renaming (canonical keys, keys settled by the checked renaming) and the covering
    argument for every N, per local claim, from the bounded records."""
    bounded, _ = _index(records)
    lines = []
    for c in CLAIM_NAMES:
        recs = [(v, bounded[(c, v)]) for v in VARIANT_NAMES if (c, v) in bounded and bounded[(c, v)].get("renaming")]
        if not recs:
            continue
        std = bounded.get((c, "standard"), {})
        ren = std.get("renaming")
        text = f"- `{c}`"
        if ren:
            text += (f": under `standard`, {ren['canonical_keys']} canonical keys, solved; {ren['renamed']} further keys "
                     f"up to N ≤ {std['reached']} settled by the checked renaming, {ren['solved_apart']} solved apart")
        cov = [(v, r["covering"]) for v, r in recs if r.get("covering")]
        proved = [v for v, x in cov if x["verdict"] == "proved"]
        if proved:
            slow = max(x["seconds"] for v, x in cov if x["verdict"] == "proved")
            text += (f"; the covering argument proves it for every N under {_names(proved)} "
                     f"(slowest: {slow:.2f} s wall)")
        for v, x in cov:
            if x["verdict"] != "proved":
                text += f"; covering under `{v}` **{x['verdict']}**: {x.get('reason', 'no reason recorded')}"
        lines.append(text)
    if not lines:
        return _block("No record of the results carries the renaming.")
    return _block("\n".join(lines))


def render_bound(meta, records, _sc, claim, variant):
    r = _get(_index(records)[0], claim, variant)
    if r["verdict"] == "proved" and not r.get("witness"):
        return f"N ≤ {r['reached']}"
    return f"**{r['verdict']}**" + (f" ({r.get('reason')})" if r["verdict"] == "unknown" else f" at N = {r['reached']}")


def render_refuted(meta, records, _sc, claim, variant):
    r = _get(_index(records)[0], claim, variant)
    if r["verdict"] != "refuted":
        return f"**{r['verdict']}** (not refuted)"
    return f"N = {r['reached']}"


def render_variant(meta, records, _sc, variant):
    """Inline: which claims are refuted, proved and unknown under a variant."""
    bounded, _ = _index(records)
    by = {"refuted": [], "proved": [], "unknown": []}
    for c in CLAIM_NAMES:
        by[_get(bounded, c, variant)["verdict"]].append(c)
    parts = []
    if by["refuted"]:
        parts.append("refuted: " + _names(by["refuted"]))
    if by["unknown"]:
        parts.append("**unknown**: " + _names(by["unknown"]))
    if by["proved"]:
        parts.append(("proved: every other claim" if by["refuted"] or by["unknown"] else "proved: every claim")
                     if len(by["proved"]) > 3 else "proved: " + _names(by["proved"]))
    return "; ".join(parts)


def render_witness(meta, records, _sc, claim, variant):
    r = _get(_index(records)[0], claim, variant)
    if r["verdict"] != "proved" or not r.get("witness"):
        return _block(f"No witness in the results ({r['verdict']}).")
    return _block(f"Z3's witness (N = {r['reached']}):\n\n```json\n{dumps(r['witness'])}\n```")


SCALING_SIZES = (1, 2, 4, 8, 16, 24, 32, 48, 64)


def render_scaling(meta, records, sc):
    """Time against N per claim (standard rule) from the per-N progress of the scaling run's
    records: CPU seconds of the claim's own process until every N' <= N was settled."""
    if sc is None:
        return _block("No scaling run is committed (`proofs/results/scaling.json`).")
    bounded, _ = _index(sc[1])
    rows = {c: {n: cpu for n, _wall, cpu, _q in bounded[(c, "standard")].get("progress") or []}
            for c in CLAIM_NAMES if (c, "standard") in bounded}
    rows = {c: r for c, r in rows.items() if r}
    if not rows:
        return _block("The scaling run records no per-N progress.")
    out = [f"_{render_run(sc[0], sc[1], None)}_", ""]
    for group in ([c for c in rows if max(rows[c]) > 8], [c for c in rows if max(rows[c]) <= 8]):
        if not group:
            continue
        every = {n for c in group for n in rows[c]}
        sizes = sorted(every if max(every) <= 8 else every & set(SCALING_SIZES))
        out.append("| claim | " + " | ".join(f"N = {n}" for n in sizes) + " |")
        out.append("| --- |" + " ---: |" * len(sizes))
        for c in group:
            out.append(f"| `{c}` | " + " | ".join(f"{rows[c][n]:.2f}" if n in rows[c] else "" for n in sizes) + " |")
        out.append("")
    return _block("\n".join(out).rstrip("\n"))


def scaling_markdown(sc) -> str:
    """proofs/results/scaling.md: one row per claim and N of the scaling run (CPU seconds)."""
    meta, records = sc
    out = [f"_{render_run(meta, records, None)}_", "",
           "| claim | N | verdict | seconds | wall seconds | queries |", "| --- | ---: | --- | ---: | ---: | ---: |"]
    for r in records:
        if r["bound"] == "unbounded":
            continue
        for n, wall, cpu, q in r.get("progress") or []:
            out.append(f"| {r['claim']} | {n} | proved | {cpu:.2f} | {wall:.2f} | {q} |")
        if r["verdict"] != "proved" or not r.get("progress"):
            out.append(f"| {r['claim']} | {r['reached']} | {r['verdict']} | | {r['seconds']:.2f} | {r['queries']} |")
    return "\n".join(out) + "\n"


# -- the sections beyond the default run (7.11-7.15): their own committed results files --------

RESULTS_DIR = ROOT / "proofs" / "results"
EXTRA = {  # region argument -> results file
    "every-n": RESULTS_DIR / "every-n.json",  # truthfulness and theta-independence for every N
    "designer": RESULTS_DIR / "designer-run.json",  # the designer policies of proofs/policies/
    "both": RESULTS_DIR / "both-bound4.json",  # the bounded run decided by Z3 and cvc5
}
SMT2_INDEX = RESULTS_DIR / "smt2" / "index.json"
TRUTH_EVERY_N = ("truthful_expost", "truthful_dominance_matched")


def _extra(name: str):
    if name not in EXTRA:
        raise ResultsError(f"unknown results file {name!r}; known: {', '.join(EXTRA)}")
    if not EXTRA[name].exists():
        raise ResultsError(f"{EXTRA[name].name} is not committed")
    return _read(EXTRA[name])


def _tally_cell(tally: dict | None, solver: str, verdict: str | None = None) -> str:
    """One solver's answers in a record: its counts and seconds; with `verdict` (the record's),
    first what this solver alone establishes: the verdict when it left no query open, else
    unknown with the number of open queries (an open query is never counted as proved)."""
    t = (tally or {}).get(solver)
    if not t:
        return "not run"
    counts = ", ".join(f"{t[v]} {v}" for v in ("unsat", "sat", "unknown") if t.get(v))
    if t.get("unasked"):
        counts += f" ({t['unasked']} not asked: its budget was spent)"
    out = f"{counts or 'none'} ({t.get('seconds', 0.0):.1f} s)"
    if verdict is None:
        return out
    if t.get("unknown"):
        return f"**unknown** ({t['unknown']} open): {out}"
    return f"{verdict}: {out}"


def render_run_of(meta, records, _sc, name):
    """Inline: how, where and when a results file was made (`run-of every-n`)."""
    if name in EXTRA and not EXTRA[name].exists():
        return f"not committed ({EXTRA[name].name})"
    m, recs = _extra(name)
    out = render_run(m, recs, None)
    if m.get("solver"):
        out += f", solver(s) {m['solver']}" + (f" (cvc5 {m['cvc5']})" if m.get("cvc5") else "")
    return out


def _steps_by(lem, solver: str) -> str:
    answered = [x["solvers"][solver]["verdict"] for x in lem if solver in x.get("solvers", {})]
    if not answered:
        return "not run"
    open_ = sorted({x["lemma"] for x in lem if x.get("solvers", {}).get(solver, {}).get("verdict", "unsat") != "unsat"})
    return f"{answered.count('unsat')} of {len(lem)}" + (f" (open: {', '.join(open_)})" if open_ else "")


def render_every_n(meta, records, _sc):
    """The truthfulness claims for every N: per claim and variant, the verdict, the lemma steps
    (both dealers) each solver proves, and the seconds each solver spent (sanity included)."""
    m, recs = _extra("every-n")
    rows = ["| claim | variant | verdict | steps Z3 proves | steps cvc5 proves | Z3 s | cvc5 s | wall s |",
            "| --- | --- | --- | --- | --- | ---: | ---: | ---: |"]
    for r in recs:
        if r["claim"] not in TRUTH_EVERY_N:
            continue
        lem = r.get("lemmas", [])
        t = r.get("solvers") or {}
        secs = [f"{t[x]['seconds']:.1f}" if x in t else "" for x in ("z3", "cvc5")]
        verdict = "proved, every N" if r["verdict"] == "proved" else f"**{r['verdict']}** ({r.get('reason', '')})"
        rows.append(f"| `{r['claim']}` | `{r['variant']}` | {verdict} | {_steps_by(lem, 'z3')} | "
                    f"{_steps_by(lem, 'cvc5')} | {secs[0]} | {secs[1]} | {r['seconds']:.1f} |")
    if len(rows) == 2:
        return _block("No every-N truthfulness record is committed.")
    return _block("\n".join(rows))


def render_every_n_claim(meta, records, _sc, claim):
    """Inline: the variants under which `claim` is proved for every N (every-n.json), and the others."""
    _m, recs = _extra("every-n")
    rs = [r for r in recs if r["claim"] == claim]
    if not rs:
        return f"not attempted for every N (no record of `{claim}`)"
    proved = [r["variant"] for r in rs if r["verdict"] == "proved"]
    other = [r for r in rs if r["verdict"] != "proved"]
    parts = []
    if proved:
        parts.append(f"proved for every N under {_names(proved)}")
    for r in other:
        if r["verdict"] == "refuted" and r.get("replayed"):
            d = r["deviation"]
            why = (f"N = {len(r['counterexample']['grid']) - 1}: `{dumps(r['counterexample'])}` has the "
                   f"equilibria {d['equilibria']} at θ = {d['theta']} and {d['equilibria_at_other_theta']} at "
                   f"θ = {d['other_theta']}"
                   if claim == "theta_independence" else r.get("note") or "a replayed case")
            parts.append(f"**refuted** under `{r['variant']}` ({why})")
            continue
        parts.append(f"**{r['verdict']}** under `{r['variant']}` ({r.get('reason', 'no reason recorded')})")
    return "; ".join(parts)


def render_designer(meta, records, _sc):
    """Claim x designer policy: the bounded verdict of designer-run.json, with its sanity."""
    _m, recs = _extra("designer")
    policies = list(dict.fromkeys(r["variant"] for r in recs))
    names = [Path(p.split(":")[0]).stem for p in policies]
    cell = {(r["claim"], r["variant"]): r for r in recs}
    rows = ["| claim | " + " | ".join(f"`{n}`" for n in names) + " |", "| --- |" + " --- |" * len(policies)]
    for c in dict.fromkeys(r["claim"] for r in recs):
        row = []
        for p in policies:
            r = cell.get((c, p))
            if r is None:
                row.append("not run")
            elif r["verdict"] == "proved" and r.get("witness"):
                row.append(f"witness, N = {r['reached']}")
            elif r["verdict"] == "proved":
                row.append(f"proved, N ≤ {r['reached']}")
            elif r["verdict"] == "refuted" and r.get("counterexample"):
                row.append(f"**refuted**, N = {r['reached']} (replayed)")
            elif r["verdict"] == "refuted":
                row.append(f"**refuted**: no witness, N ≤ {r['reached']}")
            else:
                row.append(f"**unknown** ({r.get('reason', 'no reason recorded')})")
        rows.append(f"| `{c}` | " + " | ".join(x.replace("|", "\\|") for x in row) + " |")
    return _block("\n".join(rows))


def render_smt2(meta, records, _sc):
    """Inline: how many committed SMT-LIB 2 queries each solver decides from the text alone."""
    idx = json.loads(SMT2_INDEX.read_text(encoding="utf-8"))
    z = sum(e["z3"] == "unsat" for e in idx)
    c = sum(e["cvc5"] == "unsat" for e in idx)
    zt = sum(e["z3_seconds"] for e in idx)
    ct = sum(e["cvc5_seconds"] for e in idx)
    head = (f"{len(idx)} files; Z3 says unsat on {z} ({zt:.1f} s in all), cvc5 on {c} ({ct:.1f} s in all; "
            f"unknown on the other {len(idx) - c} within its limit)")
    rows = ["| claim | files | Z3 unsat | cvc5 unsat | Z3 s | cvc5 s |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for claim in dict.fromkeys(e["claim"] for e in idx):
        es = [e for e in idx if e["claim"] == claim]
        rows.append(f"| `{claim}` | {len(es)} | {sum(e['z3'] == 'unsat' for e in es)} "
                    f"| {sum(e['cvc5'] == 'unsat' for e in es)} | {sum(e['z3_seconds'] for e in es):.1f} "
                    f"| {sum(e['cvc5_seconds'] for e in es):.1f} |")
    return _block(head + ".\n\n" + "\n".join(rows))


def render_both(meta, records, _sc):
    """The bounded run decided by both solvers (both-bound4.json): where they agree, each
    solver's verdicts and time per claim, and what did not finish."""
    if not EXTRA["both"].exists():
        return _block(f"No bounded run with both solvers is committed (`{EXTRA['both'].name}`).")
    m, recs = _extra("both")
    rows = ["| claim | variant | verdict | Z3 alone | cvc5 alone | seconds |", "| --- | --- | --- | --- | --- | ---: |"]
    disagree = []
    alone = {"z3": 0, "cvc5": 0}
    for r in recs:
        for x in alone:
            alone[x] += bool((r.get("solvers") or {}).get(x)) and not r["solvers"][x].get("unknown")
        if r.get("disagreement") or str(r.get("reason", "")).startswith("DISAGREEMENT"):
            disagree.append(r)
        v = r["verdict"] + (f", N ≤ {r['reached']}" if r["verdict"] == "proved" and not r.get("witness") else
                            f", N = {r['reached']}" if r["verdict"] in ("proved", "refuted") else
                            f" ({r.get('reason', '')})")
        rows.append(f"| `{r['claim']}` | `{r['variant']}` | {v} | {_tally_cell(r.get('solvers'), 'z3', r['verdict'])} | "
                    f"{_tally_cell(r.get('solvers'), 'cvc5', r['verdict'])} | {r['seconds']:.1f} |")
    head = (f"{len(recs)} records; the solvers disagree on no query." if not disagree else
            f"{len(recs)} records; the solvers **disagree** in {len(disagree)}: "
            + "; ".join(r.get("disagreement") or r["reason"] for r in disagree))
    head += (f" Z3 alone leaves no query open in {alone['z3']} of them, cvc5 alone in {alone['cvc5']};"
             " a query one solver leaves open takes the other's answer, or stays unknown.")
    missing = [c for c in CLAIM_NAMES if c not in {r["claim"] for r in recs}]
    if missing:
        head += f" Not in this run: {_names(missing)}."
    return _block(head + "\n\n" + "\n".join(rows))


def _solver_of(meta) -> str:
    """The solver(s) of a results file: `--out` records `--solver`; a file without it was
    written before cvc5 was a backend, by Z3 alone."""
    return meta.get("solver", "z3")


def render_solver_use(meta, records, sc):
    """Inline: which committed results files both solvers decided and which Z3 alone, and
    what cvc5 cost on the truthfulness claims in the bounded run with both (both-bound4.json)."""
    files = {RESULTS.name: meta, **({SCALING.name: sc[0]} if sc else {})}
    files.update({p.name: _read(p)[0] for p in EXTRA.values() if p.exists()})
    both = [f for f, m in files.items() if _solver_of(m) == "both"]
    z3 = [f for f, m in files.items() if _solver_of(m) == "z3"]
    out = []
    if both:
        out.append(f"decided by Z3 and cvc5: {_names(both)}")
    if z3:
        out.append(f"by Z3 alone: {_names(z3)}")
    text = "; ".join(out)
    if EXTRA["both"].exists():
        _m, recs = _extra("both")
        truth = [r for r in recs if r["claim"] in TRUTH_CLAIMS and r.get("solvers")]
        if truth:
            sec = {x: sum(r["solvers"].get(x, {}).get("seconds", 0.0) for r in truth) for x in ("z3", "cvc5")}
            asked = sum(sum(r["solvers"].get("cvc5", {}).get(v, 0) for v in ("sat", "unsat", "unknown")) for r in truth)
            open_ = sum(r["solvers"].get("cvc5", {}).get("unknown", 0) for r in truth)
            unasked = sum(r["solvers"].get("cvc5", {}).get("unasked", 0) for r in truth)
            bounds = ", ".join(f"`{c}` to N ≤ {CLAIMS[c].default_bound}" for c in TRUTH_CLAIMS)
            text += (f". On the truthfulness claims at N ≤ {_m_bound(truth)} (`{EXTRA['both'].name}`, every variant) "
                     f"cvc5 took {sec['cvc5']:.1f} s in all, within {solvers.BOTH_CVC5_MS // 1000} s per query, and "
                     f"left {open_} of its {asked} queries unknown"
                     + (f" ({unasked} of them not asked: its budget for the claim x variant was spent)" if unasked else "")
                     + f"; Z3 took {sec['z3']:.1f} s. The default run's "
                     f"bounds for them: {bounds}")
    return text


def _m_bound(recs) -> int:
    return max(r["bound"] for r in recs)


def render_theta(meta, records, _sc):
    """Inline: theta-independence for every N, per variant (every-n.json)."""
    return render_every_n_claim(meta, records, _sc, "theta_independence")


RENDER: dict[str, Callable[..., str]] = {"verdicts": render_verdicts, "bounds": render_bounds, "variant": render_variant, "unbounded": render_unbounded,
          "covering": render_covering, "run": render_run,
          "bound": render_bound, "refuted": render_refuted, "witness": render_witness, "scaling": render_scaling,
          "every-n": render_every_n, "every-n-claim": render_every_n_claim, "theta": render_theta,
          "designer": render_designer, "smt2": render_smt2, "both": render_both, "run-of": render_run_of,
          "solver-use": render_solver_use}


def render(key: str, meta, records, sc) -> str:
    name, *args = key.split()
    if name not in RENDER:
        raise ResultsError(f"unknown region key {key!r}; known: {', '.join(RENDER)}")
    return RENDER[name](meta, records, sc, *args)


def _line(text, pos):
    return text.count("\n", 0, pos) + 1


def check_text(text: str, meta, records, sc, where: str = "spec/claims.md") -> list[str]:
    problems = []
    for m in REGION.finditer(text):
        try:
            want = render(m.group(1).strip(), meta, records, sc)
        except (ResultsError, TypeError) as e:
            problems.append(f"{where}:{_line(text, m.start())}: region {m.group(1)!r}: {e}")
            continue
        if m.group(2) != want:
            problems.append(f"{where}:{_line(text, m.start())}: region {m.group(1)!r} says {m.group(2).strip()[:200]!r}; "
                            f"the results say {want.strip()[:200]!r}")
    outside = REGION.sub(lambda m: " " * len(m.group(0)), text)
    outside = re.sub(r"```.*?```", lambda m: " " * len(m.group(0)), outside, flags=re.S)  # code blocks
    for rx, what in FORBIDDEN:
        for m in rx.finditer(outside):
            line = _line(text, m.start())
            problems.append(f"{where}:{line}: {what} outside a generated region: "
                            f"{text.splitlines()[line - 1].strip()[:160]!r}")
    return problems


def check(spec=SPEC, results=RESULTS, scaling=SCALING, scaling_md=SCALING_MD) -> list[str]:
    meta, records, sc = load(results, scaling)
    problems = check_text(Path(spec).read_text(encoding="utf-8"), meta, records, sc, Path(spec).name)
    if sc is not None and scaling_md and Path(scaling_md).read_text(encoding="utf-8") != scaling_markdown(sc):
        problems.append(f"{Path(scaling_md).name} differs from the rendering of {Path(scaling).name} (run --fix)")
    return problems


def fix_text(text: str, meta, records, sc) -> str:
    return REGION.sub(lambda m: f"<!-- results: {m.group(1)} -->{render(m.group(1).strip(), meta, records, sc)}"
                                f"<!-- /results -->", text)


def fix(spec=SPEC, results=RESULTS, scaling=SCALING, scaling_md=SCALING_MD) -> bool:
    meta, records, sc = load(results, scaling)
    if sc is not None and scaling_md:
        Path(scaling_md).write_text(scaling_markdown(sc), encoding="utf-8")
    p = Path(spec)
    text = p.read_text(encoding="utf-8")
    new = fix_text(text, meta, records, sc)
    if new != text:
        p.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reposelect.proofs.spec_results", description=__doc__.split("\n\n")[0])
    ap.add_argument("--fix", action="store_true", help="rewrite the generated regions from the results")
    ap.add_argument("--spec", default=str(SPEC))
    ap.add_argument("--results", default=str(RESULTS))
    ap.add_argument("--scaling", default=str(SCALING))
    ap.add_argument("--scaling-md", default=str(SCALING_MD))
    args = ap.parse_args(argv)
    if args.fix:
        changed = fix(args.spec, args.results, args.scaling, args.scaling_md)
        print(f"{args.spec}: {'regions rewritten' if changed else 'up to date'}")
    problems = check(args.spec, args.results, args.scaling, args.scaling_md)
    regions = len(REGION.findall(Path(args.spec).read_text(encoding="utf-8")))
    return report_problems(problems, f"{regions} generated regions, {len(problems)} problems")


if __name__ == "__main__":
    raise SystemExit(main())
