"""Chapter 7 says no more than the committed results (reposelect.proofs.spec_results):
every verdict, bound, "for every N" and time in spec/claims.md is generated from
proofs/results/default-run.json, and a doctored chapter or doctored results fail."""
import json
import pathlib

import pytest

from reposelect.proofs import spec_results as SR

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def committed():
    meta, records, sc = SR.load()
    return SR.SPEC.read_text(encoding="utf-8"), meta, records, sc


def test_the_chapter_matches_the_committed_results():
    assert SR.check() == []


def test_the_chapter_has_the_generated_regions(committed):
    text = committed[0]
    keys = [k.split()[0] for k, _ in SR.REGION.findall(text)]
    for k in ("verdicts", "bounds", "unbounded", "run", "scaling", "witness", "bound", "variant"):
        assert k in keys, k


def test_a_region_that_claims_a_larger_bound_fails(committed):
    text, meta, records, sc = committed
    doctored = text.replace("<!-- results: bound truthful_expost standard -->N ≤ 8<!-- /results -->",
                            "<!-- results: bound truthful_expost standard -->N ≤ 9<!-- /results -->", 1)
    assert doctored != text
    problems = SR.check_text(doctored, meta, records, sc)
    assert len(problems) == 1 and "N ≤ 9" in problems[0] and "N ≤ 8" in problems[0]


@pytest.mark.parametrize("sentence", [
    "Ex-post truthfulness is proved for every N <= 64.",
    "Ex-post truthfulness holds for every N.",
    "The witness is found at N = 3.",
    "The whole run takes 95 s.",
])
def test_a_claim_outside_the_regions_fails(committed, sentence):
    text, meta, records, sc = committed
    doctored = text.replace("### 7.10 What is not proved\n", f"### 7.10 What is not proved\n\n{sentence}\n", 1)
    problems = SR.check_text(doctored, meta, records, sc)
    assert len(problems) == 1 and "outside a generated region" in problems[0], problems


def test_results_that_say_less_make_the_chapter_fail(committed):
    """The committed chapter against results in which fast_equivalence is unknown unbounded
    under the standard rule, and existence only reaches N <= 17 of its bound 64."""
    text, meta, records, sc = committed
    doctored = json.loads(json.dumps(records))
    for r in doctored:
        if (r["claim"], r["variant"], r["bound"]) == ("fast_equivalence", "standard", "unbounded"):
            r.update(verdict="unknown", reason="fwd rm d>k: z3 says unknown (timeout)")
            r.pop("sanity", None)
        if (r["claim"], r["variant"], r["bound"]) == ("existence", "standard", 64):
            r.update(verdict="unknown", reached=17, reason="timeout after 900 queries")
    problems = SR.check_text(text, meta, doctored, sc)
    assert any("'unbounded'" in p for p in problems)
    assert any("'verdicts'" in p for p in problems)
    assert any("'bounds'" in p for p in problems)
    fixed = SR.fix_text(text, meta, doctored, sc)
    assert SR.check_text(fixed, meta, doctored, sc) == []
    assert "`fast_equivalence` / `standard`: **unknown**: fwd rm d>k: z3 says unknown (timeout)" in fixed
    assert "`existence` is **unknown**: timeout after 900 queries" in fixed
    assert "N ≤ None" not in fixed and "None" not in SR.render("verdicts", meta, doctored, sc)


def test_the_module_checks_from_the_command_line(tmp_path, capsys):
    spec = tmp_path / "claims.md"
    spec.write_text(SR.SPEC.read_text(encoding="utf-8").replace("N ≤ 8<!-- /results -->", "N ≤ 7<!-- /results -->"),
                    encoding="utf-8")
    assert SR.main(["--spec", str(spec)]) == 1
    assert "N ≤ 7" in capsys.readouterr().err
    assert SR.main(["--spec", str(spec), "--fix"]) == 0
    assert SR.main(["--spec", str(spec)]) == 0


def test_the_scaling_table_file_is_the_rendering_of_the_scaling_run():
    meta, records, sc = SR.load()
    assert sc is not None, "proofs/results/scaling.json is committed"
    assert SR.SCALING_MD.read_text(encoding="utf-8") == SR.scaling_markdown(sc)
    assert any(r.get("progress") for r in sc[1])


