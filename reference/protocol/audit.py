"""The auditor (spec/protocol.md 9.7): verify every session from the public log alone.

It needs only the log file, the pinned hardware root public key and the expected
code measurement (recomputed from its own copy of the code); it may also pin the
sessions it expects on the log and the dealers' identity keys. It learns the public
outcome and nothing about the schedules or hurdles. A dealer runs the same checks on
its own session (`Dealer.receive`).
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from reposelect.reference.types import ROLES, Role

from . import zkp
from .errors import LogError, ProofError, ProtocolError
from .log import AppendOnlyLog, Entry, canonical
from .roles import (
    MODELED_ROOT_PUBLIC, check_open, check_schedule_proof, measurement, statement_from_log, verify_attestation, verify_sig,
)


@dataclass
class SessionAudit:
    """The audit of one session: ok, the checks passed (one line each), or the first error."""

    session: str
    ok: bool = False
    checks: list[str] = field(default_factory=list)
    error: ProtocolError | None = None
    outcome: dict | None = None
    proof_bytes: int = 0


@dataclass
class LogAudit:
    """The audit of a whole log: its hash chain, then every session on it."""

    ok: bool
    entries: int
    chain_error: ProtocolError | None
    sessions: list[SessionAudit]


@dataclass
class _Body:
    """The entries of one session after its open entry and attestation, sorted by kind."""

    subs: dict[str, Entry] = field(default_factory=dict)  # submission hash (hex) -> entry
    rejected: dict[str, Entry] = field(default_factory=dict)  # rejected submission hash -> the reject entry
    outcome: Entry | None = None
    instructions: list[Entry] = field(default_factory=list)


def audit_session(entries: list[Entry], sid: str, root_public: str, expected_measurement: str,
                  dealer_keys: dict[str, str] | None = None) -> SessionAudit:
    """Audit one session; `dealer_keys` (role -> key hex), if given, must be the keys the
    session's open entry declares and its co-signatures are checked against."""
    res = SessionAudit(sid)
    try:
        _audit(entries, sid, root_public, expected_measurement, res, dealer_keys or {})
        res.ok = True
    except ProtocolError as e:
        res.error = e
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        # The log is untrusted input: a body of an unexpected shape is a failed check, not a crash.
        res.error = LogError("log_entry", f"an entry of this session is malformed ({type(e).__name__}: {e})",
                             f"session {sid[:16]}")
    return res


def _audit(all_entries: list[Entry], sid: str, root_public: str, expected: str, res: SessionAudit,
           dealer_keys: dict[str, str]) -> None:
    """Every check of spec/protocol.md 9.7 on one session, in order; the first that fails raises."""
    es = [e for e in all_entries if e.session == sid]
    short = f"session {sid[:16]}"
    opening = _check_open(es, short, dealer_keys, res)
    enclave_key = _check_attestation(es, opening, root_public, expected, short, res)
    body = _sort_body(es[2:], enclave_key)
    res.checks.append(f"submissions: {len(body.subs)} posted, {len(body.rejected)} rejected by the enclave with a signed reason")
    if body.outcome is None:
        raise LogError("session_incomplete", "no outcome entry (the session is unfinished or an entry was removed)", short)
    res.checks.append("outcome: signed by the attested enclave key over the session, both inputs, the outcome and the proof hash;"
                      " its two inputs are signed by the dealers' declared keys")
    chosen = _check_inputs(body, opening)
    _check_proof(sid, opening.body["params"], chosen, body.outcome, res)
    roles = sorted(str(e.body.get("role")) for e in body.instructions)
    if roles != list(ROLES):
        raise LogError("session_incomplete", f"instructions for {roles}, needs one each for mm and rm", short)
    res.checks.append("instructions: one sealed to each dealer, signed by the enclave")


