"""The "Results in pictures" page (called by docs/generate.py): plots of what the project
computes and measures, each drawn from the reference or from a committed results file.

* the selected volume and the equilibrium interval as the hurdle varies (reference),
  with the closed form of chapter 8 (`reposelect derive --family linear --format json`);
* grid results converging to the closed forms as N grows (reference + closed forms);
* proof time against N per claim (proofs/results/scaling.md, `reposelect prove --scaling`);
* every committed benchmark file, benchmarks/*.json, on log-log axes with the floor
  measured in the same run (a new file is picked up as it lands: matcher, audit, gas, ...).

Exact decimals decide every number in a caption; floats only hand points to matplotlib.
Figures are SVG, with fonts sized to stay readable when a phone shows them 520 px wide.
"""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import matplotlib.ticker

# docs/figstyle.py, the site's one plot style, selects matplotlib's Agg backend before pyplot loads
from figstyle import COLORS, figure, save  # noqa: I001
import matplotlib.pyplot as plt  # noqa: E402

from reposelect.reference.decimals import fmt
from reposelect.reference.select import select
from reposelect.reference.types import Case, Report

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
RESULTS = ROOT / "proofs" / "results"
SCALING = RESULTS / "scaling.md"

# The linear family of chapter 8 in the units of the examples: rates in %, volumes in millions.
ALPHA, BETA, GAMMA, DELTA = Decimal("4.30"), Decimal("0.00005"), Decimal("4.70"), Decimal("0.00015")
SYMS = {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA, "delta": DELTA}


# --------------------------------------------------------------------------- closed forms

