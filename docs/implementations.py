"""The implementations report (called by docs/generate.py), in the manner of Bowtie's report for
JSON Schema: every implementation the project ships, run against the conformance suite at
build time (`reposelect conform run --impl CMD`), with pass, fail, error and skip per group and
the suite version, on one page.

An implementation whose runtime is missing from the build machine (Node.js) or whose command
is not in this build yet (`reposelect chain serve`) is listed as not run, with the reason;
it is never counted as passing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "conformance" / "vectors"


def implementations() -> list[dict]:
    py = sys.executable
    return [
        {"name": "reference (Python)", "cmd": [py, "-m", "reposelect", "serve"], "shown": "reposelect serve",
         "what": "the exact reference, `reposelect.reference`; the suite is generated from it",
         "needs": None, "skip": None, "timeout": 10},
        {"name": "mini.mjs (Node.js)", "cmd": ["node", "conformance/adapters/mini.mjs"],
         "shown": "node conformance/adapters/mini.mjs",
         "what": "an independent implementation in JavaScript written from the specification, sharing no code",
         "needs": "node", "skip": "conformance/adapters/mini.skip", "timeout": 10},
        {"name": "contract (EVM)", "cmd": [py, "-m", "reposelect", "chain", "serve"], "shown": "reposelect chain serve",
         "what": "the on-chain contract of chapter 11 on the embedded EVM", "needs": "chain", "skip": None,
         # py-evm interprets every opcode in Python: an N = 10,000 vector takes about 10 s of CPU on an idle
         # machine (several times that under load), past the runner's default of 10 s per answer.
         "timeout": 300,
         "why_timeout": "the embedded EVM (py-evm) interprets every opcode in Python: an answer at N = 10,000 "
                        "takes about 10 s on an idle machine and several times that under load"},
    ]


def _available(impl: dict) -> str | None:
    """None when the implementation can run here, else why not."""
    if impl["needs"] == "node" and shutil.which("node") is None:
        return "Node.js is not installed on the machine that built this page"
    if impl["needs"] == "chain":
        p = subprocess.run([sys.executable, "-m", "reposelect", "chain", "serve", "--help"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return "`reposelect chain serve` is not in this build"
    return None


ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")


def run(impl: dict) -> dict:
    cmd = " ".join(impl["cmd"])
    args = [sys.executable, "-m", "reposelect", "conform", "run", "--impl", cmd, "--quiet",
            "--timeout", str(impl["timeout"])]
    if impl["skip"]:
        args += ["--skip", impl["skip"]]
    env = dict(os.environ, PYTHONHASHSEED="0")
    t0 = time.perf_counter()
    # the whole run may take every vector's timeout in the worst case; beyond that it is stuck
    p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env,
                       timeout=max(600, impl["timeout"] * 8))
    took = time.perf_counter() - t0
    groups = {}
    for line in p.stdout.splitlines():
        m = ROW.match(line.strip())
        if m and m.group(1) != "group":
            groups[m.group(1)] = tuple(int(m.group(i)) for i in range(2, 6))
    if "total" not in groups:
        raise RuntimeError(f"`reposelect conform run --impl {impl['shown']}` printed no summary "
                           f"(exit {p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    failed = [ln.strip() for ln in p.stdout.splitlines() if re.match(r"^\s*(?:FAIL|ERROR)\b", ln)]
    return {"groups": groups, "exit": p.returncode, "seconds": took, "failed": failed}


def page() -> str:
    suite = json.loads((VECTORS / "SUITE.json").read_text(encoding="utf-8"))
    impls = implementations()
    results, missing = {}, {}
    for impl in impls:
        why = _available(impl)
        if why:
            missing[impl["name"]] = why
        else:
            results[impl["name"]] = run(impl)
    run_names = [i["name"] for i in impls if i["name"] in results]
    parts = ["# Implementations\n",
             '!!! note "Generated page"\n    Written by `docs/implementations.py` (run by `docs/generate.py`): '
             "each implementation below was run against the conformance suite with "
             "`reposelect conform run --impl CMD` while this site was built.\n",
             f"Conformance suite for spec version **{suite.get('spec_version', '?')}**: {suite.get('vectors', '?')} "
             f"vectors in {len(suite.get('groups', {}))} groups ([chapter 10](../spec/conformance.md#10-the-conformance-suite), "
             "[vector index](conformance-vectors.md)). A vector passes when the answer equals the expected one by "
             "value; *error* means no valid answer (a crash, a timeout, not JSON); *skip* means the implementation "
             "declares the vector out of its reach in a skip list, with a reason.\n",
             "## Summary\n",
             "| implementation | command | what it is | timeout per answer | pass | fail | error | skip | result |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for impl in impls:
        n = impl["name"]
        if n in results:
            pa, fa, er, sk = results[n]["groups"]["total"]
            verdict = "all run vectors pass" if fa == 0 and er == 0 else "**fails**"
            parts.append(f"| {n} | `{impl['shown']}` | {impl['what']} | {impl['timeout']} s | {pa} | {fa} | {er} | "
                         f"{sk} | {verdict} ({results[n]['seconds']:.0f} s) |")
        else:
            parts.append(f"| {n} | `{impl['shown']}` | {impl['what']} | | | | | | not run: {missing[n]} |")
    parts.append("")
    parts.append("The result column also gives the wall time of the whole run while this site was built. "
                 "A vector whose answer does not arrive within the timeout counts as an *error*, never as a pass.")
    for impl in impls:
        if impl.get("why_timeout") and impl["name"] in results:
            parts.append(f"The {impl['name']} gets {impl['timeout']} s per answer instead of the runner's default "
                         f"10 s: {impl['why_timeout']}.")
    parts.append("")
    for impl in impls:
        bad = results.get(impl["name"], {}).get("failed")
        if bad:
            parts.append(f"**Vectors {impl['name']} did not pass:**\n")
            parts.append("\n".join(f"- `{ln}`" for ln in bad[:40]) + "\n")
    if run_names:
        parts.append("## Per group\n")
        parts.append("Each cell is pass / fail / error / skip.\n")
        parts.append("| group | " + " | ".join(run_names) + " |")
        parts.append("| --- |" + " --- |" * len(run_names))
        groups = [g for g in suite.get("groups", {})] + ["total"]
        for g in groups:
            cells = []
            for n in run_names:
                c = results[n]["groups"].get(g)
                cells.append("/".join(str(x) for x in c) if c else "·")
            gl = f"[{g}](conformance-vectors.md#{g.replace('.', '')})" if g != "total" else "**total**"
            parts.append(f"| {gl} | " + " | ".join(cells) + " |")
        parts.append("")
    skips = [i for i in impls if i["skip"] and i["name"] in results]
    for impl in skips:
        parts.append(f"### Skips of {impl['name']}\n")
        parts.append(f"From `{impl['skip']}`:\n")
        lines = [ln for ln in (ROOT / impl["skip"]).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        parts.append("\n".join(f"- `{ln.split(' ', 1)[0]}`: {ln.split(' ', 1)[1] if ' ' in ln else ''}" for ln in lines)
                     + "\n")
    parts.append("Run one yourself: `reposelect conform run --impl \"YOUR COMMAND\"`; the "
                 "[implementer's guide](conformance-guide.md) explains the protocol.\n")
    return "\n".join(parts)
