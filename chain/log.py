"""The public log on chain: `ChainLog` implements the log interface of spec/protocol.md 9.3 on
the `SessionLog` contract (spec/chain.md 11.3).

Each party posts from its own account: the operator opens a session naming the dealers'
and the enclave's addresses, the enclave attests, rejects and concludes, each dealer
submits. The contract enforces who may post what, and chains every entry with the same
SHA-256 hash as the SQLite log; `rows` reads the `Entry` events back, so verification and
the audit are the reference's, unchanged.
"""
from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass

from reposelect.reference.protocol.errors import LogError
from reposelect.reference.protocol.log import GENESIS, AppendOnlyLog, Entry, check_bodies

from .evm import Chain, ChainError, connect
from .matcher import revert_data

ROLE_INDEX = {"mm": 0, "rm": 1}

#: The contract's custom errors as protocol error codes: a post from the wrong key is
#: `log_entry` (an entry signed by the wrong key), a post out of turn `log_order`.
REFUSALS = {
    "NotDealer": "log_entry", "NotEnclave": "log_entry", "BadRole": "log_entry", "EmptyBatch": "log_entry",
    "SessionExists": "log_order", "NoSuchSession": "log_order", "AlreadyAttested": "log_order",
    "NotAttested": "log_order", "AlreadySubmitted": "log_order", "NothingToReject": "log_order",
    "OutcomeExists": "log_order",
}


class ChainRefused(LogError):
    """The log contract reverted a post; `reason` is its custom error's name."""

    def __init__(self, reason: str, message: str):
        super().__init__(REFUSALS.get(reason, "log_entry"), message, "log")
        self.reason = reason


@dataclass
class Parties:
    """The chain accounts of a session's parties (one process holds them all in this model,
    as it holds every party's keys with the SQLite log)."""

    operator: str
    mm: str
    rm: str
    enclave: str

    @classmethod
    def of(cls, chain: Chain) -> "Parties":
        a = chain.accounts
        if len(a) < 4:
            raise ChainError("the chain needs four unlocked accounts (operator, two dealers, enclave)")
        return cls(a[0], a[1], a[2], a[3])


class ChainLog(AppendOnlyLog):
    """The public log in a deployed `SessionLog` contract."""

    def __init__(self, chain: Chain, contract, parties: Parties | None = None, from_block: int = 0,
                 journal: str | None = None):
        self.chain = chain
        self.journal = journal
        self.contract = contract
        self.parties = parties or Parties.of(chain)
        self.from_block = from_block
        self.location = f"chain:{contract.address}" + (f"@{chain.url}" if chain.url else " (embedded EVM)")
        abi_errors = [x for x in contract.abi if x.get("type") == "error"]
        w3 = chain.w3
        self._errors = {}
        for x in abi_errors:
            sig = f"{x['name']}({','.join(i['type'] for i in x['inputs'])})"
            self._errors[bytes(w3.keccak(text=sig)[:4])] = x["name"]

    @classmethod
    def deploy(cls, chain: Chain | None = None) -> "ChainLog":
        chain = chain or connect(None)
        c = chain.deploy("SessionLog")
        return cls(chain, c, from_block=chain.w3.eth.block_number)

    # ------------------------------------------------------------ writing
    def _transact(self, fn, sender: str):
        try:
            tx = fn.transact({"from": sender})
        except Exception as e:  # noqa: BLE001 - a revert surfaces as one of several classes
            raise self._revert(e) from None
        receipt = self.chain.w3.eth.wait_for_transaction_receipt(tx)
        if receipt["status"] != 1:
            raise ChainRefused("Reverted", "the log contract reverted the transaction")
        if self.journal:
            line = {"from": self.chain.accounts.index(sender), "data": fn._encode_transaction_data()}
            with open(self.journal, "a") as f:
                f.write(json.dumps(line) + "\n")
        return receipt

    def _revert(self, e: Exception) -> Exception:
        raw = revert_data(e)
        name = self._errors.get(raw[:4], "Reverted")
        return ChainRefused(name, f"the log contract refused the entry: {name}")

    def append_many(self, bodies: list[dict]) -> list[Entry]:
        texts = check_bodies(bodies)
        kinds = [b["kind"] for b in bodies]
        sid = bodies[0]["session"]
        if any(b["session"] != sid for b in bodies):
            raise LogError("log_entry", "one batch holds entries of one session", "body")
        key = bytes.fromhex(sid) if len(sid) == 64 else None
        if key is None:
            raise LogError("log_entry", "a session id is 64 hex digits", "body.session")
        f = self.contract.functions
        p = self.parties
        data = [t.encode("utf-8") for t in texts]
        if kinds == ["open"]:
            r = self._transact(f.open(key, [p.mm, p.rm], p.enclave, data[0]), p.operator)
        elif kinds == ["attestation"]:
            r = self._transact(f.attest(key, data[0]), p.enclave)
        elif kinds == ["submission"]:
            role = bodies[0].get("role")
            if role not in ROLE_INDEX:
                raise LogError("log_entry", "a submission names its role, mm or rm", "body.role")
            r = self._transact(f.submit(key, ROLE_INDEX[role], data[0]), getattr(p, role))
        elif kinds == ["reject"]:
            role = bodies[0].get("role")
            if role not in ROLE_INDEX:
                raise LogError("log_entry", "a rejection names its role, mm or rm", "body.role")
            r = self._transact(f.reject(key, ROLE_INDEX[role], data[0]), p.enclave)
        elif kinds and kinds[0] == "outcome" and all(k == "instruction" for k in kinds[1:]):
            r = self._transact(f.conclude(key, data), p.enclave)
        else:
            raise LogError("log_entry", f"the chain log has no transaction for a batch of {kinds}", "body")
        events = self.contract.events.Entry().process_receipt(r)
        return [_entry(ev["args"]) for ev in events]

    # ------------------------------------------------------------ reading
    def rows(self, after: int = 0) -> list[tuple[int, bytes, bytes, str]]:
        logs = self.contract.events.Entry().get_logs(from_block=self.from_block)
        out = []
        for ev in logs:
            a = ev["args"]
            if a["seq"] > after:
                try:
                    text = bytes(a["body"]).decode("utf-8")
                except UnicodeDecodeError:
                    text = bytes(a["body"]).decode("utf-8", "replace")
                out.append((a["seq"], bytes(a["prev"]), bytes(a["hash"]), text))
        out.sort(key=lambda r: r[0])
        return out

    def head(self) -> bytes:
        h = bytes(self.contract.functions.head().call())
        return h if h != b"\x00" * 32 else GENESIS


