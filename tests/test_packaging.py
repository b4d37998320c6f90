"""The distribution maps the top-level folders onto one namespace and lists every package."""
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_every_python_package_folder_is_listed_in_pyproject():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(conf["packages"])
    dirs = conf["package-dir"]
    found = set()
    for pkg, folder in dirs.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            if any(part.startswith((".", "_")) or part in ("tests",) for part in rel.parts):
                continue
            name = ".".join((pkg,) + rel.parts) if rel.parts else pkg
            # a nested folder that is itself mapped is found via its own mapping
            if any(name != p and name.startswith(p + ".") and p in dirs and p != pkg for p in dirs):
                continue
            found.add(name)
    assert found - listed == set(), f"packages on disk but not in pyproject: {sorted(found - listed)}"
    assert not any(p.split(".")[0] != "reposelect" for p in listed), "every package lives under reposelect"


def test_the_wheel_installs_only_the_reposelect_namespace(tmp_path):
    """Installing the distribution never adds a bare top-level `reference` or `proofs`."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("reposelect-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"reposelect", wheel.name.split("-py")[0] + ".dist-info"}
    for module in ("reference/select.py", "proofs/claims.py", "conformance/runner.py", "reference/protocol/zkp.py", "cli.py"):
        assert f"reposelect/{module}" in names, module
