"""The import direction of docs/architecture.md, enforced.

Every module of the project is read as source (nothing is imported), each import is
resolved to its area, and an import across areas must be an allowed edge. The
reference depends on nothing else here; the matcher core depends on the standard
library only (so `reposelect serve` never loads Z3, SymPy or a cryptography library).
"""
import ast
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
PKG = ROOT / "reposelect"

#: area -> the areas it may import. "cli" is the reposelect/ package's own modules.
ALLOWED = {
    "reference": set(),
    "reference.protocol": {"reference"},
    "proofs": {"reference"},
    "conformance": {"reference"},
    "chain": {"reference", "reference.protocol"},
    "cli": {"reference", "reference.protocol", "proofs", "conformance", "chain"},
}
LEAVES = ("reference", "proofs", "conformance", "chain")


def area(module: str) -> str:
    parts = module.split(".")
    if parts[:3] == ["reposelect", "reference", "protocol"]:
        return "reference.protocol"
    if len(parts) > 1 and parts[1] in LEAVES:
        return parts[1]
    return "cli"


def project_modules():
    """(module name, path) of every module, each once, named as it is imported."""
    paths = [pathlib.Path(d) / f for d, _, files in os.walk(PKG, followlinks=True)  # the links in reposelect/
             for f in files if f.endswith(".py")]
    for path in sorted(paths):
        rel = path.relative_to(ROOT).with_suffix("").parts
        if "mutants" in rel or "adapters" in rel:  # deliberately wrong programs run as scripts
            continue
        name = ".".join(rel[:-1] if rel[-1] == "__init__" else rel)
        yield name, path


def imports_of(name: str, path: pathlib.Path):
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                yield ".".join(base + ([node.module] if node.module else [])), node.lineno
            else:
                yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def test_the_modules_are_found():
    names = {n for n, _ in project_modules()}
    assert {"reposelect.reference.select", "reposelect.reference.transport", "reposelect.reference.protocol.zkp",
            "reposelect.proofs.runner", "reposelect.conformance.runner", "reposelect.cli"} <= names


def test_imports_follow_the_allowed_directions():
    bad = []
    for name, path in project_modules():
        src = area(name)
        for target, line in imports_of(name, path):
            if not target or not target.startswith("reposelect"):
                continue
            dst = area(target)
            if dst != src and dst not in ALLOWED[src]:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {src} imports {target} ({dst})")
    assert not bad, "imports against docs/architecture.md:\n" + "\n".join(bad)


def test_the_matcher_core_uses_the_standard_library_only():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    bad = []
    for name, path in project_modules():
        if area(name) != "reference":
            continue
        for target, line in imports_of(name, path):
            top = target.split(".")[0] if target else ""
            if top and top != "reposelect" and top not in stdlib:
                bad.append(f"{path.relative_to(ROOT)}:{line}: imports {target}")
    assert not bad, "the matcher must run on the standard library alone:\n" + "\n".join(bad)


def test_the_check_fails_on_a_wrong_direction(tmp_path, monkeypatch):
    """The test above can fail: a reference module importing the proofs is reported."""
    fake = tmp_path / "reposelect" / "reference" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from reposelect.proofs import runner\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PKG", tmp_path / "reposelect")
    (name, path), = list(project_modules())
    assert area(name) == "reference"
    assert [area(t) for t, _ in imports_of(name, path)] == ["proofs"]


def _doc_table(heading: str) -> list[list[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if r.startswith("| ")][2:]  # skip header and rule
    return [[c.strip() for c in r.strip("|").split("|")] for r in rows]


def test_the_page_states_the_enforced_directions():
    rows = _doc_table("Packages and the directions of import")
    stated = {}
    for name, _folder, may in rows:
        stated[name.strip("`")] = {a.strip("` ") for a in may.split(",") if a.strip().startswith("`")}
    assert stated == ALLOWED


def test_every_rule_named_on_the_page_exists_where_it_says():
    for rule, _spec, where in _doc_table("Where each rule is defined"):
        path, *names = where.replace(",", "").split("`")[1::2]
        if not path.endswith(".py"):
            continue
        source = (ROOT / path).read_text()
        for n in names:
            if n.endswith(".py"):
                source = (ROOT / n).read_text()
                continue
            assert f"def {n}(" in source or f"class {n}" in source or f"{n} =" in source, (rule, path, n)


def test_the_serve_loop_is_the_reference_s_own():
    """`reposelect serve` and `select` run the transport of the reference (`answer` and the
    loop around it), which the mutants patch; the CLI package only re-exports it."""
    from reposelect import transport as old_home
    from reposelect.reference import transport, wire

    assert area("reposelect.reference.transport") == "reference"
    assert old_home.serve is transport.serve and old_home.answer is transport.answer
    assert wire.answer is transport.answer  # the former name of the wire pipeline still works


def _undocumented(path: pathlib.Path) -> list[str]:
    """The public functions, classes and methods of a module without a docstring."""
    missing = []

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                if not ast.get_docstring(node):
                    missing.append(f"{path.relative_to(ROOT)}: {prefix}{node.name}")
                if isinstance(node, ast.ClassDef):
                    visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(path.read_text()).body, "")
    return missing


def test_public_functions_of_the_reference_and_the_suite_are_documented():
    paths = [p for name, p in project_modules() if area(name) in ("reference", "reference.protocol", "conformance")]
    assert len(paths) > 40
    missing = [m for p in paths for m in _undocumented(p)]
    assert not missing, "public functions without a docstring:\n" + "\n".join(missing)


def test_the_docstring_check_finds_one_missing(tmp_path, monkeypatch):
    (tmp_path / "m.py").write_text('def f():\n    """Documented."""\n\n\nclass C:\n    def g(self):\n        pass\n')
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _undocumented(tmp_path / "m.py") == ["m.py: C", "m.py: C.g"]
