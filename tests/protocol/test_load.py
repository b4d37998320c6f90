"""Several processes running sessions against one SQLite log at once, one writer killed
in the middle of a batch (spec/protocol.md 9.3). `reposelect audit --load 8,25` runs the
full size; here it is 3 writers x 2 sessions."""
import json
import sqlite3

import pytest

from reposelect.reference.protocol.errors import LogError
from reposelect.reference.protocol.load import run_load
from reposelect.reference.protocol.log import PublicLog


def test_concurrent_writers_and_a_killed_one_leave_a_log_that_audits_clean(tmp_path):
    res = run_load(3, 2, path=str(tmp_path / "log.sqlite"), floor=False, timeout_s=600)
    assert res.ok, res.problems
    assert res.completed == 5 and res.recovered == 1 and res.audited_ok == 6
    assert res.entries == 6 * 7


def test_a_lock_held_too_long_is_a_log_busy_error_not_a_raw_sqlite_error(tmp_path, monkeypatch):
    p = str(tmp_path / "log.sqlite")
    with PublicLog(p) as log:
        log.append({"kind": "note", "session": "s"})
    holder = sqlite3.connect(p, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    monkeypatch.setattr(PublicLog, "BUSY_TIMEOUT_S", 0.2)
    try:
        with PublicLog(p) as log:
            with pytest.raises(LogError) as e:
                log.append({"kind": "note", "session": "s"})
            assert e.value.code == "log_busy" and "nothing was written" in e.value.message
            assert len(log.entries()) == 1  # readers still read
        from reposelect.reference.protocol.session_cli import main
        mm, rm = tmp_path / "mm.json", tmp_path / "rm.json"
        from protocol_helpers import MM, RM
        mm.write_text(json.dumps(MM))
        rm.write_text(json.dumps(RM))
        out = []
        assert main(["--mm", str(mm), "--rm", str(rm), "--log", p], out.append) == 2
        assert json.loads(out[0])["error"]["code"] == "log_busy" and "database is locked" not in out[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with PublicLog(p) as log:
        assert len(log.verify_chain()) == 1
