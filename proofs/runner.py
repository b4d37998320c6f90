"""Running claims: one (claim, variant) per task, the queries of spec/claims.md 7.6, both
cores through multiprocessing, progress on stderr.

Every query runs in a fresh Z3 context with the run's seed (retried with the next seeds on
`unknown`), and every `unsat` is checked for vacuity: the assumptions plus the key's
hypothesis must be satisfiable (`reposelect.proofs.solve`). The record carries the seed,
the number of queries that needed a retry, and the vacuity checks in `sanity`.

A pair's budget (`timeout`) is Z3's. Under `--solver both` cvc5 has a budget of its own of
the same size, counted in cvc5's own seconds, and Z3's deadline moves on by the time cvc5
takes: a slow or undecided cvc5 can leave cvc5's tally unknown, never Z3's proof or Z3's
vacuity check (spec/claims.md 7.12)."""
from __future__ import annotations

import multiprocessing as mp
import sys
import time
from fractions import Fraction

from reposelect.reference.errors import ReposelectError, WireError
from reposelect.reference.validate import check_case

from . import claims as C
from . import solvers
from . import renaming
from .counterexample import Concretizer, NotRepresentable, wire
from .encoding import Game, Store
from .result import Proved, Refuted, Unknown, record
from .solve import SEED, split
from .variants import Variant, get_variant

NONLINEAR_TACTIC = "qfnra-nlsat"


class Timeout(ReposelectError):
    """A query that the solver did not decide within its time limit."""

    default_code = "timeout"


def _tactic_for(claim: C.Claim, full: bool):
    if claim.name == "selection":
        return None  # linear with Booleans: the default solver
    if claim.local and not full:
        return NONLINEAR_TACTIC
    return None  # Boolean-heavy full queries: default solver (it calls nlsat itself)


