"""`reposelect bench`: benchmark tables that say what they measured (never timed assertions).

Every timed row runs in a fresh process (`reposelect/benchrun.py`) next to its floor, in
the same run and interleaved with it, so the two see the same machine:

* Table 1, `select` end to end as `reposelect select FILE` runs it (read, parse, validate,
  equilibria, select, serialise) for N = 10^2 .. max_n, against the floor: a process doing
  `json.load` of the same file plus `Decimal()` of every rate.
* Table 2, `serve` on 10,000 cases of N = 10 (JSON Lines), against the floor `json.loads`
  plus `Decimal()` of every rate, line by line.
* Table 3, the fast equilibrium algorithm against the definitional one, in one process.

Each row gives CPU seconds (what the ratio is computed from: CPU time does not grow when
other work shares the machine, wall time does), wall seconds, the floor, the ratio to it,
the peak resident memory of the process and of the floor's, and the machine's one-minute
load average when the row ran. `--against REV` times the code of an earlier revision (from
`git archive`) in the same run, row by row. `--out FILE` records everything as JSON
(`benchmarks/matcher.json`), with the date and the machine.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import random
import subprocess
import sys
import tarfile
import io
import tempfile
import time
from pathlib import Path

from reposelect.reference.transport import IO_ERROR, render_record

CHILD = Path(__file__).with_name("benchrun.py")
SERVE_CASES = 10_000
SERVE_N = 10


#: The synthetic families of Table 1. Both step the rates the same way (a_k up by 0 to 19,
#: b_k down by 0 to 29 units of 0.00001 percentage points a step); they differ in where b starts.
FAMILIES = {
    "narrowing": "b starts 0.40 + 0.0001 N points above a: the spread turns negative at about 42 % of"
                 " the grid, where the scan of the equilibria stops",
    "positive": "b starts 0.40 + 0.0005 N points above a: the spread stays positive over the whole grid,"
                " so every index is scanned",
}
_HEADROOM = {"narrowing": 10, "positive": 50}  # b_1's start above 4.70 %, in units per grid point


def synthetic_rates(n: int, seed: int = 1, family: str = "narrowing") -> tuple[list[int], list[int]]:
    """The rates of `synthetic_case` in units of 0.00001 percentage points: a non-decreasing,
    b non-increasing. In the "positive" family b_k - a_k >= 40,000 + 2 N - 48 k > 0 for k <= N."""
    rng = random.Random(seed)
    a, b = [], []
    x, y = 430_000, 470_000 + _HEADROOM[family] * n
    for _ in range(n):
        x += rng.randrange(0, 20)
        y -= rng.randrange(0, 30)
        a.append(x)
        b.append(max(y, 0))
    return a, b


def synthetic_case(n: int, seed: int = 1, family: str = "narrowing") -> bytes:
    """A valid case with N = n: rates with five decimals from 4.30% and 4.70% (`FAMILIES`), monotone."""
    a, b = synthetic_rates(n, seed, family)
    fmt5 = lambda v: f"{v // 100000}.{v % 100000:05d}"  # noqa: E731
    case = {
        "grid": list(range(0, 10 * (n + 1), 10)),
        "mm": {"rates": [fmt5(v) for v in a], "hurdle": "0.05"},
        "rm": {"rates": [fmt5(v) for v in b], "hurdle": "0.10"},
    }
    return json.dumps(case).encode()


def nonnegative_spreads(n: int, seed: int = 1, family: str = "narrowing") -> int:
    """How many of the N indices of `synthetic_case` have b_k >= a_k."""
    a, b = synthetic_rates(n, seed, family)
    return sum(1 for x, y in zip(a, b) if y >= x)


def serve_lines(cases: int = SERVE_CASES, n: int = SERVE_N) -> bytes:
    """`cases` JSON Lines cases of N = n, each different."""
    return b"".join(synthetic_case(n, seed) + b"\n" for seed in range(cases))


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def machine_line(m: dict) -> str:
    return f"{m['machine']}, {m['cpu_count']} cores, Python {m['python']}, {m['platform']}"


def _checkout(rev: str, into: str) -> str:
    """Extract revision `rev` of this repository into `into`; return the label to print."""
    root = Path(__file__).resolve().parent.parent
    try:
        label = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", rev], check=True,
                               capture_output=True, text=True).stdout.strip()
        data = subprocess.run(["git", "-C", str(root), "archive", rev], check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        msg = getattr(e, "stderr", None) or ""
        if isinstance(msg, bytes):
            msg = msg.decode(errors="replace")
        raise SystemExit(f"reposelect bench: cannot read revision {rev!r} from {root}: {msg.strip() or e}")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:  # Python < 3.11.4: our own repository's archive
            tar.extractall(into)
    return label


def _child(kind: str, path: str, root: str | None) -> dict:
    cmd = [sys.executable, "-P", str(CHILD), kind, path] + ([root] if root else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"reposelect bench: {kind} on {path} failed:\n{p.stderr}")
    return json.loads(p.stdout)


def _best(samples: list[dict]) -> dict:
    """Best of the repeats: least CPU (with its wall time), least peak memory, load of that run."""
    b = min(samples, key=lambda s: s["cpu"])
    return {"cpu_s": b["cpu"], "wall_s": b["wall"], "peak_mib": min(s["peak_kib"] for s in samples) / 1024,
            "load": b["load"][0]}


def _measure(kind: str, floor_kind: str, path: str, codes: list[tuple[str, str | None]], repeat: int) -> dict:
    """Interleave the floor and every code's runs `repeat` times; best of each."""
    samples: dict[str, list] = {"floor": []}
    for label, _ in codes:
        samples[label] = []
    for _ in range(repeat):
        samples["floor"].append(_child(floor_kind, path, None))
        for label, root in codes:
            samples[label].append(_child(kind, path, root))
    return {k: _best(v) for k, v in samples.items()}


