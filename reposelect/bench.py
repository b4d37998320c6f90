"""`reposelect bench`: benchmark tables (never timed assertions).

Table 1 times `select` end to end as the wire transport runs it (parse the JSON
bytes, validate, equilibria, select, serialise) for N = 10^2 .. max_n. Table 2 times
the fast equilibrium algorithm against the definitional one on the same cases, in
the same process, and prints the ratio; the definitional algorithm runs only while a
size stays within the budget.
"""
from __future__ import annotations

import json
import os
import platform
import random
import time

from reposelect.reference.fast import equilibria_fast
from reposelect.reference.game import equilibria_definitional
from reposelect.reference.wire import answer, dumps, parse_case


def synthetic_case(n: int, seed: int = 1) -> bytes:
    """A valid case with N = n: rates in basis points around 4.30% / 4.70%, monotone."""
    rng = random.Random(seed)
    a, b = [], []
    x, y = 430_000, 470_000 + 10 * n  # rates in units of 1e-5 percent
    for _ in range(n):
        x += rng.randrange(0, 20)
        y -= rng.randrange(0, 30)
        a.append(x)
        b.append(max(y, 0))
    fmt5 = lambda v: f"{v // 100000}.{v % 100000:05d}"  # noqa: E731
    case = {
        "grid": list(range(0, 10 * (n + 1), 10)),
        "mm": {"rates": [fmt5(v) for v in a], "hurdle": "0.05"},
        "rm": {"rates": [fmt5(v) for v in b], "hurdle": "0.10"},
    }
    return json.dumps(case).encode()


def _best(fn, repeat: int) -> float:
    best = float("inf")  # timing only; nothing here decides a result
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def run_bench(max_n: int = 1_000_000, budget: float = 60.0, repeat: int = 3, out=print) -> int:
    out(f"machine: {machine()}")
    out("")
    out("Table 1: select end to end (parse + validate + equilibria + select + serialise), best of "
        f"{repeat}")
    out(f"{'N':>9} {'bytes in':>10} {'seconds':>9} {'us per point':>13}")
    n = 100
    while n <= max_n:
        data = synthetic_case(n)
        reps = repeat if n <= 100_000 else 1
        t = _best(lambda data=data: dumps(answer(data)), reps)
        out(f"{n:>9} {len(data):>10} {t:>9.3f} {1e6 * t / n:>13.2f}")
        n *= 10
    out("")
    out("Table 2: equilibrium set, fast (O(N) envelope) against definitional (O(N^2)), same process")
    out(f"{'N':>7} {'fast s':>9} {'definitional s':>15} {'ratio':>9} {'agree':>6}")
    for n in (10, 50, 100, 250, 500, 1000, 2000, 4000):
        case = parse_case(synthetic_case(n))
        tf = _best(lambda case=case: equilibria_fast(case), repeat)
        # Estimate the definitional cost from the last size before running it.
        t0 = time.perf_counter()
        d = equilibria_definitional(case)
        td = time.perf_counter() - t0
        agree = d == equilibria_fast(case)
        out(f"{n:>7} {tf:>9.4f} {td:>15.3f} {td / tf:>9.0f} {'yes' if agree else 'NO':>6}")
        if td * 4.5 > budget:  # the next size roughly quadruples the time
            out(f"(definitional stopped: N = {n} took {td:.1f} s; the next size would exceed the {budget:.0f} s budget)")
            break
    return 0
