"""A second, independent solver behind one thin layer (spec/claims.md 7.12).

Every query the prover poses is a list of Z3 formulas. `smtlib` exports it as an SMT-LIB 2
benchmark (Z3's own printer, plus a `set-logic` line); `decide_cvc5` hands that text to cvc5
through its Python API (the package `cvc5` on PyPI), so cvc5 sees exactly the formula Z3
sees, and `decide_z3_text` re-reads the text with Z3 (the committed queries are checked that
way in CI). `check_query` is what the prover calls: it runs the solver(s) of the current mode
and tallies verdicts and times per solver; under `both`, a query on which one solver says sat
and the other unsat raises `Disagreement`, naming the query.

Modes: "z3" (the default), "cvc5" (cvc5 decides; a sat answer is still replayed from Z3's
model, since a counterexample only counts once the reference replays it) and "both".
"""
from __future__ import annotations

import os
import re
import select
import signal
import time

import z3

from .solve import RETRIES, SEED, Answer, solve

SOLVER_MODES = ("z3", "cvc5", "both")
#: Under `both`, cvc5's time per query, in one try after Z3 (a cvc5 unknown then leaves Z3's
#: answer and counts as unknown in cvc5's tally), so that `both` costs a bounded factor over `z3`.
BOTH_CVC5_MS = 10000

_mode = "z3"
_tally: dict = {}
_last: dict = {}


class Disagreement(Exception):
    """Z3 and cvc5 gave opposite definite answers on one query."""

    def __init__(self, label: str, z3_says: str, cvc5_says: str):
        super().__init__(f"solvers disagree on {label}: z3 says {z3_says}, cvc5 says {cvc5_says}")
        self.label, self.z3_says, self.cvc5_says = label, z3_says, cvc5_says


def set_mode(mode: str) -> None:
    """Select the solver(s) for every later query of this process (and of forked workers)."""
    global _mode
    if mode not in SOLVER_MODES:
        raise ValueError(f"solver {mode!r} is not one of {SOLVER_MODES}")
    if mode != "z3":
        available()
    _mode = mode


def mode() -> str:
    return _mode


def available() -> str:
    """cvc5's version; raises ImportError with a clear message when cvc5 is not installed."""
    try:
        import cvc5
    except ImportError as e:  # pragma: no cover - cvc5 is a dependency
        raise ImportError("the cvc5 solver is not installed (pip install cvc5)") from e
    return getattr(cvc5, "__version__", "?")


def reset_tally() -> dict:
    """Return the tally since the last reset and start a new one."""
    global _tally
    out, _tally = _tally, {}
    return out


def _count(solver: str, verdict: str, seconds: float) -> None:
    t = _tally.setdefault(solver, {"sat": 0, "unsat": 0, "unknown": 0, "seconds": 0.0})
    t[verdict] += 1
    t["seconds"] = round(t["seconds"] + seconds, 3)


# -- SMT-LIB 2 -----------------------------------------------------------------------------

def logic_of(text: str) -> str:
    """The smallest logic cvc5 needs: QF_NRA for quantifier-free real queries (cvc5 then uses
    its complete cylindrical-covering procedure), ALL otherwise (integers, uninterpreted
    functions, quantifiers)."""
    if "forall" in text or "exists" in text or re.search(r"\bInt\b", text):
        return "ALL"
    if re.search(r"\(declare-fun \S+ \([^)]", text):
        return "ALL"
    return "QF_NRA"


def smtlib(formulas, status: str | None = None, name: str = "") -> str:
    """The query as an SMT-LIB 2 benchmark, with its logic and (optionally) expected status."""
    s = z3.Solver(ctx=formulas[0].ctx) if formulas else z3.Solver()
    s.add(formulas)
    body = s.to_smt2()
    body = body.replace("; benchmark generated from python API\n", "")
    body = re.sub(r"\(set-info :status \w+\)\n", "", body)
    head = [f"; {name}"] if name else []
    head.append(f"(set-logic {logic_of(body)})")
    if status:
        head.append(f"(set-info :status {status})")
    return "\n".join(head) + "\n" + body


