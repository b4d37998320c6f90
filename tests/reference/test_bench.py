"""`reposelect bench` prints and records what it measured (the figures themselves are never asserted)."""
import json
import subprocess
import sys
from pathlib import Path

from reposelect.bench import (FAMILIES, README_BEGIN, README_END, nonnegative_spreads, readme_with_tables,
                              render_tables, run_bench, serve_lines, synthetic_case)
from reposelect.reference import parse_case

ROOT = Path(__file__).resolve().parents[2]


def test_synthetic_cases_are_valid():
    assert parse_case(synthetic_case(50)).n == 50
    assert parse_case(synthetic_case(50, family="positive")).n == 50
    lines = serve_lines(3).splitlines()
    assert len(lines) == 3 and len(set(lines)) == 3


def test_every_row_has_cpu_wall_floor_ratio_memory_and_load(tmp_path):
    lines: list[str] = []
    out = tmp_path / "matcher.json"
    against = "HEAD" if (ROOT / ".git").exists() else None
    assert run_bench(max_n=100, budget=0.001, repeat=1, against=against, write=str(out), serve_cases=5,
                     out=lines.append) == 0
    text = "\n".join(lines)
    for what in ("Table 1", "Table 2", "Table 3", "floor", "cpu s", "wall s", "peak MiB", "load"):
        assert what in text, what
    doc = json.loads(out.read_text())
    assert {"date", "machine", "load_at_start", "command", "rows"} <= set(doc)
    assert {"cpu_count", "python", "platform"} <= set(doc["machine"])
    timed = [r for r in doc["rows"] if r["table"] in ("select", "serve")]
    assert {r["table"] for r in timed} == {"select", "serve"}
    assert len({r["code"] for r in timed}) == (2 if against else 1)
    for r in timed:
        for key in ("cpu_s", "wall_s", "floor_cpu_s", "ratio", "peak_mib", "floor_peak_mib", "load"):
            assert isinstance(r[key], (int, float)), (key, r)
        assert r["peak_mib"] > 0 and r["floor_cpu_s"] > 0
    eq = [r for r in doc["rows"] if r["table"] == "equilibria"]
    assert eq and all(r["agree"] for r in eq)
    assert {r["family"] for r in doc["rows"] if r["table"] == "select"} == set(FAMILIES)
    # the markdown next to the record is generated from it
    assert out.with_suffix(".md").read_text().endswith(render_tables(doc))


def test_the_positive_family_keeps_its_spread_positive_and_the_narrowing_one_does_not():
    for n in (10, 1000, 20_000):
        assert nonnegative_spreads(n, family="positive") == n
    assert nonnegative_spreads(20_000, family="narrowing") < 20_000


def test_the_readme_and_matcher_md_tables_are_the_committed_record():
    doc = json.loads((ROOT / "benchmarks" / "matcher.json").read_text())
    readme = (ROOT / "README.md").read_text()
    assert README_BEGIN in readme and README_END in readme
    assert readme_with_tables(readme, doc) == readme, "run: reposelect bench --render benchmarks/matcher.json"
    assert (ROOT / "benchmarks" / "matcher.md").read_text().endswith(render_tables(doc))
    # every figure of the targets table is one of the record's
    table = render_tables(doc)
    for r in doc["rows"]:
        if r["table"] == "serve":
            assert f"{r['ratio']:.2f}x" in table


def test_bench_against_an_unknown_revision_is_a_clear_error():
    p = subprocess.run([sys.executable, "-m", "reposelect", "bench", "--max-n", "100", "--against", "no-such-rev"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode != 0 and "cannot read revision 'no-such-rev'" in p.stderr
    assert "Traceback" not in p.stderr


def test_render_of_a_file_that_is_missing_unreadable_or_not_a_record_is_one_line(tmp_path):
    """`bench --render FILE`: no FILE is a usage error (64), an unreadable one 74 (io_error), a FILE
    that is not a benchmark record 64 naming what is wrong; one line, no traceback, nothing written."""
    bad_json, no_rows = tmp_path / "bad.json", tmp_path / "partial.json"
    bad_json.write_text("{bad")
    no_rows.write_text('{"rows": []}')
    for path, status, says in ((tmp_path / "none.json", 64, "no such file: "), (tmp_path, 74, "io_error: cannot read"),
                               (bad_json, 64, "is not a benchmark record"), (no_rows, 64, "no 'machine'")):
        p = subprocess.run([sys.executable, "-m", "reposelect", "bench", "--render", str(path)],
                           capture_output=True, text=True, timeout=120)
        assert (p.returncode, p.stdout) == (status, ""), (path, p.returncode, p.stderr)
        assert p.stderr.count("\n") == 1 and says in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert sorted(f.name for f in tmp_path.iterdir()) == ["bad.json", "partial.json"]
