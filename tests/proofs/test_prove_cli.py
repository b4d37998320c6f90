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