def _check_open(es: list[Entry], short: str, dealer_keys: dict[str, str], res: SessionAudit) -> Entry:
    """The session's first entry is its only open entry, well formed, declaring the pinned keys."""
    if not es or es[0].kind != "open":
        raise LogError("log_order", "a session's first entry must be its open entry", short)
    opening = es[0]
    check_open(opening.body, f"log[{opening.seq}]")
    if sum(e.kind == "open" for e in es) != 1:
        raise LogError("log_order", "session opened twice", short)
    params = opening.body["params"]
    for pinned_role, key in dealer_keys.items():
        declared = opening.body["dealers"].get(pinned_role)
        if declared != key:
            raise LogError("dealer_mismatch", f"the session's {pinned_role} dealer key is "
                           f"{str(declared)[:16]}..., not the pinned {str(key)[:16]}...",
                           f"log[{opening.seq}].dealers.{pinned_role}")
    res.checks.append(f"open: session id is the hash of its parameters (N = {len(params['grid']) - 1}, "
                      f"theta = {params['theta']}, tie_break = {params['tie_break']}); co-signed by both dealers' "
                      + ("pinned keys" if set(dealer_keys) == set(ROLES) else "declared keys"))
    return opening


def _check_attestation(es: list[Entry], opening: Entry, root_public: str, expected: str, short: str,
                       res: SessionAudit) -> str:
    """The second entry is the session's only attestation, and it verifies; returns the enclave's key."""
    if len(es) < 2 or es[1].kind != "attestation" or sum(e.kind == "attestation" for e in es) != 1:
        raise LogError("log_order", "the second entry must be the session's only attestation", short)
    quote = verify_attestation(es[1], opening, root_public, expected)
    res.checks.append("attestation: signed by the pinned hardware root; measurement, nonce and session match")
    return quote["sig_public"]


def _sort_body(rest: list[Entry], enclave_key: str) -> _Body:
    """Sort the entries after the attestation by kind, in log order: nothing but instructions
    after the outcome, every enclave entry signed by the attested key."""
    body = _Body()
    for e in rest:
        where = f"log[{e.seq}]"
        if body.outcome is not None and e.kind != "instruction":
            raise LogError("log_order", f"a {e.kind!r} entry after the outcome", where)
        if e.kind == "submission":
            if e.body.get("role") not in ROLES:
                raise LogError("log_entry", "submission without a valid role", where)
            body.subs[e.hash.hex()] = e  # signatures are checked on the submissions the outcome uses
        elif e.kind == "reject":
            verify_sig(enclave_key, e.body, "log_entry", "reject", f"{where}.sig")
            target = e.body.get("target")
            if target not in body.subs:
                raise LogError("log_order", "reject names no earlier submission of this session", where)
            body.rejected[target] = e
        elif e.kind == "outcome":
            verify_sig(enclave_key, e.body, "outcome_signature", "outcome", f"{where}.sig", cls=ProofError)
            body.outcome = e
        elif e.kind == "instruction":
            if body.outcome is None:
                raise LogError("log_order", "an instruction before the outcome", where)
            verify_sig(enclave_key, e.body, "log_entry", "instruction", f"{where}.sig")
            body.instructions.append(e)
        else:
            raise LogError("log_entry", f"unknown entry kind {e.kind!r}", where)
    return body


def _check_inputs(body: _Body, opening: Entry) -> dict[str, Entry]:
    """The outcome's two inputs: an unrejected submission of each role, signed by its dealer's
    declared key, whose commitments the outcome binds. Returns role -> submission."""
    outcome = body.outcome
    assert outcome is not None  # _audit checks it first
    ow = f"log[{outcome.seq}]"
    inputs = outcome.body.get("inputs") or {}
    chosen: dict[str, Entry] = {}
    for role in ROLES:
        h = inputs.get(role)
        if h not in body.subs or body.subs[h].body.get("role") != role:
            raise LogError("log_order", f"the outcome's {role} input is not a {role} submission of this session", f"{ow}.inputs.{role}")
        if h in body.rejected:
            raise LogError("log_order", f"the outcome uses the {role} submission the enclave rejected", f"{ow}.inputs.{role}")
        sub = body.subs[h]
        verify_sig(opening.body["dealers"][role], sub.body, "log_entry", f"submission by {role}", f"log[{sub.seq}].sig")
        chosen[role] = sub
        digest = hashlib.sha256(canonical(sub.body["commitments"]).encode()).hexdigest()
        if (outcome.body.get("commitments_sha256") or {}).get(role) != digest:
            raise ProofError("outcome_mismatch", f"the outcome binds other {role} commitments", f"{ow}.commitments_sha256.{role}")
    return chosen


