"""`reposelect conform --impl "reposelect chain serve"`: vectors and differential fuzzing through the
contract, as a separate process speaking JSON Lines (spec 6.6). The whole suite and 2,000 fuzzed
cases are `reposelect conform --impl "reposelect chain serve" --timeout 900 --fuzz 2000`; here a
subset and 200 cases keep the test cheap."""
from __future__ import annotations

import subprocess
import sys

from reposelect.conformance.cli import main as conform


def test_conform_subset_and_fuzz_through_the_contract(capsys):
    impl = f"{sys.executable} -m reposelect chain serve"
    rc = conform(["--impl", impl, "--select", "errors.*", "--select", "precedence", "--select", "tie_breaks",
                  "--fuzz", "200", "--seed", "3", "--timeout", "120", "--quiet"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "0 failed" in out


def test_serve_keeps_going_after_bad_lines():
    lines = b'garbage\n{"grid": [0, 10], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2"], "hurdle": "0"}}\n\n'
    p = subprocess.run([sys.executable, "-m", "reposelect", "chain", "serve"], input=lines, capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    got = p.stdout.decode().splitlines()
    assert len(got) == 3
    assert '"invalid_json"' in got[0] and '"trade":true' in got[1] and '"invalid_json"' in got[2]
