"""The contracts compile reproducibly with the pinned compiler (spec/chain.md 11.1)."""
from __future__ import annotations

import json
import subprocess

from reposelect.chain.evm import ARTIFACTS

from chain_helpers import CONTRACTS, require_node_tools


def test_same_bytecode_from_the_same_sources(tmp_path):
    require_node_tools()
    subprocess.run(["node", str(CONTRACTS / "compile.js"), str(tmp_path)], check=True, capture_output=True, timeout=600)
    committed = sorted(p.name for p in ARTIFACTS.glob("*.json"))
    assert committed and committed == sorted(p.name for p in tmp_path.glob("*.json"))
    for name in committed:
        fresh, ours = json.loads((tmp_path / name).read_text()), json.loads((ARTIFACTS / name).read_text())
        assert fresh["compiler"].startswith("solc 0.8.28")
        assert fresh == ours, f"{name}: the committed artifact is not what the pinned compiler makes of the sources"


def test_the_compiler_is_pinned_by_the_lockfile():
    lock = json.loads((CONTRACTS / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/solc"]["version"] == "0.8.28"
    assert json.loads((CONTRACTS / "package.json").read_text())["devDependencies"]["solc"] == "0.8.28"
