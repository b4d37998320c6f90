"""Sessions end to end and every attack of issue 5 item 5 (spec/protocol.md 9.2-9.8)."""
import base64
import json
from decimal import Decimal

import pytest

from protocol_helpers import GRID, MM, RM, cosigned_open, full_session, open_session, report, rewrite, rows
from reposelect.reference.errors import ReposelectError
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.errors import (
    AttestationError, CommitmentError, LogError, ProofError, ReplayError, ReportError, SealError,
)
from reposelect.reference.protocol.group import commit, enc
from reposelect.reference.protocol.log import PublicLog
from reposelect.reference.protocol.roles import Dealer, Enclave, HardwareRoot, sign
from reposelect.reference.protocol.session import run_session
from reposelect.reference.select import select
from reposelect.reference.wire import case_from_reports


@pytest.fixture
def log(tmp_path):
    with PublicLog(str(tmp_path / "log.db")) as lg:
        yield lg


def audit_ok(log, sid=None):
    """The log audits clean (only session `sid` must verify, if given)."""
    res = audit_log(log)
    assert res.chain_error is None
    chosen = [s for s in res.sessions if sid is None or s.session == sid]
    assert chosen and all(s.ok for s in chosen), [(s.error.code, s.error.path, s.error.message) for s in chosen if s.error]
    return res


def test_session_runs_and_audits_clean_and_matches_select(log):
    mm, rm = report(MM), report(RM)
    res = run_session(log, mm, rm)
    expected = select(case_from_reports(mm, rm))
    pub = res.outcome.body["outcome"]
    assert pub["trade"] and pub["index"] == expected.index and pub["volume"] == expected.volume
    assert Decimal(pub["r_mm"]) == expected.r_mm and Decimal(pub["r_rm"]) == expected.r_rm
    assert Decimal(pub["r_bd"]) == expected.r_bd and Decimal(pub["joint_profit"]) == expected.joint_profit
    assert "equilibria" not in pub and "feasible" not in pub  # withheld (spec 9.4)
    assert res.instructions["mm"]["outcome"] == pub and res.instructions["rm"]["outcome"] == pub
    assert [e.kind for e in log.entries()] == ["open", "attestation", "submission", "submission", "outcome",
                                               "instruction", "instruction"]
    a = audit_ok(log)
    assert len(a.sessions) == 1 and len(a.sessions[0].checks) == 7
    assert a.sessions[0].checks[4].startswith("schedules: ")


def test_no_trade_session_audits_clean(log):
    mm = dict(MM, hurdle="2.00")
    res = run_session(log, report(mm), report(RM))
    assert res.outcome.body["outcome"] == {"trade": False, "index": 0, "volume": 0, "r_mm": None, "r_rm": None,
                                           "r_bd": None, "spread": None, "joint_profit": None}
    audit_ok(log)


def test_every_party_survives_a_restart(tmp_path):
    p = str(tmp_path / "log.db")
    with PublicLog(p) as log:
        sid, enc_, d_mm, d_rm = open_session(log)
        d_mm.submit(log, sid)
    enc_state, mm_state, rm_state = enc_.to_state(), d_mm.to_state(), d_rm.to_state()
    del enc_, d_mm, d_rm
    with PublicLog(p) as log:  # everyone restarted: log reopened, parties rebuilt from saved state
        d_rm = Dealer.from_state(rm_state)
        d_rm.submit(log, sid)
        rm_state = d_rm.to_state()
    with PublicLog(p) as log:
        enclave = Enclave.from_state(enc_state)
        out, errs = enclave.step(log, sid)
        assert out is not None and errs == []
        assert enclave.step(log, sid)[0].seq == out.seq  # idempotent: nothing posted twice
    with PublicLog(p) as log:
        for st in (mm_state, rm_state):
            assert Dealer.from_state(st).receive(log, sid)["outcome"]["index"] == 2
        audit_ok(log)


# ------------------------------------------------------------------ attestation

def test_wrong_root_key_is_rejected_by_dealer_and_auditor(log):
    sid, enc_, d_mm, d_rm = open_session(log, enclave=Enclave(root=HardwareRoot(b"\x01" * 32)))
    with pytest.raises(AttestationError) as e:
        d_mm.submit(log, sid)
    assert e.value.code == "attestation_signature" and "root" in e.value.message
    res = audit_log(log)
    assert not res.ok and res.sessions[0].error.code == "attestation_signature"