#: cvc5's options per logic of the query, tried in order on an "unknown (INCOMPLETE)" answer.
#: In QF_NRA cvc5 runs its cylindrical algebraic coverings (`nl-cov`, complete for QF_NRA)
#: behind incremental linearization (`nl-ext=full`); on some truthfulness queries that pair
#: answers INCOMPLETE (truthful_expost / standard, key (4, mm, 1, 4)) where the coverings
#: alone (`nl-ext=none`) answer unsat, and the other way round on others
#: (key (3, mm, 3, 1)). `nl-ext-tplanes` and `nl-ext=light` decided fewer of them.
CVC5_OPTIONS: dict[str, tuple[dict[str, str], ...]] = {"QF_NRA": ({}, {"nl-ext": "none"})}
#: cvc5 does not always honour its own time limit (`tlimit-per`): on some truthfulness
#: queries (truthful_expost / standard, keys (4, mm, 2, 4), (4, mm, 3, 4), (4, rm, 2, 3))
#: it ran for more than 30 minutes of CPU time. Each cvc5 decision therefore runs in a forked
#: child that is killed this many seconds past the query's limit (the answer is then unknown).
CVC5_GRACE_S = 2.0


def _logic(text: str) -> str:
    m = re.search(r"\(set-logic (\S+)\)", text)
    return m.group(1) if m else "ALL"


def _decide_cvc5_here(text: str, timeout_ms: int, seed: int, options: dict[str, str]) -> tuple[str, str]:
    import cvc5

    s = cvc5.Solver()
    s.setOption("tlimit-per", str(max(1, int(timeout_ms))))
    s.setOption("seed", str(seed))
    for k, v in options.items():
        s.setOption(k, v)
    sm = cvc5.SymbolManager(s.getTermManager())
    p = cvc5.InputParser(s, sm)
    p.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "query")
    answer = ""
    try:
        while True:
            cmd = p.nextCommand()
            if cmd.isNull():
                break
            out = cmd.invoke(s, sm)
            if out and out.strip():
                answer = out.strip()
    except RuntimeError as e:
        return "unknown", f"cvc5 error: {e}"
    if answer.startswith("unsat"):
        return "unsat", ""
    if answer.startswith("sat"):
        return "sat", ""
    return "unknown", answer or "no answer"


def _in_child(text: str, timeout_ms: int, seed: int, options: dict[str, str]) -> tuple[str, str]:
    """`_decide_cvc5_here` in a forked child, killed `CVC5_GRACE_S` past `timeout_ms`."""
    import cvc5  # noqa: F401 - loaded once in the parent, so the child starts at once

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(r)
            out = "\t".join(_decide_cvc5_here(text, timeout_ms, seed, options))
            os.write(w, out.encode())
        finally:
            os._exit(0)
    os.close(w)
    limit = timeout_ms / 1000 + CVC5_GRACE_S
    ready, _, _ = select.select([r], [], [], limit)
    data = b""
    if ready:
        while chunk := os.read(r, 65536):
            data += chunk
    os.close(r)
    if not data:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if not data:
        return "unknown", f"no answer within {limit:g} s (cvc5 ignored its time limit; process killed)"
    status, _, reason = data.decode().partition("\t")
    return status, reason


def decide_cvc5(text: str, timeout_ms: int, seed: int = SEED) -> tuple[str, str]:
    """('sat' | 'unsat' | 'unknown', reason) from a new cvc5 solver on an SMT-LIB 2 text,
    in a child process with a hard limit; on "unknown (INCOMPLETE)" the next option set of
    `CVC5_OPTIONS` for the text's logic is tried within the time left."""
    t0 = time.monotonic()
    reasons = []
    for options in CVC5_OPTIONS.get(_logic(text), ({},)):
        left = timeout_ms - 1000 * (time.monotonic() - t0)
        if left < 1:
            break
        status, reason = _in_child(text, int(left), seed, options)
        if status != "unknown":
            return status, ""
        reasons.append(f"{' '.join(f'{k}={v}' for k, v in options.items()) or 'defaults'}: {reason}")
        if "INCOMPLETE" not in reason:
            break
    return "unknown", "; ".join(reasons)


def decide_z3_text(text: str, timeout_ms: int, seed: int = SEED) -> tuple[str, str]:
    """Z3 on an SMT-LIB 2 text, as anyone re-deciding a committed query would: in a fresh
    context (the text read into a context that already holds other terms can take Z3 down
    another path) and with the prover's seed set as the prover sets it (`solve._solver`)."""
    s = z3.Solver(ctx=z3.Context())
    s.set("timeout", max(1, int(timeout_ms)))
    s.set("random_seed", seed)
    s.from_string(text)
    r = s.check()
    return str(r), (s.reason_unknown() if r == z3.unknown else "")


# -- the prover's entry point --------------------------------------------------------------

def cvc5_check(formulas, ctx, tactic, timeout_ms: int, seed: int):
    """`solve.solve`'s backend for cvc5: the formulas, translated into the try's fresh Z3
    context `ctx` and printed as SMT-LIB 2 text, decided by a new cvc5 solver with `seed` as
    its random seed (`tactic` is Z3's and ignored). Returns
    (status, None, reason): a sat answer carries no model (a counterexample is replayed from
    Z3's model)."""
    status, reason = decide_cvc5(smtlib([f.translate(ctx) for f in formulas]), timeout_ms, seed)
    return status, None, (f"cvc5: {reason}" if status == "unknown" else "")


