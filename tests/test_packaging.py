"""The layout: reference/, proofs/ and conformance/ stay top-level folders, reached
only as reposelect.<folder> (through the links in reposelect/), and the wheel holds
exactly the reposelect namespace with every package found on disk."""
import os
import pathlib
import shutil
import subprocess
import sys
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
    (wheel,) = out.glob("reposelect-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"reposelect", wheel.name.split("-py")[0] + ".dist-info"}
    packages = {".".join(n.split("/")[:-1]) for n in names if n.endswith("/__init__.py")}
    assert packages == _packages_on_disk()
    for module in ("reference/select.py", "proofs/claims.py", "conformance/runner.py",
                   "reference/protocol/zkp.py", "cli.py", "conformance/vectors/SUITE.json"):
        assert f"reposelect/{module}" in names, module
