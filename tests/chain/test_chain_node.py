"""A real node (spec/chain.md 11.6): Hardhat Network from the pinned npm packages on 127.0.0.1.
One test starts it, deploys the contracts, runs a whole session and its audit on the log contract
and a conformance subset through `reposelect chain serve --rpc`, then stops it."""
from __future__ import annotations

import socket
import sys

from reposelect.chain.log import open_location
from reposelect.chain.node import LocalNode, deploy_all
from reposelect.conformance.cli import main as conform
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.roles import MODELED_ROOT_PUBLIC, measurement
from reposelect.reference.protocol.session import run_session
from reposelect.reference.wire import parse_report

from chain_helpers import CONTRACTS, require_node_tools


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_session_and_conformance_on_a_hardhat_node(capsys):
    require_node_tools()
    assert (CONTRACTS / "node_modules" / "hardhat").is_dir()
    with LocalNode(_free_port()) as node:
        addr = deploy_all(node.url)
        assert set(addr) == {"Selection", "SessionLog", "Transparent"}
        log = open_location(f"chain:{node.url}#{addr['SessionLog']}")
        mm = parse_report('{"role": "mm", "grid": [0, 50, 100, 150], "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}')
        rm = parse_report('{"role": "rm", "grid": [0, 50, 100, 150], "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}')
        res = run_session(log, mm, rm)
        assert res.outcome.body["outcome"]["index"] == 2
        verdict = audit_log(open_location(f"chain:{node.url}#{addr['SessionLog']}"), MODELED_ROOT_PUBLIC, measurement(), None)
        assert verdict.ok and verdict.entries == 7
        impl = f"{sys.executable} -m reposelect chain serve --rpc {node.url} --address {addr['Selection']}"
        rc = conform(["--impl", impl, "--select", "errors.*", "--select", "tie_breaks", "--select", "selection",
                      "--timeout", "120", "--quiet"])
        out = capsys.readouterr().out
        assert rc == 0, out
    assert node.proc.poll() is not None