def _timed(solver: str, formulas, tactic, timeout_ms, seed, vacuity, budget_ms, retries: int = RETRIES) -> Answer:
    t0 = time.monotonic()
    a = solve(formulas, tactic, timeout_ms, seed=seed, retries=retries, vacuity=vacuity, budget_ms=budget_ms,
              decide=cvc5_check if solver == "cvc5" else None)
    seconds = time.monotonic() - t0
    if a.tries == 0:  # the solver's budget was spent before it was asked
        a.reason = f"{solver}: {a.reason}"
        t = _tally.setdefault(solver, {"sat": 0, "unsat": 0, "unknown": 0, "seconds": 0.0})
        t["unasked"] = t.get("unasked", 0) + 1
    _count(solver, a.status, seconds)
    _last[solver] = {"verdict": a.status, "seconds": round(seconds, 3)}
    return a


def last_verdicts() -> dict:
    """Each solver's verdict and seconds on the last query `check_query` decided."""
    return {k: dict(v) for k, v in _last.items()}


def _settled(a: Answer) -> bool:
    """An unsat whose sanity check is decided (with `vacuity`), or a sat: an answer that stands."""
    return a.status == "sat" or (a.status == "unsat" and a.hypothesis in (None, "sat", "unsat"))


def combine(label: str, z: Answer, c: Answer) -> Answer:
    """The answer of `both` from Z3's and cvc5's (spec/claims.md 7.12): a sat/unsat split, on
    the query or on its vacuity check, raises `Disagreement` naming the query; otherwise an
    unsat of either solver whose vacuity check is decided settles the query (Z3's first), a
    sat answer is Z3's (its model is what the reference replays), and anything else is
    unknown. cvc5's own verdict is never upgraded: it stays in the tally as it came."""
    if {z.status, c.status} == {"sat", "unsat"}:
        raise Disagreement(label, z.status, c.status)
    if z.status == c.status == "unsat" and {z.hypothesis, c.hypothesis} == {"sat", "unsat"}:
        raise Disagreement(f"{label} (vacuity check: premises and hypothesis)", str(z.hypothesis), str(c.hypothesis))
    if z.status == "unsat" and _settled(z):
        return z
    if c.status == "unsat" and _settled(c):
        return c  # cvc5 closes what Z3 left open
    if c.status == "sat" and z.status != "sat":
        return Answer("unknown", None, f"cvc5 says sat; Z3 gives no model to replay ({z.reason})", z.seed, z.tries)
    return z


def check_query(formulas, tactic: str | None = None, timeout_ms: int = 60000, label: str = "query",
                seed: int = SEED, vacuity: bool = False, budget_ms=None, second_budget_ms=None) -> Answer:
    """Decide one query under the current mode, every solver through `solve.solve` (a fresh
    context, the seed, retries on unknown and, with `vacuity`, the premises-satisfiable check
    after an unsat). Under "z3" Z3's answer; under "cvc5" cvc5's, except that a sat answer
    is Z3's (its model is what the reference replays; Z3 unsat there is a disagreement).
    Under "both" Z3 decides first, with its retries, its vacuity check and `budget_ms`, as
    under "z3"; then cvc5 decides in one try within `BOTH_CVC5_MS` and its own budget
    `second_budget_ms` (when given), so that cvc5's time never shortens Z3's; `combine`
    gives the answer. The tally counts each solver's verdicts and seconds."""
    formulas = list(formulas)
    _last.clear()
    if _mode == "z3":
        return _timed("z3", formulas, tactic, timeout_ms, seed, vacuity, budget_ms)
    if _mode == "both":
        z = _timed("z3", formulas, tactic, timeout_ms, seed, vacuity, budget_ms)
        c = _timed("cvc5", formulas, tactic, min(timeout_ms, BOTH_CVC5_MS), seed, vacuity, second_budget_ms, retries=0)
        return combine(label, z, c)
    c = _timed("cvc5", formulas, tactic, timeout_ms, seed, vacuity, budget_ms)
    if c.status != "sat":
        return c
    z = _timed("z3", formulas, tactic, timeout_ms, seed, vacuity, budget_ms)
    if z.status == "unsat":
        raise Disagreement(label, z.status, c.status)
    if z.status != "sat":  # cvc5 sat, Z3 without a model: nothing to replay
        return Answer("unknown", None, f"cvc5 says sat; Z3 gives no model to replay ({z.reason})", z.seed, z.tries)
    return z