def closed_forms() -> dict:
    """The linear family's results as SymPy expressions, from `reposelect derive` (chapter 8)."""
    import sympy

    p = subprocess.run([sys.executable, "-m", "reposelect", "derive", "--family", "linear", "--format", "json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"`reposelect derive --family linear --format json` exited {p.returncode}: {p.stderr}")
    raw = json.loads(p.stdout)
    syms = {n: sympy.Symbol(n) for n in raw.get("symbols", "alpha beta delta gamma h q theta x").split()}
    out = {}
    for key in ("q_joint_opt", "q_eq_max", "q_selected", "q_hurdle"):
        out[key] = sympy.sympify(raw[key], locals=syms)
    out["_syms"] = syms
    return out


def evaluate(cf: dict, key: str, **extra) -> Fraction:
    import sympy

    subs = {cf["_syms"][k]: sympy.Rational(str(v)) for k, v in {**SYMS, **extra}.items()}
    val = sympy.nsimplify(cf[key].subs(subs))
    return Fraction(int(val.p), int(val.q))


def linear_case(n: int, q_max: int, hurdle: Decimal = Decimal("0.05")) -> Case:
    """P_D(q) = alpha + beta q and P_S(q) = gamma - delta q sampled exactly at q_k = k q_max / n."""
    step = q_max // n
    grid = tuple(step * k for k in range(n + 1))
    a = tuple(ALPHA + BETA * q for q in grid[1:])
    b = tuple(GAMMA - DELTA * q for q in grid[1:])
    return Case(grid, Report(a, hurdle), Report(b, Decimal(0)))


# --------------------------------------------------------------------------- plots

def plot_hurdle(cf, img: Path) -> str:
    n, q_max = 200, 2000
    hs = [Decimal(i) / 200 for i in range(0, 86)]  # 0 .. 0.425 in steps of 0.005
    sel, lo, hi = [], [], []
    for h in hs:
        o = select(linear_case(n, q_max, h))
        trade = [k for k in o.equilibria if k >= 1]
        sel.append(o.volume)
        lo.append(q_max * trade[0] // n if trade else 0)
        hi.append(q_max * trade[-1] // n if trade else 0)
    closed = [evaluate(cf, "q_selected", h=h) for h in hs]
    fig, ax = plt.subplots(figsize=(7, 4.4), dpi=100)
    x = [float(h) for h in hs]
    ax.fill_between(x, lo, hi, color="#dfe8f5", label="equilibrium volumes (grid)")
    ax.plot(x, [float(c) for c in closed], color="#333333", linestyle="--", linewidth=1.5,
            label="selected, closed form (ch. 8)")
    ax.plot(x, sel, linestyle="none", marker="o", markersize=3.5, color=COLORS[3], label="selected (reference, N = 200)")
    ax.set_xlabel("larger hurdle $h = \\max(h_{mm}, h_{rm})$ (percentage points)")
    ax.set_ylabel("volume (millions)")
    ax.set_ylim(-40, max(hi) * 1.12)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right")
    save(fig, img / "hurdle-sweep.svg")
    q_star = evaluate(cf, "q_joint_opt")
    h_bind = GAMMA - ALPHA - (BETA + DELTA) * Decimal(q_star.numerator) / Decimal(q_star.denominator)
    i_first_zero = next(i for i, v in enumerate(sel) if v == 0)
    return figure(
        "hurdle-sweep.svg", "Selected volume and the equilibrium interval against the hurdle",
        f"**The hurdle decides how much of the equilibrium interval the contract can use.** Linear schedules "
        f"$a(q) = {ALPHA} + {BETA}\\,q$, $b(q) = {GAMMA} - {DELTA}\\,q$ on a grid of $N = {n}$ steps of "
        f"{q_max // n}m. What to see: the equilibrium volumes (shaded) do not depend on the hurdle; the selected "
        f"volume (dots, the reference) stays at the joint optimum {fmt(Decimal(sel[0]))}m while the hurdle is below "
        f"the spread there ({format(h_bind.normalize(), 'f')} pp), then falls along the hurdle line $q_h$, and is no trade from "
        f"$h = {fmt(hs[i_first_zero])}$ on. The dashed line is chapter 8's closed form for the selected volume.")


def plot_convergence(cf, img: Path) -> str:
    q_max = 2048
    ns = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    sel, top = [], []
    for n in ns:
        o = select(linear_case(n, q_max))
        trade = [k for k in o.equilibria if k >= 1]
        sel.append(o.volume)
        top.append(q_max * trade[-1] // n if trade else 0)
    q_star, q_bar = evaluate(cf, "q_joint_opt"), evaluate(cf, "q_eq_max")
    fig, ax = plt.subplots(figsize=(7, 5.2), dpi=100)
    ax.axhline(float(q_bar), color=COLORS[0], linestyle="--", linewidth=1.3, label="largest equilibrium, closed form")
    ax.axhline(float(q_star), color=COLORS[3], linestyle="--", linewidth=1.3, label="joint optimum $q^*$, closed form")
    ax.plot(ns, top, color=COLORS[0], marker="s", markersize=5, label="largest equilibrium on the grid")
    ax.plot(ns, sel, color=COLORS[3], marker="o", markersize=5, label="selected on the grid")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("grid size $N$ (steps of $2048/N$ millions)")
    ax.set_ylabel("volume (millions)")
    ax.grid(alpha=0.3)
    # below the axes, so that no legend entry hides a point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    save(fig, img / "convergence.svg")
    return figure(
        "convergence.svg", "Grid results converging to the closed forms as N grows",
        f"**The discrete game approaches the continuous model.** The same linear schedules sampled on "
        f"$N = {ns[0]}, \\dots, {ns[-1]}$ steps up to {q_max}m, hurdle 0.05. What to see: the largest equilibrium "
        f"volume and the selected volume on the grid (markers, the reference, exact) close in on chapter 8's "
        f"closed forms (dashed): $\\bar q = {float(q_bar):.1f}$m and $q^* = {float(q_star):.1f}$m. At $N = {ns[-1]}$ "
        f"the grid gives {top[-1]}m and {sel[-1]}m.")


SCALING_JSON = RESULTS / "scaling.json"


def _progress_point(p) -> tuple[int, float] | None:
    """(N, CPU seconds) of one progress entry: [N, wall s, CPU s, queries] or {"n": .., "cpu_s": ..}."""
    if isinstance(p, (list, tuple)) and len(p) >= 3 and isinstance(p[0], int) and isinstance(p[2], (int, float)):
        return p[0], float(p[2])
    if isinstance(p, dict):
        n = p.get("n", p.get("N"))
        cpu = next((p[k] for k in ("cpu_s", "cpu", "seconds") if isinstance(p.get(k), (int, float))), None)
        if isinstance(n, int) and cpu is not None:
            return n, float(cpu)
    return None


def scaling_rows() -> list[tuple[str, int, str, float]]:
    """(claim, N, verdict, CPU seconds) of the committed scaling run: from proofs/results/scaling.json
    (each record's per-N progress), else from its table, proofs/results/scaling.md."""
    rows: list[tuple[str, int, str, float]] = []
    if SCALING_JSON.is_file():
        try:
            doc = json.loads(SCALING_JSON.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"proofs/results/scaling.json is not JSON: {e}") from e
        records = doc.get("records", []) if isinstance(doc, dict) else doc
        for r in records if isinstance(records, list) else []:
            if not isinstance(r, dict) or r.get("bound") == "unbounded" or not isinstance(r.get("claim"), str):
                continue
            label = r["claim"] if r.get("variant") in (None, "standard") else f"{r['claim']} ({r['variant']})"
            for p in r.get("progress") or []:
                pt = _progress_point(p)
                if pt:
                    rows.append((label, pt[0], "proved", pt[1]))
        if rows:
            return rows
    if not SCALING.is_file():
        return rows
    for line in SCALING.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[1].isdigit():
            try:
                rows.append((cells[0], int(cells[1]), cells[2], float(cells[3])))
            except ValueError:
                continue
    return rows


def scaling_stops() -> list[tuple[str, str, object]]:
    """The claims of the scaling run not proved up to their bound: (claim, verdict, N reached)."""
    if not SCALING_JSON.is_file():
        return []
    doc = json.loads(SCALING_JSON.read_text(encoding="utf-8"))
    out = []
    for r in (doc.get("records", []) if isinstance(doc, dict) else []):
        if isinstance(r, dict) and r.get("bound") != "unbounded" and r.get("verdict") != "proved":
            out.append((str(r.get("claim")), str(r.get("verdict")), r.get("reached", "?")))
    return out


def plot_scaling(img: Path) -> str:
    rows = scaling_rows()
    if not rows:
        return ("*Proof time against N:* not drawn, `proofs/results/scaling.json` is missing "
                "(`reposelect prove --scaling` writes it).\n")
    claims = list(dict.fromkeys(r[0] for r in rows))
    fig, ax = plt.subplots(figsize=(7, 4.6 + 0.22 * len(claims)), dpi=100)
    for i, c in enumerate(claims):
        pts = [(n, max(s, 0.005)) for cl, n, v, s in rows if cl == c]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=4, color=COLORS[i % len(COLORS)],
                label=c)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("grid size $N$")
    ax.set_ylabel("Z3 time (seconds, log scale)")
    ax.grid(alpha=0.3, which="both")
    # below the axes, so that no legend entry hides a point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9.5, frameon=False)
    save(fig, img / "proof-scaling.svg")
    slowest = max(rows, key=lambda r: r[3])
    stops = scaling_stops()
    verdicts = sorted({r[2] for r in rows} | {v for _, v, _ in stops})
    return figure(
        "proof-scaling.svg", "Proof time against N per claim, log-log",
        f"**What a bounded proof costs as the grid grows.** From `proofs/results/scaling.json` "
        f"(`reposelect prove --scaling`, standard rule; CPU seconds per $N$; verdicts in the file: {', '.join(verdicts)}). What to see: "
        f"on log-log axes a straight line is a power law; the steepest claims set the bound the default run can "
        f"afford. The slowest point is `{slowest[0]}` at $N = {slowest[1]}$: {slowest[3]:.2f} s."
        + (" Not proved up to their bound (a refuted claim has its counterexample in the proof report): "
           + "; ".join(f"`{c}` {v} at $N = {n}$" for c, v, n in stops) + "." if stops else ""))


# ------------------------------------------------------------------ benchmarks/*.json

SIZE_KEYS = ("n", "N", "size", "cases", "points", "k")
FLOOR_KEYS = ("floor_cpu_s", "floor_s")
# fields that describe a row rather than measure it (never drawn as a metric)
NOT_METRICS = {"load", "load_1min", "index", "padded_k", "ranges", "range_bits", "calldata_bytes"}
MAX_LINES = 6  # lines per plot before a file's CPU metrics get one plot each


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _series_keys(rows: list[dict], size_key: str) -> list[str]:
    """The fields that name a series: strings or booleans with a few values each (code, mode, trade)."""
    keys = []
    sizes = {r.get(size_key) for r in rows}
    for k in dict.fromkeys(k for r in rows for k in r):
        if k in (size_key, "note", "table", "outcome"):
            continue
        vals = {r.get(k) for r in rows}
        if any(isinstance(v, (dict, list)) for v in vals):
            continue
        # a field with as many values as there are sizes describes each point, not a series
        if (all(v is None or isinstance(v, (str, bool)) for v in vals) and
                1 < len(vals) < max(len(sizes), 2) + (len(sizes) == 1)):
            keys.append(k)
    return keys


def _series_label(row: dict, keys: list[str]) -> str:
    bits = []
    for k in keys:
        v = row.get(k)
        if isinstance(v, bool):
            bits.append(k if v else f"no {k}")
        elif v is not None:
            bits.append(str(v)[:18])
    return ", ".join(bits) or "all"


def _metric_groups(rows: list[dict]) -> list[tuple[str, list[str]]]:
    """(unit, metrics) to draw: CPU seconds (every *cpu_s field but the floor), then gas, then bytes."""
    keys = list(dict.fromkeys(k for r in rows for k in r if _num(r.get(k))))
    def has(k):
        return any(_num(r.get(k)) and r[k] > 0 for r in rows)
    cpu = [k for k in keys if k.endswith("cpu_s") and k not in FLOOR_KEYS and not k.startswith("floor") and has(k)]
    if not cpu and has("seconds"):
        cpu = ["seconds"]
    gas = [k for k in keys if k in ("gas", "gas_per_point") and has(k)]
    size = [k for k in keys if (k in ("bytes", "proof_bytes", "proof_size", "size_bytes")) and k not in NOT_METRICS
            and has(k)]
    out = []
    if cpu:
        out.append(("CPU seconds", cpu))
    out += [("gas", [g]) for g in gas]
    if size:
        out.append(("bytes", size[:1]))
    return out


def _bench_table(rows: list[dict], size_key: str, skeys: list[str]) -> str:
    """The rows as a Markdown table: size, series fields, then every measured number."""
    cols = [size_key] + skeys + [k for k in dict.fromkeys(k for r in rows for k in r)
                                 if k not in (size_key, *skeys, "table") and
                                 all(r.get(k) is None or _num(r.get(k)) or isinstance(r.get(k), (str, bool))
                                     for r in rows)]
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.4g}"
        return str(v).replace("|", "/")[:40]
    out = ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]
    for r in sorted(rows, key=lambda r: (r[size_key], _series_label(r, skeys))):
        out.append("| " + " | ".join(cell(r.get(c)) for c in cols) + " |")
    return "\n".join(out)


def _bench_figure(f: Path, table: str | None, rows: list[dict], size_key: str, skeys: list[str], unit: str,
                  metrics: list[str], floor_key: str | None, about: str, img: Path, limit=None) -> str | None:
    lines: dict[str, list] = {}
    for r in rows:
        for m in metrics:
            if _num(r.get(m)) and r[m] > 0 and r[size_key] > 0:
                label = _series_label(r, skeys)
                if len(metrics) > 1:
                    label = m if label == "all" else f"{m}: {label}"
                lines.setdefault(label, []).append((r, m))
    if not lines:
        return None
    fig, ax = plt.subplots(figsize=(7, 4.6 + 0.22 * len(lines)), dpi=100)
    floor_drawn = False
    for i, (label, pts) in enumerate(lines.items()):
        pts.sort(key=lambda p: p[0][size_key])
        c = COLORS[i % len(COLORS)]
        ax.plot([r[size_key] for r, _ in pts], [r[m] for r, m in pts], marker="o", markersize=4, color=c, label=label)
        if unit == "CPU seconds" and floor_key and all(_num(r.get(floor_key)) and r[floor_key] > 0 for r, _ in pts):
            ax.plot([r[size_key] for r, _ in pts], [r[floor_key] for r, _ in pts], linestyle=":", color=c,
                    linewidth=1.3, label=None if floor_drawn else "floor, same run (dotted)")
            floor_drawn = True
    if metrics == ["gas"] and _num(limit):
        ax.axhline(limit, color="#333333", linestyle="--", linewidth=1.2, label=f"block gas limit ({limit:,})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel(f"{size_key} (log scale)")
    ax.set_ylabel(f"{metrics[0] if len(metrics) == 1 else unit} ({unit}, log scale)" if len(metrics) == 1
                  else f"{unit} (log scale)")
    ax.grid(alpha=0.3, which="both")
    # below the axes, so that no legend entry hides a point
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
    tag = "-".join(x for x in (f.stem, table, metrics[0] if len(metrics) == 1 else "cpu") if x)
    name = f"bench-{tag}.svg".replace("/", "-").replace(" ", "-")
    save(fig, img / name)
    what = " and ".join(metrics) if len(metrics) <= 3 else f"{len(metrics)} CPU times"
    ratios = [r[k] for r in rows for k in r if (k == "ratio" or k.endswith("_ratio")) and k != "peak_ratio"
              and _num(r.get(k))]
    rtxt = (f" The ratio to the floor ranges from {min(ratios):.3g} to {max(ratios):.3g}." if ratios and
            unit == "CPU seconds" else "")
    return figure(
        name, f"{f.stem}{' ' + table if table else ''}: {what} against {size_key}, log-log",
        f"**`benchmarks/{f.name}`{f', table {table}' if table else ''}: {what} against {size_key}.** {about} "
        "What to see: the slope on log-log axes is the growth order; "
        + ("the dotted line of the same colour is the floor measured in the same run, so the gap between the two "
           "is the cost of the work itself." if floor_drawn else "each line is one series of the file.") + rtxt
        + (f" The dashed line is the block gas limit, {limit:,} gas: a case above it cannot be answered in one "
           "block." if metrics == ["gas"] and _num(limit) else ""))


def bench_plots(img: Path) -> list[str]:
    """Every benchmarks/*.json: per table of the file (rows with the same `table`), a plot of its CPU times
    with the floor, its gas, its sizes, and the rows as a table. New rows, tables, modes and fields are
    drawn as they land; a file the code cannot read says so on the page."""
    parts = []
    files = sorted(BENCH_DIR.glob("*.json")) if BENCH_DIR.is_dir() else []
    if not files:
        return ["*Benchmarks:* no committed results yet (`benchmarks/*.json`); the plots appear here when they land.\n"]
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"{f.relative_to(ROOT)} is not JSON: {e}") from e
        rows = doc.get("rows") if isinstance(doc, dict) else doc
        parts.append(f"### `benchmarks/{f.name}`\n")
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            parts.append(f"*`benchmarks/{f.name}`:* no rows to draw.\n")
            continue
        meta = doc if isinstance(doc, dict) else {}
        machine = meta.get("machine", {})
        mline = (", ".join(f"{k} {v}" for k, v in machine.items() if k in ("machine", "cpu_count", "cpus", "python",
                                                                             "platform"))
                 if isinstance(machine, dict) else str(machine))
        about = (f"Measured {meta.get('date', '?')}" + (f" on {mline}" if mline else "") +
                 (f" by `{meta['command']}`" if isinstance(meta.get("command"), str) else "") + ".")
        tables = list(dict.fromkeys(r.get("table") for r in rows))
        for table in tables:
            trows = [r for r in rows if r.get("table") == table]
            size_key = next((k for k in SIZE_KEYS if all(_num(r.get(k)) for r in trows)), None)
            if size_key is None:
                parts.append(f"*`benchmarks/{f.name}`{f', table {table}' if table else ''}:* its rows have no "
                             f"common size column ({', '.join(SIZE_KEYS)}); not drawn.\n")
                continue
            skeys = _series_keys(trows, size_key)
            floor_key = next((k for k in FLOOR_KEYS if any(_num(r.get(k)) for r in trows)), None)
            if table:
                parts.append(f"#### Table `{table}`\n")
            for unit, metrics in _metric_groups(trows):
                n_series = len({_series_label(r, skeys) for r in trows})
                split = [[m] for m in metrics] if len(metrics) > 1 and n_series * len(metrics) > MAX_LINES else [metrics]
                for ms in split[:3]:
                    fig = _bench_figure(f, table, trows, size_key, skeys, unit, ms, floor_key, about, img,
                                        limit=meta.get("block_gas_limit"))
                    if fig:
                        parts.append(fig)
            parts.append(f'??? note "The rows of benchmarks/{f.name}{f" (table {table})" if table else ""}"\n' +
                         "\n".join("    " + ln for ln in _bench_table(trows, size_key, skeys).split("\n")) + "\n")
    return parts


# ------------------------------------------------------------------ proofs/results/*.json

VERDICT_STYLE = {"proved": ("#2e8b57", "o"), "refuted": ("#c0392b", "X"), "unknown": ("#e67e00", "s"),
                 "timeout": ("#e67e00", "s")}
VERDICT_MARK = {"proved": "✓", "refuted": "✗", "unknown": "?", "timeout": "?"}


def _bound_text(b) -> str:
    return "every N" if b == "unbounded" else f"N ≤ {b}" if isinstance(b, int) else str(b)


def proof_results_files() -> list[Path]:
    """Every committed results file of records (default run, every-N, designer policies, ...); the scaling
    run has its own plot above."""
    out = []
    for f in sorted(RESULTS.glob("*.json")):
        if f.name == SCALING_JSON.name:
            continue
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"proofs/results/{f.name} is not JSON: {e}") from e
        recs = doc.get("records") if isinstance(doc, dict) else None
        if isinstance(recs, list) and any(isinstance(r, dict) and "claim" in r and "verdict" in r for r in recs):
            out.append(f)
    return out


def _solvers_text(rec: dict) -> str:
    sv = rec.get("solvers")
    if not isinstance(sv, dict) or not sv:
        return ""
    bits = []
    for name, c in sv.items():
        if isinstance(c, dict):
            bits.append(f"{name} " + "/".join(f"{c.get(k, 0)}" for k in ("unsat", "sat", "unknown")))
    return ", ".join(bits)


def proof_results_section(f: Path, img: Path) -> str:
    doc = json.loads(f.read_text(encoding="utf-8"))
    recs = [r for r in doc["records"] if isinstance(r, dict) and "claim" in r and "verdict" in r]
    claims = list(dict.fromkeys(str(r["claim"]) for r in recs))
    variants = list(dict.fromkeys(str(r.get("variant", "standard")) for r in recs))
    counts: dict[str, int] = {}
    for r in recs:
        counts[str(r["verdict"])] = counts.get(str(r["verdict"]), 0) + 1
    # the verdict matrix: one row per claim, one column per variant, every bound's verdict in the cell
    cells: dict[tuple[str, str], list[str]] = {}
    for r in recs:
        v = str(r["verdict"])
        where = (f"at N = {r['reached']}" if v == "refuted" and isinstance(r.get("reached"), int)
                 else f"({_bound_text(r.get('bound'))})")
        cells.setdefault((str(r["claim"]), str(r.get("variant", "standard"))), []).append(
            f"{VERDICT_MARK.get(v, '?')} {v} {where}")
    table = ["| claim | " + " | ".join(f"`{v}`" for v in variants) + " |",
             "| --- |" + " --- |" * len(variants)]
    for c in claims:
        table.append(f"| `{c}` | " + " | ".join("<br>".join(cells.get((c, v), ["·"])) for v in variants) + " |")
    # time per record, one row per claim, coloured by verdict, a hollow marker for every-N records
    timed = [r for r in recs if isinstance(r.get("seconds"), (int, float))]
    fig_md = ""
    if timed:
        fig, ax = plt.subplots(figsize=(7, 1.6 + 0.42 * len(claims)), dpi=100)
        seen = set()
        for r in timed:
            v = str(r["verdict"])
            color, marker = VERDICT_STYLE.get(v, ("#555555", "d"))
            every = r.get("bound") == "unbounded"
            key = (v, every)
            ax.plot([max(float(r["seconds"]), 0.005)], [claims.index(str(r["claim"]))], linestyle="none",
                    marker=marker, markersize=7, color=color, alpha=0.85,
                    markerfacecolor="none" if every else color,
                    label=None if key in seen else f"{v}, {'every N' if every else 'bounded'}")
            seen.add(key)
        ax.set_yticks(range(len(claims)))
        ax.set_yticklabels(claims, fontsize=10)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("solver time per claim and variant (seconds, log scale)")
        ax.grid(alpha=0.3, which="both", axis="x")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / (1 + len(claims))), ncol=2, fontsize=9.5,
                  frameon=False)
        name = f"proofs-{f.stem}.svg"
        save(fig, img / name)
        slow = max(timed, key=lambda r: r["seconds"])
        fig_md = figure(
            name, f"{f.stem}: solver time per claim and variant, by verdict",
            f"**`proofs/results/{f.name}`: what each claim cost, and how it ended.** One marker per claim and "
            f"variant ({len(timed)} records, variants: {', '.join(variants)}); colour and shape give the verdict, a "
            f"hollow marker a proof for every $N$. What to see: a refuted claim is usually cheap (the solver finds "
            f"a counterexample at a small $N$); the costly ones are proofs. The slowest record is `{slow['claim']}` "
            f"under `{slow.get('variant', 'standard')}` ({_bound_text(slow.get('bound'))}): "
            f"{float(slow['seconds']):.1f} s.")
    run = ", ".join(str(doc[k]) for k in ("date", "machine") if isinstance(doc.get(k), str))
    solver = f"; solver: {doc['solver']}" if isinstance(doc.get("solver"), str) else ""
    head = (f"### `proofs/results/{f.name}`\n\n"
            f"`{doc.get('command', '?')}` ({run}{solver}): {len(recs)} records, "
            + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) + ".\n")
    solvers = [(r, _solvers_text(r)) for r in recs if _solvers_text(r)]
    sv_note = ""
    if solvers:
        sv_note = ("\nEach solver's answers to the record's queries (unsat / sat / unknown): "
                   + "; ".join(f"`{r['claim']}` `{r.get('variant', 'standard')}`: {t}" for r, t in solvers[:12])
                   + (f"; and {len(solvers) - 12} more" if len(solvers) > 12 else "") + ".\n")
    return (head + "\n" + fig_md + "\n" + '??? note "Verdicts by claim and variant"\n' +
            "\n".join("    " + ln for ln in table) + "\n" + sv_note)