def test_two_committed_runs_with_the_same_seed_agree():
    """Reproducibility: the default run (two worker processes, every variant) and the scaling
    run (one process, standard rule only) posed the standard rule's queries with the same
    seed in fresh contexts, in a different order and process: same verdicts, same bounds,
    same number of queries, same witnesses and counterexamples."""
    meta, records, sc = SR.load()
    assert sc is not None and sc[0]["seed"] == meta["seed"]
    mine = {r["claim"]: r for r in records if r["variant"] == "standard" and r["bound"] != "unbounded"}
    for r in sc[1]:
        d = mine[r["claim"]]
        for k in ("verdict", "reached", "bound", "queries", "counterexample", "witness", "deviation", "sanity"):
            assert r.get(k) == d.get(k), (r["claim"], k, r.get(k), d.get(k))


def test_sections_7_11_to_7_13_have_their_generated_regions(committed):
    keys = [k for k, _ in SR.REGION.findall(committed[0])]
    for k in ("every-n", "every-n-claim truthful_expost", "every-n-claim truthful_dominance_matched", "theta",
              "designer", "smt2", "both", "run-of every-n", "run-of designer", "run-of both", "solver-use"):
        assert k in keys, k


@pytest.mark.parametrize("region,old,new", [
    ("every-n", "proved, every N", "**refuted**"),
    ("designer", "**refuted**, N = 1 (replayed)", "proved, N ≤ 4"),
    ("smt2", "files; Z3 says unsat on", "files; Z3 and cvc5 say unsat on"),
    ("both", None, "\n\nZ3 and cvc5 agree on every query.\n\n"),
])
def test_a_doctored_section_beyond_the_default_run_fails(committed, region, old, new):
    """A verdict, count or time of 7.11-7.13 changed by hand no longer matches its results file."""
    text, meta, records, sc = committed
    m = next(m for m in SR.REGION.finditer(text) if m.group(1).strip() == region)
    if old is None:  # a sentence added inside the region
        doctored = text[:m.end(2)] + new + text[m.end(2):]
    else:
        assert old in m.group(2), (region, old)
        doctored = text[:m.start(2)] + m.group(2).replace(old, new, 1) + text[m.end(2):]
    problems = SR.check_text(doctored, meta, records, sc)
    assert len(problems) == 1 and f"region {region!r}" in problems[0], problems


def test_results_of_the_every_n_run_that_say_less_fail(committed, monkeypatch, tmp_path):
    """every-n.json with one lemma left open: the table and the inline verdicts of 7.11 fail."""
    text, meta, records, sc = committed
    doc = json.loads(SR.EXTRA["every-n"].read_text(encoding="utf-8"))
    r = next(r for r in doc["records"] if (r["claim"], r["variant"]) == ("truthful_expost", "standard"))
    r.update(verdict="unknown", reason="mm lemma 'bound' not closed: solver says unknown (timeout)")
    f = tmp_path / "every-n.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setitem(SR.EXTRA, "every-n", f)
    problems = SR.check_text(text, meta, records, sc)
    assert any("'every-n'" in p for p in problems)
    assert any("'every-n-claim truthful_expost'" in p for p in problems)
    assert "**unknown** under `standard` (mm lemma 'bound' not closed" in SR.fix_text(text, meta, records, sc)


def test_where_both_solvers_decide_is_read_from_the_results_files(committed):
    """7.12 names the committed files both solvers decided and those Z3 alone decided from
    each file's `solver`: a default run made with --solver both changes that region only."""
    text, meta, records, sc = committed
    assert meta.get("solver", "z3") == "z3"
    assert "by Z3 alone: `default-run.json`" in SR.render_solver_use(meta, records, sc)
    problems = SR.check_text(text, {**meta, "solver": "both"}, records, sc)
    assert len(problems) == 1 and "region 'solver-use'" in problems[0], problems


def test_an_open_query_of_one_solver_is_unknown_for_that_solver():
    """Per record, what each solver alone establishes: its unknown answers are counted and
    make its own verdict unknown, never proved; answers not asked (budget spent) are named."""
    tally = {"z3": {"sat": 0, "unsat": 108, "unknown": 0, "seconds": 16.5},
             "cvc5": {"sat": 0, "unsat": 104, "unknown": 4, "unasked": 1, "seconds": 163.8}}
    assert SR._tally_cell(tally, "z3", "proved") == "proved: 108 unsat (16.5 s)"
    assert SR._tally_cell(tally, "cvc5", "proved") == (
        "**unknown** (4 open): 104 unsat, 4 unknown (1 not asked: its budget was spent) (163.8 s)")
