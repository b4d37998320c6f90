"""The enclave's code measurement (spec/protocol.md 9.4.2): computed from the import graph,
it covers every module the enclave loads and the libraries it runs on."""
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from protocol_helpers import open_session
from reposelect.reference.protocol import roles
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.errors import AttestationError
from reposelect.reference.protocol.log import PublicLog
from reposelect.reference.protocol.roles import (
    Enclave, measured_code, measurement, measurement_of, protocol_parameters,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_measurement_covers_every_module_a_whole_session_loads():
    """Run the enclave's and the dealers' steps (in `ipa` mode) in a fresh interpreter that
    imports nothing but the enclave module; every module of the package it loaded is measured."""
    code = textwrap.dedent("""
        import json, sys
        from decimal import Decimal
        from reposelect.reference.protocol.roles import Dealer, Enclave, cosign_open, new_session_body
        from reposelect.reference.protocol.log import PublicLog
        from reposelect.reference.wire import parse_report
        grid = [0, 50, 100]
        mm = parse_report(json.dumps({"role": "mm", "grid": grid, "rates": ["4.30", "4.32"], "hurdle": "0.10"}))
        rm = parse_report(json.dumps({"role": "rm", "grid": grid, "rates": ["4.90", "4.70"], "hurdle": "0.05"}))
        log, enc = PublicLog(":memory:"), Enclave(range_proof="ipa")
        d = [Dealer(mm), Dealer(rm)]
        body = new_session_body(mm.grid, Decimal("0.5"), "largest_volume", {"mm": d[0].public, "rm": d[1].public})
        sid = log.append(cosign_open(body, *d)).session
        enc.attest(log, sid)
        for x in d:
            x.submit(log, sid)
        out, errs = enc.step(log, sid)
        assert out is not None and not errs, errs
        for x in d:
            x.receive(log, sid)
        print(json.dumps(sorted(m for m in sys.modules if m == "reposelect" or m.startswith("reposelect."))))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout))
    sources, libraries = measured_code()
    assert loaded <= set(sources), f"loaded but not measured: {sorted(loaded - set(sources))}"
    for name in ("protocol.ipa", "protocol.log", "protocol.errors", "protocol.zkp", "protocol.group", "select", "wire"):
        assert f"reposelect.reference.{name}" in sources
    assert {p.split("==")[0] for p in libraries} >= {"cryptography", "py_arkworks_bls12381"}
    assert any(p.startswith("python=") for p in libraries)


def test_changing_any_measured_module_or_library_changes_the_measurement():
    sources, libraries = measured_code()
    params = protocol_parameters()
    base = measurement_of(sources, libraries, params)
    assert base == measurement()
    seen = {base}
    for name in sources:
        seen.add(measurement_of(dict(sources, **{name: sources[name] + b"\n# changed\n"}), libraries, params))
    for i, pin in enumerate(libraries):
        other = libraries[:i] + (pin + ".post1",) + libraries[i + 1:]
        seen.add(measurement_of(sources, other, params))
    seen.add(measurement_of(dict(sources, **{"reposelect.extra": b""}), libraries, params))
    seen.add(measurement_of(sources, libraries + ("newlib==1.0",), params))
    seen.add(measurement_of(sources, libraries, params + ";x"))
    assert len(seen) == 1 + len(sources) + len(libraries) + 3


def test_a_library_version_is_read_from_the_installed_distribution(monkeypatch):
    real = roles.importlib.metadata.version
    monkeypatch.setattr(roles.importlib.metadata, "version",
                        lambda d: "0.0-trojan" if d == "py_arkworks_bls12381" else real(d))
    _, libraries = measured_code()
    assert "py_arkworks_bls12381==0.0-trojan" in libraries


def _measure_tree(tree: Path) -> str:
    code = "from reposelect.reference.protocol.roles import measurement; print(measurement())"
    proc = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tree)!r}); {code}"],
                          capture_output=True, text=True, timeout=120, cwd=tree)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_a_trojaned_ipa_module_changes_the_measurement_of_the_code_on_disk(tmp_path):
    """The issue's attack: a changed protocol/ipa.py. The measurement is of the files the
    interpreter loads: a copy of the code measures the same, a one-line change does not."""
    tree = tmp_path / "tree"
    # reposelect/reference is a link to reference/: copytree follows it, giving a real copy to trojan.
    shutil.copytree(ROOT / "reposelect", tree / "reposelect",
                    ignore=shutil.ignore_patterns("__pycache__", "proofs", "conformance"))
    assert _measure_tree(tree) == measurement()
    ipa = tree / "reposelect" / "reference" / "protocol" / "ipa.py"
    ipa.write_text(ipa.read_text() + "\nLEAK = True\n")
    assert _measure_tree(tree) != measurement()


def test_an_enclave_with_other_code_is_refused_by_dealers_and_the_auditor(tmp_path):
    sources, libraries = measured_code()
    name = "reposelect.reference.protocol.ipa"
    other = measurement_of(dict(sources, **{name: sources[name] + b"\nLEAK = True\n"}), libraries, protocol_parameters())
    with PublicLog(str(tmp_path / "log.db")) as log:
        sid, _, d_mm, _ = open_session(log, enclave=Enclave(code_measurement=other))
        with pytest.raises(AttestationError) as e:
            d_mm.submit(log, sid)
        assert e.value.code == "attestation_measurement"
        res = audit_log(log)
        assert not res.ok and res.sessions[0].error.code == "attestation_measurement"
