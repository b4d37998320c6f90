"""Golden tests of the command line on the examples of the wire format (spec/wire.md 6)."""
import json
import subprocess
import sys
from decimal import Decimal

from wire_example import WIRE_EXAMPLE

WIRE_OUTCOME = {
    "trade": True, "index": 2, "volume": 100, "r_mm": "4.32", "r_rm": "4.70", "r_bd": "4.51",
    "spread": "0.38", "joint_profit": "38.00", "equilibria": [0, 1, 2], "feasible": [1, 2],
}


def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "reposelect", *args], input=stdin, capture_output=True, timeout=60)


def by_value(d):
    """Decimal strings compare by value (spec/wire.md 6.1)."""
    out = {}
    for k, v in d.items():
        if isinstance(v, str) and k.startswith(("r_", "spread", "joint")):
            v = Decimal(v)
        out[k] = v
    return out


def test_select_file_gives_the_documented_outcome(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(WIRE_EXAMPLE, indent=2))
    p = run("select", str(f))
    assert p.returncode == 0, p.stderr
    assert by_value(json.loads(p.stdout)) == by_value(WIRE_OUTCOME)
    assert p.stderr == b""


def test_select_stdin_and_error_exit_status():
    p = run("select", "-", stdin=json.dumps(WIRE_EXAMPLE).encode())
    assert p.returncode == 0 and json.loads(p.stdout)["index"] == 2
    bad = dict(WIRE_EXAMPLE, theta="1")
    p = run("select", "-", stdin=json.dumps(bad).encode())
    assert p.returncode == 2
    assert json.loads(p.stdout) == {"error": {"code": "theta_out_of_range", "message": "theta = 1 is not strictly between 0 and 1", "path": "theta"}}
    assert b"Traceback" not in p.stderr


def test_select_missing_file_is_a_usage_error_and_an_unreadable_one_an_io_error(tmp_path):
    p = run("select", str(tmp_path / "nope.json"))
    assert p.returncode == 64 and p.stdout == b""
    assert p.stderr.decode().splitlines() == [f"reposelect select: no such file: {tmp_path / 'nope.json'}"]
    p = run("select", str(tmp_path))  # a directory: it exists but cannot be read as a case
    assert p.returncode == 74
    assert json.loads(p.stdout)["error"]["code"] == "io_error"
    assert b"Traceback" not in p.stderr


def test_no_trade_outcome_shape():
    case = dict(WIRE_EXAMPLE, mm={"rates": ["4.30", "4.32", "4.35"], "hurdle": "0.70"})
    p = run("select", "-", stdin=json.dumps(case).encode())
    assert json.loads(p.stdout) == {
        "trade": False, "index": 0, "volume": 0, "r_mm": None, "r_rm": None, "r_bd": None,
        "spread": None, "joint_profit": None, "equilibria": [0, 1, 2], "feasible": [],
    }


def test_serve_answers_every_line_in_order_and_survives_garbage():
    good = json.dumps(WIRE_EXAMPLE).encode()
    lines = [good, b"garbage", b"\xff\xfe", b"", json.dumps(dict(WIRE_EXAMPLE, theta=0.5)).encode(), good]
    p = run("serve", stdin=b"\n".join(lines))  # last line without newline
    assert p.returncode == 0 and b"Traceback" not in p.stderr
    answers = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(answers) == len(lines)
    assert answers[0]["index"] == 2 and answers[-1]["index"] == 2
    assert [a["error"]["code"] for a in answers[1:5]] == ["invalid_json", "invalid_json", "invalid_json", "schema"]


def test_serve_handles_crlf():
    p = run("serve", stdin=json.dumps(WIRE_EXAMPLE).encode() + b"\r\n")
    assert json.loads(p.stdout)["index"] == 2


def test_variant_flag_replays_a_negative_rate_case():
    case = dict(WIRE_EXAMPLE, rm={"rates": ["4.90", "4.70", "-0.50"], "hurdle": "0.05"})
    assert run("select", "-", stdin=json.dumps(case).encode()).returncode == 2
    p = run("select", "--variant", "negative_rates", "-", stdin=json.dumps(case).encode())
    assert p.returncode == 0, p.stdout
    p = run("select", "--variant", "bogus", "-", stdin=json.dumps(case).encode())
    assert p.returncode == 64 and b"unknown variant" in p.stderr and len(p.stderr.splitlines()) == 1


def test_demo_prints_schedules_equilibria_selection_and_reason():
    p = run("demo")
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert "equilibria (indices): [0, 1, 2, 3, 4, 5, 6]" in out
    assert "hurdle-feasible trading equilibria: [1, 2, 3, 4]" in out
    assert "selected: 1000m at index 4" in out
    assert "No trade was not chosen because" in out
    assert "excluded because their spread is below the larger hurdle 0.25" in out
