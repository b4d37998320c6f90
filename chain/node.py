"""A local JSON-RPC node for the contracts: Hardhat Network from the pinned npm packages (spec/chain.md 11.6).

    python -m reposelect.chain.node [--port 8545]     (what `./dev.sh chain` runs)

starts `hardhat node` on 127.0.0.1, waits until it answers, deploys the contracts from
the committed artifacts, prints their addresses as JSON and keeps the node running until
interrupted. `LocalNode` does the same for tests and stops the node's process group.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.request

CONTRACTS = pathlib.Path(__file__).resolve().parents[1] / "contracts"


def _contracts_dir() -> pathlib.Path:
    here = CONTRACTS
    if not (here / "node_modules" / ".bin" / "hardhat").exists():
        raise RuntimeError(f"hardhat is not installed in {here}: run `npm ci` there (./dev.sh chain does)")
    return here


class LocalNode:
    """A Hardhat node on 127.0.0.1:`port`, in its own process group."""

    def __init__(self, port: int = 8545, timeout: float = 180.0):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        cwd = _contracts_dir()
        self.log = open(os.devnull, "wb")
        env = dict(os.environ, HARDHAT_DISABLE_TELEMETRY_PROMPT="true")
        self.proc = subprocess.Popen([str(cwd / "node_modules" / ".bin" / "hardhat"), "node", "--hostname", "127.0.0.1",
                                      "--port", str(port)], cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.proc.poll() is not None:
                raise RuntimeError(f"hardhat node exited with status {self.proc.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"hardhat node did not answer on {self.url} within {timeout:g} s")
            time.sleep(0.5)

    def _answers(self) -> bool:
        req = urllib.request.Request(self.url, data=b'{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=2) as r:
                return b"result" in r.read()
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def deploy_all(url: str) -> dict[str, str]:
    from .evm import connect, deploy_contracts

    return deploy_contracts(connect(url))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="reposelect.chain.node", description="Start Hardhat's node on 127.0.0.1, deploy the contracts, print their addresses.")
    p.add_argument("--port", type=int, default=8545)
    args = p.parse_args(argv)
    # SIGTERM stops the node too (its process group is its own, so it would outlive us)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with LocalNode(args.port) as node:
        addresses = deploy_all(node.url)
        print(json.dumps({"rpc": node.url, **addresses}), flush=True)
        print(f"node running on {node.url}; try: reposelect chain serve --rpc {node.url} --address {addresses['Selection']}"
              f" ; reposelect session ... --log chain:{node.url}#{addresses['SessionLog']}. Ctrl-C stops it.", file=sys.stderr, flush=True)
        try:
            node.proc.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
