"""The per-pair deadline of `run_many` is enforced: a worker still running past its pair's
timeout (plus `GRACE`) is terminated and the pair reported unknown, never proved; an error
in a worker is raised in the parent."""
import time

import pytest

from reposelect.proofs import runner


def _hang(task):
    runner._REACHED.value = 2  # as Run._done records an established N
    time.sleep(600)


def _fail(task):
    raise ValueError("bad pair")


def test_a_hanging_pair_is_ended_and_reported_unknown(monkeypatch):
    monkeypatch.setattr(runner, "_task", _hang)
    monkeypatch.setattr(runner, "GRACE", 0.0)
    recs = runner.run_many(["existence", "selection"], ["standard"], bound=2, timeout=0.3, jobs=2, verbose=False)
    assert [r["verdict"] for r in recs] == ["unknown", "unknown"]
    assert [r["claim"] for r in recs] == ["existence", "selection"]
    assert all(r["reason"] == "timeout after 0.3 s (worker terminated)" for r in recs)
    assert all(r["reached"] == 2 for r in recs)


def test_an_error_in_a_worker_is_raised(monkeypatch):
    monkeypatch.setattr(runner, "_task", _fail)
    with pytest.raises(ValueError, match="bad pair"):
        runner.run_many(["existence"], ["standard"], bound=2, timeout=5.0, jobs=2, verbose=False)


def test_a_finished_pair_keeps_its_record():
    recs = runner.run_many(["existence"], ["standard"], bound=2, timeout=60.0, jobs=2, verbose=False)
    assert recs[0]["verdict"] == "proved" and recs[0]["reached"] == 2
