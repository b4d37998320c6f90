"""The plots of the "Examples in pictures" page (called by docs/generate.py).

Every number in a caption comes from the reference (`reposelect.reference.select`,
exact decimals, formatted with `fmt`); floats appear only to hand the points to
matplotlib. The figures are written as SVG into docs/gen/img/ (git-ignored).
"""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

# docs/figstyle.py, the site's one plot style, selects matplotlib's Agg backend before pyplot loads
from figstyle import C_GREY, C_MM, C_OK, C_RM, C_SEL, figure, save  # noqa: I001
import matplotlib.pyplot as plt  # noqa: E402

from reposelect.demo import DEMO_CASE, demo_case  # noqa: E402
from reposelect.reference.decimals import fmt  # noqa: E402
from reposelect.reference.game import profile_profits  # noqa: E402
from reposelect.reference.select import hurdle_feasible, joint_profit, select  # noqa: E402
from reposelect.reference.types import Case, Report  # noqa: E402

# Section links into the rendered spec (relative to gen/).
MODEL = "../spec/model.md"
CONTRACT = "../spec/contract.md"
L_GRID = f"{MODEL}#21-grid-and-schedules"
L_PAYOFFS = f"{MODEL}#23-payoffs"
L_EQ = f"{MODEL}#31-definition"
L_MULTI = f"{MODEL}#32-multiplicity"
L_DEV = f"{MODEL}#33-which-deviations-can-pay"
L_STEPS = f"{CONTRACT}#42-steps"
L_NOCOLLAPSE = f"{CONTRACT}#44-no-collapse-to-no-trade"

HAS_CH8 = (Path(__file__).resolve().parent.parent / "spec" / "derivations.md").is_file()

@dataclasses.dataclass
class Analysis:
    case: Case
    outcome: object
    q: list[int]
    eq: set[int]
    feasible_all: list[int]  # every k >= 1 whose spread meets the hurdles (equilibrium or not)
    h: Decimal
    k_opt: int  # the unconstrained joint-profit maximiser (largest volume on ties)


def analyse(case: Case) -> Analysis:
    out = select(case)
    ks = range(1, case.n + 1)
    k_opt = max(ks, key=lambda k: (joint_profit(case, k), k))
    return Analysis(case, out, list(case.grid), set(out.equilibria),
                    [k for k in ks if hurdle_feasible(case, k)], max(case.mm.hurdle, case.rm.hurdle), k_opt)


LIN_A, LIN_DA, LIN_B, LIN_DB = "4.30", "0.0005", "4.70", "0.0015"


def linear_case(n: int = 200) -> Case:
    """Linear schedules sampled on a fine grid q_k = 10k (millions): a_k = 4.30 + 0.0005k, b_k = 4.70 - 0.0015k."""
    grid = tuple(10 * k for k in range(n + 1))
    scale = Decimal(10_000)
    a0, da, b0, db = (int(Decimal(x) * scale) for x in (LIN_A, LIN_DA, LIN_B, LIN_DB))
    # exact quotients keep the shortest decimal form (4.35, not 4.3500)
    a = tuple(Decimal(a0 + da * k) / scale for k in range(1, n + 1))
    b = tuple(Decimal(b0 - db * k) / scale for k in range(1, n + 1))
    return Case(grid, Report(a, Decimal("0.05")), Report(b, Decimal("0.05")))


def no_trade_case() -> Case:
    """The demo's schedules with RM's dealer asking a hurdle above every spread."""
    d = json.loads(json.dumps(DEMO_CASE))
    d["rm"]["hurdle"] = "0.40"
    from reposelect.reference.wire import parse_case

    return parse_case(json.dumps(d))


def _f(x) -> float:
    return float(x)  # plotting only


def _vol(q) -> str:
    return f"{q}m"


