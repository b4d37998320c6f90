"""`reposelect session`, `reposelect audit` (and --bench) and the demo's session section."""
import json
import sqlite3
import subprocess
import sys

from protocol_helpers import MM, RM


def run(*args):
    return subprocess.run([sys.executable, "-m", "reposelect", *args], capture_output=True, timeout=120, text=True)


def files(tmp_path, mm=MM, rm=RM):
    (tmp_path / "mm.json").write_text(json.dumps(mm))
    (tmp_path / "rm.json").write_text(json.dumps(rm))
    return str(tmp_path / "mm.json"), str(tmp_path / "rm.json")


def test_session_then_audit(tmp_path):
    mm, rm = files(tmp_path)
    db = str(tmp_path / "log.db")
    p = run("session", "--mm", mm, "--rm", rm, "--log", db, "--json")
    assert p.returncode == 0 and p.stderr == "", p.stderr
    doc = json.loads(p.stdout)
    assert doc["outcome"]["index"] == 2 and doc["outcome"]["volume"] == 100
    p = run("session", "--mm", mm, "--rm", rm, "--log", db, "--theta", "0.25", "--tie-break", "smallest_volume")
    assert p.returncode == 0 and "privately received" in p.stdout
    p = run("audit", "--log", db)
    assert p.returncode == 0, p.stdout
    assert "2 session(s), 2 verified: PASS" in p.stdout and p.stdout.count("ok   proof:") == 2
    p = run("audit", "--log", db, "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["ok"] is True
    # tamper with one entry: audit fails, exit 1, naming the entry
    con = sqlite3.connect(db)
    con.execute("UPDATE entries SET body = replace(body, '\"volume\":100', '\"volume\":150') WHERE seq = 5")
    con.commit()
    con.close()
    p = run("audit", "--log", db)
    assert p.returncode == 1 and "FAIL chain: log_chain at log[5]" in p.stdout


def test_bad_inputs_give_error_objects_not_tracebacks(tmp_path):
    mm, rm = files(tmp_path)
    db = str(tmp_path / "log.db")
    bad = tmp_path / "bad.json"
    cases = [
        (["--mm", mm, "--rm", mm], "schema", "role"),
        (["--mm", str(bad), "--rm", rm], "non_monotone_schedule", "rates[1]"),
        (["--mm", mm, "--rm", rm, "--theta", "1.5"], "theta_out_of_range", "theta"),
        (["--mm", mm, "--rm", rm, "--theta", "x"], "not_a_decimal", "theta"),
    ]
    bad.write_text(json.dumps(dict(MM, rates=["4.30", "4.20", "4.35"])))
    for args, code, path in cases:
        p = run("session", *args, "--log", db)
        assert p.returncode == 2 and "Traceback" not in p.stderr, (args, p.stderr)
        err = json.loads(p.stdout)["error"]
        assert err["code"] == code and err["path"] == path, (args, err)
    bad.write_text(json.dumps(dict(MM, rates=["4.30", "4.32", "4.35001"])))
    p = run("session", "--mm", str(bad), "--rm", rm, "--log", db)
    err = json.loads(p.stdout)["error"]
    assert p.returncode == 2 and err["code"] == "report_out_of_range" and err["path"] == "rates[2]"
    bad.write_text("{not json")
    p = run("session", "--mm", str(bad), "--rm", rm, "--log", db)
    assert p.returncode == 2 and json.loads(p.stdout)["error"]["code"] == "invalid_json"


def test_a_missing_input_file_is_a_usage_error_and_an_unreadable_one_an_io_error(tmp_path):
    """spec/wire.md 6.6, as for `select`: a FILE that does not exist is status 64 (one line on standard
    error, nothing on standard output); one that exists but cannot be read is status 74 with an
    `io_error` object naming it."""
    mm, rm = files(tmp_path)
    db = str(tmp_path / "log.db")
    missing = str(tmp_path / "missing.json")
    for args, option in ((["--mm", mm, "--rm", missing], "--rm"), (["--mm", missing, "--rm", rm], "--mm")):
        p = run("session", *args, "--log", db)
        assert (p.returncode, p.stdout) == (64, ""), (args, p.stdout, p.stderr)
        assert p.stderr.splitlines() == [f"reposelect session {option}: no such file: {missing}"]
    p = run("session", "--mm", mm, "--rm", str(tmp_path), "--log", db)  # a directory: it exists, it cannot be read
    err = json.loads(p.stdout)["error"]
    assert p.returncode == 74 and p.stderr == "", p.stderr
    assert (err["code"], err["path"], err["input"]) == ("io_error", "$", f"--rm {tmp_path}")
    p = run("session", "--mm", mm, "--rm", rm, "--log", str(tmp_path / "no" / "such" / "dir.db"))
    assert p.returncode == 74 and json.loads(p.stdout)["error"]["code"] == "io_error" and p.stderr == ""
    for log in (str(tmp_path / "nope.db"), f"chain:{tmp_path / 'nope.chain'}"):
        p = run("audit", "--log", log)
        assert (p.returncode, p.stdout) == (64, ""), (log, p.stdout, p.stderr)
        assert p.stderr.splitlines() == [f"reposelect audit --log: no such file: {log.removeprefix('chain:')}"]
    for args, says in ((["--log", "chain:"], "reposelect audit --log chain:: names no file or URL after the scheme"),
                       (["--log", ""], "reposelect audit: give --log DB (or --bench)"),
                       ([], "reposelect audit: give --log DB (or --bench)")):  # a missing argument is a usage error
        p = run("audit", *args)
        assert (p.returncode, p.stdout, p.stderr.splitlines()) == (64, "", [says]), (args, p.stdout, p.stderr)
    (tmp_path / "junk.db").write_text("this is not sqlite" * 100)
    for log in (str(tmp_path / "junk.db"), str(tmp_path)):
        p = run("audit", "--log", log)
        err = json.loads(p.stdout)["error"]
        assert p.returncode == 74 and (err["code"], err["path"]) == ("io_error", "--log") and p.stderr == "", p.stderr


def test_bench_prints_a_table(tmp_path):
    out = tmp_path / "audit.json"
    p = run("audit", "--bench", "--sizes", "1", "--modes", "ipa,bits", "--out", str(out))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    hdr = next(ln for ln in lines if ln.split()[:2] == ["N", "outcome"])
    assert "prove" in hdr and "KiB" in hdr and "load" in hdr and "floor" in lines[1] and "primitives" in lines[2]
    doc = json.loads(out.read_text())
    rows = doc["rows"]
    assert len(rows) == 4 and [r["n"] for r in rows] == [1] * 4 and [r["mode"] for r in rows] == ["ipa", "bits"] * 2
    assert [r["outcome"] for r in rows[1:3]] == ["k=1", "no trade"]
    assert all(r[k] > 0 for r in rows for k in ("prove_cpu_s", "verify_cpu_s", "floor_cpu_s", "prove_ratio", "peak_rss_mib"))
    assert {"date", "machine", "load_avg_start"} <= set(doc) and doc["machine"]["cpu_count"] >= 1
    sizes = [r["bytes"] for r in rows]
    assert all(sizes[i] < sizes[i + 1] / 10 for i in range(0, 4, 2))  # ipa is far smaller
    p = run("audit", "--bench", "--modes", "nope")
    assert p.returncode == 2 and json.loads(p.stdout)["error"]["code"] == "schema"


def test_demo_shows_a_session_after_the_selection_table():
    p = run("demo")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.index("selected: 1000m") < out.index("sealed session")
    assert "audit: PASS" in out and "log[5] outcome" in out
    p = run("demo", "--json")
    assert p.returncode == 0 and set(json.loads(p.stdout)) == {"case", "outcome"}


def test_audit_pins_the_session_and_the_dealers_keys(tmp_path):
    mm, rm = files(tmp_path)
    db = str(tmp_path / "log.db")
    first = json.loads(run("session", "--mm", mm, "--rm", rm, "--log", db, "--json").stdout)
    keys = f"mm={first['dealers']['mm']},rm={first['dealers']['rm']}"
    p = run("audit", "--log", db, "--session", first["session"], "--dealer-keys", keys)
    assert p.returncode == 0 and "pinned dealer keys" in p.stdout and "co-signed by both dealers' pinned keys" in p.stdout
    second = json.loads(run("session", "--mm", mm, "--rm", rm, "--log", db, "--json").stdout)
    p = run("audit", "--log", db, "--session", first["session"], "--dealer-keys", keys)
    assert p.returncode == 1 and f"session {second['session'][:16]}...: FAIL" in p.stdout
    assert "session_unexpected" in p.stdout and "dealer_mismatch" not in p.stdout
    p = run("audit", "--log", db, "--session", first["session"], "--session", second["session"], "--dealer-keys", keys)
    assert p.returncode == 1 and "dealer_mismatch" in p.stdout
    p = run("audit", "--log", db, "--session", first["session"], "--session", second["session"])
    assert p.returncode == 0
    for bad in (["--session", "xyz"], ["--dealer-keys", "mm=00"], ["--dealer-keys", keys.split(",")[0]]):
        p = run("audit", "--log", db, *bad)
        assert p.returncode == 2 and json.loads(p.stdout)["error"]["path"] == bad[0] and p.stderr == ""


def test_bench_runs_a_baseline_revision_side_by_side(tmp_path):
    """--baseline REV measures REV's code (extracted with git archive) in the same run."""
    out = tmp_path / "audit.json"
    p = subprocess.run([sys.executable, "-m", "reposelect", "audit", "--bench", "--sizes", "1", "--modes", "ipa",
                        "--baseline", "HEAD", "--out", str(out)], capture_output=True, timeout=300, text=True)
    assert p.returncode == 0, p.stderr
    rows = json.loads(out.read_text())["rows"]
    assert [(r["code"], r["mode"]) for r in rows[:3]] == [("current", "ipa"), ("baseline HEAD", "bits"),
                                                          ("baseline HEAD", "ipa")]
    assert rows[0]["bytes"] == rows[2]["bytes"]  # the same code at HEAD: the same proof size
