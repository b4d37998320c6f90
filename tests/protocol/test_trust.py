"""The trust base of a session (spec/protocol.md 9.4.1, 9.4.5, 9.7, 9.9): the published
outcome is read exactly, dealers co-sign the open entry, an auditor pins sessions and
dealers, a dealer audits its own session, a censored dealer can tell."""
from decimal import Decimal

import pytest

from protocol_helpers import MM, RM, forge_outcome, full_session, open_session, report
from reposelect.reference.decimals import EXACT
from reposelect.reference.protocol.audit import audit_log
from reposelect.reference.protocol.errors import LogError, ProofError, ReportError
from reposelect.reference.protocol.log import PublicLog, canonical
from reposelect.reference.protocol.roles import (
    Dealer, Enclave, canonical_decimal, cosign_open, new_session_body, open_signed_part,
)


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "log.db")


def consistent(pub, a, b, k=None, grid=(0, 50, 100, 150), theta=Decimal("0.5")):
    """An outcome with rates a, b (strings) and every derived field computed exactly from them."""
    k = pub["index"] if k is None else k
    s = EXACT.subtract(Decimal(b), Decimal(a))
    c = canonical_decimal
    return dict(pub, index=k, volume=grid[k], r_mm=a, r_rm=b, spread=c(s),
                r_bd=c(EXACT.add(Decimal(a), EXACT.multiply(theta, s))),
                joint_profit=c(EXACT.multiply(s, Decimal(grid[k]))))


def attacked(path, mutate):
    """Run an honest session, let the enclave post `mutate(outcome)`; return what the
    auditor and each dealer say about it (None: accepted, else the error code and path)."""
    with PublicLog(path) as log:
        sid, enc_, d_mm, d_rm = full_session(log)
        forge_outcome(path, enc_, {"mm": d_mm, "rm": d_rm}, mutate)
        res = audit_log(log)
        said = {"audit": None if res.ok else (res.sessions[0].error.code, res.sessions[0].error.path)}
        for d in (d_mm, d_rm):
            try:
                d.receive(log, sid)
                said[d.role] = None
            except (ProofError, LogError) as e:
                said[d.role] = (e.code, e.path)
        return said


def test_a_rate_off_by_ten_to_the_minus_31_fails_the_audit_and_both_dealers(path):
    """Committed a* = 4.32; published 4.3200000000000000000000000000001 with every other
    field consistent with it. A 28-digit context scaled it to 43200 units and let it pass."""
    said = attacked(path, lambda pub: consistent(pub, "4.3200000000000000000000000000001", pub["r_rm"]))
    assert said["audit"][0] == "outcome_mismatch" and said["audit"][1].endswith("outcome.r_mm")
    assert said["mm"][0] == "outcome_mismatch" and said["rm"][0] == "outcome_mismatch"


@pytest.mark.parametrize("mutate, field", [
    (lambda pub: consistent(pub, "4.320", pub["r_rm"]), "r_mm"),           # not canonical
    (lambda pub: consistent(pub, pub["r_mm"], "4.70000"), "r_rm"),
    (lambda pub: consistent(pub, "04.32", pub["r_rm"]), "r_mm"),
    (lambda pub: dict(pub, joint_profit=pub["joint_profit"] + ".00"), "joint_profit"),
    (lambda pub: dict(pub, r_bd=pub["r_bd"] + "0"), "r_bd"),
    (lambda pub: dict(pub, r_mm=4.32), "r_mm"),                             # a JSON number
    (lambda pub: dict(pub, r_mm="4.32e0"), "r_mm"),
    (lambda pub: dict(pub, volume=100.0), "volume"),                       # JSON integers only
    (lambda pub: dict(pub, index=2.0), "index"),
    (lambda pub: dict(pub, equilibria=[1, 2]), ""),                        # nothing but the selected trade
], ids=["trailing-zero", "trailing-zeros-rm", "leading-zero", "profit-not-canonical", "r_bd-not-canonical",
        "json-number", "exponent", "float-volume", "float-index", "extra-key"])
def test_a_published_outcome_not_in_canonical_exact_form_fails(path, mutate, field):
    said = attacked(path, mutate)
    for who in ("audit", "mm", "rm"):
        assert said[who] is not None and said[who][0] == "outcome_mismatch", (who, said)
        assert said[who][1].endswith(f"outcome.{field}" if field else "outcome"), said[who]


