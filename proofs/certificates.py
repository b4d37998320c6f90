"""The every-N proofs as SMT-LIB 2 files anyone can re-decide (spec/claims.md 7.12).

`unbounded_queries(claim, variant)` rebuilds exactly the queries the prover poses for every
N (each must be unsat): `unbounded.prove_unbounded` (7.8), each dealer's lemmas of
`truthful_unbounded` (7.9) and `theta_independence` (7.15); `cross_check(record)` decides them again with the solver(s) of
the current mode and adds, per solver, the verdict counts and time to the record; `export`
writes them, one `.smt2` file per query with `(set-info :status unsat)`, under
proofs/results/smt2/, which CI re-decides (tests/proofs/test_certificates.py).

    reposelect prove --export-smt2 DIR      # write the files
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import z3

from reposelect.reference.types import ROLES

from . import solvers
from .solve import SEED, solve
from .theta_independence import CLAIM as THETA, queries as theta_queries
from .truthful_unbounded import TRUTH_UNBOUNDED, steps_of
from .unbounded import UNBOUNDED_CLAIMS, UGame, _queries, _selection_queries
from .variants import get_variant

DEFAULT_DIR = Path(__file__).resolve().parent / "results" / "smt2"


#: The claims whose every-N proofs are exported: the unbounded proofs of 7.8, each dealer's
#: lemmas of 7.9 and the queries of 7.15.
EXPORTED = UNBOUNDED_CLAIMS + TRUTH_UNBOUNDED + (THETA,)


def unbounded_queries(claim: str, variant: str):
    """[(label, [formulas])] of the every-N proof of `claim` under `variant` (each must be
    unsat), exactly as the prover poses them: `unbounded` (7.8), `truthful_unbounded.steps_of`
    per dealer (7.9), `theta_independence.queries` (7.15)."""
    if claim in TRUTH_UNBOUNDED:
        return [(f"{dl} {name}", fs) for dl in ROLES for name, fs, _ in steps_of(claim, variant, dl)[0]]
    if claim == THETA:
        return list(theta_queries(variant)[0])
    g = UGame(get_variant(variant))
    if claim == "selection":
        return [(label, [f]) for label, f in _selection_queries(g)]
    ax = g.axioms()
    return [(label, ax + [f]) for label, f in _queries(claim, g)]


def cross_check(rec: dict, timeout_ms: int = solvers.BOTH_CVC5_MS) -> dict:
    """Re-decide an unbounded record's queries with cvc5 when the mode is "cvc5" or "both",
    each through `solve.solve` as Z3 decided them (a fresh context, the record's seed,
    retries, the vacuity check after an unsat); adds rec["solvers"] (per solver: verdicts,
    seconds, and cvc5's open queries by name) and, when cvc5 says sat to a query Z3 proved
    (or finds its hypothesis unsatisfiable), rec["disagreement"] naming the query."""
    tally: dict = {"z3": {"unsat": rec.get("queries", 0) if rec["verdict"] == "proved" else 0,
                          "seconds": rec.get("seconds", 0.0)}}
    want = solvers.mode()
    if want == "z3" or rec["claim"] not in UNBOUNDED_CLAIMS:
        rec["solvers"] = tally
        return rec
    c: dict = {"sat": 0, "unsat": 0, "unknown": 0, "seconds": 0.0, "unknown_queries": []}
    for label, fs in unbounded_queries(rec["claim"], rec["variant"]):
        t0 = time.monotonic()
        a = solve(fs, None, timeout_ms, seed=rec.get("seed", SEED), vacuity=True, decide=solvers.cvc5_check)
        c["seconds"] = round(c["seconds"] + time.monotonic() - t0, 3)
        c[a.status] += 1
        name = f"{rec['claim']} / {rec['variant']} unbounded query {label}"
        if a.status == "unknown":
            c["unknown_queries"].append(f"{label}: {a.reason}")
        elif rec["verdict"] == "proved" and a.status == "sat":
            rec["disagreement"] = f"solvers disagree on {name}: z3 says unsat, cvc5 says sat"
        elif rec["verdict"] == "proved" and a.hypothesis == "unsat":
            rec["disagreement"] = (f"solvers disagree on {name} (vacuity check): z3 finds the hypothesis "
                                   "satisfiable, cvc5 unsatisfiable")
    tally["cvc5"] = c
    rec["solvers"] = tally
    return rec


def export(records, out_dir: Path = DEFAULT_DIR, timeouts_ms: dict | None = None) -> list[Path]:
    """One .smt2 file per query of every proved every-N record (`EXPORTED`), plus an index.json with
    Z3's and cvc5's verdict and time on each file's text (limits per solver: `TIMEOUTS_MS`).
    Files of an earlier export that no longer belong to the set are removed."""
    limits = dict(TIMEOUTS_MS, **(timeouts_ms or {}))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, index = [], []
    for rec in records:
        if rec["bound"] != "unbounded" or rec["verdict"] != "proved" or rec["claim"] not in EXPORTED:
            continue
        for label, fs in unbounded_queries(rec["claim"], rec["variant"]):
            name = f"{rec['claim']}__{rec['variant']}__{_slug(label)}.smt2"
            text = solvers.smtlib(fs, status="unsat",
                                  name=f"{rec['claim']} / {rec['variant']}, unbounded query '{label}' (must be unsat)")
            (out_dir / name).write_text(text, encoding="utf-8")
            written.append(out_dir / name)
            entry = {"file": name, "claim": rec["claim"], "variant": rec["variant"], "query": label,
                     "status": "unsat", "logic": solvers.logic_of(text)}
            for solver in ("z3", "cvc5"):  # each solver's verdict and time on the file's text
                t0 = time.monotonic()
                entry[solver] = redecide(out_dir / name, solver, limits[solver])
                entry[f"{solver}_seconds"] = round(time.monotonic() - t0, 2)
            index.append(entry)
    for old in set(out_dir.glob("*.smt2")) - set(written):
        old.unlink()
    (out_dir / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return written


#: Each solver's limit per committed file (export and --check): cvc5 gets the limit it has
#: under `--solver both`.
TIMEOUTS_MS = {"z3": 120000, "cvc5": solvers.BOTH_CVC5_MS}


def same_query(text_a: str, text_b: str) -> bool:
    """Two SMT-LIB 2 texts assert the same formulas (read into one context; the names of
    `let` bindings, which follow Z3's term ids, do not matter)."""
    ctx = z3.Context()
    a, b = z3.parse_smt2_string(text_a, ctx=ctx), z3.parse_smt2_string(text_b, ctx=ctx)
    return len(a) == len(b) and all(x.eq(y) for x, y in zip(a, b))


def drift(out_dir: Path = DEFAULT_DIR, index=None) -> list[str]:
    """The committed files that are not the query the prover poses today (or whose query no
    longer exists); empty when the files are current."""
    out_dir = Path(out_dir)
    index = index if index is not None else json.loads((out_dir / "index.json").read_text(encoding="utf-8"))
    out, cache = [], {}
    for e in index:
        key = (e["claim"], e["variant"])
        if key not in cache:
            cache[key] = dict(unbounded_queries(*key))
        fs = cache[key].get(e["query"])
        if fs is None or not same_query(solvers.smtlib(fs), (out_dir / e["file"]).read_text(encoding="utf-8")):
            out.append(e["file"])
    return out


def check(out_dir: Path = DEFAULT_DIR, files=None, progress=None, decided_only: bool = False) -> list[str]:
    """Re-decide committed files with both solvers from their text: every answer the index
    records as unsat must be unsat again, and no solver may say sat. `decided_only`: skip a
    solver on a file the index records it did not decide. Returns the problems."""
    out_dir = Path(out_dir)
    index = json.loads((out_dir / "index.json").read_text(encoding="utf-8"))
    problems = []
    for e in index:
        if files is not None and e["file"] not in files:
            continue
        for solver in ("z3", "cvc5"):
            if decided_only and e[solver] != "unsat":
                continue
            got = redecide(out_dir / e["file"], solver, TIMEOUTS_MS[solver])
            if got == "sat" or (e[solver] == "unsat" and got != "unsat"):
                problems.append(f"{e['file']}: {solver} says {got}, the index says {e[solver]}")
        if progress:
            progress(f"{e['file']}: done")
    return problems


def _slug(label: str) -> str:
    return label.replace("<", "lt").replace(">", "gt").replace(" ", "_")


def redecide(path: Path, solver: str, timeout_ms: int) -> str:
    """Decide one committed file with `solver` ("z3" or "cvc5") from its text alone."""
    text = Path(path).read_text(encoding="utf-8")
    if solver == "z3":
        return solvers.decide_z3_text(text, timeout_ms)[0]
    return solvers.decide_cvc5(text, timeout_ms)[0]


def z3_version() -> str:
    return z3.get_version_string()


def main(argv=None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m reposelect.proofs.certificates",
                                 description="re-decide (or re-export) the committed SMT-LIB 2 queries")
    ap.add_argument("--check", action="store_true", help="every file: no drift, both solvers agree with the index")
    ap.add_argument("--export", action="store_true",
                    help="rewrite the files and index.json from today's encodings (the proved unbounded "
                         "records of proofs/results/default-run.json)")
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    args = ap.parse_args(argv)
    if args.export:
        from .report import load

        _, records = load(str(Path(__file__).resolve().parent / "results" / "default-run.json"))
        print(f"{len(export(records, Path(args.dir)))} files written")
    problems = []
    if args.check:
        problems = [f"{f}: not the query the prover poses today (re-export)" for f in drift(Path(args.dir))]
        problems += check(Path(args.dir), progress=lambda m: print(m, file=sys.stderr, flush=True))
    for p in problems:
        print(p, file=sys.stderr)
    if args.check:
        print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
