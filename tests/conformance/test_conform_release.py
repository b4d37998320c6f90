"""Release archive (reproducible bytes), differential fuzzing, the Node adapters, the installed data."""
import os
import io
import json
import shutil
import subprocess
import sys
import tarfile

import pytest

from conform_helpers import ADAPTERS, REFERENCE, ROOT, mutant_command
from reposelect.reference.version import SPEC_VERSION
from reposelect.conformance import cli
from reposelect.conformance.fuzz import fuzz
from reposelect.conformance.pack import pack, pack_bytes
from reposelect.conformance.runner import read_skips, run
from reposelect.conformance.suite import load_vectors


def test_pack_twice_gives_the_same_bytes(tmp_path):
    a = pack(tmp_path / "a")
    b = pack(tmp_path / "b")
    assert a.name == f"reposelect-conformance-{SPEC_VERSION}.tar.gz"
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header mtime 0


def test_the_archive_holds_the_suite_with_fixed_metadata(tmp_path):
    data = pack_bytes()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names == sorted(names)
        assert all(m.mtime == 0 and m.uid == 0 and m.gid == 0 and m.uname == "" for m in members)
        top = f"reposelect-conformance-{SPEC_VERSION}"
        assert f"{top}/schema/wire.schema.json" in names and f"{top}/GUIDE.md" in names
        assert f"{top}/schema/manifest.schema.json" in names
        assert f"{top}/vectors/SUITE.json" in names
        tar.extractall(tmp_path, filter="data")
    # the unpacked suite is a suite: the runner runs it
    unpacked = load_vectors(tmp_path / top / "vectors")
    assert len(unpacked) == len(load_vectors())
    assert cli.main(["run", "--impl", REFERENCE, "--vectors", str(tmp_path / top / "vectors"), "--select", "edge", "--quiet"]) == 0


def test_pack_changes_when_a_vector_changes(tmp_path):
    root = tmp_path / "v"
    shutil.copytree(ROOT / "conformance" / "vectors", root)
    before = pack_bytes(root)
    m = next(root.glob("*/*/manifest.json"))
    man = json.loads(m.read_text())
    man["description"] += "!"
    m.write_text(json.dumps(man))
    assert pack_bytes(root) != before


def test_fuzzing_the_reference_finds_nothing():
    lines = []
    assert fuzz(REFERENCE, 150, seed=3, out=lines.append)
    assert "FUZZ PASS: 150 cases" in lines[-1]


def test_fuzzing_a_mutant_prints_a_minimal_replayable_case():
    runs = []
    for _ in range(2):
        lines = []
        assert not fuzz(mutant_command("strict_hurdle.py"), 200, seed=5, out=lines.append)
        runs.append(lines)
    text = "\n".join(runs[0])
    assert "FUZZ FAIL (seed 5)" in text and "--fuzz 200 --seed 5" in text
    wire = next(line for line in runs[0] if "input (one wire line):" in line).split(": ", 1)[1]
    doc = json.loads(wire)  # printed in wire format
    assert len(doc["grid"]) <= 3  # shrunk to a small case
    # the printed case really separates the mutant from the reference
    from reposelect.reference.wire import answer
    assert answer(wire)["feasible"] != []
    # the same seed replays the same minimal case
    assert runs[0] == runs[1]


def test_cli_fuzz_only_mode(capsys):
    assert cli.main(["run", "--impl", REFERENCE, "--no-vectors", "--fuzz", "30", "--seed", "1"]) == 0
    assert "FUZZ PASS" in capsys.readouterr().out
    from reposelect.cli import EX_USAGE, main

    assert main(["conform", "run", "--impl", REFERENCE, "--no-vectors"]) == EX_USAGE
    assert "--no-vectors needs --fuzz N" in capsys.readouterr().err


node = shutil.which("node")
if node is None and os.environ.get("CI"):
    raise RuntimeError("node is not installed in CI: `./dev.sh test` should have installed Debian's nodejs")


@pytest.mark.skipif(node is None, reason="node is not installed (CI installs nodejs)")
def test_node_forwarding_adapter_passes_everything(monkeypatch):
    monkeypatch.setenv("REPOSELECT_SERVE", REFERENCE)
    rs = run(load_vectors(), f"node {ADAPTERS / 'forward.mjs'}")
    assert [r.vector.id for r in rs if r.status != "pass"] == []


@pytest.mark.skipif(node is None, reason="node is not installed (CI installs nodejs)")
def test_independent_node_implementation_passes_with_its_skip_list():
    skips, warnings = read_skips(str(ADAPTERS / "mini.skip"), {v.id for v in load_vectors()})
    assert warnings == [] and len(skips) <= 5
    rs = run(load_vectors(), f"node {ADAPTERS / 'mini.mjs'}", skips=skips, timeout=20)
    assert [(r.vector.id, r.details) for r in rs if r.status in ("fail", "error")] == []
    # without the skip list the skipped vectors really fail: the skip list is honest
    rs = run([v for v in load_vectors() if v.id in skips], f"node {ADAPTERS / 'mini.mjs'}")
    assert all(r.status == "fail" for r in rs)


def test_the_built_package_ships_the_suite_data(tmp_path):
    """build_py with the pyproject's package-data puts every vector, the schema and the mutants in the package."""
    src = tmp_path / "src"  # a copy: the build writes egg-info and build/ where it runs, never in the checkout
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "site", "__pycache__",
                                                             "*.egg-info", ".pytest_cache", ".hypothesis", "node_modules"))
    out = tmp_path / "build"
    p = subprocess.run([sys.executable, "-c", "import setuptools, sys; sys.argv = ['setup.py', '-q', 'build_py', '-d', sys.argv[1]]; setuptools.setup()",
                        str(out)], cwd=src, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    pkg = out / "reposelect" / "conformance"
    src = ROOT / "conformance"
    want = {f.relative_to(src) for f in src.rglob("*") if f.is_file() and "__pycache__" not in f.parts}
    got = {f.relative_to(pkg) for f in pkg.rglob("*") if f.is_file() and "__pycache__" not in f.parts}
    assert want - got == set()