class Run:
    def __init__(self, claim: C.Claim, variant: Variant, bound: int, timeout: float, per_query: float = 60.0,
                 progress=None, seed: int = SEED):
        self.claim, self.variant, self.bound = claim, variant, bound
        self.deadline = time.monotonic() + timeout  # Z3's; moved on by the seconds cvc5 takes under `both`
        self.timeout = timeout
        self.second_spent = 0.0  # cvc5's seconds under `both` (its own budget: `timeout`)
        self.per_query = per_query
        self.queries = 0
        self.progress = progress
        self.seed = seed
        self.retried = 0  # queries answered only with a later seed
        self.t0, self.c0 = time.monotonic(), time.process_time()
        self.progress_rows: list[list] = []  # [N, wall s, CPU s, queries] each time every N' <= N is settled
        self.hypotheses_checked = 0
        self.keys_unreachable = 0  # unsat keys whose hypothesis is unsatisfiable on its own
        self.canon: dict[tuple, tuple] = {}  # canonical local key -> (its formulas, its (status, info))
        self.renamed = 0  # local keys settled by the checked renaming
        self.not_renamed = 0  # local keys whose renamed query differed from the canonical one
        self.forms = {"relaxed": 0, "full": 0}  # keys settled by the claim's relaxed query / posed in full

    def _left_ms(self):
        return int(1000 * min(self.deadline - time.monotonic(), self.per_query))

    def _second_left_ms(self):
        return int(1000 * min(self.timeout - self.second_spent, self.per_query))

    def decide(self, formulas, tactic, timeout_ms, label: str, vacuity: bool = False):
        """`solvers.check_query` with the pair's budgets: Z3's (`_left_ms`) and, under `both`,
        cvc5's own (`_second_left_ms`); the seconds cvc5 took move Z3's deadline on."""
        try:
            return solvers.check_query(formulas, tactic, timeout_ms, label=label, seed=self.seed, vacuity=vacuity,
                                       budget_ms=self._left_ms, second_budget_ms=self._second_left_ms)
        finally:
            if solvers.mode() == "both":
                spent = solvers.last_verdicts().get("cvc5", {}).get("seconds", 0.0)
                self.second_spent += spent
                self.deadline += spent

    def _ms(self):
        left = self._left_ms()
        if left <= 0:
            raise Timeout(f"the run's time budget is spent ({self.claim.name}, variant {self.variant.name}, N <= {self.bound})")
        return left

    def query(self, store: Store, key, full: bool, weak: bool = False, vacuity: bool = False):
        """(status, model or reason) of one key; with `vacuity`, an unsat whose hypothesis is
        unsatisfiable (or undecided) comes back as ("vacuous", reason)."""
        build = self.claim.weakened if weak else self.claim.build
        f = build(store, key, full)
        return self.solve_formulas(store.axioms(full=full) + [f], key, full, vacuity, weak)

    def local(self, key):
        """A local key's (status, info), through the canonical key of its order-preserving
        renaming (`proofs.renaming`): the canonical key's query is solved once; any other key
        reuses that answer only when its own query, renamed, is the same term (checked here,
        key by key); otherwise it is solved on its own."""
        posed = renaming.pose(self.claim, self.variant, key)
        ck, sigma = renaming.canonical(key, posed.indices)
        entry = self.canon.get(ck)
        if entry is None:
            cposed = posed if ck == key else renaming.pose(self.claim, self.variant, ck)
            entry = self.canon[ck] = (cposed.formulas, self.solve_formulas(cposed.formulas, ck, False, True))
            if ck == key:
                return entry[1]
        if renaming.same(renaming.rename(posed, sigma), entry[0]):
            self.renamed += 1
            return entry[1]
        self.not_renamed += 1
        return self.solve_formulas(posed.formulas, key, False, True)

    def solve_formulas(self, formulas, key, full: bool, vacuity: bool = False, weak: bool = False, note: str = ""):
        self.queries += 1
        self._ms()
        label = f"{self.claim.name} / {self.variant.name} key {key}{' full' if full else ''}{' weakened' if weak else ''}"
        label += f" {note}" if note else ""
        a = self.decide(formulas, _tactic_for(self.claim, full), self.per_query * 1000, label, vacuity)
        if a.tries > 1 and a.status != "unknown":
            self.retried += 1
        if a.status == "unknown" and self._left_ms() <= 0:
            raise Timeout(f"the run's time budget is spent during a query ({self.claim.name}, variant {self.variant.name})")
        if a.status == "sat":
            return "sat", a.model
        if a.status == "unknown":
            return "unknown", a.reason
        if vacuity:
            self.hypotheses_checked += 1
            if a.hypothesis == "unsat":  # no case reaches this key (e.g. a designer's objective
                self.keys_unreachable += 1  # never selects k): it holds trivially; counted in sanity
                return "unsat", None
            if a.vacuous:
                return "vacuous", (f"the assumptions and the hypothesis of key {key} are {a.hypothesis}"
                                   " on their own (a vacuous proof)")
        return "unsat", None

    # -- turning a sat key into a concrete, replayed counterexample ------------------------
    def _attempts(self, n):
        pol = self.variant.policy
        thetas = [Fraction(1, 2)] + ([Fraction(0), Fraction(1)] if pol.theta_closed else [])
        for t in thetas:
            yield t, list(range(n + 1))
        for t in thetas:
            yield t, None
        yield None, None

    def concrete(self, key, n, first_model=None):
        """Search a representable model of key's full query at size n and replay it. Returns
        (status, payload): ("refuted", (case, deviation, extra)) / ("unsat", None) / ("unknown", reason)."""
        settled = self.relaxed(key, n) if self.claim.kind == "forall" else None
        if settled is not None:
            return settled
        status, model = self.query(Store(self.variant, n), key, True, vacuity=self.claim.kind == "forall")
        if status == "vacuous":
            return "unknown", model
        if status != "sat":
            return status, model
        last = "no representable model"
        for theta, grid in self._attempts(n):
            st = Store(self.variant, n, theta=theta, grid=grid)
            s2, m2 = self.query(st, key, True)
            if s2 == "sat":
                out = self._replay(st, m2, key, n)
                if out[0] == "refuted":
                    return out
                last = out[1]
        st = Store(self.variant, n)
        self.claim.build(st, key, True)
        out = self._replay(st, model, key, n)
        if out[0] == "refuted":
            return out
        return "unknown", last if out[1] is None else out[1]

    def relaxed(self, key, n):
        """("unsat", None) when the claim's relaxed query (`Claim.relaxed`, spec/claims.md 7.6.4)
        settles the key: it is unsat, and the FULL query's assumptions and hypothesis are
        satisfiable (the key's vacuity check, as `solve` makes after an unsat); ("unknown",
        reason) when that check is not sat; None when the full query must be posed."""
        st = Store(self.variant, n)
        f = self.claim.relaxed(st, key)
        if f is None:
            return None
        status, _ = self.solve_formulas(st.axioms(full=True) + [f], key, True, note="relaxed")
        if status != "unsat":
            self.forms["full"] += 1
            return None
        self.forms["relaxed"] += 1
        st = Store(self.variant, n)
        hyps, _ = split(self.claim.build(st, key, True))
        h, _ = self.solve_formulas(st.axioms(full=True) + hyps, key, True, note="hypothesis")
        self.hypotheses_checked += 1
        if h == "unsat":  # no case reaches this key: it holds trivially (counted in sanity)
            self.keys_unreachable += 1
        elif h != "sat":
            return "unknown", f"the assumptions and the hypothesis of key {key} are {h} on their own (a vacuous proof)"
        return "unsat", None

    def _replay(self, st: Store, model, key, n):
        try:
            cz = Concretizer(st, model, n)
        except NotRepresentable as e:
            return "unknown", str(e)
        name = self.claim.name
        if name in C.TRUTH_CLAIMS:
            n_, dl, kt, km = key
            T, M, truth = C.truth_games(st, dl, C.TRUTH_FORMS[name])
            case, mis = cz.case(T), cz.case(M)
            extra = {"dealer": dl, "misreport_case": mis, "true_mm": cz.report("a", "h_mm"),
                     "true_rm": cz.report("b", "h_rm")}
            dev = self.claim.replay(case, self.variant, extra)
            if dev is None:
                return "unknown", f"DRIFT: the model of key {key} does not replay through the reference"
            dev["misreport_case"] = wire(mis)
            dev["true_mm"] = {"rates": [str(x) for x in extra["true_mm"].rates], "hurdle": str(extra["true_mm"].hurdle)}
            dev["true_rm"] = {"rates": [str(x) for x in extra["true_rm"].rates], "hurdle": str(extra["true_rm"].hurdle)}
            return "refuted", (case, dev)
        case = cz.case(Game(st))
        try:
            check_case(case, self.variant.policy)
        except WireError as e:
            return "unknown", f"DRIFT: the model of key {key} is not a valid case: {e.code} {e.message}"
        dev = self.claim.replay(case, self.variant)
        if dev is None:
            return "unknown", f"DRIFT: the model of key {key} does not replay through the reference"
        return "refuted", (case, dev)

    # -- the run -------------------------------------------------------------------------
    def run(self):
        try:
            return self._run()
        except Timeout:
            return Unknown(f"timeout after {self.queries} queries", self._reached, self.queries)
        except solvers.Disagreement as e:
            return Unknown(f"DISAGREEMENT: {e}", self._reached, self.queries)

    def _done(self, n):
        self._reached = n
        if _REACHED is not None:  # seen by the parent if this worker is ended
            _REACHED.value = n
        self.progress_rows.append([n, round(time.monotonic() - self.t0, 3), round(time.process_time() - self.c0, 3),
                                   self.queries])
        self._say(f"N <= {n} done ({self.queries} queries)")

    def _stats(self) -> dict:
        out = {"seed": self.seed, "retried": self.retried, "progress": self.progress_rows}
        if any(self.forms.values()):
            out["forms"] = dict(self.forms)
        if self.claim.local:
            out["renaming"] = {"canonical_keys": len(self.canon), "renamed": self.renamed,
                               "solved_apart": self.not_renamed}
        return out

    def _say(self, msg):
        if self.progress:
            self.progress(f"[{self.claim.name} / {self.variant.name}] {msg}")

    def _run(self):
        cl = self.claim
        self._reached = 0
        cur = None
        for key in cl.keys(self.bound):
            nk = cl.n_min(key)
            if nk != cur:
                if cur is not None:
                    self._done(cur)
                cur = nk
            if cl.kind == "exists":
                status, payload = self.concrete(key, nk)
                if status == "refuted":
                    case, dev = payload
                    return Proved(nk, self.queries, {"witness_replayed": True}, wire(case), dev)
                if status == "unknown":
                    return Unknown(str(payload), self._reached, self.queries)
                continue
            if cl.local:
                status, info = self.local(key)
                if status == "unsat":
                    continue
                if status == "vacuous":
                    return Unknown(f"key {key}: {info}", self._reached, self.queries)
                sizes = range(nk, self.bound + 1)
            else:
                sizes = [nk]
            for n in sizes:
                status, payload = self.concrete(key, n)
                if status == "refuted":
                    case, dev = payload
                    return Refuted(n, wire(case), dev, self.queries)
                if status == "unknown":
                    return Unknown(f"key {key} at N = {n}: {payload}", self._reached, self.queries)
        if cur is not None and cl.kind == "forall":
            self._done(cur)
        elif cur is not None:
            self._reached = cur
        if cl.kind == "exists":
            return Refuted(self._reached, None, None, self.queries, note=f"no witness for any N <= {self._reached}")
        sanity = self.sanity()
        # every unsat key passed its vacuity check (a vacuous one ended the run as unknown)
        sanity["hypotheses_sat"] = self.hypotheses_checked > self.keys_unreachable
        sanity["hypotheses_checked"] = self.hypotheses_checked
        if self.keys_unreachable:
            sanity["keys_unreachable"] = self.keys_unreachable
        if self.hypotheses_checked and self.hypotheses_checked == self.keys_unreachable:
            return Unknown(f"vacuous: the assumptions and the hypothesis of every key ({self.keys_unreachable}) are unsat "
                           "on their own", self._reached, self.queries)
        if not (sanity["axioms_sat"] and sanity["weakened_refuted"] and sanity["hypotheses_sat"]):
            return Unknown(f"sanity check failed: {sanity}", self._reached, self.queries)
        return Proved(self._reached, self.queries, sanity)

    def sanity(self):
        """The axioms (of a size-n game, n = min(bound, 3)) are satisfiable and a weakened
        claim is refuted: a vacuous encoding cannot pass."""
        n = max(min(self.bound, 3), 2)
        st = Store(self.variant, n)
        key = self.claim.sanity_key(n)
        self.claim.build(st, key, True)
        ax = self.decide(st.axioms(full=True), None, self._ms(), f"{self.claim.name} / {self.variant.name} axioms").status
        st2 = Store(self.variant, n)
        weak, _ = self.query(st2, key, True, weak=True)
        return {"axioms_sat": ax == "sat", "weakened_refuted": weak == "sat", "n": n}


