"""`reposelect prove --scaling`: time against N per claim (standard rule), a table on stdout.

Each row is one run of the claim for every N up to the row's N (so a row's time includes
all smaller sizes), on one core. No assertion is made about the times.
"""
from __future__ import annotations

import sys
import time

from .claims import CLAIM_NAMES, TRUTH_CLAIMS
from .runner import run_one

SIZES = (1, 2, 4, 8, 16, 24, 32)
TRUTH_SIZES = (1, 2, 3, 4, 5, 6)


def run_scaling(claims=None, max_n: int = 32, timeout: float = 600.0, verbose: bool = True) -> int:
    claims = claims or [c for c in CLAIM_NAMES if c != "multiple_equilibria"]
    print("| claim | N | verdict | seconds | queries |")
    print("| --- | ---: | --- | ---: | ---: |")
    for c in claims:
        sizes = TRUTH_SIZES if c in TRUTH_CLAIMS else SIZES
        for n in sizes:
            if n > max_n:
                break
            t0 = time.monotonic()
            rec = run_one(c, "standard", n, timeout)
            print(f"| {c} | {n} | {rec['verdict']} | {time.monotonic() - t0:.2f} | {rec['queries']} |", flush=True)
            if verbose:
                print(f"scaling: {c} N={n} done", file=sys.stderr, flush=True)
            if rec["verdict"] != "proved":
                break
    return 0
