"""Shared scaffolding of the mutants: a correct pipeline with one hook per step.

Each mutant is a standalone program (`python conformance/mutants/NAME.py`) that speaks
JSON Lines like `reposelect serve`, built from this pipeline with exactly one step
replaced by a plausible bug. Run unchanged (`python _common.py`), the pipeline passes
every vector: a mutant fails only because of its bug.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal

from reposelect.reference import rules
from reposelect.reference.decimals import EXACT
from reposelect.reference.errors import WireError
from reposelect.reference.fast import equilibria_fast
from reposelect.reference.wire import outcome_to_json, parse_case
from reposelect.reference.types import Outcome


def parse(data: bytes):
    return parse_case(data)


def equilibria(case):
    return equilibria_fast(case)


def feasible(case, k) -> bool:
    return rules.hurdle_ok("spread", case.theta, case.spread(k), case.mm.hurdle, case.rm.hurdle)


def joint_profit(case, k):
    return rules.joint_profit(case.spread(k), Decimal(case.grid[k]))


def choose(case, candidates, joint_profit=joint_profit, tie_break=None):
    """The tie-broken argmax of `joint_profit` (`rules.ahead`); `tie_break` overrides the case's."""
    tie_break = tie_break or case.tie_break
    best_k, best_pi = None, None
    for k in candidates:
        pi = joint_profit(case, k)
        if best_pi is None or rules.ahead(tie_break, pi, best_pi, k, best_k):
            best_k, best_pi = k, pi
    return best_k


def r_bd(case, k):
    return EXACT.add(case.a(k), EXACT.multiply(case.theta, case.spread(k)))


class Pipeline:
    """The rule in steps; a mutant overrides one attribute."""

    parse = staticmethod(parse)
    equilibria = staticmethod(equilibria)
    feasible = staticmethod(feasible)
    joint_profit = staticmethod(joint_profit)
    choose = staticmethod(choose)
    r_bd = staticmethod(r_bd)

    def outcome(self, case):
        eq = tuple(self.equilibria(case))
        fe = tuple(k for k in eq if k >= 1 and self.feasible(case, k))
        if not fe:
            return Outcome(False, 0, 0, None, None, None, None, None, eq, fe)
        k = self.choose(case, fe, self.joint_profit)
        return Outcome(True, k, case.grid[k], case.a(k), case.b(k), self.r_bd(case, k), case.spread(k),
                       self.joint_profit(case, k), eq, fe)

    def answer(self, data: bytes) -> dict:
        try:
            case = self.parse(data)
        except WireError as e:
            return e.to_wire()
        return outcome_to_json(self.outcome(case))


def dumps(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def lines():
    """Input lines as bytes, without the newline (a trailing CR dropped), as serve reads them."""
    for raw in sys.stdin.buffer:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        yield line[:-1] if line.endswith(b"\r") else line


def serve(pipeline: Pipeline) -> None:
    for line in lines():
        sys.stdout.write(dumps(pipeline.answer(line)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(Pipeline())
