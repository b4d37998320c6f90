"""Errors of the protocol layer (spec/protocol.md 9.8).

Every error the protocol raises on purpose is a `ProtocolError`, itself a
`reposelect.reference.errors.ReposelectError`. Each carries a stable `code`
(one of `PROTOCOL_CODES`), a message naming what failed, and a `path` saying
where (a log sequence number, a message field, a proof component).
"""
from __future__ import annotations

from reposelect.reference.errors import ReposelectError

#: Stable error codes, grouped by the subclass that raises them.
PROTOCOL_CODES: dict[str, str] = {
    # AttestationError
    "attestation_signature": "the attestation is not signed by the pinned hardware root key",
    "attestation_measurement": "the attested code measurement is not the expected one",
    "stale_nonce": "the attestation binds another session nonce (replayed or stale quote)",
    "attestation_session": "the attestation is for another session or other parameters",
    # SealError
    "seal_open_failed": "a sealed message does not open under this session's key and binding",
    "seal_binding": "a sealed message names another session or role than where it was posted",
    # ReplayError
    "replay": "a sealed report from another session or role was submitted",
    # CommitmentError
    "commitment_mismatch": "a sealed report does not open the commitment posted for it",
    "commitment_malformed": "a posted commitment is not well formed",
    # ReportError
    "report_invalid": "a dealer report fails the wire format's validation",
    "report_out_of_range": "a rate or hurdle is outside the protocol's fixed-point range",
    # LogError
    "log_chain": "the public log's hash chain does not verify",
    "log_entry": "a log entry is malformed, unsigned or signed by the wrong key",
    "log_order": "a log entry is out of the session's order",
    "session_incomplete": "a session on the log lacks an entry it needs",
    "log_busy": "the log stayed locked by other writers longer than the wait limit; nothing was written",
    "session_unexpected": "the log holds a session the auditor did not pin",
    "session_missing": "a session the auditor pinned is not on the log",
    "dealer_mismatch": "a session's dealers are not the keys the auditor pinned",
    "censored": "the enclave rejected a submission its dealer knows to be valid",
    # ProofError
    "proof_invalid": "the zero-knowledge proof does not verify",
    "proof_malformed": "the zero-knowledge proof cannot be decoded",
    "statement_false": "the prover was asked to prove a false statement",
    "outcome_mismatch": "the published outcome is inconsistent with its own fields",
    "outcome_signature": "the outcome is not signed by the attested enclave key",
}


class ProtocolError(ReposelectError):
    """A protocol message or log state that is rejected. `code` is in `PROTOCOL_CODES`."""

    def __init__(self, code: str, message: str, path: str = "$"):
        if code not in PROTOCOL_CODES:
            raise ValueError(f"unknown protocol error code {code!r}")
        super().__init__(code, message, path)


class AttestationError(ProtocolError):
    """The enclave's attestation does not verify (root key, measurement, nonce, session)."""


class SealError(ProtocolError):
    """A sealed (HPKE) message was tampered with or opened under the wrong binding."""


class ReplayError(ProtocolError):
    """A sealed report was replayed into another session or role."""


class CommitmentError(ProtocolError):
    """A report does not match its posted commitment, or the commitment is malformed."""


class ReportError(ProtocolError):
    """A dealer report is not acceptable to the protocol (wire validation or fixed-point range)."""


class LogError(ProtocolError):
    """The public log does not verify: broken chain, bad entry, wrong order, missing entry."""


class ProofError(ProtocolError):
    """The zero-knowledge proof, or the outcome it is about, does not verify."""