def test_wrong_measurement_is_rejected(log):
    sid, enc_, d_mm, d_rm = open_session(log, enclave=Enclave(code_measurement="00" * 32))
    with pytest.raises(AttestationError) as e:
        d_rm.submit(log, sid)
    assert e.value.code == "attestation_measurement" and e.value.path.endswith(".measurement")
    assert not log.entries(sid)[-1].kind == "submission"  # nothing was sealed to that enclave


def test_stale_nonce_is_rejected(log):
    sid1, enc_, _, _ = open_session(log)
    nonce1 = log.entries(sid1)[0].body["nonce"]
    d_mm, d_rm = Dealer(report(MM)), Dealer(report(RM))
    sid2 = cosigned_open(log, GRID, "0.5", "largest_volume", d_mm, d_rm)
    log.append(enc_.attestation(log, sid2, nonce=nonce1))  # an old quote's nonce
    with pytest.raises(AttestationError) as e:
        d_mm.submit(log, sid2)
    assert e.value.code == "stale_nonce" and e.value.path.endswith(".nonce")


# ------------------------------------------------------------------ sealed submissions

def _resign(dealer, body):
    return sign(dealer.identity, body)


def _rejects_then_recovers(log, sid, enc_, d_mm, d_rm, bad_body, code, cls):
    """Post a bad submission: the enclave rejects it with `code`; nothing accepted is lost;
    an honest resubmission then completes the session and the audit passes."""
    good_rm = d_rm.submit(log, sid)  # the counterparty's accepted submission
    before = [e.hash for e in log.entries()]
    bad = log.append(bad_body)
    out, errs = enc_.step(log, sid)
    assert out is None and len(errs) == 1
    assert isinstance(errs[0], cls) and isinstance(errs[0], ReposelectError) and errs[0].code == code
    assert errs[0].path.startswith(f"log[{bad.seq}]")
    after = log.entries()
    assert [e.hash for e in after[:len(before)]] == before  # nothing already accepted lost
    assert after[-1].kind == "reject" and after[-1].body["code"] == code
    d_mm.submit(log, sid)
    out, errs = enc_.step(log, sid)
    assert out is not None and errs == []
    assert out.body["inputs"]["rm"] == good_rm.hash.hex()
    res = audit_ok(log, sid)
    assert "1 rejected" in next(s for s in res.sessions if s.session == sid).checks[2]
    return errs[0] if errs else None


def test_tampered_ciphertext_is_rejected(log):
    sid, enc_, d_mm, d_rm = open_session(log)
    body = d_mm.submission(log, sid)
    ct = bytearray(base64.b64decode(body["sealed"]["ciphertext"]))
    ct[40] ^= 0x01
    body["sealed"]["ciphertext"] = base64.b64encode(bytes(ct)).decode()
    import hashlib
    body["ciphertext_sha256"] = hashlib.sha256(bytes(ct)).hexdigest()
    _rejects_then_recovers(log, sid, enc_, d_mm, d_rm, _resign(d_mm, body), "seal_open_failed", SealError)


def test_ciphertext_altered_in_transit_breaks_the_dealers_signature(log):
    sid, enc_, d_mm, d_rm = open_session(log)
    body = d_mm.submission(log, sid)
    body["ciphertext_sha256"] = "00" * 32
    _rejects_then_recovers(log, sid, enc_, d_mm, d_rm, body, "log_entry", LogError)


def test_report_not_matching_its_commitment_is_rejected(log):
    sid, enc_, d_mm, d_rm = open_session(log)
    body = d_mm.submission(log, sid)
    body["commitments"][1] = enc(commit(43300, d_mm.blindings[1])).hex()  # commits to 4.33, seals 4.32
    _rejects_then_recovers(log, sid, enc_, d_mm, d_rm, _resign(d_mm, body), "commitment_mismatch", CommitmentError)


def test_replay_into_another_session_is_rejected(log):
    sid1, enc1, d_mm, d_rm = open_session(log)
    old = d_mm.submission(log, sid1)  # sealed for session 1
    # Session 2 with the same dealers and the same enclave (so only the binding can catch it).
    sid2 = cosigned_open(log, GRID, "0.5", "largest_volume", d_mm, d_rm)
    enc1.attest(log, sid2)
    replay = _resign(d_mm, dict(old, session=sid2))
    _rejects_then_recovers(log, sid2, enc1, d_mm, d_rm, replay, "replay", ReplayError)


