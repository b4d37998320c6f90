"""`reposelect chain gas`: gas used by the selection contract against N (spec/chain.md 11.4).

Every figure is a real transaction on the embedded EVM (calldata included; the receipt's
`gasUsed`), on seeded monotone schedules like the conformance suite's large vectors. The
floor, measured in the same run, is a plain value transfer: 21,000 gas and the CPU time
py-evm needs for one transaction. The largest N per block is found by measuring: the
ladder's last two rows predict it, and transactions at and around the prediction settle it.
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import random
import resource
import sys
import time
from decimal import Decimal

from reposelect.reference.types import Case, Report

from .codec import encode
from .evm import BLOCK_GAS_LIMIT, connect

LADDER = (10, 32, 100, 256, 512, 1024, 2048, 4096, 8192)


def seeded_case(n: int, seed: int = 7) -> Case:
    """N points of monotone schedules with a 3-decimal scale, volumes in steps of 10 (as V0097)."""
    rng = random.Random(seed * 1_000_003 + n)
    a = sorted(rng.randint(2000, 9000) for _ in range(n))
    b = sorted((rng.randint(6000, 16000) for _ in range(n)), reverse=True)
    d = lambda x: Decimal(x).scaleb(-3)  # noqa: E731
    return Case(tuple(range(0, 10 * (n + 1), 10)), Report(tuple(map(d, a)), Decimal("0.250")), Report(tuple(map(d, b)), Decimal("0.100")))


def calldata_gas(data: bytes) -> int:
    """EIP-2028: 16 gas per non-zero calldata byte, 4 per zero byte."""
    return sum(16 if x else 4 for x in data)


class Meter:
    def __init__(self):
        self.chain = connect(None)
        self.contract = self.chain.deploy("Selection")
        self.w3 = self.chain.w3
        self.sender = self.chain.accounts[0]

    def _send(self, tx: dict) -> tuple[dict, float, float]:
        c0, w0 = time.process_time(), time.perf_counter()
        h = self.w3.eth.send_transaction(tx)
        r = self.w3.eth.get_transaction_receipt(h)
        return r, time.process_time() - c0, time.perf_counter() - w0

    def floor(self) -> tuple[int, float, float]:
        r, cpu, wall = self._send({"from": self.sender, "to": self.chain.accounts[1], "value": 1, "gas": 21_000})
        return r["gasUsed"], cpu, wall

    def measure(self, n: int) -> dict:
        call = encode(seeded_case(n))
        data = bytes.fromhex(self.contract.functions.select(*call.args())._encode_transaction_data()[2:])
        r, cpu, wall = self._send({"from": self.sender, "to": self.contract.address, "data": data, "gas": BLOCK_GAS_LIMIT})
        cd = calldata_gas(data)
        used = r["gasUsed"]
        return {"n": n, "gas": used, "fits": r["status"] == 1, "calldata_bytes": len(data), "calldata_gas": cd,
                "execution_gas": used - 21_000 - cd, "gas_per_point": round(used / n, 1), "cpu_s": round(cpu, 3),
                "wall_s": round(wall, 3), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _row(r: dict) -> str:
    ok = "" if r["fits"] else "  (out of gas: does not fit)"
    return (f"{r['n']:>7} {r['gas']:>11,} {r['calldata_bytes']:>9,} {r['calldata_gas']:>10,} {r['execution_gas']:>11,}"
            f" {r['gas_per_point']:>9} {r['cpu_s']:>8.2f} {r['ratio']:>9.0f}{ok}")


def run_gas(max_n: int | None = None, json_path: str | None = None, out=None) -> int:
    out = out or sys.stdout
    m = Meter()
    floor_gas, floor_cpu, floor_wall = m.floor()
    floor_cpu = max(floor_cpu, 1e-6)
    print(f"floor: a value transfer, {floor_gas:,} gas, {floor_cpu:.4f} s CPU ({floor_wall:.4f} s wall)", file=out)
    print(f"block gas limit {BLOCK_GAS_LIMIT:,}; ratio = CPU s / floor CPU s", file=out)
    print(f"{'N':>7} {'gas used':>11} {'calldata':>9} {'cd gas':>10} {'exec gas':>11} {'gas/point':>9} {'CPU s':>8} {'ratio':>9}", file=out)
    rows = []

    def add(n):
        r = m.measure(n)
        r["floor_cpu_s"] = round(floor_cpu, 4)
        r["ratio"] = round(r["cpu_s"] / floor_cpu, 1)
        rows.append(r)
        print(_row(r), file=out, flush=True)
        return r

    ladder = [n for n in LADDER if max_n is None or n <= max_n]
    for n in ladder:
        if not add(n)["fits"]:
            break
    largest = None
    if max_n is None and rows[-1]["fits"] and len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        slope = (b["gas"] - a["gas"]) / (b["n"] - a["n"])
        n = int(b["n"] + (BLOCK_GAS_LIMIT - b["gas"]) / slope)
        step = max(1, n // 200)
        r = add(n)
        failed = None
        while not r["fits"]:
            failed = n
            n -= step
            r = add(n)
        while failed != n + step:
            if not add(n + step)["fits"]:
                break
            n += step
        largest = {"n": n, "next_tried": n + step}
        print(f"largest N measured to fit one block: {n:,} (N = {n + step:,} does not)", file=out)
    if json_path:
        doc = {
            "what": "gas used by Selection.select against N: real transactions on the embedded EVM (py-evm), calldata included",
            "command": "reposelect chain gas --out benchmarks/gas.json",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "load_average": list(os.getloadavg()),
            "block_gas_limit": BLOCK_GAS_LIMIT,
            "floor": {"what": "a value transfer", "gas": floor_gas, "cpu_s": round(floor_cpu, 4), "wall_s": round(floor_wall, 4)},
            "largest_n_per_block": largest,
            "rows": rows,
        }
        with open(json_path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    return 0
