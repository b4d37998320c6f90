"""spec/chain.md says no more than the committed evidence: its Solidity matches the sources, its
gas table and largest N match benchmarks/gas.json, its conformance lines match the transcript."""
from __future__ import annotations

import json
import re

from chain_helpers import CONTRACTS, ROOT

SPEC = (ROOT / "spec" / "chain.md").read_text()


def _solidity_blocks():
    return re.findall(r"```solidity\n(.*?)```", SPEC, re.S)


def test_solidity_in_the_spec_is_the_source():
    sources = "\n".join(p.read_text() for p in CONTRACTS.glob("*.sol"))
    flat = lambda s: " ".join(s.split())  # noqa: E731
    blocks = _solidity_blocks()
    assert blocks
    for b in blocks:
        for line in b.strip().splitlines():
            assert flat(line) in flat(sources), line


def test_gas_table_and_largest_n_are_the_committed_measurements():
    doc = json.loads((ROOT / "benchmarks" / "gas.json").read_text())
    rows = {r["n"]: r for r in doc["rows"] if r["fits"]}
    table = SPEC.split("<!-- gas-table -->")[1].split("<!-- /gas-table -->")[0]
    seen = 0
    for line in table.strip().splitlines()[2:]:
        cells = [c.strip().replace(",", "") for c in line.strip("|").split("|")]
        n, gas, cd_bytes, cd_gas, per = int(cells[0]), int(cells[1]), int(cells[2]), int(cells[3]), float(cells[4])
        r = rows[n]
        assert (gas, cd_bytes, cd_gas, per) == (r["gas"], r["calldata_bytes"], r["calldata_gas"], r["gas_per_point"]), n
        seen += 1
    assert seen >= 5
    largest = doc["largest_n_per_block"]
    assert f"**The largest N in one 30,000,000-gas block is {largest['n']:,}**" in SPEC
    assert f"N = {largest['next_tried']:,} runs out of gas" in SPEC
    assert largest["n"] >= 4096


def test_conformance_lines_are_the_committed_transcript():
    transcript = (ROOT / "benchmarks" / "chain_conform.txt").read_text()
    for line in ("PASS: 232 passed, 0 failed, 0 errors, 0 skipped of 232 vectors",
                 "FUZZ PASS: 2000 cases agree with the reference (seed 7, 2000 runs)"):
        assert line in SPEC and line in transcript
