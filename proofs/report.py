"""Reports of prove runs: the JSON file and its markdown table (spec/claims.md 7.7)."""
from __future__ import annotations

import json
import platform
import os
from datetime import datetime, timezone

from reposelect.reference.wire import dumps


def load(path: str) -> tuple[dict, list[dict]]:
    """A results file: either a bare list of records or {"records": [...], ...metadata}."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, list):
        return {}, doc
    return {k: v for k, v in doc.items() if k != "records"}, doc["records"]


def machine() -> dict:
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "z3": __import__("z3").get_version_string(),
        "load": load_average(),
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (how busy the machine was)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unavailable"


def _verdict_cell(r: dict) -> str:
    v = r["verdict"]
    if v == "proved" and r.get("witness"):
        return f"proved (witness at N = {r['reached']})"
    if v == "proved":
        b = r["bound"]
        return "proved, all N" if b == "unbounded" else f"proved, N <= {r['reached']}"
    if v == "refuted":
        if r.get("counterexample") is None:
            return f"refuted (no witness, N <= {r['reached']})"
        return f"**refuted** at N = {r['reached']}"
    return unknown_text(r)


def unknown_text(r: dict) -> str:
    """An unknown verdict with its reason, and (bounded runs) what was established before."""
    reason = r.get("reason") or "no reason recorded"
    if r["bound"] != "unbounded" and r.get("reached"):
        return f"**unknown**: {reason} (every N <= {r['reached']} proved before)"
    return f"**unknown**: {reason}"


def _dev_cell(r: dict) -> str:
    d = r.get("deviation")
    if r["verdict"] == "refuted" and d and "dealer" in d and "to_index" in d:
        return f"{d['dealer']} {d['from_index']} -> {d['to_index']} gains {d['gain']}"
    if r["verdict"] == "refuted" and d:
        return ", ".join(f"{k} {v}" for k, v in d.items() if not isinstance(v, dict))[:80]
    return ""


def markdown(meta: dict, records: list[dict]) -> str:
    """One table: claim x variant, verdict, bound reached, time, the paying deviation."""
    lines = []
    if meta:
        bits = [f"{k}: {meta[k]}" for k in ("date", "machine", "z3", "command", "seed", "total_seconds", "load")
                if k in meta]
        lines.append("_" + "; ".join(bits) + "_")
        lines.append("")
    bounded = [r for r in records if r["bound"] != "unbounded"]
    unbounded = [r for r in records if r["bound"] == "unbounded"]
    for title, rows in (("Bounded runs (every N up to the bound)", bounded),
                        ("Unbounded proofs (symbolic N, spec/claims.md 7.8)", unbounded)):
        if not rows:
            continue
        lines.append(f"**{title}**")
        lines.append("")
        lines.append("| claim | variant | verdict | seconds | deviation that pays |")
        lines.append("| --- | --- | --- | ---: | --- |")
        for r in rows:
            cells = [r["claim"], r["variant"], _verdict_cell(r), f"{r['seconds']:.2f}", _dev_cell(r)]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    cex = [r for r in records if r["verdict"] == "refuted" and r.get("counterexample")]
    if cex:
        lines.append("Counterexamples (wire cases; replay with the command shown):")
        lines.append("")
        for r in cex:
            lines.append(f"- {r['claim']} / {r['variant']}: `{dumps(r['counterexample'])}`"
                         f" (`{replay_command(r)}`)")
    return "\n".join(lines) + "\n"


def replay_command(r: dict) -> str:
    from .variants import get_variant

    args = get_variant(r["variant"]).select_args
    return " ".join(["reposelect", "select"] + args + ["FILE"])


def solver_summary(tally: dict) -> str:
    """Each solver's verdicts and seconds over a record's queries ("z3: 12 unsat, 1.20 s; ...")."""
    parts = []
    for solver, t in tally.items():
        counts = ", ".join(f"{t[v]} {v}" for v in ("unsat", "sat", "unknown") if t.get(v))
        parts.append(f"{solver}: {counts or 'no queries'}, {t.get('seconds', 0.0):.2f} s")
    return "; ".join(parts)


def human(rec: dict) -> str:
    """A plain-text account of one record, with the counterexample and how to replay it."""
    if rec["bound"] == "unbounded":
        if rec["verdict"] == "refuted" and rec.get("counterexample"):
            reach = f"a replayed case of size N = {len(rec['counterexample']['grid']) - 1}"
        else:
            reach = "every N" if rec["verdict"] == "proved" else "symbolic N, not established"
    else:
        reach = f"reached N <= {rec['reached']}"
    out = [f"{rec['claim']} [{rec['variant']}]: {rec['verdict']}"
           f" (bound {rec['bound']}, {reach}, {rec['queries']} queries, {rec['seconds']:.2f} s)"]
    if rec.get("reason"):
        out.append(f"  reason: {rec['reason']}")
    if rec.get("solvers"):
        out.append("  solvers: " + solver_summary(rec["solvers"]))
    if rec.get("sanity"):
        out.append("  sanity: " + ", ".join(f"{k} {v}" for k, v in rec["sanity"].items()))
    if rec.get("witness"):
        out.append(f"  witness: {dumps(rec['witness'])}")
    if rec["verdict"] == "refuted" and rec.get("counterexample"):
        out.append(f"  counterexample: {dumps(rec['counterexample'])}")
        out.append(f"  replay: {replay_command(rec)} (FILE holds the counterexample)")
        d = rec.get("deviation") or {}
        if "dealer" in d:
            out.append(f"  deviation that pays: dealer {d['dealer']}, from index {d['from_index']}"
                       f" to index {d['to_index']}, gain {d['gain']}")
        if "misreport_case" in d:
            out.append(f"  misreport: {dumps(d['misreport_case'])}")
            out.append(f"  true schedules: mm {dumps(d['true_mm'])}, rm {dumps(d['true_rm'])}")
        for k, v in d.items():
            if k not in ("dealer", "from_index", "to_index", "gain", "misreport_case", "true_mm", "true_rm"):
                out.append(f"  {k.replace('_', ' ')}: {dumps(v) if isinstance(v, dict) else v}")
    elif rec["verdict"] == "refuted":
        out.append(f"  {rec.get('note', '')}")
    return "\n".join(out)
