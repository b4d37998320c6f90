"""The public log on chain (spec/chain.md 11.3): a session audits as on SQLite, and every
access-control attack reverts with a named error and changes nothing."""
from __future__ import annotations

from decimal import Decimal

import pytest
from eth_account import Account

from reposelect.chain.log import ChainLog, ChainRefused, canonical_bytes
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.log import PublicLog
from reposelect.reference.protocol.roles import MODELED_ROOT_PUBLIC, Dealer, Enclave, cosign_open, measurement, new_session_body
from reposelect.reference.protocol.session import run_session
from reposelect.reference.wire import parse_report

MM = parse_report('{"role": "mm", "grid": [0, 50, 100, 150], "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}')
RM = parse_report('{"role": "rm", "grid": [0, 50, 100, 150], "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}')


@pytest.fixture(scope="module")
def done():
    """One whole session on the embedded chain's log."""
    log = ChainLog.deploy()
    res = run_session(log, MM, RM)
    return log, res


def _verdict(log):
    a = audit_log(log, MODELED_ROOT_PUBLIC, measurement(), None)
    return a.ok, [(s.ok, s.outcome, len(s.checks)) for s in a.sessions]


def test_session_on_chain_audits_as_on_sqlite(done):
    log, res = done
    sql = PublicLog(":memory:")
    res_sql = run_session(sql, MM, RM)
    assert _verdict(log) == _verdict(sql) == (True, [(True, res.outcome.body["outcome"], len(_checks(sql)))])
    assert res.outcome.body["outcome"] == res_sql.outcome.body["outcome"]
    assert [e.kind for e in log.verify_chain()] == [e.kind for e in sql.verify_chain()]
    assert log.head() == log.verify_chain()[-1].hash


def _checks(log):
    return audit_log(log, MODELED_ROOT_PUBLIC, measurement(), None).sessions[0].checks


def _attempt(log, fn, sender):
    before = (log.rows(), log.head())
    with pytest.raises(ChainRefused) as info:
        log._transact(fn, sender)
    assert (log.rows(), log.head()) == before
    return info.value.reason


def test_attacks_revert_with_named_errors(done):
    log, res = done
    f, p = log.contract.functions, log.parties
    sid = bytes.fromhex(res.session)
    stranger = log.chain.accounts[5]
    body = b'{"kind":"submission"}'
    assert _attempt(log, f.submit(sid, 0, body), stranger) == "NotDealer"
    assert _attempt(log, f.submit(sid, 0, body), p.rm) == "NotDealer"  # the other dealer
    assert _attempt(log, f.submit(sid, 1, body), p.mm) == "NotDealer"
    assert _attempt(log, f.conclude(sid, [b'{"kind":"outcome"}']), p.enclave) == "OutcomeExists"  # a second outcome
    assert _attempt(log, f.conclude(sid, [b'{"kind":"outcome"}']), p.mm) == "NotEnclave"  # not the attested key
    assert _attempt(log, f.conclude(sid, [b'{"kind":"outcome"}']), stranger) == "NotEnclave"
    assert _attempt(log, f.attest(sid, b'{"kind":"attestation"}'), p.enclave) == "AlreadyAttested"
    assert _attempt(log, f.open(sid, [p.mm, p.rm], p.enclave, b"{}"), stranger) == "SessionExists"
    assert _verdict(log)[0]


def test_a_replayed_transaction_is_refused(done):
    log, _ = done
    w3 = log.chain.w3
    keys = w3.provider.ethereum_tester.backend.account_keys
    mm_key = next(k for k in keys if k.public_key.to_checksum_address() == log.parties.mm)
    enclave = Enclave()
    d_mm, d_rm = Dealer(MM), Dealer(RM)
    opening = log.append(cosign_open(new_session_body(MM.grid, Decimal("0.5"), "largest_volume",
                                                      {"mm": d_mm.public, "rm": d_rm.public}), d_mm, d_rm))
    sid = opening.session
    enclave.attest(log, sid)
    body = canonical_bytes(d_mm.submission(log, sid))
    fn = log.contract.functions.submit(bytes.fromhex(sid), 0, body)
    tx = fn.build_transaction({"from": log.parties.mm, "nonce": w3.eth.get_transaction_count(log.parties.mm),
                               "gas": 2_000_000, "maxFeePerGas": 10**10, "maxPriorityFeePerGas": 1, "chainId": w3.eth.chain_id})
    raw = Account.sign_transaction(tx, mm_key.to_bytes()).raw_transaction
    w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(raw))
    before = (log.rows(), log.head())
    with pytest.raises(Exception):  # noqa: B017 - the same signed transaction again: its nonce is spent
        w3.eth.send_raw_transaction(raw)
    assert (log.rows(), log.head()) == before
    # the same submission in a new transaction: the role has posted
    assert _attempt(log, fn, log.parties.mm) == "AlreadySubmitted"


def test_session_and_audit_commands_on_a_journaled_chain(tmp_path):
    """`reposelect session --log chain:FILE`, then `reposelect audit --log chain:FILE` in another call:
    the embedded chain is rebuilt from its journal and audits with the verdict SQLite gives."""
    import json

    from reposelect.cli import main

    mm, rm = tmp_path / "mm.json", tmp_path / "rm.json"
    mm.write_text('{"role": "mm", "grid": [0, 50, 100, 150], "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}')
    rm.write_text('{"role": "rm", "grid": [0, 50, 100, 150], "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}')
    verdicts = []
    for loc in (f"chain:{tmp_path / 'log.chain'}", str(tmp_path / "log.sqlite")):
        assert main(["session", "--mm", str(mm), "--rm", str(rm), "--log", loc, "--json"]) == 0
        import io
        import contextlib

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = main(["audit", "--log", loc, "--json"])
        doc = json.loads(buf.getvalue().strip().splitlines()[-1])
        assert rc == 0 and doc["ok"]
        verdicts.append([(s["ok"], s["outcome"], len(s["checks"])) for s in doc["sessions"]])
    assert verdicts[0] == verdicts[1]