def _row(table: str, n: int, label: str, m: dict, floor: dict, **extra) -> dict:
    return {
        "table": table, "n": n, "code": label, **extra,
        "cpu_s": round(m["cpu_s"], 4), "wall_s": round(m["wall_s"], 4),
        "floor_cpu_s": round(floor["cpu_s"], 4), "floor_wall_s": round(floor["wall_s"], 4),
        "ratio": round(m["cpu_s"] / floor["cpu_s"], 2),
        "peak_mib": round(m["peak_mib"], 1), "floor_peak_mib": round(floor["peak_mib"], 1),
        "peak_ratio": round(m["peak_mib"] / floor["peak_mib"], 2),
        "load": round(m["load"], 2),
    }


HEAD = (f"{'N':>9} {'code':>8} {'cpu s':>8} {'wall s':>8} {'floor s':>8} {'ratio':>6}"
        f" {'peak MiB':>9} {'floor MiB':>9} {'mem x':>6} {'load':>5}")


def _line(r: dict, first: str) -> str:
    return (f"{first:>9} {r['code']:>8} {r['cpu_s']:>8.3f} {r['wall_s']:>8.3f} {r['floor_cpu_s']:>8.3f}"
            f" {r['ratio']:>6.2f} {r['peak_mib']:>9.1f} {r['floor_peak_mib']:>9.1f} {r['peak_ratio']:>6.2f}"
            f" {r['load']:>5.2f}")


