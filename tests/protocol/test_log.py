"""The public log (spec/protocol.md 9.3): hash chain, tamper evidence, atomic writes, restarts."""
import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from protocol_helpers import full_session, rewrite, rows
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.errors import LogError
from reposelect.reference.protocol.log import (
    GENESIS, AppendOnlyLog, Entry, PublicLog, canonical, check_bodies, entry_hash,
)


def filled(path, k=5):
    with PublicLog(path) as log:
        for i in range(k):
            log.append({"kind": "note", "session": "s", "i": i})


def test_chain_verifies_and_survives_reopening(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p)
    with PublicLog(p) as log:
        es = log.verify_chain()
        assert [e.body["i"] for e in es] == list(range(5))
        assert [e.seq for e in es] == [1, 2, 3, 4, 5]
        assert all(es[i].prev == es[i - 1].hash for i in range(1, 5))
        log.verify_chain(head=es[2].hash)


def test_altered_body_is_detected(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p)
    db = sqlite3.connect(p)
    db.execute("UPDATE entries SET body = ? WHERE seq = 3", ('{"i":99,"kind":"note","session":"s"}',))
    db.commit()
    db.close()
    with PublicLog(p) as log, pytest.raises(LogError) as e:
        log.verify_chain()
    assert e.value.code == "log_chain" and e.value.path == "log[3]"


def test_reordered_entries_are_detected(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p)
    db = sqlite3.connect(p)
    r2, r3 = (db.execute("SELECT prev, hash, body FROM entries WHERE seq = ?", (s,)).fetchone() for s in (2, 3))
    db.execute("UPDATE entries SET prev = ?, hash = ?, body = ? WHERE seq = 2", r3)
    db.execute("UPDATE entries SET prev = ?, hash = ?, body = ? WHERE seq = 3", r2)
    db.commit()
    db.close()
    with PublicLog(p) as log, pytest.raises(LogError) as e:
        log.verify_chain()
    assert e.value.code == "log_chain" and e.value.path == "log[2]"


def test_removed_entry_is_detected(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p)
    db = sqlite3.connect(p)
    db.execute("DELETE FROM entries WHERE seq = 2")
    db.commit()
    db.close()
    with PublicLog(p) as log, pytest.raises(LogError) as e:
        log.verify_chain()
    assert e.value.code == "log_chain" and "missing" in e.value.message


def test_truncation_is_detected_against_a_pinned_head(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p)
    with PublicLog(p) as log:
        head = log.head()
    db = sqlite3.connect(p)
    db.execute("DELETE FROM entries WHERE seq = 5")
    db.commit()
    db.close()
    with PublicLog(p) as log:
        log.verify_chain()  # a truncated chain is still a chain ...
        with pytest.raises(LogError) as e:
            log.verify_chain(head=head)  # ... but not one containing the pinned head
    assert e.value.code == "log_chain"


def test_a_failed_batch_leaves_the_log_unchanged(tmp_path):
    p = str(tmp_path / "log.db")
    filled(p, 2)

    def crash(i):
        if i == 1:
            raise RuntimeError("power cut")

    with PublicLog(p) as log:
        before = log.head()
        with pytest.raises(RuntimeError):
            log.append_many([{"kind": "note", "session": "s", "i": 10 + i} for i in range(3)], _fault=crash)
        assert log.head() == before and len(log.verify_chain()) == 2
        log.append({"kind": "note", "session": "s", "i": 2})  # the log keeps working
        assert len(log.verify_chain()) == 3


