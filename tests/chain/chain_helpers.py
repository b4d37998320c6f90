"""Shared fixtures of the chain tests: one embedded chain per test module."""
from __future__ import annotations

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "contracts"


def require_node_tools() -> None:
    """Skip without node and the pinned npm packages, except in CI, where `./dev.sh test` installs them."""
    ok = shutil.which("node") is not None and (CONTRACTS / "node_modules" / "solc").is_dir()
    if not ok:
        if os.environ.get("CI"):
            raise RuntimeError("node or contracts/node_modules is missing in CI: `./dev.sh test` installs them (npm ci)")
        pytest.skip("node and contracts/node_modules (npm ci in contracts/) are needed")
