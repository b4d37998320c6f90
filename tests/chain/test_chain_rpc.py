"""A node named by `--rpc URL` or `--log chain:URL` that cannot be reached: one clear error with the
code `rpc_unreachable`, status 74 (spec/wire.md 6.6: an input that cannot be used), never a traceback."""
from __future__ import annotations

import contextlib
import http.server
import io
import json
import socket
import subprocess
import sys
import threading

import pytest


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


class _Accounts(http.server.BaseHTTPRequestHandler):
    """A JSON-RPC node that knows one unlocked account and nothing else."""

    def do_POST(self):  # noqa: N802 - the name http.server calls
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps({"jsonrpc": "2.0", "id": req["id"], "result": ["0x" + "11" * 20]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_node_lost_after_connecting_is_rpc_unreachable():
    """The node answers while the client connects, then goes away: the next case is not answered
    as a contract failure but as `rpc_unreachable`, status 74, from `chain serve`'s loop."""
    from reposelect.chain.evm import ChainError
    from reposelect.chain.matcher import ChainMatcher
    from reposelect.chain.serve import serve

    server = http.server.HTTPServer(("127.0.0.1", 0), _Accounts)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    matcher = ChainMatcher.start(url, "0x" + "22" * 20)
    server.shutdown()
    server.server_close()
    thread.join()
    case = json.dumps({"grid": [0, 10], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2"], "hurdle": "0"}})
    with pytest.raises(ChainError) as e:
        matcher.answer(case)
    assert e.value.code == "rpc_unreachable" and url in e.value.message and "Connection refused" in e.value.message
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        assert serve(io.BytesIO(case.encode() + b"\n"), out, matcher) == 74
    assert out.getvalue() == "" and err.getvalue().startswith("reposelect chain serve: rpc_unreachable at --rpc: ")


def test_an_address_that_is_not_one_is_a_usage_error():
    p = run("chain", "serve", "--rpc", closed_url(), "--address", "0x1234")
    assert (p.returncode, p.stdout) == (64, ""), p.stderr
    assert p.stderr.splitlines() == ["reposelect chain serve: --address '0x1234' is not an address (0x and 40 hex digits)"]