def _solver_rows(doc) -> tuple[list[dict], list[str]]:
    """The query rows of a file that gives several solvers' verdicts and times per query
    (`{"z3": "unsat", "z3_seconds": 0.2, "cvc5": "unsat", "cvc5_seconds": 1.0, ...}`), and the solvers."""
    rows = doc if isinstance(doc, list) else doc.get("queries") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        return [], []
    solvers = [k for k in rows[0] if isinstance(rows[0].get(k), str) and _num(rows[0].get(f"{k}_seconds"))]
    return (rows, solvers) if len(solvers) >= 2 else ([], [])


def solver_comparison(img: Path) -> list[str]:
    """Every committed file of queries answered by two solvers (proofs/results/**/*.json): time against time,
    one point per query, and where the verdicts agree."""
    parts = []
    for f in sorted(RESULTS.rglob("*.json")):
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"{f.relative_to(ROOT)} is not JSON: {e}") from e
        rows, solvers = _solver_rows(doc)
        if not rows:
            continue
        a, b = solvers[:2]
        rel = f.relative_to(ROOT).as_posix()
        decided = {"sat", "unsat"}
        differ = [r for r in rows if r.get(a) != r.get(b) and {r.get(a), r.get(b)} <= decided]
        kind = [f"both {r.get(a)}" if r.get(a) == r.get(b) else "verdicts differ" if r in differ
                else f"{a} {r.get(a)}, {b} {r.get(b)}" for r in rows]
        kinds = list(dict.fromkeys(sorted(kind, key=lambda k: (not k.startswith("both"), k))))
        fig, ax = plt.subplots(figsize=(6.4, 6.4), dpi=100)
        for i, k in enumerate(kinds):
            pts = [r for r, kr in zip(rows, kind) if kr == k]
            bad = k == "verdicts differ"
            ax.plot([max(float(r.get(f"{a}_seconds") or 0), 0.005) for r in pts],
                    [max(float(r.get(f"{b}_seconds") or 0), 0.005) for r in pts], linestyle="none",
                    marker="X" if bad else "o" if k.startswith("both") else "s", markersize=8 if bad else 5,
                    alpha=0.75, color=COLORS[1] if bad else COLORS[(2 + i) % len(COLORS)], label=f"{k} ({len(pts)})")
        verdicts = sorted({str(r.get(a)) for r in rows if r.get(a) == r.get(b)})
        undecided = [r for r in rows if r.get(a) != r.get(b) and r not in differ]
        lo, hi = ax.get_xlim()[0], max(ax.get_xlim()[1], ax.get_ylim()[1])
        lo = min(lo, ax.get_ylim()[0])
        ax.plot([lo, hi], [lo, hi], color="#777777", linestyle="--", linewidth=1, label="equal time")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"{a} time per query (seconds, log scale)")
        ax.set_ylabel(f"{b} time per query (seconds, log scale)")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9.5, frameon=False)
        name = "proofs-solvers-" + "-".join(f.relative_to(RESULTS).with_suffix("").parts) + ".svg"
        save(fig, img / name)
        faster = sum(1 for r in rows if _num(r.get(f"{a}_seconds")) and _num(r.get(f"{b}_seconds"))
                     and r[f"{a}_seconds"] < r[f"{b}_seconds"])
        claims = sorted({str(r.get("claim")) for r in rows if r.get("claim")})
        parts.append(f"### `{rel}`\n")
        parts.append(figure(
            name, f"{a} against {b}: time per query",
            f"**`{rel}`: the same {len(rows)} queries decided by {a} and by {b}.** One point per query "
            f"({len(claims)} claims); the dashed line is equal time. What to see: "
            + (f"no query gets opposite verdicts (sat from one solver, unsat from the other); "
               f"{len(rows) - len(undecided)} get the same ({', '.join(verdicts)})" if not differ else
               f"**the verdicts contradict each other on {len(differ)} queries** (crosses): "
               + ", ".join(f"`{r.get('file', r.get('claim'))}`" for r in differ[:5]))
            + (f"; on {len(undecided)} one solver gives no verdict (unknown or timeout), which decides nothing "
               "either way" if undecided else "")
            + f"; {a} is the faster on {faster} of them, points above the line."))
    return parts