def test_replay_with_rewritten_header_fails_to_open(log):
    sid1, enc1, d_mm, d_rm = open_session(log)
    old = d_mm.submission(log, sid1)
    sid2 = cosigned_open(log, GRID, "0.5", "largest_volume", d_mm, d_rm)
    enc1.attest(log, sid2)
    replay = _resign(d_mm, dict(old, session=sid2, sealed=dict(old["sealed"], session=sid2)))
    _rejects_then_recovers(log, sid2, enc1, d_mm, d_rm, replay, "seal_open_failed", SealError)


def test_replay_into_another_role_is_rejected(log):
    """BDrm copies BDmm's sealed report (header and all) as its own submission."""
    sid, enc_, d_mm, d_rm = open_session(log)
    mm_body = d_mm.submission(log, sid)
    d_mm.submit(log, sid)
    for sealed, code, cls in ((mm_body["sealed"], "replay", ReplayError),
                              (dict(mm_body["sealed"], role="rm"), "seal_open_failed", SealError)):
        stolen = _resign(d_rm, dict(mm_body, role="rm", sealed=sealed))
        bad = log.append(stolen)
        out, errs = enc_.step(log, sid)
        assert out is None and [(type(e), e.code) for e in errs] == [(cls, code)]
        assert errs[0].path.startswith(f"log[{bad.seq}]")
    d_rm.submit(log, sid)
    out, errs = enc_.step(log, sid)
    assert out is not None and not errs
    audit_ok(log)


def test_report_outside_the_fixed_point_range_is_refused_before_sealing(log):
    sid, enc_, d_mm, d_rm = open_session(log, mm=dict(MM, rates=["4.30001", "4.32", "4.35"]))
    with pytest.raises(ReportError) as e:
        d_mm.submit(log, sid)
    assert e.value.code == "report_out_of_range" and e.value.path == "rates[0]"


# ------------------------------------------------------------------ outcome and proof on the log

def _lying_enclave(log, sid, enc_, mutate):
    """The enclave (or whoever holds its key) signs an altered outcome entry: the audit must
    reject it from the proof, not from trust in the signer."""
    from reposelect.reference.protocol.log import canonical
    es = log.entries()
    out = next(e for e in es if e.kind == "outcome" and e.session == sid)
    body = json.loads(canonical(out.body))
    mutate(body)
    body = sign(enc_.sig, body)
    bodies = [json.loads(canonical(e.body)) for e in es]
    bodies[out.seq - 1] = body
    rewrite(log.path, bodies)
    return audit_log(log)


def test_altered_outcome_with_a_valid_signature_fails_the_proof(log):
    sid, enc_, *_ = full_session(log)

    def other_index(b):  # claim the trade at index 1 with its true rates: consistent fields, false claim
        o = b["outcome"]
        o.update(index=1, volume=50, r_mm="4.3", r_rm="4.9", spread="0.6", r_bd="4.6", joint_profit="30")

    res = _lying_enclave(log, sid, enc_, other_index)
    # another index changes the statement's range widths: the proof has the wrong size for it
    assert not res.ok and res.sessions[0].error.code in ("proof_invalid", "proof_malformed")
    assert isinstance(res.sessions[0].error, ProofError)


def test_forged_proof_bytes_fail(log):
    sid, enc_, *_ = full_session(log)

    def flip(b):
        proof = bytearray(base64.b64decode(b["proof"]))
        proof[100] ^= 0x04
        import hashlib
        b["proof"] = base64.b64encode(bytes(proof)).decode()
        b["proof_sha256"] = hashlib.sha256(bytes(proof)).hexdigest()

    res = _lying_enclave(log, sid, enc_, flip)
    assert not res.ok and res.sessions[0].error.code in ("proof_invalid", "proof_malformed")


def test_inconsistent_outcome_fields_are_rejected(log):
    sid, enc_, *_ = full_session(log)
    res = _lying_enclave(log, sid, enc_, lambda b: b["outcome"].update(r_bd="4.52"))
    assert not res.ok and res.sessions[0].error.code == "outcome_mismatch"


