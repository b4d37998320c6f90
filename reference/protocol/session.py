"""One whole session, end to end, as `reposelect session` and the demo run it (spec/protocol.md 9.2)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reposelect.reference.types import DEFAULT_THETA, DEFAULT_TIE_BREAK, DealerReport, TieBreak
from reposelect.reference.wire import case_from_reports

from . import zkp
from .log import AppendOnlyLog, Entry
from .roles import Dealer, Enclave, cosign_open, new_session_body


@dataclass
class SessionResult:
    """A finished session: its id, outcome entry, what each dealer received, its entry count and the dealers' keys."""

    session: str
    outcome: Entry
    instructions: dict[str, dict]
    entries: int
    dealers: dict[str, str]  # role -> the dealer's identity key (hex): what an auditor pins


def run_session(log: AppendOnlyLog, mm: DealerReport, rm: DealerReport, theta: Decimal = DEFAULT_THETA,
                tie_break: TieBreak = DEFAULT_TIE_BREAK, enclave: Enclave | None = None,
                range_proof: str = zkp.DEFAULT_RANGE_MODE) -> SessionResult:
    """Open a session on `log`, run every role, return the outcome entry and what each dealer received.

    The reports are first checked as one case (same grid, valid theta and tie-break),
    so a bad pair fails before anything is posted."""
    case_from_reports(mm, rm, theta, tie_break)
    enclave = enclave or Enclave(range_proof=range_proof)
    d_mm, d_rm = Dealer(mm), Dealer(rm)
    opening = log.append(cosign_open(new_session_body(mm.grid, theta, tie_break,
                                                      {"mm": d_mm.public, "rm": d_rm.public}), d_mm, d_rm))
    sid = opening.session
    enclave.attest(log, sid)
    d_mm.submit(log, sid)
    d_rm.submit(log, sid)
    outcome, errors = enclave.step(log, sid)
    if errors:
        raise errors[0]
    assert outcome is not None  # step() returns errors or an outcome
    got = {d.role: d.receive(log, sid) for d in (d_mm, d_rm)}
    return SessionResult(sid, outcome, got, len(log.entries(sid)), {d.role: d.public for d in (d_mm, d_rm)})
