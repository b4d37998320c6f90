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

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

from reposelect.reference.decimals import fmt  # noqa: E402
from reposelect.reference.select import select  # noqa: E402
from reposelect.reference.types import Case, Report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
SCALING = ROOT / "proofs" / "results" / "scaling.md"

plt.rcParams.update({"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 10.5,
                     "xtick.labelsize": 11, "ytick.labelsize": 11, "svg.hashsalt": "reposelect",
                     "svg.fonttype": "path"})
COLORS = ["#1f5fa8", "#c0392b", "#2e8b57", "#e67e00", "#7b3fa0", "#555555", "#0097a7", "#8a5a00"]

# The linear family of chapter 8 in the units of the examples: rates in %, volumes in millions.
ALPHA, BETA, GAMMA, DELTA = Decimal("4.30"), Decimal("0.00005"), Decimal("4.70"), Decimal("0.00015")
SYMS = {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA, "delta": DELTA}


def save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def figure(img: str, alt: str, caption: str) -> str:
    return (f'<figure class="plot" markdown="span">\n![{alt}](img/{img})\n'
            f'<figcaption markdown="span">{caption}</figcaption>\n</figure>\n')


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


def scaling_rows() -> list[tuple[str, int, str, float]]:
    rows = []
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


def plot_scaling(img: Path) -> str:
    rows = scaling_rows()
    if not rows:
        return ("*Proof time against N:* not drawn, `proofs/results/scaling.md` is missing "
                "(`reposelect prove --scaling` writes it).\n")
    claims = list(dict.fromkeys(r[0] for r in rows))
    fig, ax = plt.subplots(figsize=(7, 4.6), dpi=100)
    for i, c in enumerate(claims):
        pts = [(n, max(s, 0.005)) for cl, n, v, s in rows if cl == c]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=4, color=COLORS[i % len(COLORS)],
                label=c)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("grid size $N$")
    ax.set_ylabel("Z3 time (seconds, log scale)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left", fontsize=9.5)
    save(fig, img / "proof-scaling.svg")
    slowest = max(rows, key=lambda r: r[3])
    verdicts = sorted({r[2] for r in rows})
    return figure(
        "proof-scaling.svg", "Proof time against N per claim, log-log",
        f"**What a bounded proof costs as the grid grows.** From `proofs/results/scaling.md` "
        f"(`reposelect prove --scaling`, standard rule; verdicts in the file: {', '.join(verdicts)}). What to see: "
        f"on log-log axes a straight line is a power law; the steepest claims set the bound the default run can "
        f"afford. The slowest point is `{slowest[0]}` at $N = {slowest[1]}$: {slowest[3]:.2f} s.")


# ------------------------------------------------------------------ benchmarks/*.json

SIZE_KEYS = ("n", "N", "size", "cases", "points")
# what to draw, in this order (at most three per file): gas first, then CPU times, then sizes
METRICS = ("gas", "cpu_s", "prove_cpu_s", "verify_cpu_s", "seconds", "bytes", "proof_bytes", "proof_size",
           "size_bytes", "gas_per_point")
FLOOR_KEYS = ("floor_cpu_s", "floor_s")


def _series_keys(rows: list[dict], size_key: str) -> list[str]:
    """The fields that name a series: strings or booleans with a few values each (code, mode, table, trade)."""
    keys = []
    sizes = {r.get(size_key) for r in rows}
    for k in rows[0]:
        if k == size_key or k == "note":
            continue
        vals = {r.get(k) for r in rows}
        # a field with as many values as there are sizes describes each point, not a series
        if all(isinstance(v, (str, bool)) for v in vals) and 1 < len(vals) < max(len(sizes), 2) + (len(sizes) == 1):
            keys.append(k)
    return keys


def _series_label(row: dict, keys: list[str]) -> str:
    bits = []
    for k in keys:
        v = row.get(k)
        if isinstance(v, bool):
            bits.append(k if v else f"no {k}")
        else:
            bits.append(str(v)[:18])
    return ", ".join(bits) or "all"