def definitional_table(budget: float, repeat: int, out) -> list[dict]:
    from reposelect.reference.fast import equilibria_fast
    from reposelect.reference.game import equilibria_definitional
    from reposelect.reference.wire import parse_case

    def timed(fn):
        c, w = time.process_time(), time.perf_counter()
        r = fn()
        return r, time.process_time() - c, time.perf_counter() - w

    rows = []
    out(f"{'N':>7} {'fast cpu s':>11} {'fast wall s':>12} {'def. cpu s':>11} {'def. wall s':>12}"
        f" {'ratio':>7} {'agree':>6} {'load':>5}")
    for n in (10, 50, 100, 250, 500, 1000, 2000, 4000):
        case = parse_case(synthetic_case(n))
        best = min((timed(lambda case=case: equilibria_fast(case)) for _ in range(repeat)), key=lambda t: t[1])
        load = os.getloadavg()[0]
        d, dc, dw = timed(lambda case=case: equilibria_definitional(case))
        agree = d == best[0]
        rows.append({"table": "equilibria", "n": n, "family": "narrowing", "fast_cpu_s": round(best[1], 5), "fast_wall_s": round(best[2], 5),
                     "definitional_cpu_s": round(dc, 4), "definitional_wall_s": round(dw, 4),
                     "speedup": round(dc / best[1], 1), "agree": agree, "load": round(load, 2)})
        out(f"{n:>7} {best[1]:>11.4f} {best[2]:>12.4f} {dc:>11.3f} {dw:>12.3f} {dc / best[1]:>7.0f}"
            f" {'yes' if agree else 'NO':>6} {load:>5.2f}")
        if dc * 4.5 > budget:  # the next size roughly quadruples the time
            out(f"(definitional stopped: N = {n} took {dc:.1f} s of CPU; the next size would exceed the {budget:.0f} s budget)")
            break
    return rows


def run_bench(max_n: int = 1_000_000, budget: float = 60.0, repeat: int = 3, against: str | None = None,
              write: str | None = None, serve_cases: int = SERVE_CASES, out=print) -> int:
    m = machine()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load0 = os.getloadavg()
    out(f"date: {date}")
    out(f"machine: {machine_line(m)}")
    out(f"load average at the start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} (1, 5, 15 min)")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="reposelect-bench-") as tmp:
        codes: list[tuple[str, str | None]] = [("this", None)]
        if against:
            root = os.path.join(tmp, "before")
            os.mkdir(root)
            codes.insert(0, (_checkout(against, root), root))
            out(f"code: 'this' is the installed reposelect; '{codes[0][0]}' is revision {against} (git archive)")
        out("CPU time decides the ratio; wall time and the load show how busy the machine was.")
        out("")
        out(f"Table 1: select end to end (read + parse + validate + equilibria + select + serialise),"
            f" one process per run, best of {repeat};")
        out("floor: json.load of the same file + Decimal() of every rate")
        for family, what in FAMILIES.items():
            out(f"  {family}: {what}")
        out(f"{'N':>9} {'family':>10}" + HEAD[9:])
        n = 100
        while n <= max_n:
            for family in FAMILIES:
                path = os.path.join(tmp, f"case-{n}-{family}.json")
                data = synthetic_case(n, family=family)
                Path(path).write_bytes(data)
                res = _measure("select", "floor", path, codes, repeat)
                share = nonnegative_spreads(n, family=family)
                for label, _ in codes:
                    r = _row("select", n, label, res[label], res["floor"], family=family, bytes=len(data),
                             nonnegative_spreads=share)
                    rows.append(r)
                    out(_line(r, f"{n:>9} {family:>10}"))
                os.remove(path)
            n *= 10
        out("")
        out(f"Table 2: serve, {serve_cases} cases of N = {SERVE_N} as JSON Lines, one process per run,"
            f" best of {repeat};")
        out("floor: json.loads + Decimal() of every rate, line by line")
        out(HEAD.replace("        N", "    cases") + f" {'us/case':>8} {'floor us':>8}")
        path = os.path.join(tmp, "serve.jsonl")
        Path(path).write_bytes(serve_lines(serve_cases))
        res = _measure("serve", "serve_floor", path, codes, repeat)
        for label, _ in codes:
            r = _row("serve", SERVE_N, label, res[label], res["floor"], family="narrowing", cases=serve_cases,
                     us_per_case=round(1e6 * res[label]["cpu_s"] / serve_cases, 2),
                     floor_us_per_case=round(1e6 * res["floor"]["cpu_s"] / serve_cases, 2))
            rows.append(r)
            out(_line(r, str(serve_cases)) + f" {r['us_per_case']:>8.1f} {r['floor_us_per_case']:>8.1f}")
    out("")
    out("Table 3: equilibrium set, fast (O(N) envelope) against definitional (O(N^2)), this code, one process")
    rows += definitional_table(budget, repeat, out)
    if write:
        doc = {
            "date": date, "machine": m, "load_at_start": [round(x, 2) for x in load0],
            "command": "reposelect bench" + (f" --max-n {max_n}" if max_n != 1_000_000 else "")
                       + (f" --repeat {repeat}" if repeat != 3 else "") + (f" --against {against}" if against else ""),
            "note": "cpu_s, wall_s: best of the repeats by CPU time; ratio = cpu_s / floor_cpu_s;"
                    " peak_mib: peak resident memory of the whole process; load: one-minute load average"
                    " when the run started",
            "rows": rows,
        }
        Path(write).parent.mkdir(parents=True, exist_ok=True)
        Path(write).write_text(json.dumps(doc, indent=1) + "\n")
        out(f"\nwrote {write}")
        render(write, readme=None, out=out)
    return 0