def run_one(claim: str, variant: str, bound: int | None = None, timeout: float = 600.0, progress=None,
            seed: int = SEED, covering: bool = False) -> dict:
    """One claim x variant up to `bound`; with `covering`, a proved local claim also gets the
    covering argument for every N (`proofs.covering`, spec/claims.md 7.6.8) in its record."""
    cl = C.CLAIMS[claim]
    b = cl.default_bound if bound is None else bound
    t0 = time.monotonic()
    solvers.reset_tally()
    run = Run(cl, get_variant(variant), b, timeout, progress=progress, seed=seed)
    res = run.run()
    rec = record(claim, variant, b, res, time.monotonic() - t0)
    rec.update(run._stats())
    rec["solvers"] = solvers.reset_tally()
    if covering and cl.local and rec["verdict"] == "proved":
        from .covering import covering_record

        rec["covering"] = covering_record(claim, variant, seed)
        if str(rec["covering"].get("reason", "")).startswith("DISAGREEMENT"):
            rec["disagreement"] = rec["covering"]["reason"]
    return rec


def _progress(msg):
    print(msg, file=sys.stderr, flush=True)


def _task(args):
    claim, variant, bound, timeout, verbose, seed, covering = args
    return run_one(claim, variant, bound, timeout, _progress if verbose else None, seed, covering)