def test_proof_replayed_onto_another_session_fails(log):
    sid1, enc1, *_ = full_session(log)
    sid2, enc2, *_ = full_session(log)
    proof1 = next(e for e in log.entries(sid1) if e.kind == "outcome").body["proof"]
    sha1 = next(e for e in log.entries(sid1) if e.kind == "outcome").body["proof_sha256"]
    res = _lying_enclave(log, sid2, enc2, lambda b: b.update(proof=proof1, proof_sha256=sha1))
    bad = [s for s in res.sessions if not s.ok]
    assert [s.session for s in bad] == [sid2] and bad[0].error.code == "proof_invalid"


def test_removed_entry_in_a_session_is_detected(log):
    full_session(log)
    import sqlite3
    db = sqlite3.connect(log.path)
    db.execute("DELETE FROM entries WHERE seq = 3")
    db.commit()
    db.close()
    res = audit_log(log)
    assert not res.ok and res.chain_error.code == "log_chain"


# ------------------------------------------------------------------ non-interference

def shape(obj):
    """A body with every value replaced by its type and size."""
    if isinstance(obj, dict):
        return {k: shape(v) for k, v in sorted(obj.items())}
    if isinstance(obj, list):
        return [shape(v) for v in obj]
    if isinstance(obj, str):
        return ("str", len(obj))
    return (type(obj).__name__,)


def test_same_outcome_different_schedules_give_logs_of_identical_shape(tmp_path):
    mm2 = dict(MM, rates=["4.31", "4.32", "4.60"], hurdle="0.20")
    rm2 = dict(RM, rates=["4.80", "4.70", "4.65"], hurdle="0.00")
    o1 = select(case_from_reports(report(MM), report(RM)))
    o2 = select(case_from_reports(report(mm2), report(rm2)))
    assert (o1.index, o1.r_mm, o1.r_rm) == (o2.index, o2.r_mm, o2.r_rm)
    assert report(mm2) != report(MM) and report(rm2) != report(RM)  # both dealers' private reports differ
    logs = []
    for i, (mm, rm) in enumerate(((MM, RM), (mm2, rm2))):
        p = str(tmp_path / f"log{i}.db")
        with PublicLog(p) as lg:
            run_session(lg, report(mm), report(rm))
            audit_ok(lg)
        logs.append([b for _, b in rows(p)])
    a, b = logs
    assert [shape(x) for x in a] == [shape(x) for x in b]
    assert [len(json.dumps(x)) for x in a] == [len(json.dumps(x)) for x in b]
    # identical public outcome; no private value appears anywhere on either log
    assert [x["outcome"] for x in a if x["kind"] == "outcome"] == [x["outcome"] for x in b if x["kind"] == "outcome"]
    for bodies, mm, rm in ((a, MM, RM), (b, mm2, rm2)):
        text = json.dumps([x for x in bodies if x["kind"] != "outcome"]) + json.dumps(
            [{k: v for k, v in x.items() if k != "outcome"} for x in bodies if x["kind"] == "outcome"])
        for secret in mm["rates"] + rm["rates"] + [mm["hurdle"], rm["hurdle"]]:
            assert f'"{secret}"' not in text


def test_altered_published_rates_with_a_valid_signature_fail_the_proof(log):
    sid, enc_, *_ = full_session(log)

    def shift(b):  # same index and spread (so the same proof shape), other rates
        b["outcome"].update(r_mm="4.31", r_rm="4.69", r_bd="4.5")

    res = _lying_enclave(log, sid, enc_, shift)
    assert not res.ok and res.sessions[0].error.code == "proof_invalid"


def test_session_with_the_inner_product_range_proof(log):
    res = run_session(log, report(MM), report(RM), range_proof="ipa")
    assert res.outcome.body["range_proof"] == "ipa"
    assert len(base64.b64decode(res.outcome.body["proof"])) < 4096
    a = audit_ok(log)
    assert "inner-product" in a.sessions[0].checks[5]
    sid = res.session
    enclave = Enclave(range_proof="ipa")
    sid, *_ = full_session(log, enclave=enclave)
    res = _lying_enclave(log, sid, enclave, lambda b: b.update(range_proof="bits"))
    bad = [s for s in res.sessions if s.session == sid][0]
    assert not bad.ok and bad.error.code == "proof_malformed"
    res = _lying_enclave(log, sid, enclave, lambda b: b.update(range_proof="ipa", outcome=dict(
        b["outcome"], r_mm="4.31", r_rm="4.69", r_bd="4.5")))
    bad = [s for s in res.sessions if s.session == sid][0]
    assert not bad.ok and bad.error.code == "proof_invalid"


