"""The linter and the type checker are part of the suite (their rules: pyproject.toml)."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    r = _run("ruff", "check", "--no-cache", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_package_type_checks(tmp_path):
    """mypy over the whole reposelect package (the links make one module name per file):
    reference/, proofs/, chain/, conformance/ and the command line; any error is a failure.
    The cache goes to a fresh directory, so every run checks from scratch and leaves nothing here."""
    r = _run("mypy", "--cache-dir", str(tmp_path / "mypy"), "-p", "reposelect")
    errors = [line for line in r.stdout.splitlines() if ": error:" in line]
    assert r.returncode in (0, 1) and not r.stderr.strip(), r.stdout + r.stderr  # 1: errors found, 2: mypy failed
    assert not errors and r.returncode == 0, f"{len(errors)} type errors:\n" + r.stdout
