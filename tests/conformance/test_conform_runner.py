"""The runner: comparison by value, the reference passes, reports, JUnit XML, skip lists, CLI modes."""
import subprocess
import sys
from xml.etree import ElementTree as ET

from conform_helpers import REFERENCE, ROOT, mutant_command
from reposelect.conformance import cli
from reposelect.conformance.runner import junit_xml, read_skips, run
from reposelect.conformance.suite import compare, load_vectors

OUTCOME = {"trade": True, "index": 2, "volume": 100, "r_mm": "4.32", "r_rm": "4.70", "r_bd": "4.51", "spread": "0.38",
           "joint_profit": "38.00", "equilibria": [0, 1, 2], "feasible": [1, 2]}


def test_decimals_compare_by_value_and_types_are_strict():
    assert compare(OUTCOME, dict(OUTCOME, r_rm="4.7", joint_profit="38", r_bd="4.510000")) == []
    assert compare(OUTCOME, dict(OUTCOME, extra_field=1)) == []  # the spec may add fields
    d = compare(OUTCOME, dict(OUTCOME, r_bd="4.52"))
    assert d == ['r_bd: expected "4.51", got "4.52"']
    assert compare(OUTCOME, dict(OUTCOME, r_bd=4.51)) != []  # a JSON number is not a decimal string
    assert compare(OUTCOME, dict(OUTCOME, r_bd="4.51e0")) == []  # same value; the schema, not the runner, polices notation
    assert compare(OUTCOME, dict(OUTCOME, index=True)) != []
    assert compare(OUTCOME, dict(OUTCOME, trade=1)) != []
    assert "missing" in compare(OUTCOME, {k: v for k, v in OUTCOME.items() if k != "spread"})[0]
    lst = compare(OUTCOME, dict(OUTCOME, equilibria=[0, 2, 3]))
    assert "missing [1]" in lst[0] and "unexpected [3]" in lst[0]


def test_errors_compare_by_code_and_path_not_message():
    exp = {"error": {"code": "negative_rate", "message": "mm.rates[0] = -1 is below zero", "path": "mm.rates[0]"}}
    assert compare(exp, {"error": {"code": "negative_rate", "message": "anything", "path": "mm.rates[0]"}}) == []
    assert compare(exp, {"error": {"code": "negative_rate", "message": "", "path": "mm.rates[1]"}})[0].startswith("error.path")
    assert compare(exp, {"error": {"code": "schema", "message": "", "path": "mm.rates[0]"}})[0].startswith("error.code")
    assert "got an outcome" in compare(exp, OUTCOME)[0]
    assert "got error" in compare(OUTCOME, exp)[0]


def test_the_reference_passes_every_vector_over_json_lines():
    results = run(load_vectors(), REFERENCE)
    bad = [(r.vector.id, r.details) for r in results if r.status != "pass"]
    assert bad == []
    assert len(results) >= 200


def test_junit_xml_and_skip_list(tmp_path):
    vectors = load_vectors(select=["tie_breaks", "hurdles"])
    skip = tmp_path / "skip.txt"
    first = next(v.id for v in vectors if v.group == "tie_breaks")
    skip.write_text(f"# known gaps\n{first}  tie-breaks not implemented yet\nV9999 no such id\n")
    skips, warnings = read_skips(str(skip), {v.id for v in load_vectors()})
    assert skips[first] == "tie-breaks not implemented yet"
    assert any("unknown vector id V9999" in w for w in warnings)
    results = run(vectors, mutant_command("tie_break_reversed.py"), skips=skips)
    statuses = {r.status for r in results}
    assert statuses == {"pass", "fail", "skip"}
    root = ET.fromstring(junit_xml(results))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"tie_breaks", "hurdles"}
    tb = suites["tie_breaks"]
    n_fail = sum(r.status == "fail" for r in results if r.vector.group == "tie_breaks")
    assert int(tb.get("failures")) == n_fail > 0 and int(tb.get("skipped")) == 1
    assert len(tb.findall("testcase/failure")) == n_fail
    assert any(first in tc.get("name") for tc in tb.iter("testcase") if tc.find("skipped") is not None)


