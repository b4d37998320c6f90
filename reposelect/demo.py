"""`reposelect demo`: the contract on an embedded example with realistic magnitudes.

A money market fund lends around 4.30%-4.40% (near a 4.33% policy rate), a leveraged
fund borrows 10 to 40 basis points above; volumes are in millions. The example is
chosen so that the game has several trading equilibria and the unconstrained joint
optimum is excluded by a hurdle.
"""
from __future__ import annotations

import json
from decimal import Decimal

from reposelect.reference.decimals import fmt
from reposelect.reference.select import hurdle_feasible, joint_profit, select
from reposelect.reference.wire import case_to_json, dumps, outcome_to_json, parse_case

DEMO_CASE = {
    "grid": [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500],
    "mm": {"rates": ["4.30", "4.31", "4.32", "4.33", "4.34", "4.35", "4.36", "4.37", "4.38", "4.39"], "hurdle": "0.20"},
    "rm": {"rates": ["4.69", "4.66", "4.63", "4.60", "4.57", "4.54", "4.51", "4.48", "4.45", "4.42"], "hurdle": "0.25"},
    "theta": "0.5",
    "tie_break": "largest_volume",
}


def demo_case():
    return parse_case(json.dumps(DEMO_CASE))


# --------------------------------------------------------------------------- calibrated

def calibration() -> dict:
    """reposelect/calibrated.json: the observed market figures (with sources) and the assumed ones."""
    from importlib.resources import files

    return json.loads(files("reposelect").joinpath("calibrated.json").read_text(encoding="utf-8"))


def calibrated_case_json(cal: dict | None = None) -> dict:
    """The wire case built from the calibration: rates in annualised percent, volumes in billions.

    a_k = TGCR + (k - 1) * mm_step (the money fund starts at its tri-party alternative);
    b_k = SOFR + rm_start_over_sofr - (k - 1) * rm_step; q_k = k * grid_step."""
    cal = cal or calibration()
    obs = {o["id"]: o for o in cal["observed"]}
    asm = {a["id"]: a["value"] for a in cal["assumed"]}
    n, step = int(asm["n"]), int(asm["grid_step"])
    a0 = Decimal(obs[asm["mm_start"]]["value"])
    b0 = Decimal(obs["sofr"]["value"]) + Decimal(asm["rm_start_over_sofr"])
    da, db = Decimal(asm["mm_step"]), Decimal(asm["rm_step"])
    return {
        "grid": [step * k for k in range(n + 1)],
        "mm": {"rates": [str(a0 + da * k) for k in range(n)], "hurdle": asm["hurdle_mm"]},
        "rm": {"rates": [str(b0 - db * k) for k in range(n)], "hurdle": asm["hurdle_rm"]},
        "theta": asm["theta"],
        "tie_break": "largest_volume",
    }


def money_per_day(volume_bn, spread_pp, day_count: int) -> Decimal:
    """US dollars per day earned on `volume_bn` billion at a spread of `spread_pp` percentage points a year,
    exact (a Decimal quotient rounded to the cent for display only)."""
    from fractions import Fraction

    f = Fraction(int(volume_bn)) * 10**9 * Fraction(spread_pp) / 100 / day_count
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01"))


def run_calibrated(json_only: bool = False, out=print) -> int:
    cal = calibration()
    wire = calibrated_case_json(cal)
    case = parse_case(json.dumps(wire))
    outcome = select(case)
    if json_only:
        out(dumps({"case": case_to_json(case), "outcome": outcome_to_json(outcome)}))
        return 0
    days = int({a["id"]: a["value"] for a in cal["assumed"]}["day_count"])
    h = max(case.mm.hurdle, case.rm.hurdle)
    out("reposelect demo --calibrated: the contract at market magnitudes (reposelect/calibrated.json)")
    out("")
    out("observed (published; see the sources):")
    for o in cal["observed"]:
        out(f"  {o['name']}: {o['value']} {o['unit']} ({o['date']}; {o['source']})")
    out("assumed (this example's choices):")
    for a in cal["assumed"]:
        out(f"  {a['id']} = {a['value']} {a['unit']}".rstrip() + f": {a['why']}")
    out("")
    out(f"{'k':>3} {'volume (bn)':>11} {'MM lends at %':>14} {'RM borrows at %':>16} {'spread pp':>10} "
        f"{'joint $/day':>14}  status")
    eq = set(outcome.equilibria)
    for k in range(1, case.n + 1):
        tags = ["equilibrium" if k in eq else "not an equilibrium"]
        if k in eq:
            tags.append("feasible" if hurdle_feasible(case, k) else f"below hurdle {fmt(h)}")
        if k == outcome.index:
            tags.append("<- SELECTED")
        per_day = money_per_day(case.grid[k], case.spread(k), days)
        out(f"{k:>3} {case.grid[k]:>11} {fmt(case.a(k)):>14} {fmt(case.b(k)):>16} {fmt(case.spread(k)):>10} "
            f"{per_day:>14,}  {', '.join(tags)}")
    out("")
    out(f"equilibria (indices): {list(outcome.equilibria)}; hurdle-feasible: {list(outcome.feasible)}")
    if outcome.trade:
        assert outcome.r_mm is not None and outcome.r_rm is not None and outcome.r_bd is not None  # a trade has rates
        assert outcome.spread is not None and outcome.joint_profit is not None  # and a spread and a joint profit
        per_day = money_per_day(outcome.volume, outcome.spread, days)
        out(f"selected: {outcome.volume} bn; BDmm pays MM {fmt(outcome.r_mm)}%, BDrm charges RM {fmt(outcome.r_rm)}%, "
            f"the dealers trade at {fmt(outcome.r_bd)}%; spread {fmt(outcome.spread)} pp")
        out(f"joint profit {fmt(outcome.joint_profit)} (bn x pp a year) = ${per_day:,} a day "
            f"(actual/{days}), split {fmt(case.theta)} : {fmt(1 - case.theta)} between the dealers")
    else:
        out("selected: no trade (no hurdle-feasible trading equilibrium exists)")
    return 0


