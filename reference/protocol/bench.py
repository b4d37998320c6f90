"""`reposelect audit --bench`: prove and verify times and proof sizes of the selection proof.

Prints a table (never asserts on time). The cases are deterministic: rates in units
of 1e-4 pp around 4.30% (MM, rising) and 4.70% (RM, falling), grid step 50, hurdles
chosen so that the selected trade sits in the middle of the grid ("trade"), or at the
first volume ("first": every other volume above k, the largest proof for the N), or
that nothing trades ("no trade").

Every row runs in a fresh child process, so that its peak memory (the child's maximum
resident set) is its own, and reports CPU time (`time.process_time`) and wall time
(best of `repeat`), the floor measured in the same run and the ratio to it, and the
machine's load average when the row ran: a reader can tell a slow program from a busy
machine. The floor of a row is one multi-scalar multiplication of 2K generators with
random scalars, K the padded length of the row's aggregated range proof: the commitment
S to the blinding vectors, which any prover of such a proof computes, and the size of
the verifier's single multi-scalar multiplication. With `baseline` (a git revision),
the same rows are also run on that revision's code, side by side in the same run.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from reposelect.reference.select import select
from reposelect.reference.transport import IO_ERROR, render_record
from reposelect.reference.types import Case, Report, TieBreak

from . import zkp
from .group import commit, rand_scalar

DEFAULT_SIZES = (16, 64, 256)


def bench_case(n: int, seed: int = 1, no_trade: bool = False):
    """A seeded benchmark case of N trading points: (grid, a, b, h_mm, h_rm) in integer units."""
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
    case = Case(tuple(grid), Report(tuple(map(U, a)), U(hm)), Report(tuple(map(U, b)), U(hr)), tie_break=TieBreak(tie_break))
    o = select(case)
    vals = {f"A{j}": a[j - 1] for j in range(1, n + 1)} | {f"B{j}": b[j - 1] for j in range(1, n + 1)}
    vals |= {"hm": hm, "hr": hr}
    bl = {k: rand_scalar() for k in vals}
    cm = tuple(commit(vals[f"A{j}"], bl[f"A{j}"]) for j in range(1, n + 1)) + (commit(hm, bl["hm"]),)
    cr = tuple(commit(vals[f"B{j}"], bl[f"B{j}"]) for j in range(1, n + 1)) + (commit(hr, bl["hr"]),)
    return o, vals, bl, cm, cr


def build(n: int, seed: int = 1, no_trade: bool = False, first: bool = False):
    """(statement, witness) for a bench case, with fresh commitments; `first`: the hurdle is the
    first volume's spread, so the trade is at k = 1 (spreads fall strictly in the bench case)."""
    grid, a, b, hm, hr = bench_case(n, seed, no_trade)
    if first:
        hm = b[0] - a[0]
    o, vals, bl, cm, cr = commit_case(grid, a, b, hm, hr)
    u_mm, u_rm = (zkp.to_units(o.r_mm), zkp.to_units(o.r_rm)) if o.trade else (0, 0)
    assert u_mm is not None and u_rm is not None  # bench rates have few decimals
    st = zkp.Statement(b"bench-session", grid, "0.5", "largest_volume", cm, cr, o.trade, o.index, u_mm, u_rm)
    return st, zkp.Witness(vals, bl)


#: The statements of each N: (name, no_trade, first).
VARIANTS = (("trade", False, False), ("first", False, True), ("no trade", True, False))

