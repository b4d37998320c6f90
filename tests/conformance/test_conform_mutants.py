"""The suite checks itself: every shipped mutant fails (100% mutation score); the bug-free pipeline passes."""
import ast
import importlib

import pytest

from conform_helpers import PY, MUTANTS, mutant_names
from reposelect.conformance.mutation import report, run_mutants
from reposelect.conformance.runner import failure_report, run, summary_table
from reposelect.conformance.suite import load_vectors

VECTORS = load_vectors()
#: Transport mutants and the kind of error the runner must name.
TRANSPORT = {"crash_large.py": "crash", "hang_theta.py": "timeout", "garbage_debug.py": "garbage",
             "out_of_order.py": "out_of_order", "short_output.py": "short"}


@pytest.fixture(scope="module")
def results():
    # 10 s per answer: a Python mutant's slowest answer is well under 1 s on an idle machine, but one
    # took more than 5 s (the old cap) at a load average of 20-24 on 2 cores; only hang_theta.py waits it out
    res = run_mutants(VECTORS, timeout=10.0)
    assert sorted(res) == mutant_names()
    return res


def test_the_mutation_score_report(results):
    lines = []
    assert report(results, out=lines.append) == 0
    assert lines[-1] == f"mutation score: {len(results)}/{len(results)} caught (100%)"
    assert any("tie_break_reversed.py" in line and "caught" in line and "reversed" in line for line in lines)
    # a survivor is reported and fails the command
    fake = dict(results, **{"tie_break_reversed.py": [r for r in results["tie_break_reversed.py"] if r.status == "pass"]})
    lines.clear()
    assert report(fake, out=lines.append) == 1
    assert any("SURVIVED" in line for line in lines)


def test_at_least_eight_semantic_mutants_ship():
    semantic = [n for n in mutant_names() if n not in TRANSPORT]
    assert len(semantic) >= 8
    for n in mutant_names():
        first = (MUTANTS / n).read_text().split('"""')[1]
        assert first.strip(), f"{n} must say which bug it carries"


def test_every_mutant_is_caught(results):
    score = {n: sum(r.status in ("fail", "error") for r in rs) for n, rs in results.items()}
    survivors = [n for n, s in score.items() if s == 0]
    assert survivors == [], f"mutants not caught: {survivors}"


def test_semantic_mutants_fail_with_wrong_answers_not_transport_errors(results):
    for n, rs in results.items():
        if n in TRANSPORT:
            continue
        kinds = {r.kind for r in rs if r.status != "pass"}
        assert kinds == {"wrong_answer"}, (n, kinds)
        report = failure_report(next(r for r in rs if r.status == "fail"))
        assert "expected:" in report and "actual:" in report and "\n  - " in report


def test_transport_mutants_are_reported_as_such_and_the_run_goes_on(results):
    for n, kind in TRANSPORT.items():
        rs = results[n]
        bad = [r for r in rs if r.status != "pass"]
        assert bad and {r.kind for r in bad} == {kind}, (n, {r.kind for r in bad})
        assert all(r.status == "error" for r in bad)
        assert sum(r.status == "pass" for r in rs) >= len(rs) - 10  # restarted, the rest still ran
    crash = [r for r in results["crash_large.py"] if r.status == "error"]
    assert any("MemoryError" in d for d in crash[0].details)  # stderr tail shown
    assert len([r for r in results["hang_theta.py"] if r.status == "error"]) == 1


def test_the_pipeline_without_a_bug_passes_everything():
    rs = run(VECTORS, f"{PY} {MUTANTS / '_common.py'}")
    assert all(r.status == "pass" for r in rs), summary_table(rs)


def _run_calls(tree):
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "run"]


def test_every_mutant_is_one_patch_of_the_reference():
    """A mutant names one function (or value) of the reference and its replacement; the
    harness runs the reference's own pipeline and serve loop around it. No mutant, and not
    the harness, holds a copy of the selection, the serialiser or the serve loop."""
    copies = ("sys.stdin", "sys.stdout", "json.dumps", "Outcome(", "outcome_to_json", "def choose", "def serve")
    for n in mutant_names():
        text = (MUTANTS / n).read_text()
        calls = _run_calls(ast.parse(text))
        assert len(calls) == 1, f"{n}: one run(target, replacement) call, found {len(calls)}"
        target = calls[0].args[0].value
        module, _, name = target.rpartition(".")
        assert hasattr(importlib.import_module(f"reposelect.reference.{module}"), name), (n, target)
        assert not [c for c in copies if c in text], (n, [c for c in copies if c in text])
    harness = (MUTANTS / "_common.py").read_text()
    assert not [c for c in copies[2:] + (".write(", "readline") if c in harness.split('"""', 2)[2]]
    assert "transport.serve(" in harness
