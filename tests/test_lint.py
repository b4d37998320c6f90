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


def test_the_reference_type_checks():
    # reposelect/reference is the link to reference/: one module name per file.
    r = _run("mypy", "--no-incremental", "-p", "reposelect.reference")
    assert r.returncode == 0, r.stdout + r.stderr
