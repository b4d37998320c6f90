"""`reposelect audit --bench`: prove and verify times and proof sizes of the selection proof.

Prints a table (never asserts on time). The cases are deterministic: rates in units
of 1e-4 pp around 4.30% (MM, rising) and 4.70% (RM, falling), grid step 50, hurdles
chosen so that the selected trade sits in the middle of the grid.
"""
from __future__ import annotations

import platform
import random
import time

from reposelect.reference.select import select
from reposelect.reference.types import Case, Report

from . import zkp
from .group import commit, rand_scalar

DEFAULT_SIZES = (16, 64, 256)


def bench_case(n: int, seed: int = 1, no_trade: bool = False):
    rng = random.Random(seed)
    a, b, x, y = [], [], 43_000, 47_000 + 40 * n
    for _ in range(n):
        x += rng.randrange(0, 30)
        y -= rng.randrange(20, 80)
        a.append(x)
        b.append(max(y, 0))
    mid = n // 2
    h = b[mid] - a[mid] if not no_trade else zkp.RATE_MAX
    return tuple(range(0, 50 * (n + 1), 50)), a, b, max(h, 0), 0


def commit_case(grid, a, b, hm, hr, tie_break: str = "largest_volume"):
    """Commit integer-unit schedules and hurdles with fresh blindings.

    Returns (reference outcome, witness values, blindings, BDmm's commitments, BDrm's
    commitments); each side's commitments are its rates then its hurdle."""
    n = len(grid) - 1
    U = zkp.from_units
    case = Case(tuple(grid), Report(tuple(map(U, a)), U(hm)), Report(tuple(map(U, b)), U(hr)), tie_break=tie_break)
    o = select(case)
    vals = {f"A{j}": a[j - 1] for j in range(1, n + 1)} | {f"B{j}": b[j - 1] for j in range(1, n + 1)}
    vals |= {"hm": hm, "hr": hr}
    bl = {k: rand_scalar() for k in vals}
    cm = tuple(commit(vals[f"A{j}"], bl[f"A{j}"]) for j in range(1, n + 1)) + (commit(hm, bl["hm"]),)
    cr = tuple(commit(vals[f"B{j}"], bl[f"B{j}"]) for j in range(1, n + 1)) + (commit(hr, bl["hr"]),)
    return o, vals, bl, cm, cr


def build(n: int, seed: int = 1, no_trade: bool = False):
    """(statement, witness) for a bench case, with fresh commitments."""
    grid, a, b, hm, hr = bench_case(n, seed, no_trade)
    o, vals, bl, cm, cr = commit_case(grid, a, b, hm, hr)
    u_mm, u_rm = (zkp.to_units(o.r_mm), zkp.to_units(o.r_rm)) if o.trade else (0, 0)
    assert u_mm is not None and u_rm is not None  # bench rates have few decimals
    st = zkp.Statement(b"bench-session", grid, "0.5", "largest_volume", cm, cr, o.trade, o.index, u_mm, u_rm)
    return st, zkp.Witness(vals, bl)


def run_bench(sizes=DEFAULT_SIZES, repeat: int = 1, out=print, modes=("bits", "ipa")) -> int:
    out(f"selection proof benchmark (secp256k1 via coincurve); python {platform.python_version()}, "
        f"{platform.machine()}; best of {repeat}; bits = bit-decomposition range proofs, "
        f"ipa = one aggregated inner-product range proof")
    out(f"{'N':>5} {'outcome':>9} {'ranges':>7} {'range bits':>10} {'mode':>5} {'prove s':>8} {'verify s':>9} {'proof KiB':>10}")
    for n in sizes:
        for no_trade in (False, True):
            st, wit = build(n, no_trade=no_trade)
            for mode in modes:
                if mode == "ipa":
                    from . import ipa
                    ipa.generators(ipa.padded_length([r[3] for r in zkp.range_claims(st, "ipa")]))  # one-off setup
                tp = tv = float("inf")
                for _ in range(repeat):
                    t = time.perf_counter()
                    proof = zkp.prove(st, wit, ranges=mode)
                    tp = min(tp, time.perf_counter() - t)
                    t = time.perf_counter()
                    summary = zkp.verify(st, proof, ranges=mode)
                    tv = min(tv, time.perf_counter() - t)
                label = f"k={st.index}" if st.trade else "no trade"
                out(f"{n:>5} {label:>9} {summary['ranges']:>7} {summary['range_bits']:>10} {mode:>5} {tp:>8.2f} "
                    f"{tv:>9.2f} {len(proof) / 1024:>10.1f}")
    return 0
