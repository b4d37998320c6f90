"""`reposelect demo`: the contract on an embedded example with realistic magnitudes.

A money market fund lends around 4.30%-4.40% (near a 4.33% policy rate), a leveraged
fund borrows 10 to 40 basis points above; volumes are in millions. The example is
chosen so that the game has several trading equilibria and the unconstrained joint
optimum is excluded by a hurdle.
"""
from __future__ import annotations

import json

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
    from reposelect.reference.types import DealerReport

    mm = DealerReport("mm", case.grid, case.mm.rates, case.mm.hurdle)
    rm = DealerReport("rm", case.grid, case.rm.rates, case.rm.hurdle)
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