# One row, run in a child process. It uses only names that every revision of the protocol
# package has had (bench.build / bench_case / commit_case, zkp.Statement / to_units / prove /
# verify / range_claims, ipa.generators / padded_length), so the same text measures a
# baseline revision's code; the "first" statement is built here from those names.
_ROW = r"""
import json, os, resource, sys, time
if os.environ.get("REPOSELECT_BENCH_TREE"):  # measure another revision: its tree first, no editable finder
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in type(f).__module__
                        and "__editable__" not in getattr(f, "__name__", "")]
    sys.path.insert(0, os.environ["REPOSELECT_BENCH_TREE"])
from reposelect.reference.protocol import bench, ipa, zkp
n, variant, mode, repeat = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
if variant == "first":  # the hurdle is the first volume's spread: the trade is at k = 1
    grid, a, b, hm, hr = bench.bench_case(n)
    o, vals, bl, cm, cr = bench.commit_case(grid, a, b, b[0] - a[0], hr)
    st = zkp.Statement(b"bench-session", grid, "0.5", "largest_volume", cm, cr, o.trade, o.index,
                       zkp.to_units(o.r_mm), zkp.to_units(o.r_rm))
    wit = zkp.Witness(vals, bl)
else:
    st, wit = bench.build(n, no_trade=variant == "no trade")
widths = [r[3] for r in zkp.range_claims(st, mode)]
c, w = time.process_time(), time.perf_counter()
if mode == "ipa":
    ipa.generators(ipa.padded_length(widths))  # one-off per process and length
setup = (time.process_time() - c, time.perf_counter() - w)
best = {"prove": [9e9, 9e9], "verify": [9e9, 9e9]}
for _ in range(repeat):
    c, w = time.process_time(), time.perf_counter()
    proof = zkp.prove(st, wit, ranges=mode)
    best["prove"] = [min(best["prove"][0], time.process_time() - c), min(best["prove"][1], time.perf_counter() - w)]
    c, w = time.process_time(), time.perf_counter()
    zkp.verify(st, proof, ranges=mode)
    best["verify"] = [min(best["verify"][0], time.process_time() - c), min(best["verify"][1], time.perf_counter() - w)]
sched = {}
if hasattr(zkp, "prove_schedule"):  # a dealer's proof of its own schedule (BDmm's; BDrm's is the same size)
    keys = zkp.schedule_keys("mm", st.n)
    vs, bs = [wit.values[k] for k in keys], [wit.blindings[k] for k in keys]
    ipa.generators(ipa.padded_length([r[3] for r in zkp.schedule_ranges("mm", st.n)]))
    sb = {"prove": [9e9, 9e9], "verify": [9e9, 9e9]}
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        sp = zkp.prove_schedule(st.session_id, "mm", st.grid, st.commits_mm, vs, bs)
        sb["prove"] = [min(sb["prove"][0], time.process_time() - c), min(sb["prove"][1], time.perf_counter() - w)]
        c, w = time.process_time(), time.perf_counter()
        zkp.verify_schedule(st.session_id, "mm", st.grid, st.commits_mm, sp)
        sb["verify"] = [min(sb["verify"][0], time.process_time() - c), min(sb["verify"][1], time.perf_counter() - w)]
    sched = {"schedule_range_bits": sum(r[3] for r in zkp.schedule_ranges("mm", st.n)), "schedule_bytes": len(sp),
             "schedule_prove_cpu_s": sb["prove"][0], "schedule_prove_wall_s": sb["prove"][1],
             "schedule_verify_cpu_s": sb["verify"][0], "schedule_verify_wall_s": sb["verify"][1]}
print(json.dumps({**sched, "index": st.index, "trade": st.trade, "ranges": len(widths), "range_bits": sum(widths),
                  "bytes": len(proof), "setup_cpu_s": setup[0], "setup_wall_s": setup[1],
                  "prove_cpu_s": best["prove"][0], "prove_wall_s": best["prove"][1],
                  "verify_cpu_s": best["verify"][0], "verify_wall_s": best["verify"][1],
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_FLOOR = r"""
import json, resource, secrets, sys, time
from reposelect.reference.protocol.group import ORDER, msm
from reposelect.reference.protocol.ipa import generators
k, repeat = int(sys.argv[1]), int(sys.argv[2])
g, h = generators(k)
best = [9e9, 9e9]
for _ in range(repeat):
    sc = [secrets.randbelow(ORDER) for _ in range(2 * k)]
    c, w = time.process_time(), time.perf_counter()
    msm(g + h, sc)
    best = [min(best[0], time.process_time() - c), min(best[1], time.perf_counter() - w)]
