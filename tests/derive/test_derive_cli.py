"""`reposelect derive`: the JSON form parses back to the derivation and, parsed, agrees
with the reference; the markdown form is publishable as it stands (spec/derivations.md 8.5)."""
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import sympy as sp

from reposelect.proofs.derive import FAMILIES, PLAIN, parse
from reposelect.proofs.derive_cli import main
from reposelect.proofs.derive_numeric import compare

FAMS = ["linear", "quadratic", "general"]


def run(capsys, *argv) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def parser(data):
    """What a reader does with the JSON: declare the listed symbols, then sympify."""
    names = data["symbols"].split()
    return lambda text: sp.sympify(text, locals={n: sp.Symbol(n) for n in names})


@pytest.mark.parametrize("fam", FAMS)
def test_json_parses_back_to_the_derivation(capsys, derived, fam):
    data = json.loads(run(capsys, "--family", fam, "--format", "json"))
    R = derived(fam)
    assert set(R) <= set(data)
    read = parser(data)
    for key, r in R.items():
        parsed = read(data[key])
        assert parsed == parse(data[key])
        assert all(s.name in PLAIN for s in parsed.free_symbols), key
        mine = r.expr.subs({s: PLAIN[s.name] for s in r.expr.free_symbols})
        assert parsed == mine or sp.simplify(parsed - mine) == 0, key
    if fam != "general":
        cond = read(data["parameter_conditions"])
        assert cond.subs({PLAIN["alpha"]: 1, PLAIN["beta"]: 1, PLAIN["gamma"]: 2, PLAIN["delta"]: 1}) == sp.true
        assert cond.subs({PLAIN["alpha"]: 2, PLAIN["beta"]: 1, PLAIN["gamma"]: 1, PLAIN["delta"]: 1}) == sp.false


def test_linear_json_has_the_required_results_in_parameter_names(capsys):
    data = json.loads(run(capsys, "--family", "linear", "--format", "json"))
    names = {"alpha", "beta", "gamma", "delta"}
    read = parser(data)
    for key in ("q_joint_opt", "q_eq_max", "q_selected"):
        assert key in data
    assert {s.name for s in read(data["q_joint_opt"]).free_symbols} == names
    assert {s.name for s in read(data["q_eq_max"]).free_symbols} == names
    assert {s.name for s in read(data["q_selected"]).free_symbols} == names | {"h"}
    assert isinstance(read(data["q_selected"]), sp.Piecewise)
    # why the symbols entry exists: bare sympify reads gamma as the Gamma function
    with pytest.raises(TypeError):
        sp.sympify(data["q_joint_opt"])


@pytest.mark.parametrize("fam,params,hurdles", [
    ("linear", dict(alpha=1, beta=2, gamma=5, delta=1), [("0", "0"), ("3", "1"), ("1", "3.5"), ("4", "0")]),
    ("quadratic", dict(alpha="0.5", beta="0.5", gamma=3, delta=2), [("0", "0"), ("2", "0"), ("2.6", "0")]),
])
def test_parsed_json_agrees_with_the_reference(capsys, fam, params, hurdles):
    """The strings a reader would copy out of the JSON, parsed with sympy, agree with the
    reference within one grid step (hurdle not binding, binding, no trade)."""
    data = json.loads(run(capsys, "--family", fam, "--format", "json"))
    read = parser(data)
    q_sel, q_eq = read(data["q_selected"]), read(data["q_eq_max"])
    for h_mm, h_rm in hurdles:
        c = compare(FAMILIES[fam], params, 500, Decimal(h_mm), Decimal(h_rm), q_sel, q_eq)
        assert c.selected_ok and c.eq_max_ok, (fam, h_mm, h_rm, c)


@pytest.mark.parametrize("fam", FAMS)
def test_markdown_is_publishable(capsys, derived, fam):
    md = run(capsys, "--family", fam, "--format", "markdown")
    lines = md.splitlines()
    assert lines[0].startswith("## ")
    assert not any(re.match(r"#(?!#)", ln) for ln in lines), "no level-1 heading"
    assert md.count("$$") % 2 == 0 and "\\(" not in md and "\\[" not in md
    # every $$ opens or closes a display block on its own line
    assert all(ln == "$$" for ln in lines if "$$" in ln)
    # every result appears with the test that checks it, and that test exists
    for key, r in derived(fam).items():
        assert f"Result `{key}`, checked by `{r.check}`." in md
        path, name = r.check.split("::")
        assert f"def {name}(" in (Path(__file__).parents[2] / path).read_text(), r.check
    # generated, not copied: the page names the command that produced it
    assert f"reposelect derive --family {fam} --format markdown" in md


def test_latex_form(capsys):
    tex = run(capsys, "--family", "linear", "--format", "latex")
    assert "\\section*{Linear schedules}" in tex
    assert tex.count("\\begin{equation*}") == tex.count("\\end{equation*}") > 10


def test_bad_arguments_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--family", "cubic"])
    assert e.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_dispatched_by_the_reposelect_command():
    exe = Path(sys.executable).parent / "reposelect"
    out = subprocess.run([str(exe), "derive", "--family", "linear", "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    read = parser(data)
    assert read(data["q_joint_opt"]) == read("(gamma - alpha)/(2*(beta + delta))")
