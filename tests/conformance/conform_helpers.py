"""Shared helpers of the conformance tests."""
import pathlib
import shlex
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "conformance" / "mutants"
ADAPTERS = ROOT / "conformance" / "adapters"
PY = shlex.quote(sys.executable)
#: The reference over JSON Lines, without relying on PATH.
REFERENCE = f"{PY} -m reposelect serve"


def mutant_command(name: str) -> str:
    return f"{PY} {shlex.quote(str(MUTANTS / name))}"


def mutant_names() -> list[str]:
    return sorted(p.name for p in MUTANTS.glob("*.py") if not p.name.startswith("_"))
