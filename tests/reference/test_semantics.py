"""The payoff semantics checked without sharing the code (spec/model.md 2.3, spec/contract.md 5).

Every checker of the project calls `dealer_profits`, so a wrong payoff would be checked
consistently wrong. These checks do not call it to get their expected values:

* profits of off-diagonal profiles and realised outcomes at theta = 1/4 and 3/4, computed
  by hand below (at theta = 1/2 a wrong inter-dealer rate r_rm - theta*s agrees with the
  right one, r_mm + theta*s, so the hand numbers avoid it);
* a SymPy identity between `dealer_profits` on symbols and the equations displayed in
  spec/model.md 2.3, read from the spec text (`docs/spec_sources.py`);
* the mutation: a copy of reference/game.py whose inter-dealer rate is r_rm - theta*s is
  caught by each of the above, and the spec-sync tool refuses to copy it into the spec.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from decimal import Decimal as D
from fractions import Fraction as F
from pathlib import Path

import pytest

import reposelect.reference.game as game
import reposelect.reference.realised as realised_mod
from reposelect.reference.types import Case, Report

ROOT = Path(__file__).resolve().parents[2]
NAME = "reposelect.reference.game.dealer_profits"
RIGHT = "\n    r_bd = r_mm + theta * s\n"
WRONG = "\n    r_bd = r_rm - theta * s\n"


def _spec_sources():
    spec = importlib.util.spec_from_file_location("reposelect_docs_spec_sources_sem", ROOT / "docs" / "spec_sources.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


ss = _spec_sources()


@pytest.fixture(scope="module")
def mutant(tmp_path_factory):
    """reference/game.py with the inter-dealer rate changed to r_rm - theta*s, imported from a
    file (so `inspect.getsource` sees it) as a module of the reference package."""
    src = (ROOT / "reference" / "game.py").read_text(encoding="utf-8")
    assert src.count(RIGHT) == 1
    path = tmp_path_factory.mktemp("mutant") / "game_mutant.py"
    path.write_text(src.replace(RIGHT, WRONG), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reposelect.reference.game_mutant", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    yield mod
    del sys.modules[spec.name]


# grid q = (0, 10, 20); MM rates a = (1, 2), so a_0 = 1; RM rates b = (5, 3), so b_0 = 5.
def _case(theta, mm=(1, 2), rm=(5, 3)):
    return Case((0, 10, 20), Report(tuple(D(x) for x in mm), D(0)), Report(tuple(D(x) for x in rm), D(0)), D(theta))


# profile (i, j): BDrm picks i (RM borrows B = q_i at r_rm = b_i), BDmm picks j (MM lends
# L = q_j at r_mm = a_j). By hand: Q = min(L, B), s = b_i - a_j, r_bd = a_j + theta s,
# pi_mm = theta s Q - (L - Q) a_j, pi_rm = (1 - theta) s Q - (B - Q) r_bd.
# Each profile: (pi_mm, pi_rm) at theta = 0.25, then at theta = 0.75 (None: not checked there).
THETAS = ("0.25", "0.75")
HAND = {
    # B = 20 at 3, L = 10 at 1: Q = 10, s = 2, r_bd = 1 + 2 theta (1.5, 2.5); 0.25: pi_mm = 0.25*2*10 = 5,
    # pi_rm = 0.75*2*10 - 10*1.5 = 0; 0.75: pi_mm = 0.75*2*10 = 15, pi_rm = 0.25*2*10 - 10*2.5 = -20
    (2, 1): (("5", "0"), ("15", "-20")),
    # B = 10 at 5, L = 20 at 2: Q = 10, s = 3; pi_mm = theta*3*10 - 10*2 (-12.5, 2.5),
    # pi_rm = (1 - theta)*3*10 (22.5, 7.5)
    (1, 2): (("-12.5", "22.5"), ("2.5", "7.5")),
    # B = 20 at 3, L = 0 at a_0 = 1: Q = 0, s = 2, r_bd = 1.5 or 2.5; pi_rm = -20 r_bd (-30, -50)
    (2, 0): (("0", "-30"), ("0", "-50")),
    # B = 0, L = 10 at 1: pi_mm = -10*1
    (0, 1): (("-10", "0"), ("-10", "0")),
    # Q = 10, s = 4: theta pi_1 = 10, (1 - theta) pi_1 = 30
    (1, 1): (("10", "30"), None),
    # Q = 20, s = 1: theta pi_2 = 15, (1 - theta) pi_2 = 5
    (2, 2): (None, ("15", "5")),
}


def check_profile_payoffs(profile_profits):
    for (i, j), by_theta in HAND.items():
        for theta, want in zip(THETAS, by_theta):
            if want is None:
                continue
            got = profile_profits(_case(theta), i, j)
            assert got == (D(want[0]), D(want[1])), f"theta = {theta}, profile ({i}, {j}): {got} != {want}"


# Realised outcomes (spec/contract.md 5) of the reports of _case: E = {0, 1} (k = 2 fails
# BDrm's condition: (b_1 - a_2) q_1 = 30 > pi_2 = 20), so k = 1 is selected, r_mm = 1,
# r_rm = 5, volume 10.
REALISED = [
    # truthful clients: L = B = 10; pi_mm = theta*4*10, pi_rm = (1 - theta)*4*10
    ("0.25", (1, 2), (5, 3), (10, 10, F(10), F(30))),
    ("0.75", (1, 2), (5, 3), (10, 10, F(30), F(10))),
    # MM truly lends only at 2: L = 0, B = 10, Q = 0; pi_rm = -10 r_bd with r_bd = 1 + 4 theta
    ("0.25", (2, 2), (5, 3), (0, 10, F(0), F(-20))),
    ("0.75", (2, 2), (5, 3), (0, 10, F(0), F(-40))),
    # RM truly borrows only up to 4: B = 0, L = 10; pi_mm = -10 * 1
    ("0.75", (1, 2), (4, 3), (10, 0, F(-10), F(0))),
]


def check_realised(realise):
    for theta, true_mm, true_rm, (lent, borrowed, pmm, prm) in REALISED:
        r = realise(_case(theta), Report(tuple(D(x) for x in true_mm), D(0)), Report(tuple(D(x) for x in true_rm), D(0)))
        assert r.outcome.index == 1
        got = (r.lent, r.borrowed, F(r.profit_mm), F(r.profit_rm))
        assert got == (lent, borrowed, pmm, prm), f"theta = {theta}, true {true_mm} / {true_rm}: {got}"


def _displays():
    return ss.formula_blocks(ROOT / "spec" / "model.md")[NAME][1]


def check_formula(dealer_profits):
    problem = ss.formula_problem(NAME, _displays(), dealer_profits)
    assert problem is None, problem


def test_off_diagonal_payoffs_by_hand():
    check_profile_payoffs(game.profile_profits)


def test_realised_outcomes_by_hand():
    check_realised(realised_mod.realise)


def test_dealer_profits_is_the_displayed_formula_of_2_3():
    assert len(_displays()) == 2
    check_formula(game.dealer_profits)


def test_the_spec_shows_the_formula_and_the_code():
    count, problems, bad = ss.formula_problems()
    assert count >= 1 and problems == [] and bad == set()


# ---- the mutation: r_bd = r_rm - theta * s inside dealer_profits -------------------------

def test_the_mutant_agrees_at_theta_one_half(mutant):
    """Why the old hand tests missed it: at theta = 1/2 both rates are the midpoint."""
    case = _case("0.5")
    for i in range(3):
        for j in range(3):
            assert mutant.profile_profits(case, i, j) == game.profile_profits(case, i, j)


def test_the_mutant_fails_the_hand_payoffs(mutant):
    with pytest.raises(AssertionError, match="profile"):
        check_profile_payoffs(mutant.profile_profits)


def test_the_mutant_fails_the_hand_realised_outcomes(mutant, monkeypatch):
    monkeypatch.setattr(realised_mod, "dealer_profits", mutant.dealer_profits)
    with pytest.raises(AssertionError, match="theta"):
        check_realised(realised_mod.realise)


def test_the_mutant_fails_the_formula_identity(mutant):
    with pytest.raises(AssertionError, match="differs from its displayed formula"):
        check_formula(mutant.dealer_profits)


def test_the_spec_sync_tool_refuses_to_copy_the_mutant_into_the_spec(mutant, monkeypatch, tmp_path):
    chapter = tmp_path / "model.md"
    shutil.copy(ROOT / "spec" / "model.md", chapter)
    before = chapter.read_text(encoding="utf-8")
    assert ss.check([chapter]) [1] == []
    monkeypatch.setattr(game, "dealer_profits", mutant.dealer_profits)
    shown = []
    changed, problems = ss.fix([chapter], show=shown.append)
    assert chapter.read_text(encoding="utf-8") == before  # nothing rewritten
    assert any("not rewritten" in p and "dealer_profits" in p for p in problems), problems
    assert any("differs from its displayed formula" in p for p in problems), problems
    _, problems = ss.check([chapter])
    assert any("differs from its displayed formula" in p for p in problems)
    # copying the mutant's code by hand does not help: the displayed formula still disagrees
    marker = ss.find_markers(chapter)[0]
    assert marker.name == NAME
    lines = before.splitlines()
    lines[marker.span[0] + 1:marker.span[1] - 1] = ss.source_of(NAME).rstrip("\n").split("\n")
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = ss.check([chapter])
    assert len(problems) == 1 and "differs from its displayed formula" in problems[0]


def test_fix_shows_the_diff_of_every_block_it_rewrites(tmp_path):
    chapter = tmp_path / "c.md"
    name = "reposelect.reference.select.choose"
    chapter.write_text(f"<!-- source: {name} -->\n```python\ndef choose():\n    pass\n```\n", encoding="utf-8")
    shown = []
    changed, problems = ss.fix([chapter], show=shown.append)
    assert changed == [chapter] and problems == []
    assert len(shown) == 1 and "-def choose():" in shown[0] and "+def choose(" in shown[0]