_REACHED = None  # in a worker of run_many: the N its pair has established so far
GRACE = 60.0  # seconds a worker may run past its pair's timeout (sanity checks, covering) before it is ended


def pair_limit(timeout: float) -> float:
    """Seconds a pair's worker may run: its timeout, once more under `both` (cvc5's own
    budget, `Run.decide`), plus `GRACE`."""
    return timeout * (2 if solvers.mode() == "both" else 1) + GRACE


def run_many(claims, variants, bound=None, timeout=600.0, jobs=2, verbose=True, seed: int = SEED,
             covering: bool = False):
    """Every claim x variant; results in the order of the arguments. With `jobs` > 1 each pair
    runs in its own worker process, and a worker still running `pair_limit(timeout)` seconds
    after it started is terminated: the pair is reported unknown ("timeout after S s"), never
    proved, whatever one long solver query was doing."""
    tasks = [(c, v, bound, timeout, verbose, seed, covering) for c in claims for v in variants]
    # the longest tasks first
    order = sorted(range(len(tasks)), key=lambda i: tasks[i][0] not in C.TRUTH_CLAIMS)
    out: list = [None] * len(tasks)
    if jobs <= 1:
        for i in order:
            out[i] = _task(tasks[i])
            if verbose:
                _progress(_line(out[i]))
        return out
    ctx = mp.get_context("fork")
    pending = list(order)
    running: dict[int, tuple] = {}
    while pending or running:
        while pending and len(running) < jobs:
            i = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            reached = ctx.Value("i", 0)
            proc = ctx.Process(target=_worker, args=(tasks[i], send, reached), daemon=True)
            proc.start()
            send.close()
            running[i] = (proc, recv, time.monotonic(), reached)
        for i, (proc, recv, t0, reached) in list(running.items()):
            rec = None
            if recv.poll(0.2):
                try:
                    kind, rec = recv.recv()
                    if kind == "error":
                        for p, *_ in running.values():
                            p.kill()
                        raise rec
                except EOFError:  # the worker died without a record
                    rec = _ended(tasks[i], time.monotonic() - t0, f"worker ended (exit code {proc.exitcode})",
                                 reached.value)
            elif time.monotonic() - t0 > pair_limit(timeout):
                proc.terminate()
                rec = _ended(tasks[i], time.monotonic() - t0, f"timeout after {timeout:g} s (worker terminated)",
                             reached.value)
            if rec is None:
                continue
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            recv.close()
            del running[i]
            out[i] = rec
            if verbose:
                _progress(_line(rec))
    return out


def _worker(task, send, reached):
    global _REACHED
    _REACHED = reached
    try:
        send.send(("record", _task(task)))
    except Exception as e:  # noqa: BLE001 - sent to the parent and raised there, as the pool did
        send.send(("error", e))
    finally:
        send.close()


def _ended(task, seconds: float, reason: str, reached: int) -> dict:
    """The record of a pair whose worker was ended: unknown, every N <= `reached` established."""
    claim, variant, bound, *_ = task
    b = C.CLAIMS[claim].default_bound if bound is None else bound
    return record(claim, variant, b, Unknown(reason, reached), seconds)


def _line(rec):
    return f"{rec['claim']:22s} {rec['variant']:18s} {rec['verdict']:8s} N<={rec['reached']:<3d} {rec['seconds']:8.2f}s"