def test_dealer_detects_an_outcome_computed_on_another_of_its_submissions(log):
    sid, enc_, d_mm, d_rm = open_session(log)
    first = d_mm.submit(log, sid)
    d_mm.submit(log, sid)  # a second valid submission: the enclave uses the first
    d_rm.submit(log, sid)
    out, errs = enc_.step(log, sid)
    assert out.body["inputs"]["mm"] == first.hash.hex() and not errs
    with pytest.raises(CommitmentError) as e:
        d_mm.receive(log, sid)
    assert e.value.code == "commitment_mismatch" and e.value.path.endswith("inputs.mm")
    assert d_rm.receive(log, sid)["outcome"] == out.body["outcome"]


def test_dealer_refuses_a_session_that_does_not_list_its_key(log):
    d_mm, d_rm, stranger = Dealer(report(MM)), Dealer(report(RM)), Dealer(report(MM))
    sid = cosigned_open(log, GRID, "0.5", "largest_volume", stranger, d_rm)
    Enclave().attest(log, sid)
    with pytest.raises(LogError) as e:
        d_mm.submit(log, sid)
    assert e.value.code == "log_entry" and e.value.path.endswith("dealers.mm")


# ------------------------------------------------------------------ each dealer's schedule proof (9.4.4 step 7)

def test_a_schedule_proof_from_another_session_is_rejected(log):
    """The dealer's proof binds the session: one made for another session (same dealer, same
    commitments) is refused with proof_invalid at the submission's schedule_proof."""
    sid1, enc1, d_mm, d_rm = open_session(log)
    other = d_mm.submission(log, sid1)
    sid2 = cosigned_open(log, GRID, "0.5", "largest_volume", d_mm, d_rm)
    enc1.attest(log, sid2)
    body = d_mm.submission(log, sid2)
    from reposelect.reference.protocol import zkp
    from reposelect.reference.protocol.group import dec
    pts = [dec(bytes.fromhex(c)) for c in body["commitments"]]
    units = [43000, 43200, 43500, 1000]
    foreign = zkp.prove_schedule(bytes.fromhex(sid1), "mm", tuple(GRID), pts, units, d_mm.blindings)
    body["schedule_proof"] = base64.b64encode(foreign).decode()
    assert other["schedule_proof"] != body["schedule_proof"]
    _rejects_then_recovers(log, sid2, enc1, d_mm, d_rm, _resign(d_mm, body), "proof_invalid", ProofError)


def test_a_missing_schedule_proof_is_rejected_with_its_path(log):
    sid, enc_, d_mm, d_rm = open_session(log)
    body = d_mm.submission(log, sid)
    del body["schedule_proof"]
    good_rm = d_rm.submit(log, sid)
    bad = log.append(_resign(d_mm, body))
    out, errs = enc_.step(log, sid)
    assert out is None and [(e.code, e.path) for e in errs] == [("proof_malformed", f"log[{bad.seq}].schedule_proof")]
    assert good_rm.hash in [e.hash for e in log.entries()]


def test_the_audit_verifies_the_dealers_schedule_proofs(log, monkeypatch):
    """A dealer and the enclave colluding: the dealer signs a submission whose schedule proof
    is another role's, and the enclave skips step 7. The selection proof alone verifies
    (it no longer covers item 1 in ipa mode); the audit still fails, on that input."""
    from reposelect.reference.protocol import roles
    sid, enc_, d_mm, d_rm = open_session(log)
    body = d_mm.submission(log, sid)
    body["schedule_proof"] = d_rm.submission(log, sid)["schedule_proof"]
    bad = log.append(_resign(d_mm, body))
    d_rm.submit(log, sid)
    monkeypatch.setattr(roles, "check_schedule_proof", lambda *a, **k: {})
    out, errs = enc_.step(log, sid)
    monkeypatch.undo()
    assert out is not None and not errs
    res = audit_log(log)
    (s,) = res.sessions
    assert not s.ok and s.error.code == "proof_invalid" and s.error.path == f"log[{bad.seq}].schedule_proof.ipa"