# ---- the tables of the README and of benchmarks/matcher.md, generated from the JSON record ----

#: The targets of the matcher's benchmark (issue "performance close to the floor"): each a
#: ratio to the floor of the same run, read from the rows of one table, size and family.
TARGETS = (
    ("`select`, N = 10^6, narrowing spread, CPU", "select", 1_000_000, "narrowing", "ratio", 3.0, "within 3x"),
    ("`select`, N = 10^6, narrowing spread, CPU", "select", 1_000_000, "narrowing", "ratio", 2.0, "goal 2x"),
    ("`select`, N = 10^6, positive spread, CPU", "select", 1_000_000, "positive", "ratio", 3.0, "within 3x"),
    ("`select`, N = 10^6, positive spread, CPU", "select", 1_000_000, "positive", "ratio", 2.0, "goal 2x"),
    ("`select`, N = 10^5, narrowing spread, CPU", "select", 100_000, "narrowing", "ratio", 3.0, "within 3x"),
    ("`select`, N = 10^5, positive spread, CPU", "select", 100_000, "positive", "ratio", 3.0, "within 3x"),
    ("`select`, N = 10^6, narrowing spread, peak memory", "select", 1_000_000, "narrowing", "peak_ratio", 1.5,
     "within 1.5x"),
    ("`select`, N = 10^6, positive spread, peak memory", "select", 1_000_000, "positive", "peak_ratio", 1.5,
     "within 1.5x"),
    ("`serve`, 10,000 cases of N = 10, CPU", "serve", SERVE_N, "narrowing", "ratio", 4.0, "within 4x"),
)
README_BEGIN = "<!-- benchmark tables: generated from benchmarks/matcher.json by `reposelect bench --render` -->"
README_END = "<!-- end of the generated benchmark tables -->"


def _family(r: dict) -> str:
    return r.get("family", "narrowing")


