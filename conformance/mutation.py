"""`reposelect conform mutants`: the suite's mutation score (spec/conformance.md 10.5).

Runs every deliberately wrong implementation in conformance/mutants/ against the
vectors and prints, per mutant, its bug (the first line of its docstring), how many
vectors failed or errored, and whether the suite caught it. Exit status 1 when any
mutant survives.
"""
from __future__ import annotations

import ast
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor

from .runner import Result, run
from .suite import HERE, Vector

MUTANTS = HERE / "mutants"


def mutants() -> dict[str, str]:
    """name -> one-line description of its bug."""
    out = {}
    for p in sorted(MUTANTS.glob("*.py")):
        if p.name.startswith("_"):
            continue
        doc = ast.get_docstring(ast.parse(p.read_text("utf-8"))) or ""
        out[p.name] = doc.strip().splitlines()[0] if doc.strip() else "(no description)"
    return out


def command(name: str) -> str:
    """The command that runs mutant `name`."""
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(MUTANTS / name))}"


def run_mutants(vectors: list[Vector], timeout: float = 5.0, workers: int = 2) -> dict[str, list[Result]]:
    """Run every mutant against the vectors; mutant name -> its results."""
    names = list(mutants())
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(names, pool.map(lambda n: run(vectors, command(n), timeout=timeout), names)))


def report(results: dict[str, list[Result]], out=print) -> int:
    """Print the mutation score table; 1 when a mutant survives, else 0."""
    descs = mutants()
    width = max(len(n) for n in results)
    out(f"{'mutant':<{width}}  {'fail':>5} {'error':>5}  verdict   bug")
    survivors = 0
    for name, rs in results.items():
        fail = sum(r.status == "fail" for r in rs)
        err = sum(r.status == "error" for r in rs)
        caught = fail + err > 0
        survivors += not caught
        out(f"{name:<{width}}  {fail:>5} {err:>5}  {'caught  ' if caught else 'SURVIVED'}  {descs.get(name, '')}")
    total = len(results)
    out(f"mutation score: {total - survivors}/{total} caught ({100.0 * (total - survivors) / total:.0f}%)")
    return 1 if survivors else 0
