"""`reposelect chain`: the contract on an EVM (spec/chain.md).

    reposelect chain serve [--rpc URL] [--address ADDR]   JSON Lines (spec 6.6) answered by the contract
    reposelect chain gas [--max-n N] [--out FILE]         gas used against N, from real transactions
    reposelect chain deploy --rpc URL                     deploy the contracts on a node, print their addresses
"""
from __future__ import annotations

import argparse
import json
import re
import sys

from reposelect.reference.errors import UsageError
from reposelect.reference.options import renamed
from reposelect.reference.transport import error_status


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="reposelect chain", description="The selection contract and the public log on an EVM (spec chapter 11).")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND", required=True)
    s = sub.add_parser("serve", help="answer wire-format cases (JSON Lines on stdin) through the selection contract")
    s.add_argument("--rpc", metavar="URL", help="a JSON-RPC node (default: an embedded in-process EVM)")
    s.add_argument("--address", metavar="ADDR", help="with --rpc: a deployed Selection contract (default: deploy one)")
    g = sub.add_parser("gas", help="gas used against N on the embedded EVM, from real transactions")
    g.add_argument("--max-n", type=int, default=None, metavar="N", help="stop at this N (default: the largest N that fits a block)")
    g.add_argument("--out", metavar="FILE", help="also write the measurements as JSON (benchmarks/gas.json)")
    renamed(g, "--json", "--out", metavar="FILE")
    d = sub.add_parser("deploy", help="deploy the contracts on a node and print their addresses as JSON")
    d.add_argument("--rpc", metavar="URL", required=True, help="the JSON-RPC node to deploy on")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    from .evm import ChainError

    if getattr(args, "address", None) and not re.fullmatch(r"0x[0-9a-fA-F]{40}", args.address):
        raise UsageError(f"reposelect chain {args.cmd}: --address {args.address!r} is not an address (0x and 40 hex digits)")

    try:
        if args.cmd == "serve":
            from .matcher import ChainMatcher
            from .serve import serve

            return serve(sys.stdin.buffer, sys.stdout, ChainMatcher.start(args.rpc, args.address))
        if args.cmd == "gas":
            from .gas import run_gas

            return run_gas(max_n=args.max_n, json_path=args.out)
        if args.cmd == "deploy":
            from .evm import connect, deploy_contracts

            print(json.dumps(deploy_contracts(connect(args.rpc))))
            return 0
    except ChainError as e:
        if e.code == "rpc_unreachable":
            e.path = "--rpc"
        print(f"reposelect chain: {e}", file=sys.stderr)
        return error_status(e.code, otherwise=1)
    return 2  # pragma: no cover