def _check_proof(sid: str, params: dict, chosen: dict[str, Entry], outcome: Entry, res: SessionAudit) -> None:
    """The zero-knowledge proof in the outcome entry: its signed hash, then its verification
    against the statement the log fixes (the public outcome on the committed reports)."""
    ow = f"log[{outcome.seq}]"
    try:
        proof = base64.b64decode(outcome.body.get("proof", ""), validate=True)
    except ValueError:
        raise ProofError("proof_malformed", "proof is not base64", f"{ow}.proof") from None
    if hashlib.sha256(proof).hexdigest() != outcome.body.get("proof_sha256"):
        raise ProofError("proof_malformed", "proof does not match its signed hash", f"{ow}.proof")
    st = statement_from_log(sid, params, chosen["mm"], chosen["rm"], outcome.body.get("outcome") or {}, ow)
    mode = outcome.body.get("range_proof")
    if mode not in zkp.RANGE_MODES:
        raise ProofError("proof_malformed", f"unknown range proof mode {mode!r}", f"{ow}.range_proof")
    sched = {role: check_schedule_proof(sid, params, chosen[role].body, commits, f"log[{chosen[role].seq}]")
             for role, commits in ((Role.MM, st.commits_mm), (Role.RM, st.commits_rm))}
    res.checks.append("schedules: each dealer's proof that its committed rates are monotone in [0, R] and its "
                      f"hurdle in [0, R] verifies ({sched[Role.MM]['ranges']} ranges over "
                      f"{sched[Role.MM]['range_bits']} bits, {sched[Role.MM]['bytes']} bytes each)")
    summary = zkp.verify(st, proof, ranges=mode)
    res.outcome = outcome.body["outcome"]
    res.proof_bytes = len(proof)
    what = (f"trade at index {st.index} (a = {outcome.body['outcome']['r_mm']}, b = {outcome.body['outcome']['r_rm']})"
            if st.trade else "no trade")
    res.checks.append(f"proof: {what} is the selection rule on the committed reports "
                      f"({summary['ranges']} range proofs over {summary['range_bits']} bits, "
                      + (f"{summary['bit_proofs']} bit proofs" if mode == "bits" else "one aggregated inner-product range proof")
                      + f", {summary['bounds']} hidden bounds, {summary['bytes']} bytes)")


def audit_log(log: AppendOnlyLog, root_public: str = MODELED_ROOT_PUBLIC, expected_measurement: str | None = None,
              head: bytes | None = None, sessions: list[str] | None = None,
              dealer_keys: dict[str, str] | None = None) -> LogAudit:
    """Verify the chain, then every session on it.

    `sessions`, if given, pins the sessions the log must hold: each must be on it, and
    any other session on the log fails (`session_unexpected`). `dealer_keys`, if given
    ({"mm": hex, "rm": hex}), must be every session's declared and co-signing keys."""
    try:
        entries = log.verify_chain(head)
    except ProtocolError as e:
        return LogAudit(False, 0, e, [])
    expected = expected_measurement or measurement()
    sids = []
    for entry in entries:
        if entry.session not in sids:
            sids.append(entry.session)
    results = []
    for sid in sids:
        if sessions is not None and sid not in sessions:
            results.append(SessionAudit(sid, error=LogError(
                "session_unexpected", "the log holds a session that is not among the pinned ones",
                f"session {sid[:16]}")))
        else:
            results.append(audit_session(entries, sid, root_public, expected, dealer_keys))
    for sid in sessions or ():
        if sid not in sids:
            results.append(SessionAudit(sid, error=LogError("session_missing", "the pinned session is not on the log",
                                                            f"session {sid[:16]}")))
    return LogAudit(all(r.ok for r in results), len(entries), None, results)