def _runs(ks: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of indices, as (first, last)."""
    runs = []
    for k in sorted(ks):
        if runs and k == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _ranges(an: Analysis, ks) -> str:
    parts = []
    for lo, hi in _runs(list(ks)):
        parts.append(_vol(an.q[lo]) if lo == hi else f"{_vol(an.q[lo])} to {_vol(an.q[hi])}")
    return ", ".join(parts) if parts else "none"


def plot_schedules(an: Analysis, path: Path, title: str, dense: bool = False) -> None:
    c, o = an.case, an.outcome
    ks = list(range(1, c.n + 1))
    q = [an.q[k] for k in ks]
    a = [_f(c.a(k)) for k in ks]
    b = [_f(c.b(k)) for k in ks]
    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=110)
    style = {} if dense else {"marker": "o", "markersize": 4}
    ax.fill_between(q, a, b, color="#dfe8f5", label="spread $s_k = b_k - a_k$")
    ax.plot(q, a, color=C_MM, label="MM lends $q_k$ at a rate $\\geq a_k$", **style)
    ax.plot(q, b, color=C_RM, label="RM borrows $q_k$ at a rate $\\leq b_k$", **style)
    if o.trade:
        k = o.index
        ax.axvline(an.q[k], color=C_SEL, linestyle=":", linewidth=1.5)
        ax.plot([an.q[k]] * 3, [_f(o.r_mm), _f(o.r_bd), _f(o.r_rm)], linestyle="none", marker="D",
                color=C_SEL, markersize=6, label="selected: $r_{mm}$, $r_{bd}$, $r_{rm}$")
        ax.annotate(f"selected {_vol(o.volume)}\nr_rm {fmt(o.r_rm)}%\nr_bd {fmt(o.r_bd)}%\nr_mm {fmt(o.r_mm)}%",
                    (an.q[k], _f(o.r_bd)), xytext=(12, 0), textcoords="offset points", va="center", fontsize=8,
                    color="#6b3a00")
    ax.set_xlabel("volume $q$ (millions)")
    ax.set_ylabel("rate (% per period)")
    ax.set_title(title, fontsize=11)
    ax.set_xlim(0, an.q[-1] * 1.04)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9.5, loc="upper right")
    save(fig, path)


def plot_selection(an: Analysis, path: Path, title: str, dense: bool = False) -> None:
    c, o = an.case, an.outcome
    ks = list(range(1, c.n + 1))
    q = [an.q[k] for k in ks]
    s = [_f(c.spread(k)) for k in ks]
    pi = [_f(joint_profit(c, k)) for k in range(0, c.n + 1)]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 7.4), dpi=110, sharex=True,
                                   gridspec_kw={"height_ratios": [1, 1.4]})
    ms = 3 if dense else 6
    for ax in (ax1, ax2):
        for lo, hi in _runs(an.feasible_all):
            ax.axvspan(an.q[lo], an.q[hi], color="#e3f4e8", zorder=0)
        ax.grid(alpha=0.3)
    # spread against the hurdle
    ax1.plot(q, s, color="#555555", marker=None if dense else "o", markersize=4, label="spread $s_k$")
    ax1.axhline(_f(an.h), color=C_RM, linestyle="--", linewidth=1.2,
                label=f"larger hurdle $\\max(h_{{mm}}, h_{{rm}})$ = {fmt(an.h)}")
    ax1.set_ylabel("spread (pp)")
    ax1.set_title(title, fontsize=11)
    ax1.legend(fontsize=9.5, loc="upper right")
    # joint profit, equilibria, feasibility, selection
    ax2.plot(an.q, pi, color="#bbbbbb", linewidth=1, zorder=1)
    non = [k for k in range(c.n + 1) if k not in an.eq]
    eq_only = [k for k in sorted(an.eq) if k >= 1 and k not in o.feasible]
    feas = list(o.feasible)
    ax2.plot([an.q[k] for k in non], [pi[k] for k in non], linestyle="none", marker="x", color=C_GREY,
             markersize=ms, label="not an equilibrium")
    if eq_only:
        ax2.plot([an.q[k] for k in eq_only], [pi[k] for k in eq_only], linestyle="none", marker="o", color=C_MM,
                 markersize=ms, label="equilibrium below the hurdle")
    ax2.plot([0], [0], linestyle="none", marker="o", color="#333333", markersize=ms,
             label="no trade (always an equilibrium)")
    if feas:
        ax2.plot([an.q[k] for k in feas], [pi[k] for k in feas], linestyle="none", marker="o", color=C_OK,
                 markersize=ms, label="hurdle-feasible equilibrium")
    ax2.plot([an.q[an.k_opt]], [pi[an.k_opt]], linestyle="none", marker="o", markersize=ms + 8,
             markerfacecolor="none", markeredgecolor="#333333", label="joint optimum over all volumes")
    k = o.index
    ax2.plot([an.q[k]], [pi[k]], linestyle="none", marker="*", markersize=16, color=C_SEL,
             markeredgecolor="#6b3a00", label="selected" + ("" if o.trade else " (no trade)"), zorder=5)
    ax2.set_xlabel("volume $q$ (millions); shaded: volumes whose spread meets the hurdle")
    ax2.set_ylabel("joint profit $\\pi_k = s_k q_k$")
    # below the axes, so that no legend entry hides a point
    ax2.legend(fontsize=9.5, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    ax2.set_xlim(-an.q[-1] * 0.02, an.q[-1] * 1.04)
    save(fig, path)


def best_deviations(case: Case):
    """For each k: (BDmm stays, BDmm's best move, BDrm stays, BDrm's best move), each the reference's
    exact profit (`profile_profits`), the best move over every other index."""
    rows = []
    for k in range(case.n + 1):
        mm_k, rm_k = profile_profits(case, k, k)
        others = [d for d in range(case.n + 1) if d != k]
        mm_best = max(profile_profits(case, k, d)[0] for d in others)  # BDmm changes its index to d
        rm_best = max(profile_profits(case, d, k)[1] for d in others)  # BDrm changes its index to d
        rows.append((mm_k, mm_best, rm_k, rm_best))
    return rows


def plot_deviations(an: Analysis, rows, path: Path, title: str) -> None:
    ks = list(range(1, an.case.n + 1))
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
    ax.axhline(0, color="#333333", linewidth=1)
    for who, i_stay, i_move, color, marker in (("BDmm", 0, 1, C_MM, "o"), ("BDrm", 2, 3, C_RM, "s")):
        gain = [_f(rows[k][i_move] - rows[k][i_stay]) for k in ks]
        ax.plot([an.q[k] for k in ks], gain, color=color, marker=marker, markersize=5,
                label=f"{who}: best move alone minus staying")
    lo, hi = min(ax.get_ylim()[0], -1), max(ax.get_ylim()[1], 1)
    ax.axhspan(0, hi, color="#fbe5e3", zorder=0)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("volume $q_k$ (millions); shaded: a move alone pays, so $q_k$ is not an equilibrium")
    ax.set_ylabel("gain (volume x pp)")
    ax.set_title(title, fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9.5, loc="upper left")
    save(fig, path)


def page(img_dir: Path) -> str:
    img_dir.mkdir(parents=True, exist_ok=True)
    parts = ["# Examples in pictures\n",
             '!!! note "Generated page"\n    Drawn by `docs/examples.py` (run by `docs/generate.py`) from the '
             "reference's own results, `reposelect.reference.select.select`, at build time. The numbers in "
             "the captions are the reference's exact decimals; floats are used only to draw.\n",
             "Three cases of the discrete game ([chapter 2](../spec/model.md#2-the-discrete-game)) and the "
             f"contract's choice among its equilibria ([4.2]({L_STEPS})): a realistic case with several "
             "trading equilibria where a hurdle excludes the joint optimum, linear schedules on a fine grid, "
             "and a case where the contract instructs no trade.\n"]

    # 1. the demo
    an = analyse(demo_case())
    c, o = an.case, an.outcome
    plot_schedules(an, img_dir / "demo-schedules.svg", "The demo case: client schedules and the selected trade")
    plot_selection(an, img_dir / "demo-selection.svg", "The demo case: spread, hurdle, joint profit, equilibria")
    trade_eq = sorted(k for k in an.eq if k >= 1)
    blocked = [k for k in trade_eq if k not in o.feasible]
    parts.append("## 1. The demo case\n")
    parts.append("The case that `reposelect demo` runs (`reposelect.demo.DEMO_CASE`): a money market fund "
                 "lends near the policy rate, a leveraged fund borrows a few tenths above it, volumes in "
                 f"millions on the grid {_vol(c.grid[1])}, ..., {_vol(c.grid[-1])} ([2.1]({L_GRID})).\n")
    parts.append(figure(
        "demo-schedules.svg", "Demo case: MM's and RM's schedules and the selected rates",
        f"**Figure 1.** The two client schedules of the demo. MM's rate $a_k$ (blue) rises from "
        f"{fmt(c.a(1))}% to {fmt(c.a(c.n))}% and RM's rate $b_k$ (red) falls from {fmt(c.b(1))}% to "
        f"{fmt(c.b(c.n))}%, so the shaded spread narrows from {fmt(c.spread(1))} to {fmt(c.spread(c.n))} "
        f"percentage points as volume grows. The diamonds mark the selected trade of {_vol(o.volume)}: "
        f"BDmm pays MM {fmt(o.r_mm)}%, BDrm charges RM {fmt(o.r_rm)}%, and the dealers trade with each "
        f"other at {fmt(o.r_bd)}% ([payoffs]({L_PAYOFFS}))."))
    parts.append(figure(
        "demo-selection.svg", "Demo case: spread against the hurdle; joint profit with equilibria and the selection",
        f"**Figure 2.** What to see: the game has {len(trade_eq)} trading equilibria "
        f"({_ranges(an, trade_eq)}) besides no trade ([equilibria]({L_EQ})), and "
        f"{c.n - len(trade_eq)} volumes that are not equilibria (crosses: a dealer gains by cutting the "
        f"volume, [3.3]({L_DEV})). The joint optimum over all volumes, {_vol(an.q[an.k_opt])} "
        f"(joint profit {fmt(joint_profit(c, an.k_opt))}), is an equilibrium, but its spread "
        f"{fmt(c.spread(an.k_opt))} is below the larger hurdle {fmt(an.h)} (dashed, top); only the shaded "
        f"volumes {_ranges(an, an.feasible_all)} meet it"
        + (f", so the equilibria at {_ranges(an, blocked)} are excluded" if blocked else "")
        + f". Among the hurdle-feasible equilibria (green) the contract selects the largest joint profit: "
        f"{_vol(o.volume)} with {fmt(o.joint_profit)} (star)."))
    rows = best_deviations(c)
    plot_deviations(an, rows, img_dir / "demo-deviations.svg", "The demo case: what a dealer gains by moving alone")
    mm_bad = [k for k, r in enumerate(rows) if r[1] > r[0]]
    rm_bad = [k for k, r in enumerate(rows) if r[3] > r[2]]
    k1 = min(mm_bad + rm_bad) if mm_bad or rm_bad else None
    if k1 is not None:
        who = "BDmm" if k1 in mm_bad else "BDrm"
        r = rows[k1]
        stay, move = (r[0], r[1]) if who == "BDmm" else (r[2], r[3])
        why = (f" At {_vol(an.q[k1])}, the smallest volume that is not an equilibrium, {who} earns {fmt(stay)} by "
               f"staying and {fmt(move)} by its best move alone.")
    else:
        why = ""
    parts.append(figure(
        "demo-deviations.svg", "Demo case: each dealer's profit from staying and from its best unilateral move",
        f"**Figure 3.** Why some volumes are equilibria and others not, from the payoffs of every profile "
        f"([2.3]({L_PAYOFFS})): for each trading volume, the most a dealer gains by changing its own choice "
        f"alone, compared with staying at $q_k$. Where a line rises above zero (shaded), "
        f"that move pays and $q_k$ is not an equilibrium ([3.1]({L_EQ})): for BDmm at {_ranges(an, mm_bad)}, "
        f"for BDrm at {_ranges(an, rm_bad)}.{why} "
        "Elsewhere no move alone pays, which is the multiplicity the contract resolves."))
    parts.append("The same case as the command line prints it (`reposelect demo`):\n")
    from reposelect.demo import run_demo

    lines: list[str] = []
    run_demo(out=lines.append)
    parts.append("```text\n" + "\n".join(lines).rstrip() + "\n```\n")

    # 2. linear schedules on a fine grid
    an = analyse(linear_case())
    c, o = an.case, an.outcome
    plot_schedules(an, img_dir / "linear-schedules.svg",
                   f"Linear schedules on a fine grid (N = {c.n})", dense=True)
    plot_selection(an, img_dir / "linear-selection.svg",
                   f"Linear schedules (N = {c.n}): spread, joint profit, equilibria", dense=True)
    trade_eq = sorted(k for k in an.eq if k >= 1)
    parts.append("## 2. Linear schedules on a fine grid\n")
    parts.append(f"Straight-line schedules sampled at $N = {c.n}$ grid points $q_k = 10k$ (millions): "
                 f"$a_k = {LIN_A} + {LIN_DA}\\,k$ and $b_k = {LIN_B} - {LIN_DB}\\,k$ (percent, $k \\ge 1$), both hurdles "
                 f"{fmt(an.h)}. As the grid gets finer the discrete game approaches the continuous model"
                 + (" whose closed forms [chapter 8](../spec/derivations.md) derives" if HAS_CH8 else "") + ".\n")
    parts.append(figure(
        "linear-schedules.svg", "Linear schedules on a fine grid and the selected rates",
        f"**Figure 4.** Linear client schedules: the spread shrinks linearly from {fmt(c.spread(1))} "
        f"to {fmt(c.spread(c.n))} percentage points across {_vol(c.grid[1])} to {_vol(c.grid[-1])}. "
        f"The contract selects {_vol(o.volume)} at {fmt(o.r_mm)}% (MM) and {fmt(o.r_rm)}% (RM)."))
    runs = _runs(trade_eq)
    parts.append(figure(
        "linear-selection.svg", "Linear schedules: joint profit with the interval of equilibrium volumes",
        f"**Figure 5.** What to see: the equilibrium volumes form one interval, "
        f"{_ranges(an, trade_eq)} ({len(trade_eq)} of the {c.n} trading grid points, plus no trade) — the "
        f"multiplicity of [3.2]({L_MULTI}), which becomes a continuum as the grid gets finer. Joint "
        f"profit is a parabola whose top, {_vol(an.q[an.k_opt])}, lies inside the interval; the hurdle "
        f"{fmt(an.h)} is met up to {_vol(an.q[an.feasible_all[-1]])} (shaded), so it does not bind and the "
        f"contract selects the joint optimum, {_vol(o.volume)} with joint profit {fmt(o.joint_profit)}."
        + (f" Volumes above {_vol(an.q[runs[-1][1]])} are not equilibria: a dealer gains by cutting volume."
           if runs and runs[-1][1] < c.n else "")))

    # 3. no trade
    an = analyse(no_trade_case())
    c, o = an.case, an.outcome
    plot_selection(an, img_dir / "no-trade-selection.svg",
                   f"Demo schedules, BDrm's hurdle {fmt(c.rm.hurdle)}: no trade")
    trade_eq = sorted(k for k in an.eq if k >= 1)
    parts.append("## 3. When no trade wins\n")
    parts.append(f"The demo's schedules again, but BDrm now asks for a hurdle of {fmt(c.rm.hurdle)} percentage "
                 "points. The contract trades only at a hurdle-feasible equilibrium; when there is none it "
                 f"instructs no trade, and only then ([4.4]({L_NOCOLLAPSE})).\n")
    parts.append(figure(
        "no-trade-selection.svg", "No-trade case: every spread is below the hurdle",
        f"**Figure 6.** What to see: the hurdle {fmt(an.h)} (dashed) lies above the largest spread, "
        f"{fmt(max(c.spread(k) for k in range(1, c.n + 1)))}, so no volume is hurdle-feasible (nothing is "
        f"shaded). The game still has {len(trade_eq)} trading equilibria ({_ranges(an, trade_eq)}, blue), "
        f"but none meets the hurdle, and the contract selects no trade: volume {o.volume}, itself always an "
        f"equilibrium ([3.2]({L_MULTI})), marked by the star at the origin."
        if not o.trade else f"**Figure 6.** Unexpected: the contract trades {_vol(o.volume)}."))
    if o.trade:
        raise RuntimeError("the no-trade example unexpectedly trades; fix docs/examples.py")
    return "\n".join(parts)
