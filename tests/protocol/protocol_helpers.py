"""Shared fixtures of the protocol tests: small reports, a session driven step by step."""
from __future__ import annotations

import json
import sqlite3

from reposelect.reference.protocol import zkp
from reposelect.reference.protocol.bench import commit_case
from reposelect.reference.protocol.log import GENESIS, canonical, entry_hash
from reposelect.reference.protocol.roles import Dealer, Enclave, cosign_open, new_session_body
from reposelect.reference.wire import parse_report

GRID = [0, 50, 100, 150]
MM = {"role": "mm", "grid": GRID, "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}
RM = {"role": "rm", "grid": GRID, "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}


def report(doc):
    return parse_report(json.dumps(doc))


def open_session(log, mm=MM, rm=RM, enclave=None, theta="0.5", tie_break="largest_volume"):
    """Post open + attestation; return (sid, enclave, dealer_mm, dealer_rm)."""
    enclave = enclave or Enclave()
    d_mm, d_rm = Dealer(report(mm)), Dealer(report(rm))
    sid = cosigned_open(log, mm["grid"], theta, tie_break, d_mm, d_rm)
    enclave.attest(log, sid)
    return sid, enclave, d_mm, d_rm


def full_session(log, mm=MM, rm=RM, **kw):
    sid, enc, d_mm, d_rm = open_session(log, mm, rm, **kw)
    d_mm.submit(log, sid)
    d_rm.submit(log, sid)
    out, errs = enc.step(log, sid)
    assert out is not None and not errs
    return sid, enc, d_mm, d_rm


def rows(path):
    db = sqlite3.connect(path)
    r = [(s, json.loads(b)) for s, b in db.execute("SELECT seq, body FROM entries ORDER BY seq")]
    db.close()
    return r


def rewrite(path, bodies):
    """What a compromised log host can do: replace the whole table with `bodies`, chain recomputed."""
    db = sqlite3.connect(path)
    db.execute("DELETE FROM entries")
    prev = GENESIS
    for seq, b in enumerate(bodies, 1):
        text = canonical(b)
        h = entry_hash(prev, seq, text)
        db.execute("INSERT INTO entries VALUES (?, ?, ?, ?)", (seq, prev, h, text))
        prev = h
    db.commit()
    db.close()


def statement_and_witness(a, b, hm, hr, grid, tie_break="largest_volume", session=b"test"):
    """A statement for the reference outcome of integer-unit schedules, and its witness."""
    o, vals, bl, cm, cr = commit_case(grid, a, b, hm, hr, tie_break)

    def st(trade, k):
        return zkp.Statement(session, tuple(grid), "0.5", tie_break, cm, cr, trade, k,
                             a[k - 1] if trade else 0, b[k - 1] if trade else 0)

    return o, st, zkp.Witness(vals, bl)


def cosigned_open(log, grid, theta, tie_break, d_mm, d_rm, nonce=None):
    """Post an open entry co-signed by both dealers; return the session id."""
    from decimal import Decimal
    body = new_session_body(tuple(grid), Decimal(theta), tie_break, {"mm": d_mm.public, "rm": d_rm.public}, nonce)
    return log.append(cosign_open(body, d_mm, d_rm)).session


def forge_outcome(path, enclave, dealers, mutate):
    """What a malicious enclave can post instead of the honest outcome: `mutate(outcome)`
    signed with its attested key, and both instructions sealed to the dealers' reply keys
    with the same outcome (the chain is recomputed, as if posted that way)."""
    import base64
    from reposelect.reference.protocol.roles import _INSTRUCTION_SIZE, _SUITE, instruction_text, seal_info, sign
    bodies = [b for _, b in rows(path)]
    pub = None
    for i, b in enumerate(bodies):
        if b["kind"] == "outcome":
            pub = mutate(dict(b["outcome"]))
            bodies[i] = sign(enclave.sig, dict(b, outcome=pub))
        elif b["kind"] == "instruction":
            sid, role = b["session"], b["role"]
            doc = {"session": sid, "role": role, "outcome": pub, "instruction": instruction_text(role, pub)}
            ct = _SUITE.encrypt(canonical(doc).encode().ljust(_INSTRUCTION_SIZE), dealers[role].reply.public_key(),
                                info=seal_info(sid, role, "instruction"))
            bodies[i] = sign(enclave.sig, dict(b, ciphertext=base64.b64encode(ct).decode()))
    rewrite(path, bodies)
    return pub
