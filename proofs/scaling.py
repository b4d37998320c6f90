"""`reposelect prove --scaling`: time against N per claim (standard rule), a table on stdout.

Each row is one run of the claim for every N up to the row's N (so a row's time includes
all smaller sizes), on one core. No assertion is made about the times. With `--out FILE`
the rows are also written as JSON (with the date, machine and load), which
spec/claims.md 7.4 renders (`proofs/results/scaling.json`).
"""
from __future__ import annotations

import json
import sys
import time

from .claims import CLAIM_NAMES, TRUTH_CLAIMS
from .runner import run_one

SIZES = (1, 2, 4, 8, 16, 24, 32)
TRUTH_SIZES = (1, 2, 3, 4, 5, 6)


def run_scaling(claims=None, max_n: int = 32, timeout: float = 600.0, verbose: bool = True, out: str | None = None,
                sizes=SIZES, truth_sizes=TRUTH_SIZES) -> int:
    from .report import load_average, machine

    claims = claims or [c for c in CLAIM_NAMES if c != "multiple_equilibria"]
    load0, t_all = load_average(), time.monotonic()
    rows = []
    print("| claim | N | verdict | seconds | cpu seconds | queries |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for c in claims:
        for n in truth_sizes if c in TRUTH_CLAIMS else sizes:
            if n > max_n:
                break
            t0, c0 = time.monotonic(), time.process_time()
            rec = run_one(c, "standard", n, timeout)
            row = {"claim": c, "n": n, "verdict": rec["verdict"], "seconds": round(time.monotonic() - t0, 3),
                   "cpu_seconds": round(time.process_time() - c0, 3), "queries": rec["queries"]}
            rows.append(row)
            print(f"| {c} | {n} | {row['verdict']} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f} | {row['queries']} |",
                  flush=True)
            if verbose:
                print(f"scaling: {c} N={n} done", file=sys.stderr, flush=True)
            if rec["verdict"] != "proved":
                break
    if out:
        meta = machine()
        meta.update({"command": "reposelect prove " + " ".join(sys.argv[2:] if sys.argv[1:2] == ["prove"] else []),
                     "total_seconds": round(time.monotonic() - t_all, 1), "load_at_start": load0, "rows": rows})
        with open(out, "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
    return 0
