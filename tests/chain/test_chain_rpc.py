"""A node named by `--rpc URL` or `--log chain:URL` that cannot be reached: one clear error with the
code `rpc_unreachable`, status 74 (spec/wire.md 6.6: an input that cannot be used), never a traceback."""
from __future__ import annotations

import json
import socket
import subprocess
import sys


def closed_url() -> str:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reposelect", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_chain_commands_name_the_unreachable_node():
    url = closed_url()
    for args in (["chain", "serve", "--rpc", url], ["chain", "deploy", "--rpc", url]):
        p = run(*args)
        assert (p.returncode, p.stdout) == (74, ""), (args, p.stdout, p.stderr)
        line, = p.stderr.splitlines()
        assert line.startswith(f"reposelect chain: rpc_unreachable at --rpc: cannot reach a JSON-RPC node at {url}: ")
        assert "Connection refused" in line and "HTTPConnectionPool" not in line, line


def test_session_and_audit_on_an_unreachable_node(tmp_path):
    url = closed_url()
    grid = [0, 50, 100, 150]
    (tmp_path / "mm.json").write_text(json.dumps({"role": "mm", "grid": grid, "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}))
    (tmp_path / "rm.json").write_text(json.dumps({"role": "rm", "grid": grid, "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}))
    p = run("session", "--mm", str(tmp_path / "mm.json"), "--rm", str(tmp_path / "rm.json"), "--log", f"chain:{url}")
    err = json.loads(p.stdout)["error"]
    assert p.returncode == 74 and p.stderr == "", p.stderr
    assert (err["code"], err["input"]) == ("rpc_unreachable", f"--log chain:{url}") and url in err["message"]
    p = run("audit", "--log", f"chain:{url}")
    err = json.loads(p.stdout)["error"]
    assert p.returncode == 74 and p.stderr == "", p.stderr
    assert (err["code"], err["path"]) == ("rpc_unreachable", "--log") and url in err["message"]