def canonical_bytes(body: dict) -> bytes:
    """The bytes the contract stores and hashes for an entry body (its canonical JSON)."""
    return check_bodies([body])[0].encode("utf-8")


def _entry(args) -> Entry:
    import json

    return Entry(args["seq"], bytes(args["prev"]), bytes(args["hash"]), json.loads(bytes(args["body"]).decode("utf-8")))


def open_chain_log(rpc: str | None = None, address: str | None = None, journal: str | None = None) -> ChainLog:
    """The chain log: a `SessionLog` on the embedded EVM (rpc None), its transactions kept in
    `journal` (replayed when the file exists, so another process sees the same chain), or on
    the node at `rpc` (the contract at `address`, or a newly deployed one)."""
    chain = connect(rpc)
    if rpc is not None:
        if address:
            return ChainLog(chain, chain.contract("SessionLog", address))
        return ChainLog.deploy(chain)
    log = ChainLog.deploy(chain)
    if journal and os.path.exists(journal):
        w3 = chain.w3
        with open(journal) as f:
            for i, line in enumerate(f, 1):
                try:
                    tx = json.loads(line)
                    h = w3.eth.send_transaction({"from": chain.accounts[tx["from"]], "to": log.contract.address,
                                                 "data": tx["data"], "gas": 29_000_000})
                    ok = w3.eth.wait_for_transaction_receipt(h)["status"] == 1
                except Exception as e:  # noqa: BLE001 - any failure: the journal is not a chain we made
                    raise LogError("log_chain", f"journal line {i} does not replay: {e}", f"{journal}:{i}") from None
                if not ok:
                    raise LogError("log_chain", f"journal line {i} reverts on replay", f"{journal}:{i}")
    log.journal = journal
    return log


def open_location(location: str, create: bool = True) -> ChainLog:
    """A log location on the command line: `chain:FILE` (the embedded EVM, journaled in FILE) or
    `chain:URL` / `chain:URL#ADDRESS` (a node's log contract, deployed when no address is given).
    With `create` false (a reader such as the audit), a FILE that does not exist raises
    `FileNotFoundError` instead of starting an empty log."""
    rest = location[len("chain:"):] if location.startswith("chain:") else location
    if rest.startswith(("http://", "https://")):
        url, _, address = rest.partition("#")
        return open_chain_log(url, address or None)
    if not create and not (rest and os.path.exists(rest)):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), rest)
    return open_chain_log(None, None, rest or None)
