"""Transparent mode (spec/chain.md 11.5): commit, reveal, settle on chain, no enclave.

`TransparentSession` drives the `Transparent` contract for two dealer reports: open
(the operator), commit (each dealer: the hash of its report and a fresh salt), reveal
(each dealer, once both have committed), settle (anyone). The outcome comes from the
chain (`Settled` event) and is decoded exactly as `reposelect chain serve` decodes it;
a semantic fault of the case comes back as its wire error.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from eth_abi import encode as abi_encode
from web3.logs import DISCARD

from reposelect.reference.decimals import scale_of, to_scaled_int
from reposelect.reference.errors import WireError
from reposelect.reference.limits import MAX_FRAC_DIGITS
from reposelect.reference.types import (DEFAULT_THETA, DEFAULT_TIE_BREAK, ROLES, Case, DealerReport, Outcome, Report, Role,
                                        TieBreak)

from .codec import Call, decode, fault_to_wire
from .evm import Chain, connect
from .matcher import CONTRACT_CODES

if TYPE_CHECKING:
    from web3.contract import Contract


@dataclass
class Phase:
    """What became public in one step, for the demo and the spec's table of disclosure."""

    step: str
    who: str
    public: str
    gas: int


@dataclass
class TransparentSession:
    chain: Chain
    selection: Contract
    contract: Contract
    phases: list[Phase] = field(default_factory=list)

    @classmethod
    def deploy(cls, chain: Chain | None = None) -> "TransparentSession":
        chain = chain or connect(None)
        sel = chain.deploy("Selection")
        return cls(chain, sel, chain.deploy("Transparent", sel.address))

    def _tx(self, fn, sender: str, step: str, who: str, public: str):
        h = fn.transact({"from": sender})
        r = self.chain.w3.eth.wait_for_transaction_receipt(h)
        self.phases.append(Phase(step, who, public, r["gasUsed"]))
        return r

    def run(self, mm: DealerReport, rm: DealerReport, theta: Decimal = DEFAULT_THETA,
            tie_break: TieBreak = DEFAULT_TIE_BREAK, scale: int = MAX_FRAC_DIGITS) -> Outcome:
        """One whole session; returns the outcome or raises the case's `WireError`."""
        if mm.grid != rm.grid:
            raise WireError("schema", "the two reports are on different grids; a session has one grid", "grid")
        a = self.chain.accounts
        operator, dealers = a[0], {Role.MM: a[1], Role.RM: a[2]}
        sid = secrets.token_bytes(32)
        t_scale = scale_of((theta,))
        f = self.contract.functions
        self._tx(f.open(sid, [dealers[Role.MM], dealers[Role.RM]], list(mm.grid), scale, to_scaled_int(theta, t_scale), t_scale,
                        tie_break == TieBreak.SMALLEST_VOLUME), operator, "open", "operator",
                 "the grid, theta, the tie-break, the scale, both dealers' addresses")
        reports = {Role.MM: mm, Role.RM: rm}
        ints = {r: ([to_scaled_int(x, scale) for x in reports[r].rates], to_scaled_int(reports[r].hurdle, scale)) for r in ROLES}
        salts = {r: secrets.token_bytes(32) for r in ROLES}
        for i, r in enumerate(ROLES):
            c = commitment(self.chain, sid, i, *ints[r], salts[r])
            self._tx(f.commit(sid, i, c), dealers[r], "commit", f"BD{r}", "a 32-byte hash: nothing about the report")
        for i, r in enumerate(ROLES):
            self._tx(f.reveal(sid, i, ints[r][0], ints[r][1], salts[r]), dealers[r], "reveal", f"BD{r}",
                     f"BD{r}'s whole schedule and hurdle (both have committed: neither can react to the other)")
        receipt = self._tx(f.settle(sid, list(mm.grid), ints[Role.MM][0], ints[Role.MM][1], ints[Role.RM][0], ints[Role.RM][1]),
                           operator, "settle", "anyone", "the outcome, E and F, computed on chain")
        case = Case(tuple(mm.grid), Report(mm.rates, mm.hurdle), Report(rm.rates, rm.hurdle), theta, tie_break)
        call = Call(0, 0, 0, 0, b"", scale, t_scale)
        for ev in self.contract.events.Settled().process_receipt(receipt, errors=DISCARD):
            a_ = ev["args"]
            return decode(case, call, (list(a_["out"]), bytes(a_["equilibria"]), bytes(a_["feasible"])))
        for ev in self.contract.events.Faulted().process_receipt(receipt, errors=DISCARD):
            raw = bytes(ev["args"]["reason"])
            code, fld, index = (int.from_bytes(raw[4 + 32 * i: 36 + 32 * i], "big") for i in range(3))
            if len(raw) == 100 and code in CONTRACT_CODES:
                raise fault_to_wire(case, code, fld, index)
            raise WireError("schema", f"the selection contract refused the session's case: {raw.hex()}", "$")
        raise RuntimeError("settle emitted neither Settled nor Faulted")


def commitment(chain: Chain, sid: bytes, role: int, rates: list[int], hurdle: int, salt: bytes) -> bytes:
    """keccak256(abi.encode(session, role, rates, hurdle, salt)), as the contract checks it."""
    return bytes(chain.w3.keccak(abi_encode(["bytes32", "uint8", "int256[]", "int256", "bytes32"], [sid, role, rates, hurdle, salt])))
