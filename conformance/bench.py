"""`reposelect conform bench`: how long the whole suite takes over JSON Lines (a table, never an assertion)."""
from __future__ import annotations

import os
import platform
import shlex
import sys
import time

from reposelect.reference.transport import answer

from .runner import run
from .suite import Vector


def run_bench(vectors: list[Vector], command: str | None = None, timeout: float = 10.0, repeat: int = 3, out=print) -> int:
    """`reposelect conform bench`: time the whole suite against an implementation and print the table."""
    command = command or f"{shlex.quote(sys.executable)} -m reposelect serve"
    out(f"conformance benchmark: {len(vectors)} vectors, {sum(len(v.input) for v in vectors) / 1e6:.2f} MB of input")
    out(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cpu(s), {platform.machine()}")
    out(f"implementation: {command}")
    out("")
    walls, last = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        results = run(vectors, command, timeout=timeout)
        walls.append(time.perf_counter() - t0)
        last = results
    assert last is not None  # repeat >= 1 runs
    bad = sum(r.status in ("fail", "error") for r in last)
    groups: dict[str, list] = {}
    for r in last:
        groups.setdefault(r.vector.group, []).append(r)
    width = max(len(g) for g in groups)
    out("(answer ms: time from the previous answer to this one; the first answer includes process start-up)")
    out(f"{'group':<{width}} {'vectors':>7} {'answer ms (sum)':>16} {'slowest ms':>11}")
    for g in sorted(groups):
        rs = groups[g]
        out(f"{g:<{width}} {len(rs):>7} {1000 * sum(r.seconds for r in rs):>16.1f} {1000 * max(r.seconds for r in rs):>11.1f}")
    t0 = time.perf_counter()
    for v in vectors:
        answer(v.input)
    inproc = time.perf_counter() - t0
    out("")
    out(f"{'measure':<52} {'seconds':>8}")
    out(f"{'whole suite over JSON Lines, best of ' + str(repeat) + ' (incl. process start)':<52} {min(walls):>8.3f}")
    out(f"{'whole suite over JSON Lines, worst of ' + str(repeat):<52} {max(walls):>8.3f}")
    out(f"{'same vectors in-process (reference answer(), no I/O)':<52} {inproc:>8.3f}")
    out(f"{'failures / errors in the last run':<52} {bad:>8}")
    return 1 if bad else 0