def _cell(v, digits: int = 3) -> str:
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def _md_table(head: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def render_tables(doc: dict) -> str:
    """The benchmark record `doc` (benchmarks/matcher.json) as markdown: when and where it ran,
    the targets with before and after, and the three tables. Every figure comes from `doc`."""
    m = doc["machine"]
    rows = doc["rows"]
    codes = list(dict.fromkeys(r["code"] for r in rows if r["table"] in ("select", "serve")))
    before = codes[0] if len(codes) > 1 else None
    load = doc.get("load_at_start", [])
    out = [f"`{doc['command']}`, run on {doc['date']} ({machine_line(m)}); load average at the start"
           f" {' '.join(f'{x:.2f}' for x in load)} (1, 5, 15 min). CPU time decides each ratio; the wall"
           " time and the load show how busy the machine was."
           + (f" `{before}` is the code of that revision, timed in the same run." if before else ""), ""]

    def find(table, n, family, code):
        return next((r for r in rows if r["table"] == table and r["n"] == n and _family(r) == family
                     and r["code"] == code), None)

    body = []
    for label, table, n, family, key, limit, goal in TARGETS:
        now = find(table, n, family, "this")
        if now is None:
            continue
        old = find(table, n, family, before) if before else None
        per_case = lambda r: f" ({r['us_per_case']:.1f} us a case)" if "us_per_case" in r else ""  # noqa: E731
        cells = [label]
        if before:
            cells.append("-" if old is None else f"{old[key]:.2f}x{per_case(old) if key == 'ratio' else ''}")
        cells += [f"{now[key]:.2f}x{per_case(now) if key == 'ratio' else ''}", goal,
                  "yes" if now[key] <= limit else "**no**"]
        body.append(cells)
    out += _md_table(["target (ratio to the floor of the same run)"] + ([f"before ({before})"] if before else [])
                     + ["now", "goal", "met"], body)
    out += ["", "**Table 1**: `select` end to end (read, parse, validate, equilibria, select, serialise), one"
            " process per run, best of the repeats; floor: `json.load` of the same file and `Decimal()` of"
            " every rate. Families: " + "; ".join(f"*{f}*: {w}" for f, w in FAMILIES.items()) + ".", ""]
    sel = [r for r in rows if r["table"] == "select"]
    out += _md_table(["N", "family", "spread >= 0", "code", "CPU s", "wall s", "floor s", "ratio", "peak MiB",
                      "floor MiB", "mem x", "load"],
                     [[str(r["n"]), _family(r), f"{r['nonnegative_spreads']:,}" if "nonnegative_spreads" in r else "",
                       r["code"], _cell(r["cpu_s"]), _cell(r["wall_s"]), _cell(r["floor_cpu_s"]), f"{r['ratio']:.2f}",
                       f"{r['peak_mib']:.1f}", f"{r['floor_peak_mib']:.1f}", f"{r['peak_ratio']:.2f}",
                       f"{r['load']:.2f}"] for r in sel])
    out += ["", "**Table 2**: `serve` on JSON Lines cases of N = 10, one process per run; floor:"
            " `json.loads` and `Decimal()` of every rate, line by line.", ""]
    out += _md_table(["cases", "code", "CPU s", "wall s", "floor s", "ratio", "us a case", "floor us",
                      "peak MiB", "floor MiB", "load"],
                     [[str(r["cases"]), r["code"], _cell(r["cpu_s"]), _cell(r["wall_s"]), _cell(r["floor_cpu_s"]),
                       f"{r['ratio']:.2f}", f"{r['us_per_case']:.1f}", f"{r['floor_us_per_case']:.1f}",
                       f"{r['peak_mib']:.1f}", f"{r['floor_peak_mib']:.1f}", f"{r['load']:.2f}"]
                      for r in rows if r["table"] == "serve"])
    out += ["", "**Table 3**: the equilibrium set, fast (O(N) envelope) against definitional (O(N^2)), this"
            " code, in one process.", ""]
    out += _md_table(["N", "fast CPU s", "definitional CPU s", "ratio", "agree", "load"],
                     [[str(r["n"]), f"{r['fast_cpu_s']:.4f}", f"{r['definitional_cpu_s']:.3f}", f"{r['speedup']:.0f}",
                       "yes" if r["agree"] else "**no**", f"{r['load']:.2f}"]
                      for r in rows if r["table"] == "equilibria"])
    return "\n".join(out) + "\n"


def readme_with_tables(readme: str, doc: dict) -> str:
    """`readme` with the text between `README_BEGIN` and `README_END` replaced by `render_tables(doc)`."""
    i, j = readme.find(README_BEGIN), readme.find(README_END)
    if i < 0 or j < i:
        raise ValueError("the README has no generated benchmark block (README_BEGIN ... README_END)")
    return readme[: i + len(README_BEGIN)] + "\n\n" + render_tables(doc) + "\n" + readme[j:]


def render(json_path: str, readme: str | None = "README.md", out=print) -> int:
    """`reposelect bench --render FILE`: write FILE's tables as FILE with .md, and into `readme`'s block."""
    prog = "reposelect bench --render"
    got = render_record(json_path, prog, "a benchmark record (reposelect bench --out)", render_tables)
    if got is None:
        return IO_ERROR
    doc, tables = got
    md = Path(json_path).with_suffix(".md")
    md.write_text(f"# Matcher benchmark\n\nGenerated from `{Path(json_path).name}` by"
                  f" `{prog} {json_path}`.\n\n" + tables)
    out(f"wrote {md}")
    if readme:
        p = Path(readme)
        p.write_text(readme_with_tables(p.read_text(), doc))
        out(f"updated the benchmark tables of {p}")
    return 0