print(json.dumps({"floor_cpu_s": best[0], "floor_wall_s": best[1],
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


_PRIMITIVES = r"""
import json, secrets, sys, time
from reposelect.reference.protocol.group import G, H, ORDER, add, hash_to_curve, msm, mul
reps = int(sys.argv[1])
def best(f):
    b = 9e9
    for _ in range(reps):
        c = time.process_time()
        f()
        b = min(b, time.process_time() - c)
    return b
xs = [secrets.randbelow(ORDER) for _ in range(1024)]
pts = [H]
while len(pts) < 1024:  # distinct points, cheaply
    pts.append(add(pts[-1], G))
out = {"bls12_381_g1_mul_us": best(lambda: [mul(G, x) for x in xs[:30]]) / 30 * 1e6,
       "bls12_381_g1_msm_1024_ms": best(lambda: msm(pts, xs)) * 1e3,
       "bls12_381_g1_hash_to_curve_us": best(lambda: [hash_to_curve(b"t%d" % i) for i in range(30)]) / 30 * 1e6}
try:
    from coincurve import PublicKey
    from coincurve.utils import GROUP_ORDER_INT
    P = PublicKey.from_secret(b"\x01" * 32)
    ks = [secrets.randbelow(GROUP_ORDER_INT).to_bytes(32, "big") for _ in range(30)]
    out["secp256k1_coincurve_mul_us"] = best(lambda: [P.multiply(k) for k in ks]) / 30 * 1e6
except ImportError:
    out["secp256k1_coincurve_mul_us"] = None
print(json.dumps(out))
"""


def _child(script: str, args: list, tree: str | None = None) -> dict:
    env = dict(os.environ)
    env.pop("REPOSELECT_BENCH_TREE", None)
    if tree:
        env["REPOSELECT_BENCH_TREE"] = tree
    res = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True, env=env)
    if res.returncode != 0:
        raise RuntimeError(f"bench child failed: {res.stderr.strip().splitlines()[-1] if res.stderr.strip() else res.returncode}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def baseline_tree(rev: str, dest: str) -> str:
    """Extract the code of git revision `rev` into `dest` as an importable `reposelect` package."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True, cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    src = os.path.join(dest, "src")
    os.makedirs(src)
    arch = subprocess.run(["git", "archive", rev, "reposelect", "reference"], capture_output=True, check=True, cwd=root)
    subprocess.run(["tar", "-x", "-C", src], input=arch.stdout, check=True)
    if os.path.isdir(os.path.join(src, "reposelect", "reference")):  # reposelect/ holds a link to reference/
        return src
    pkg = os.path.join(dest, "pkg")  # older layouts: build the package with the link
    shutil.copytree(os.path.join(src, "reposelect"), os.path.join(pkg, "reposelect"), symlinks=True)
    os.symlink(os.path.join(src, "reference"), os.path.join(pkg, "reposelect", "reference"))
    return pkg


def machine() -> dict:
    """The machine a benchmark ran on: cpus, python, platform and the crypto libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version
    libs: dict[str, str | None] = {}
    for lib in ("py_arkworks_bls12381", "coincurve"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            libs[lib] = None
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "machine": platform.machine(), "libraries": libs}


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def run_bench(sizes=DEFAULT_SIZES, repeat: int = 1, out=print, modes=("ipa",), json_path: str | None = None,
              baseline: str | None = None, baseline_modes=("bits", "ipa")) -> int:
    """`reposelect audit --bench`: time prove and verify per size and mode, print the table (and write it with `json_path`)."""
    from . import ipa
    m = machine()
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    out(f"selection proof benchmark, {started}; {m['cpu_count']} cpus, python {m['python']}, {m['platform']}; "
        f"best of {repeat}; each row in a fresh process")
    out("floor = one multi-scalar multiplication of 2K generators (K = padded range-proof length of the row's "
        "statement in this code); ratio = CPU time / floor CPU time; sch.prv / sch.vfy = one dealer's schedule "
        "proof, prove / verify CPU s; rss = the row's peak resident memory; load = 1-minute load average when "
        "the row ran")
    hdr = (f"{'N':>4} {'outcome':>8} {'code':>8} {'mode':>4} {'bits':>6} {'K':>6} {'setup':>6} {'prove':>7} "
           f"{'(wall)':>7} {'x flr':>6} {'verify':>7} {'(wall)':>7} {'x flr':>6} {'floor':>6} {'KiB':>7} "
           f"{'sch.prv':>7} {'sch.vfy':>7} {'rss MiB':>7} {'load':>5}")
    prims = _child(_PRIMITIVES, [max(repeat, 3)])
    out("primitives (CPU, best of %d): " % max(repeat, 3) + "; ".join(f"{k} = {v:.1f}" for k, v in prims.items()
                                                                    if v is not None))
    out(hdr)
    rows = []
    tmp = tempfile.mkdtemp(prefix="reposelect-bench-") if baseline else None
    try:
        base_tree = baseline_tree(baseline, tmp) if baseline and tmp else None
        for n in sizes:
            seen = set()
            for variant, no_trade, first in VARIANTS:
                st, _ = build(n, no_trade=no_trade, first=first)
                if (st.trade, st.index) in seen:  # small N: the first volume is the middle one
                    continue
                seen.add((st.trade, st.index))
                k = ipa.padded_length([r[3] for r in zkp.range_claims(st, "ipa")])
                floor = _child(_FLOOR, [k, max(repeat, 2)])
                runs: list[tuple[str, str, str | None]] = [("current", md, None) for md in modes]
                if base_tree:
                    runs += [(f"baseline {baseline}", md, base_tree) for md in baseline_modes]
                for code, mode, tree in runs:
                    load = _load()
                    r = _child(_ROW, [n, variant, mode, repeat], tree)
                    row = {"n": n, "outcome": f"k={r['index']}" if r["trade"] else "no trade", "variant": variant,
                           "code": code,
                           "mode": mode, "padded_k": k, **r, "floor_cpu_s": floor["floor_cpu_s"],
                           "floor_wall_s": floor["floor_wall_s"],
                           "prove_ratio": r["prove_cpu_s"] / floor["floor_cpu_s"],
                           "verify_ratio": r["verify_cpu_s"] / floor["floor_cpu_s"], "load_1min": load}
                    rows.append(row)
                    sched = (f"{r['schedule_prove_cpu_s']:>7.3f} {r['schedule_verify_cpu_s']:>7.3f}"
                             if "schedule_prove_cpu_s" in r else f"{'-':>7} {'-':>7}")
                    out(f"{n:>4} {row['outcome']:>8} {('before' if tree else 'after'):>8} {mode:>4} "
                        f"{r['range_bits']:>6} {k:>6} {r['setup_cpu_s']:>6.2f} {r['prove_cpu_s']:>7.3f} "
                        f"{r['prove_wall_s']:>7.3f} {row['prove_ratio']:>6.1f} {r['verify_cpu_s']:>7.3f} "
                        f"{r['verify_wall_s']:>7.3f} {row['verify_ratio']:>6.1f} {floor['floor_cpu_s']:>6.3f} "
                        f"{r['bytes'] / 1024:>7.1f} {sched} {r['peak_rss_mib']:>7.0f} {load:>5.2f}")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if json_path:
        doc = {"benchmark": "reposelect audit --bench", "date": started, "machine": m,
               "load_avg_start": rows[0]["load_1min"] if rows else None, "load_avg_end": _load(),
               "command": "reposelect audit --bench " + f"--sizes {','.join(map(str, sizes))} --repeat {repeat} "
               f"--range-proof {','.join(modes)}" + (f" --against {baseline}" if baseline else "") + f" --out {json_path}",
               "units": {"time": "seconds (CPU = process_time, wall = perf_counter), best of repeat",
                         "memory": "MiB, peak resident set of the row's process"},
               "floor": "one multi-scalar multiplication of 2K generators with random scalars (K = padded length of "
                        "the row's aggregated range proof in the current code), measured in the same run",
               "primitives": prims, "rows": rows}
        with open(json_path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        out(f"wrote {json_path}")
    return 0


#: The targets of the audit (prove and verify CPU seconds, proof KiB) by (N, statement variant).
TARGETS = {(64, "trade"): {"prove_cpu_s": 1.0, "verify_cpu_s": 0.3, "kib": 8.0}, (64, "first"): {"kib": 8.0},
           (256, "trade"): {"prove_cpu_s": 3.0}}


def _variant(row: dict) -> str:
    return row.get("variant") or ("trade" if row["trade"] else "no trade")


def markdown(doc: dict) -> str:
    """The committed benchmark as spec/protocol.md 9.10 shows it: primitives, the table, the targets."""
    p = doc.get("primitives") or {}
    lines = [f"Run of {doc['date']} on {doc['machine']['cpu_count']} cpus, python {doc['machine']['python']}, "
             f"1-minute load average {doc['load_avg_start']} at the start and {doc['load_avg_end']} at the end.",
             ""]
    if p:
        lines += [f"Primitives (CPU, best of 3): BLS12-381 G1 scalar multiplication {p['bls12_381_g1_mul_us']:.0f} µs, "
                  f"1,024-point multi-scalar multiplication {p['bls12_381_g1_msm_1024_ms']:.1f} ms, hash-to-curve "
                  f"{p['bls12_381_g1_hash_to_curve_us']:.0f} µs"
                  + (f"; secp256k1 scalar multiplication (coincurve) {p['secp256k1_coincurve_mul_us']:.0f} µs."
                     if p.get("secp256k1_coincurve_mul_us") else "."), ""]
    lines.append(markdown_table(doc))
    lines.append("")
    for (n, variant), goal in TARGETS.items():
        for r in doc["rows"]:
            if r["n"] == n and _variant(r) == variant and r["code"] == "current" and r["mode"] == "ipa":
                got = {"prove_cpu_s": r["prove_cpu_s"], "verify_cpu_s": r["verify_cpu_s"], "kib": r["bytes"] / 1024}
                name = {"prove_cpu_s": "prove", "verify_cpu_s": "verify", "kib": "size"}
                parts = [f"{name[k]} {got[k]:.2f}{' KiB' if k == 'kib' else ' s'} against {v:g}"
                         f"{' KiB' if k == 'kib' else ' s'} ({'met' if got[k] < v else 'not met'})"
                         for k, v in goal.items()]
                if "schedule_verify_cpu_s" in r and "verify_cpu_s" in goal:
                    total = r["verify_cpu_s"] + 2 * r["schedule_verify_cpu_s"]
                    parts.append(f"the audit's three proofs (this one and both dealers' schedule proofs) verify in "
                                 f"{total:.2f} s")
                if "schedule_prove_cpu_s" in r and "prove_cpu_s" in goal:
                    parts.append(f"each dealer proves its schedule in {r['schedule_prove_cpu_s']:.2f} s at submission")
                lines.append(f"- Target at N = {n}, {r['outcome']}: " + "; ".join(parts) + ".")
    return "\n".join(lines)


def markdown_table(doc: dict) -> str:
    """The rows of a benchmark JSON document as the markdown table of spec/protocol.md 9.10."""
    lines = ["| N | statement | code | mode | range bits | floor K | prove CPU s (x floor) | verify CPU s (x floor) "
             "| floor s | proof | dealer's schedule proof: bits, prove / verify CPU s, size | peak MiB | load |",
             "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in doc["rows"]:
        code = "before" if r["code"].startswith("baseline") else "after"
        sched = (f"{r['schedule_range_bits']}, {r['schedule_prove_cpu_s']:.2f} / {r['schedule_verify_cpu_s']:.2f}, "
                 f"{r['schedule_bytes'] / 1024:.1f} KiB" if "schedule_prove_cpu_s" in r else "none (in the proof)")
        lines.append(f"| {r['n']} | {r['outcome']} | {code} | {r['mode']} | {r['range_bits']} | {r['padded_k']} "
                     f"| {r['prove_cpu_s']:.2f} ({r['prove_ratio']:.1f}x) | {r['verify_cpu_s']:.2f} ({r['verify_ratio']:.1f}x) "
                     f"| {r['floor_cpu_s']:.3f} | {r['bytes'] / 1024:.1f} KiB | {sched} | {r['peak_rss_mib']:.0f} "
                     f"| {r['load_1min']:.1f} |")
    return "\n".join(lines)


#: The generated blocks `render` rewrites: spec/protocol.md 9.10 (the whole run) and the
#: README's summary (the run's date, machine and load, and the targets).
SPEC_BEGIN = "<!-- generated: reposelect.reference.protocol.bench.markdown(benchmarks/audit.json) -->"
SPEC_END = "<!-- end generated -->"
README_BEGIN = "<!-- audit benchmark: generated from benchmarks/audit.json by `reposelect audit --bench --render` -->"
README_END = "<!-- end of the generated audit benchmark -->"


def summary(doc: dict) -> str:
    """The README's account of a committed run: when and where, the command, the targets."""
    text = markdown(doc).split("\n")
    head = text[0]
    targets = [line for line in text if line.startswith("- Target")]
    return "\n".join([head, "", f"`{doc['command']}`; the whole table: spec/protocol.md 9.10.", ""] + targets)


def with_block(text: str, begin: str, end: str, body: str) -> str:
    """`text` with what lies between the markers `begin` and `end` replaced by `body`."""
    i = text.find(begin)
    j = text.find(end, i + len(begin)) if i >= 0 else -1
    if i < 0 or j < 0:
        raise ValueError(f"no generated block {begin} ... {end}")
    return text[: i + len(begin)] + "\n" + body.strip() + "\n" + text[j:]


def render(json_path: str, spec: str = "spec/protocol.md", readme: str | None = "README.md", out=print) -> int:
    """`reposelect audit --bench --render FILE`: rewrite spec/protocol.md 9.10's table and the
    README's summary from a recorded run (`--out FILE`)."""
    got = render_record(json_path, "reposelect audit --bench --render",
                        "a benchmark record (reposelect audit --bench --out)", lambda d: (markdown(d), summary(d)))
    if got is None:
        return IO_ERROR
    _, (table, short) = got
    for path, begin, end, body in ((spec, SPEC_BEGIN, SPEC_END, table), (readme, README_BEGIN, README_END, short)):
        if path:
            p = Path(path)
            p.write_text(with_block(p.read_text(encoding="utf-8"), begin, end, body), encoding="utf-8")
            out(f"updated the generated block of {p}")
    return 0