def run_demo(json_only: bool = False, out=print) -> int:
    case = demo_case()
    outcome = select(case)
    if json_only:
        out(dumps({"case": case_to_json(case), "outcome": outcome_to_json(outcome)}))
        return 0
    h = max(case.mm.hurdle, case.rm.hurdle)
    out("reposelect demo: two dealers between a money fund (MM) and a leveraged fund (RM)")
    out(f"theta = {case.theta} (equal split of the spread), hurdles: BDmm {case.mm.hurdle} pp, BDrm {case.rm.hurdle} pp")
    out("")
    out(f"{'k':>3} {'volume (m)':>10} {'MM lends at %':>14} {'RM borrows at %':>16} {'spread':>7} {'joint profit':>13}  status")
    eq = set(outcome.equilibria)
    for k in range(0, case.n + 1):
        if k == 0:
            out(f"{0:>3} {0:>10} {'-':>14} {'-':>16} {'-':>7} {'0':>13}  equilibrium (no trade)")
            continue
        tags = []
        tags.append("equilibrium" if k in eq else "not an equilibrium")
        if k in eq:
            tags.append("feasible" if hurdle_feasible(case, k) else f"below hurdle {fmt(h)}")
        if k == outcome.index:
            tags.append("<- SELECTED")
        out(f"{k:>3} {case.grid[k]:>10} {fmt(case.a(k)):>14} {fmt(case.b(k)):>16} {fmt(case.spread(k)):>7} "
            f"{fmt(joint_profit(case, k)):>13}  {', '.join(tags)}")
    out("")
    out(f"equilibria (indices): {list(outcome.equilibria)}")
    out(f"hurdle-feasible trading equilibria: {list(outcome.feasible)}")
    if outcome.trade:
        assert outcome.r_mm is not None and outcome.r_rm is not None and outcome.r_bd is not None  # a trade has rates
        assert outcome.spread is not None and outcome.joint_profit is not None  # and a spread and a joint profit
        out(f"selected: {outcome.volume}m at index {outcome.index}; BDmm pays MM {fmt(outcome.r_mm)}%, "
            f"BDrm charges RM {fmt(outcome.r_rm)}%, the dealers trade at {fmt(outcome.r_bd)}%; "
            f"spread {fmt(outcome.spread)} pp, joint profit {fmt(outcome.joint_profit)} (volume x pp)")
        out("")
        out(explain(case, outcome))
    else:
        out("selected: no trade (no hurdle-feasible trading equilibrium exists)")
    out("")
    run_session_demo(case, out)
    return 0


def run_session_demo(case, out=print) -> None:
    """The same case as a sealed session (spec/protocol.md 9): dealers seal their reports to an
    attested enclave, a public log in a temporary SQLite file, an audit from the log alone."""
    import os
    import tempfile

    from reposelect.reference.protocol.audit import audit_log
    from reposelect.reference.protocol.log import PublicLog
    from reposelect.reference.protocol.session import run_session
    from reposelect.reference.types import DealerReport, Role

    mm = DealerReport(Role.MM, case.grid, case.mm.rates, case.mm.hurdle)
    rm = DealerReport(Role.RM, case.grid, case.rm.rates, case.rm.hurdle)
    out("sealed session: the same reports, sealed to an attested enclave, outcome proved in zero knowledge")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "log.sqlite")
        with PublicLog(path) as log:
            res = run_session(log, mm, rm, case.theta, case.tie_break)
            for e in log.entries(res.session):
                size = len(dumps(e.body))
                out(f"  log[{e.seq}] {e.kind:<11} {e.body.get('role', ''):<3} {size:>7} bytes  hash {e.hash.hex()[:16]}...")
            out(f"  public outcome: {dumps(res.outcome.body['outcome'])} (equilibria and feasible sets stay private)")
            for role, d in res.instructions.items():
                out(f"  {role} opened its sealed instruction: {d['instruction']}")
        with PublicLog(path) as log:  # the auditor reopens the file: it needs nothing else
            audit = audit_log(log)
        for s in audit.sessions:
            for c in s.checks:
                out(f"  audit ok: {c}")
        out(f"  audit: {'PASS' if audit.ok else 'FAIL'} (reposelect audit --log FILE does the same on any log)")


def explain(case, outcome) -> str:
    """One plain sentence on why no trade and the other equilibria were not chosen."""
    eq = [k for k in outcome.equilibria if k >= 1]
    others = [k for k in outcome.feasible if k != outcome.index]
    blocked = [k for k in eq if k not in outcome.feasible]
    h = max(case.mm.hurdle, case.rm.hurdle)
    parts = [f"No trade was not chosen because trading {outcome.volume}m is a hurdle-feasible equilibrium "
             f"with joint profit {fmt(outcome.joint_profit)} > 0"]
    if others:
        parts.append(f"the other feasible equilibria ({', '.join(f'{case.grid[k]}m' for k in others)}) earn less jointly")
    if blocked:
        parts.append(f"the equilibria at {', '.join(f'{case.grid[k]}m' for k in blocked)} were excluded "
                     f"because their spread is below the larger hurdle {fmt(h)}")
    return "; ".join(parts) + "."
