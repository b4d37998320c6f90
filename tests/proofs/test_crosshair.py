"""CrossHair checks the reference's contracts (proofs/contracts.py) within a time cap, and
refutes a deliberately wrong contract, so the check cannot pass vacuously (spec/claims.md 7.9)."""
import pathlib
import subprocess
import sys

import pytest

CROSSHAIR = pathlib.Path(sys.executable).with_name("crosshair")
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _check(module, per_condition=2, cap=150):
    return subprocess.run([str(CROSSHAIR), "check", "--analysis_kind=PEP316", "--per_condition_timeout",
                           str(per_condition), module], capture_output=True, text=True, timeout=cap, cwd=ROOT)


@pytest.mark.skipif(not CROSSHAIR.exists(), reason="crosshair-tool is a dev dependency")
def test_reference_contracts_hold():
    r = _check("reposelect.proofs.contracts")
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout + r.stderr


@pytest.mark.skipif(not CROSSHAIR.exists(), reason="crosshair-tool is a dev dependency")
def test_wrong_contract_is_refuted():
    r = _check("reposelect.proofs.contracts_canary")
    assert r.returncode == 1
    assert "always_trades" in r.stdout and "false when calling" in r.stdout