def test_the_honest_outcome_is_published_in_canonical_form(path):
    with PublicLog(path) as log:
        full_session(log)
        pub = [e for e in log.entries() if e.kind == "outcome"][0].body["outcome"]
    assert pub == {"trade": True, "index": 2, "volume": 100, "r_mm": "4.32", "r_rm": "4.7", "r_bd": "4.51",
                   "spread": "0.38", "joint_profit": "38"}


def test_a_dealer_verifies_the_proof_before_accepting_its_instruction(path):
    """The enclave posts a consistent outcome at another volume than the rule selects, and
    seals the same to both dealers: each dealer's check of the proof refuses it."""
    said = attacked(path, lambda pub: consistent(pub, "4.35", "4.5", k=3))
    # the proof's size depends on k (one bound per volume above k, spec 9.6.4): malformed or invalid
    for who in ("audit", "mm", "rm"):
        assert said[who][0] in ("proof_invalid", "proof_malformed"), (who, said)


# ---------------------------------------------------------------- who the dealers were

def test_the_open_entry_must_be_co_signed_by_both_declared_dealers(path):
    d_mm, d_rm, other = Dealer(report(MM)), Dealer(report(RM)), Dealer(report(MM))
    keys = {"mm": d_mm.public, "rm": d_rm.public}

    def body():
        return new_session_body((0, 50, 100, 150), Decimal("0.5"), "largest_volume", keys)

    def signed_by_other(b):
        forged = other.identity.sign(canonical(open_signed_part(b)).encode()).hex()
        return dict(b, sigs={"mm": forged, "rm": d_rm.sign_open(b)})

    def extra_sig(b):
        return dict(b, sigs={**b["sigs"], "x": "00"})

    cases = [(body(), "sigs.mm"), (cosign_open(body(), d_mm), "sigs.rm"), (signed_by_other(body()), "sigs.mm"),
             (extra_sig(cosign_open(body(), d_mm, d_rm)), "sigs")]
    with PublicLog(path) as log:
        for bad, where in cases:
            sid = log.append(bad).session
            with pytest.raises(LogError) as e:
                Enclave().attest(log, sid)
            assert e.value.code == "log_entry" and e.value.path.endswith(where), (where, e.value)
        res = audit_log(log)
        assert len(res.sessions) == 4 and all(s.error.code == "log_entry" for s in res.sessions)
    with pytest.raises(LogError):
        other.sign_open(body())  # a dealer signs only an open entry that lists its own key


def test_audit_pins_the_sessions_and_the_dealers_keys(path):
    with PublicLog(path) as log:
        sid1, _, d_mm, d_rm = full_session(log)
        keys = {"mm": d_mm.public, "rm": d_rm.public}
        assert audit_log(log, sessions=[sid1], dealer_keys=keys).ok
        # An operator opens and runs a second session with dealer keys of its own.
        sid2, *_ = full_session(log)
        res = audit_log(log)
        assert res.ok  # unpinned, the log is just two valid sessions
        res = audit_log(log, sessions=[sid1])
        assert not res.ok and [(s.session, s.error.code if s.error else None) for s in res.sessions] == [
            (sid1, None), (sid2, "session_unexpected")]
        res = audit_log(log, dealer_keys=keys)
        assert not res.ok and res.sessions[1].error.code == "dealer_mismatch"
        assert res.sessions[1].error.path.endswith("dealers.mm")
        res = audit_log(log, sessions=[sid1, sid2, "ab" * 32])
        assert not res.ok and res.sessions[-1].error.code == "session_missing"
        assert audit_log(log, sessions=[sid2, sid1]).ok


# ---------------------------------------------------------------- censorship

def test_a_dealer_detects_the_enclave_rejecting_its_valid_submission(path):
    with PublicLog(path) as log:
        sid, enc_, d_mm, d_rm = open_session(log)
        e_mm = d_mm.submit(log, sid)
        d_rm.submit(log, sid)
        enc_.reject(log, sid, e_mm, ReportError("report_invalid", "made up"))
        with pytest.raises(LogError) as e:
            d_mm.check_not_censored(log, sid)
        assert e.value.code == "censored" and "report_invalid" in e.value.message
        d_rm.check_not_censored(log, sid)  # its submission was not rejected
        assert audit_log(log).sessions[0].error.code == "session_incomplete"