def test_a_process_killed_mid_write_leaves_a_log_that_verifies_and_is_right(tmp_path):
    """A real crash: the child process inserts inside a transaction and dies (os._exit)
    before the commit. Reopened, the log verifies and holds exactly the committed entries."""
    p = str(tmp_path / "log.db")
    filled(p, 3)
    code = textwrap.dedent(f"""
        import os
        from reposelect.reference.protocol.log import PublicLog
        log = PublicLog({p!r})
        log.append_many([{{"kind": "note", "session": "s", "i": 50}}, {{"kind": "note", "session": "s", "i": 51}}],
                        _fault=lambda i: os._exit(9) if i == 1 else None)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    with PublicLog(p) as log:
        es = log.verify_chain()
        assert [e.body["i"] for e in es] == [0, 1, 2]
        log.append({"kind": "note", "session": "s", "i": 3})
        assert len(log.verify_chain()) == 4


def test_malformed_bodies_are_refused(tmp_path):
    with PublicLog(str(tmp_path / "log.db")) as log:
        for body in ([], {"kind": 1, "session": "s"}, {"kind": "x"}):
            with pytest.raises(LogError) as e:
                log.append(body)
            assert e.value.code == "log_entry"
        assert log.verify_chain() == []


def test_compromised_host_rewriting_the_chain_is_caught_by_signatures(tmp_path):
    """The host alters the public outcome and recomputes every hash: the chain verifies,
    the enclave's signature over the outcome does not."""
    p = str(tmp_path / "log.db")
    with PublicLog(p) as log:
        full_session(log)
    bodies = [b for _, b in rows(p)]
    for b in bodies:
        if b["kind"] == "outcome":
            b["outcome"]["volume"] = 150
    rewrite(p, bodies)
    with PublicLog(p) as log:
        log.verify_chain()
        res = audit_log(log)
    assert not res.ok and res.sessions[0].error.code == "outcome_signature"


def test_compromised_host_dropping_a_sessions_tail_is_caught(tmp_path):
    p = str(tmp_path / "log.db")
    with PublicLog(p) as log:
        full_session(log)
    bodies = [b for _, b in rows(p) if b["kind"] not in ("outcome", "instruction")]
    rewrite(p, bodies)
    with PublicLog(p) as log:
        res = audit_log(log)
    assert not res.ok and res.sessions[0].error.code == "session_incomplete"


def test_malformed_session_entries_fail_the_audit_without_a_crash(tmp_path):
    p = str(tmp_path / "log.db")
    with PublicLog(p) as log:
        full_session(log)
    bodies = [b for _, b in rows(p)]
    variants = [
        lambda bs: bs[0].pop("dealers"),
        lambda bs: bs[0]["params"].update(grid=[0, 5, 5, 7]),
        lambda bs: bs[4].update(inputs="nonsense"),
        lambda bs: bs[2].update(commitments=["zz"] * 4),
        lambda bs: bs[1]["quote"].update(kem_public=None),
        lambda bs: bs.insert(3, {"kind": "mystery", "session": bs[0]["session"]}),
    ]
    import copy
    for mutate in variants:
        bs = copy.deepcopy(bodies)
        mutate(bs)
        rewrite(p, bs)
        with PublicLog(p) as log:
            res = audit_log(log)
        assert not res.ok and res.chain_error is None
        err = res.sessions[0].error
        assert isinstance(err, __import__("reposelect.reference.protocol.errors", fromlist=["x"]).ProtocolError)


class ListLog(AppendOnlyLog):
    """A second implementation of the log interface: a Python list (what a chain-backed
    log provides: atomic batches, stored rows, a head)."""

    def __init__(self):
        self.stored = []

    def append_many(self, bodies):
        texts = check_bodies(bodies)
        out, prev = [], self.head()
        for text in texts:
            seq = len(self.stored) + len(out) + 1
            h = entry_hash(prev, seq, text)
            out.append(Entry(seq, prev, h, json.loads(text)))
            prev = h
        self.stored.extend((e.seq, e.prev, e.hash, canonical(e.body)) for e in out)
        return out

    def rows(self, after=0):
        return self.stored[after:]

    def head(self):
        return self.stored[-1][2] if self.stored else GENESIS


def test_any_implementation_of_the_log_interface_carries_a_session_and_its_audit():
    log = ListLog()
    sid, *_ = full_session(log)
    res = audit_log(log)
    assert res.ok and [s.session for s in res.sessions] == [sid]
    log.stored[4] = log.stored[4][:3] + (log.stored[4][3].replace('"trade":true', '"trade":false'),)
    assert audit_log(log).chain_error.code == "log_chain"


def test_the_interface_refuses_an_incomplete_implementation():
    class NoHead(AppendOnlyLog):
        def append_many(self, bodies):
            return []

        def rows(self, after=0):
            return []

    with pytest.raises(TypeError):
        NoHead()


def test_a_reader_verifies_only_what_was_appended_since_its_last_read_and_notices_a_rewrite():
    log = ListLog()
    asked = []
    rows = log.rows
    log.rows = lambda after=0: asked.append(after) or rows(after)
    for i in range(4):
        log.append({"kind": "note", "session": "s", "i": i})
    assert len(log.entries()) == 4 and asked == [0]
    log.append({"kind": "note", "session": "s", "i": 4})
    assert [e.body["i"] for e in log.entries("s")] == [0, 1, 2, 3, 4] and asked == [0, 3]
    # The host rewrites the chain consistently under the reader: it verifies all of it again.
    rewritten = ListLog()
    for i in range(5):
        rewritten.append({"kind": "note", "session": "s", "i": 10 + i})
    log.stored[:] = rewritten.stored
    assert [e.body["i"] for e in log.entries()] == [10, 11, 12, 13, 14] and asked[-2:] == [4, 0]
    log.stored[2] = (3, log.stored[2][1], log.stored[2][2], log.stored[2][3].replace("12", "99"))
    log.append({"kind": "note", "session": "s", "i": 15})
    assert [e.body["i"] for e in log.entries()][-1] == 15  # an old entry altered after it was read: kept as read
    with pytest.raises(LogError):
        log.verify_chain()  # the full check sees it
