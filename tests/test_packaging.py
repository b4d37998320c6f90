"""The layout: reference/, proofs/ and conformance/ stay top-level folders, reached
only as reposelect.<folder> (through the links in reposelect/), and the wheel holds
exactly the reposelect namespace with every package found on disk."""
import ast
import importlib.metadata
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: Every top-level folder that is a Python package (reference/, proofs/, conformance/, ...).
FOLDERS = tuple(sorted(p.parent.name for p in ROOT.glob("*/__init__.py")
                       if p.parent.name not in ("reposelect", "tests", "docs")))


def _packages_on_disk() -> set[str]:
    found = {"reposelect"}
    for folder in FOLDERS:
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            if any(part.startswith((".", "_")) for part in rel.parts):
                continue
            found.add(".".join(("reposelect",) + rel.parts))
    return found


def test_each_folder_is_linked_into_the_package():
    assert {"reference", "proofs", "conformance"} <= set(FOLDERS)
    for folder in FOLDERS:
        link = ROOT / "reposelect" / folder
        assert link.is_symlink(), f"reposelect/{folder} must be a link to ../{folder}"
        assert os.readlink(link) == f"../{folder}"


def test_a_top_level_import_is_refused_so_no_module_loads_twice():
    for folder in FOLDERS:
        r = subprocess.run([sys.executable, "-c", f"import {folder}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode != 0
        assert f"import this package as reposelect.{folder}" in r.stderr


def test_the_wheel_holds_every_package_and_only_the_reposelect_namespace(tmp_path):
    """Built from a copy outside the checkout, so the build leaves nothing behind in it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", "build", "dist", "__pycache__", "*.pyc", "*.egg-info",
        ".hypothesis", ".pytest_cache", ".crosshair"))
    out = tmp_path / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    # no packaging warning (a license table, a data folder taken for a package, ...); a machine's
    # pip index configuration is not the project's
    warnings = [line for line in (r.stdout + r.stderr).splitlines()
                if re.search(r"[Ww]arning|deprecated", line) and "Location 'file:" not in line]
    assert warnings == [], "\n".join(warnings[:20])
    (wheel,) = out.glob("reposelect-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not any("canary" in n for n in names), "the deliberately wrong contract must not ship"
    assert {n.split("/")[0] for n in names} == {"reposelect", wheel.name.split("-py")[0] + ".dist-info"}
    packages = {".".join(n.split("/")[:-1]) for n in names if n.endswith("/__init__.py")}
    assert packages == _packages_on_disk()
    for module in ("reference/select.py", "proofs/claims.py", "conformance/runner.py",
                   "reference/protocol/zkp.py", "cli.py", "conformance/vectors/SUITE.json"):
        assert f"reposelect/{module}" in names, module


def _imports(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    """Top-level names imported anywhere under `folder` (absolute imports), with one file each."""
    found: dict[str, pathlib.Path] = {}
    for f in sorted(folder.rglob("*.py")):
        if "__pycache__" in f.parts:
            continue
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                found.setdefault(n.split(".")[0], f)
    return found


def _declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements}


def _undeclared(folder: pathlib.Path, allowed: set[str]) -> list[str]:
    dists = importlib.metadata.packages_distributions()
    local = {p.stem for p in folder.rglob("*.py")}  # helper modules next to the code (tests' own imports)
    out = []
    for name, where in _imports(folder).items():
        if name in sys.stdlib_module_names or name == "reposelect" or name in local:
            continue
        owners = {d.lower().replace("_", "-") for d in dists.get(name, [])}
        if not owners & allowed:
            out.append(f"{name} (imported by {where.relative_to(ROOT)}; distributions {sorted(owners) or '?'})")
    return out


def test_every_library_the_code_imports_is_declared():
    """What runs is declared: the shipped packages import only `dependencies` (jsonschema, used at
    run time by `conform check` and the schema module, is one); the tests only those and the dev
    extra (yaml); the site generator those and the docs extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _declared(project["dependencies"])
    extras = {k: _declared(v) for k, v in project["optional-dependencies"].items()}
    for folder in FOLDERS + ("reposelect",):
        assert _undeclared(ROOT / folder, runtime) == [], folder
    assert _undeclared(ROOT / "tests", runtime | extras["dev"]) == []
    assert _undeclared(ROOT / "docs", runtime | extras["docs"]) == []
