"""spec/derivations.md shows no formula that could drift from the derivation."""
import re
from pathlib import Path

import sympy as sp

from reposelect.proofs.derive import derive_family, parse, sign_form
from reposelect.proofs.derive_numeric import substitute_by_name

ROOT = Path(__file__).parents[2]
SPEC = (ROOT / "spec" / "derivations.md").read_text()
MARKED = re.compile(r"<!-- derive: (\w+) (\w+) = (.*?) -->\n\$\$\n(.*?)\n\$\$\n")


def test_spec_formulas_are_the_derived_ones():
    found = MARKED.findall(SPEC)
    assert len(found) >= 10
    # every display formula is one of the marked ones
    assert SPEC.splitlines().count("$$") == 2 * len(found)
    for fam, key, text, shown in found:
        R = derive_family(fam)
        mine = R[key].expr
        parsed = parse(text)
        assert shown == sp.latex(parsed), (fam, key)
        theirs = substitute_by_name(parsed, {s.name: s for s in mine.free_symbols})
        assert theirs == mine or sign_form(theirs - mine) == 0, (fam, key, text, mine)


def test_a_drifted_formula_would_be_caught():
    mine = derive_family("linear")["q_joint_opt"].expr
    wrong = substitute_by_name(parse("(gamma - alpha)/(beta + delta)"), {s.name: s for s in mine.free_symbols})
    assert sign_form(wrong - mine) != 0


def test_cited_tests_exist():
    cited = set(re.findall(r"`(?:tests/derive/\w+\.py::)?(test_\w+)`", SPEC))
    assert len(cited) >= 12
    defined = set()
    for f in (ROOT / "tests" / "derive").glob("test_*.py"):
        defined |= set(re.findall(r"^def (test_\w+)\(", f.read_text(), re.M))
    assert cited <= defined, cited - defined


def test_numbered_sections():
    heads = re.findall(r"^(#+) (.*)$", SPEC, re.M)
    assert heads[0] == ("#", "Derivations") and heads[1] == ("##", "8. The continuous model, derived")
    subs = [t for lvl, t in heads if lvl == "###"]
    assert [t.split()[0] for t in subs] == [f"8.{i}" for i in range(1, len(subs) + 1)]