def proof_results(img: Path) -> list[str]:
    files = proof_results_files()
    if not files:
        return ["*Proof results:* no committed results file (`proofs/results/*.json`).\n"]
    return [proof_results_section(f, img) for f in files] + solver_comparison(img)


def page(img_dir: Path) -> str:
    img_dir.mkdir(parents=True, exist_ok=True)
    cf = closed_forms()
    parts = ["# Results in pictures\n",
             '!!! note "Generated page"\n    Drawn by `docs/plots.py` (run by `docs/generate.py`) at build time '
             "from the reference (`reposelect.reference.select.select`), the closed forms of "
             "`reposelect derive --family linear --format json`, every `proofs/results/*.json` file and every "
             "`benchmarks/*.json` file. Numbers in captions are computed, never typed.\n",
             "## The hurdle and the equilibrium interval\n",
             "The contract's choice moves with the dealers' hurdles "
             "([4.2](../spec/contract.md#42-steps)); the set of equilibria does not "
             "([3.1](../spec/model.md#31-definition)).\n",
             plot_hurdle(cf, img_dir),
             "## From the grid to the closed forms\n",
             "Chapter 8 ([8.5](../spec/derivations.md#85-closed-forms)) derives the continuous model's results; "
             "the reference computes the discrete game. They must meet as the grid gets finer.\n",
             plot_convergence(cf, img_dir),
             "## What the proofs cost\n",
             "The bounded proofs of [chapter 7](../spec/claims.md#7-claims-verdicts-and-how-they-are-settled) "
             "grow with the grid size.\n",
             plot_scaling(img_dir),
             "## Every committed proof run\n",
             "Each file of `proofs/results/` holds the records of one `reposelect prove` run: a verdict per claim, "
             "rule variant and bound, with the time it took. The [proof report](proof-report.md) reads the default "
             "run in full; here each run is one picture and one table.\n",
             *proof_results(img_dir),
             "## Measured speed, size and gas\n",
             "Each committed benchmark file records the machine, the load and the floor measured in the same run; "
             "every one in `benchmarks/` is drawn here.\n"]
    parts += bench_plots(img_dir)
    return "\n".join(parts)
