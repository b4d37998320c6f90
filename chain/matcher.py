"""The selection contract as a wire-format matcher: bytes of one case in, one wire answer out.

Parsing is the client's, as in any real deployment, and reuses the reference's parser
(rows 1-4 of spec 6.4: `invalid_json`, `schema`, `not_a_decimal`, `too_large`). Every
case that parses goes to the contract, which decides the semantic faults (rows 5-11) and
the outcome; the client never answers those itself.
"""
from __future__ import annotations

import ast
from decimal import Decimal

from reposelect.reference.errors import WireError
from reposelect.reference.types import DEFAULT_THETA, DEFAULT_TIE_BREAK, Case, Report
from reposelect.reference.wire import load_json, outcome_to_json, parse_case

from .codec import CONTRACT_CODES, decode, encode, fault_to_wire
from .evm import BLOCK_GAS_LIMIT, Chain, ChainError, connect, unreachable

#: The codes the client decides: rows 1-4 of spec 6.4, everything before the semantics.
CLIENT_CODES = ("invalid_json", "schema", "not_a_decimal", "too_large")


def parse_unchecked(data: bytes | str) -> Case:
    """The case in `data` after rows 1-4 of spec 6.4, without the semantic checks of rows 5-11.

    Runs the reference's whole parser; a fault of rows 1-4 is raised as it reports it. A
    semantic fault means the document passed rows 1-4 (the checks run in table order), so
    the case is rebuilt from the schema-valid document and handed on unchecked."""
    try:
        return parse_case(data)
    except WireError as e:
        if e.code in CLIENT_CODES:
            raise
    doc = load_json(data)
    return Case(
        grid=tuple(doc["grid"]),
        mm=Report(tuple(Decimal(r) for r in doc["mm"]["rates"]), Decimal(doc["mm"]["hurdle"])),
        rm=Report(tuple(Decimal(r) for r in doc["rm"]["rates"]), Decimal(doc["rm"]["hurdle"])),
        theta=Decimal(doc["theta"]) if "theta" in doc else DEFAULT_THETA,
        tie_break=doc.get("tie_break", DEFAULT_TIE_BREAK),
    )


def revert_data(e: Exception) -> bytes:
    """The revert data carried by a failed call: web3's `data` (from a JSON-RPC node) or the
    embedded backend's message, which shows the bytes as a Python literal."""
    data = getattr(e, "data", None)
    if isinstance(data, dict):
        data = data.get("data")
    if isinstance(data, str) and data.startswith("0x"):
        try:
            return bytes.fromhex(data[2:])
        except ValueError:
            return b""
    msg = str(e.args[0]) if e.args else ""
    for prefix in ("execution reverted: ", ""):
        if msg.startswith(prefix + "b'") or msg.startswith(prefix + 'b"'):
            try:
                value = ast.literal_eval(msg[len(prefix):])
            except (ValueError, SyntaxError):
                return b""
            return value if isinstance(value, bytes) else b""
    return b""


class ChainMatcher:
    """Answers cases through a deployed `Selection` contract."""

    def __init__(self, chain: Chain, contract):
        self.chain = chain
        self.contract = contract
        w3 = chain.w3
        self._rejected = bytes(w3.keccak(text="CaseRejected(uint8,uint8,uint256)")[:4])

    @classmethod
    def start(cls, rpc: str | None = None, address: str | None = None) -> "ChainMatcher":
        chain = connect(rpc)
        contract = chain.contract("Selection", address) if address else chain.deploy("Selection")
        return cls(chain, contract)

    def run(self, case: Case):
        """The contract's verdict on a parsed case: an `Outcome`, or `WireError` for a revert."""
        call = encode(case)
        fn = self.contract.functions.select(*call.args())
        try:
            result = fn.call({"gas": BLOCK_GAS_LIMIT})
        except Exception as e:  # noqa: BLE001 - web3 raises several classes for a revert
            raise self._fault(case, e) from None
        return decode(case, call, result)

    def _fault(self, case: Case, e: Exception) -> Exception:
        raw = revert_data(e)
        if raw[:4] == self._rejected and len(raw) == 4 + 96:
            code, field, index = (int.from_bytes(raw[4 + 32 * i: 36 + 32 * i], "big") for i in range(3))
            if code in CONTRACT_CODES:
                return fault_to_wire(case, code, field, index)
        if self.chain.url is not None:
            lost = unreachable(self.chain.url, e, "lost the JSON-RPC node at")
            if lost is not None:
                return lost
        return ChainError(f"the selection contract failed: {e}")

    def answer(self, data: bytes | str) -> dict:
        """One case in, one wire answer out (an outcome or an error object)."""
        try:
            return outcome_to_json(self.run(parse_unchecked(data)))
        except WireError as e:
            return e.to_wire()