def test_cli_passes_the_reference_and_writes_junit(tmp_path, capsys):
    junit = tmp_path / "r.xml"
    rc = cli.main(["run", "--impl", REFERENCE, "--select", "errors.*", "--select", "V0001", "--junit", str(junit)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "PASS:" in out and "errors.schema" in out and "selection" in out
    root = ET.parse(junit).getroot()
    assert sum(int(s.get("tests")) for s in root.iter("testsuite")) == len(load_vectors(select=["errors.*", "V0001"]))


def test_cli_reports_a_failure_readably(capsys):
    rc = cli.main(["run", "--impl", mutant_command("hurdle_min.py"), "--select", "hurdles"])
    out = capsys.readouterr().out
    assert rc == 1
    v = next(v for v in load_vectors(select=["hurdles"]) if v.manifest["recipe"] == "hurdles/max-not-min")
    block = out.split(f"FAIL {v.id} ")[1].split("\n\n")[0]
    assert v.description in block and "expected:" in block and "actual:" in block
    assert "- trade: expected" in block or "- index: expected" in block or "- feasible:" in block


def test_cli_no_match_and_bad_skip_file_are_usage_errors(capsys):
    from reposelect.cli import EX_USAGE, main

    assert main(["conform", "run", "--impl", REFERENCE, "--select", "no-such-group"]) == EX_USAGE
    assert "no vectors match ['no-such-group']" in capsys.readouterr().err
    assert main(["conform", "run", "--impl", REFERENCE, "--skip", "/nonexistent/skip"]) == EX_USAGE
    assert "cannot read the skip list" in capsys.readouterr().err


def test_an_implementation_that_cannot_start_is_an_error():
    results = run(load_vectors(select=["V0001", "V0002"]), "/nonexistent/impl --serve")
    assert [r.status for r in results] == ["error", "error"]
    assert "cannot start" in results[0].details[0]


def test_index_md_lists_every_vector_per_group(capsys):
    assert cli.main(["index"]) == 0
    md = capsys.readouterr().out
    for v in load_vectors():
        assert f"| `{v.id}` | {v.description.replace('|', chr(92) + '|')} |" in md
    assert "## errors.invalid_json" in md and "## large" in md


def test_reposelect_conform_is_dispatched_from_the_main_command():
    p = subprocess.run([sys.executable, "-m", "reposelect", "conform", "run", "--impl", REFERENCE, "--select", "theta"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    n = len(load_vectors(select=["theta"]))
    assert n >= 10 and f"PASS: {n} passed, 0 failed, 0 errors, 0 skipped of {n} vectors" in p.stdout


def test_check_mode_reports_coverage(monkeypatch):
    """--check prints the coverage table and the lint verdict (the lint itself: test_conform_vectors)."""
    from reposelect.conformance import check
    from reposelect.conformance.check import run_check

    monkeypatch.setattr(check, "lint", lambda root: ([], ["a note"]))
    lines = []
    assert run_check(out=lines.append) == 0
    text = "\n".join(lines)
    assert "reference/fast.py" in text and "total" in text and text.rstrip().endswith("0 problem(s)")
    total = next(line for line in text.splitlines() if line.startswith("total"))
    assert float(total.split()[-1].rstrip("%")) > 50
    assert "note: a note" in text
    monkeypatch.setattr(check, "lint", lambda root: (["something is off"], []))
    lines.clear()
    assert run_check(out=lines.append) == 1 and "PROBLEM: something is off" in "\n".join(lines)


def test_bench_prints_a_timing_table():
    from reposelect.conformance.bench import run_bench

    lines = []
    assert run_bench(load_vectors(select=["theta", "large"]), REFERENCE, repeat=1, out=lines.append) == 0
    text = "\n".join(lines)
    assert "whole suite over JSON Lines" in text and "in-process" in text
    assert any(line.startswith("large ") and line.split()[1] == "4" for line in lines)


def test_a_dead_implementation_is_given_up_after_a_few_restarts():
    """An implementation that exits at once must not cost a restart per vector for ever."""
    import time

    from reposelect.conformance.runner import GIVE_UP_AFTER

    vectors = load_vectors(select=["errors.*"])
    t0 = time.perf_counter()
    results = run(vectors, f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert time.perf_counter() - t0 < 60
    kinds = [r.kind for r in results]
    assert kinds[:GIVE_UP_AFTER] == ["crash"] * GIVE_UP_AFTER
    assert set(kinds[GIVE_UP_AFTER:]) == {"aborted"}
    assert all(r.status == "error" for r in results)
    assert "status 3" in results[0].details[0]


def test_earlier_flags_still_work_and_name_their_subcommand(capsys):
    """`conform --impl CMD` and the other flag-style modes of earlier releases map onto the
    subcommands, with one line on standard error naming the new spelling."""
    assert cli._modernise(["--impl", REFERENCE, "--select", "theta"]) == ["run", "--impl", REFERENCE, "--select", "theta"]
    assert cli._modernise(["--pack", "/tmp/out"]) == ["pack", "/tmp/out"]
    assert cli._modernise(["--bench", "--bench-impl", "x"]) == ["bench", "--impl", "x"]
    assert cli._modernise(["--check"]) == ["check"]
    assert cli._modernise(["--index-md"]) == ["index"]
    assert cli._modernise(["run", "--impl", "x"]) == ["run", "--impl", "x"]
    capsys.readouterr()
    assert cli.main(["--impl", REFERENCE, "--select", "V0001", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "--impl is deprecated; use: reposelect conform run" in err