def bench_plots(img: Path) -> list[str]:
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
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            parts.append(f"*`benchmarks/{f.name}`:* no rows to draw.\n")
            continue
        size_key = next((k for k in SIZE_KEYS if all(isinstance(r.get(k), (int, float)) for r in rows)), None)
        if size_key is None:
            parts.append(f"*`benchmarks/{f.name}`:* rows have no common size column ({', '.join(SIZE_KEYS)}).\n")
            continue
        metrics = [k for k in METRICS if any(isinstance(r.get(k), (int, float)) for r in rows)]
        skeys = _series_keys(rows, size_key)
        floor_key = next((k for k in FLOOR_KEYS if any(isinstance(r.get(k), (int, float)) for r in rows)), None)
        if isinstance(doc, dict) and isinstance(doc.get("floor"), dict) and not floor_key:
            floor_key = None
        machine = doc.get("machine", {}) if isinstance(doc, dict) else {}
        mline = (", ".join(f"{k} {v}" for k, v in machine.items() if k in ("machine", "cpu_count", "python", "platform"))
                 if isinstance(machine, dict) else str(machine))
        date = doc.get("date", "?") if isinstance(doc, dict) else "?"
        for metric in metrics[:3]:
            series: dict[str, list] = {}
            for r in rows:
                if isinstance(r.get(metric), (int, float)) and r[metric] > 0 and r[size_key] > 0:
                    series.setdefault(_series_label(r, skeys), []).append(r)
            if not series:
                continue
            fig, ax = plt.subplots(figsize=(7, 4.6 + 0.25 * len(series)), dpi=100)
            floor_drawn = False
            for i, (label, rs) in enumerate(series.items()):
                rs.sort(key=lambda r: r[size_key])
                c = COLORS[i % len(COLORS)]
                ax.plot([r[size_key] for r in rs], [r[metric] for r in rs], marker="o", markersize=4, color=c,
                        label=label)
                if metric.endswith("cpu_s") and floor_key and all(isinstance(r.get(floor_key), (int, float)) for r in rs):
                    ax.plot([r[size_key] for r in rs], [r[floor_key] for r in rs], linestyle=":", color=c,
                            linewidth=1.3, label=None if floor_drawn else "floor, same run (dotted)")
                    floor_drawn = True
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
            unit = ("CPU seconds" if metric.endswith("_s") or metric == "seconds" else
                    "gas" if "gas" in metric else "bytes")
            ax.set_xlabel(f"{size_key} (log scale)")
            ax.set_ylabel(f"{metric} ({unit}, log scale)")
            ax.grid(alpha=0.3, which="both")
            # below the axes, so that no legend entry hides a point
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
            name = f"bench-{f.stem}-{metric}.svg"
            save(fig, img / name)
            ratios = [r["ratio"] for r in rows if isinstance(r.get("ratio"), (int, float))]
            rtxt = (f" The ratio to the floor ranges from {min(ratios):g} to {max(ratios):g}." if ratios and
                    metric.endswith("cpu_s") else "")
            parts.append(figure(
                name, f"{f.stem}: {metric} against {size_key}, log-log",
                f"**`benchmarks/{f.name}`: {metric} against {size_key}.** Measured {date}"
                + (f" on {mline}" if mline else "") + ". What to see: the slope on log-log axes is the growth "
                "order; " + ("the dotted line of the same colour is the floor measured in the same run, so the gap "
                             "between the two is the cost of the work itself." if floor_key and metric.endswith("cpu_s")
                             else "each line is one series of the file.") + rtxt))
    return parts


def page(img_dir: Path) -> str:
    img_dir.mkdir(parents=True, exist_ok=True)
    cf = closed_forms()
    parts = ["# Results in pictures\n",
             '!!! note "Generated page"\n    Drawn by `docs/plots.py` (run by `docs/generate.py`) at build time '
             "from the reference (`reposelect.reference.select.select`), the closed forms of "
             "`reposelect derive --family linear --format json`, `proofs/results/scaling.md` and every "
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
             "## Measured speed, size and gas\n",
             "Each committed benchmark file records the machine, the load and the floor measured in the same run; "
             "every one in `benchmarks/` is drawn here.\n"]
    parts += bench_plots(img_dir)
    return "\n".join(parts)
