"""`reposelect demo --chain`: the demo's case as a transparent session on the embedded EVM
(spec/chain.md 11.5): what is public after each step, the outcome computed on chain, and the
check that it is the reference's."""
from __future__ import annotations

from decimal import Decimal

from reposelect.reference.decimals import fmt
from reposelect.reference.select import select
from reposelect.reference.types import Case, DealerReport, Role
from reposelect.reference.wire import outcome_to_json

from .transparent import TransparentSession


def run_chain_demo(case: Case, out=print) -> int:
    """Run `case` (the command line passes the demo's) as a transparent session."""
    mm = DealerReport(Role.MM, case.grid, case.mm.rates, case.mm.hurdle)
    rm = DealerReport(Role.RM, case.grid, case.rm.rates, case.rm.hurdle)
    out("reposelect demo --chain: the demo's case as a transparent (commit-reveal) session on an embedded EVM")
    session = TransparentSession.deploy()
    got = session.run(mm, rm, case.theta, case.tie_break)
    out(f"{'step':<8} {'who':<9} {'gas':>8}  public after this step")
    for p in session.phases:
        out(f"{p.step:<8} {p.who:<9} {p.gas:>8,}  {p.public}")
    ref = select(case)
    same = same_answer(outcome_to_json(got), outcome_to_json(ref))
    if got.trade:
        assert got.r_mm is not None and got.r_rm is not None and got.r_bd is not None  # a trade has rates
        out(f"outcome on chain: {got.volume}m at index {got.index}; BDmm pays MM {fmt(got.r_mm.normalize())}%, "
            f"BDrm charges RM {fmt(got.r_rm.normalize())}%, dealers trade at {fmt(got.r_bd.normalize())}%; "
            f"E = {list(got.equilibria)}, F = {list(got.feasible)}")
    else:
        out(f"outcome on chain: no trade; E = {list(got.equilibria)}, F = {list(got.feasible)}")
    out(f"the reference's select on the same case: {'the same outcome' if same else 'A DIFFERENT OUTCOME'}")
    out("no enclave was trusted; the price: both schedules and hurdles are public from the reveals on")
    return 0 if same else 1


def same_answer(a: dict, b: dict) -> bool:
    """Two wire answers agree: outcomes equal up to decimal notation ("4.510" == "4.51"), error
    objects by their code and path (the messages are each implementation's own)."""
    if "error" in a or "error" in b:
        return "error" in a and "error" in b and (a["error"]["code"], a["error"]["path"]) == (b["error"]["code"], b["error"]["path"])
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, str) and isinstance(y, str):
            if Decimal(x) != Decimal(y):
                return False
        elif x != y:
            return False
    return True
