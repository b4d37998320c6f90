"""CrossHair checks the reference's contracts (proofs/contracts.py) within a time cap, and
refutes a deliberately wrong contract, so the check cannot pass vacuously (spec/claims.md 7.9)."""
import pathlib
import subprocess
import sys

import pytest

CROSSHAIR = pathlib.Path(sys.executable).with_name("crosshair")
ROOT = pathlib.Path(__file__).resolve().parents[2]


#: The cap is a hang guard, not a speed test: the contracts check took 162 s wall (29 s CPU) at a load
#: average of 21 on 2 cores (134 s of the old 150 s cap before), so 600 s keeps more than 3x headroom.
CAP = 600


def _check(module, per_condition=2, cap=CAP):
    return subprocess.run([str(CROSSHAIR), "check", "--analysis_kind=PEP316", "--per_condition_timeout",
                           str(per_condition), module], capture_output=True, text=True, timeout=cap, cwd=ROOT)


@pytest.mark.skipif(not CROSSHAIR.exists(), reason="crosshair-tool is a dev dependency")
def test_reference_contracts_hold():
    r = _check("reposelect.proofs.contracts")
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout + r.stderr


@pytest.mark.skipif(not CROSSHAIR.exists(), reason="crosshair-tool is a dev dependency")
def test_wrong_contract_is_refuted():
    # One condition, 120 s of wall time for it. Since select reads rates as scaled integers from
    # their text, CrossHair needs about 60-90 s (idle machine) to find always_trades(1, 1, 0, 0);
    # at 20 s it reports nothing. The reference's own contracts above run at 2 s per condition,
    # so this canary shows the search can refute a false contract, not that it does at 2 s.
    r = _check(str(pathlib.Path(__file__).with_name("contracts_canary.py")), per_condition=120)
    assert r.returncode == 1
    assert "always_trades" in r.stdout and "false when calling" in r.stdout
