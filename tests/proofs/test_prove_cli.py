"""`reposelect prove`: JSON records, progress on stderr, markdown from a results file."""
import json
import pathlib

from reposelect import cli

RESULTS = pathlib.Path(__file__).resolve().parents[2] / "proofs" / "results" / "default-run.json"
KEYS = {"claim", "variant", "bound", "verdict", "seconds", "counterexample", "deviation"}


def test_json_records_and_progress(capsys):
    rc = cli.main(["prove", "--claim", "existence", "--claim", "no_trade_equilibrium", "--variant", "standard",
                   "--variant", "negative_rates", "--bound", "3", "--json", "--jobs", "1"])
    out, err = capsys.readouterr()
    recs = json.loads(out)
    assert rc == 0
    assert [(r["claim"], r["variant"], r["verdict"]) for r in recs] == [
        ("existence", "standard", "proved"), ("existence", "negative_rates", "refuted"),
        ("no_trade_equilibrium", "standard", "proved"), ("no_trade_equilibrium", "negative_rates", "refuted")]
    assert all(KEYS <= set(r) for r in recs)
    assert "existence" in err and "N <=" in err  # progress went to stderr


def test_text_output_names_the_deviation_and_the_replay_command(capsys):
    rc = cli.main(["prove", "--claim", "fast_path", "--variant", "non_monotone", "--bound", "3", "--quiet"])
    out, err = capsys.readouterr()
    assert rc == 0 and err == ""
    assert "refuted" in out and "reposelect select --variant non_monotone FILE" in out
    assert "deviation that pays: dealer" in out


def test_markdown_from_results_file(capsys):
    rc = cli.main(["prove", "--from-json", str(RESULTS), "--markdown"])
    out, _ = capsys.readouterr()
    recs = json.loads(RESULTS.read_text())["records"]
    assert rc == 0
    rows = [l for l in out.splitlines() if l.startswith("| ") and not l.startswith("| claim") and not l.startswith("| ---")]
    assert len(rows) == len(recs)
    assert "**refuted**" in out and "truthful_dominance" in out


def test_usage_errors(capsys, tmp_path):
    assert cli.main(["prove", "--markdown"]) == 64  # usage errors: status 64, one line (spec/wire.md 6.6)
    assert cli.main(["prove", "--from-json", str(tmp_path / "missing.json"), "--markdown"]) == 64
    assert cli.main(["prove", "--bound", "0"]) == 64


def test_scaling_prints_a_table(capsys):
    rc = cli.main(["prove", "--scaling", "--claim", "existence", "--max-n", "2", "--quiet"])
    out, _ = capsys.readouterr()
    rows = [l for l in out.splitlines() if l.startswith("| existence |")]
    assert rc == 0 and [r.split("|")[2].strip() for r in rows] == ["1", "2"]
    assert all("proved" in r for r in rows)


def _unbounded_unknown(monkeypatch):
    from reposelect.proofs import unbounded
    from reposelect.proofs.result import Unknown

    monkeypatch.setattr(unbounded, "prove_unbounded",
                        lambda c, v, seed=0: Unknown("fwd rm d>k: z3 says unknown (timeout)", 0, 4))


def test_an_unbounded_unknown_where_proved_is_pinned_fails_the_run(monkeypatch, capsys):
    _unbounded_unknown(monkeypatch)
    rc = cli.main(["prove", "--unbounded", "--claim", "fast_equivalence", "--variant", "standard", "--quiet"])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "fast_equivalence / standard: unbounded unknown (fwd rm d>k: z3 says unknown (timeout))" in err
    assert "N <= None" not in out and "every N" not in out
    assert "symbolic N, not established" in out and "reason: fwd rm d>k" in out


def test_the_report_shows_unknown_with_its_reason_never_n_le_none(tmp_path, capsys):
    doc = json.loads(RESULTS.read_text())
    recs = [{"claim": "fast_equivalence", "variant": "standard", "bound": "unbounded", "verdict": "unknown",
             "seconds": 30.8, "counterexample": None, "deviation": None, "reached": None, "queries": 6,
             "reason": "fwd rm d>k: z3 says unknown (timeout)"},
            {"claim": "existence", "variant": "standard", "bound": 32, "verdict": "unknown", "seconds": 600.0,
             "counterexample": None, "deviation": None, "reached": 17, "queries": 900,
             "reason": "timeout after 900 queries"}]
    p = tmp_path / "run.json"
    p.write_text(json.dumps({**{k: v for k, v in doc.items() if k != "records"}, "records": recs}))
    assert cli.main(["prove", "--from-json", str(p), "--markdown"]) == 0
    md, _ = capsys.readouterr()
    assert "None" not in md and "proved" not in md.replace("proved before", "")
    assert "**unknown**: fwd rm d>k: z3 says unknown (timeout)" in md
    assert "**unknown**: timeout after 900 queries (every N <= 17 proved before)" in md
    assert cli.main(["prove", "--from-json", str(p)]) == 0
    text, _ = capsys.readouterr()
    assert "None" not in text and "every N" not in text


def test_the_committed_run_records_its_seed_and_load():
    doc = json.loads(RESULTS.read_text())
    assert isinstance(doc["seed"], int) and doc["load_at_start"] and doc["load"]
    for r in doc["records"]:
        assert r["seed"] == doc["seed"], r


def test_truthfulness_for_every_n_prints_a_full_record(capsys):
    """`prove --claim truthful_expost` reaches the every-N argument (here alone: --unbounded);
    the record names its solver, its scope, its sanity checks and each step (spec 7.11)."""
    rc = cli.main(["prove", "--claim", "truthful_expost", "--variant", "standard", "--unbounded", "--json", "--quiet"])
    out, _ = capsys.readouterr()
    assert rc == 0
    (rec,) = json.loads(out)
    assert rec["verdict"] == "proved" and rec["bound"] == "unbounded" and rec["scope"] == "every N"
    assert rec["solver"] == "z3" and rec["solvers"]["z3"]["unsat"] == 16
    assert rec["sanity"] == {"axioms_sat": True, "weakened_refuted": True}
    assert [s["lemma"] for s in rec["lemmas"] if s["dealer"] == "mm"][-1] == "claim"
    assert all(s["verdict"] == "unsat" for s in rec["lemmas"])


def test_a_refutation_record_carries_its_replayed_case(capsys):
    rc = cli.main(["prove", "--claim", "existence", "--variant", "non_monotone", "--bound", "2", "--json", "--quiet"])
    out, _ = capsys.readouterr()
    (rec,) = json.loads(out)
    assert rc == 0 and rec["verdict"] == "refuted" and rec["replayed"] is True
    assert rec["scope"] == "N <= 2" and rec["counterexample"]["grid"] and rec["deviation"]["gain"]
