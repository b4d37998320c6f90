"""The roles of a session as code (spec/protocol.md 9.2-9.4): the modeled hardware root,
the enclave, two dealers and the auditor, all talking through the public log.

Every message is a log entry (a JSON object with `session` and `kind`); signed
entries carry `sig`, an Ed25519 signature over the canonical JSON of the entry
without `sig`. A session runs

    open (operator, co-signed by both dealers) -> attestation (enclave) -> submission x2 (dealers)
    -> [reject (enclave) -> submission]* -> outcome (enclave) -> instruction x2 (enclave)

and every party can be rebuilt from its saved state plus the log (`to_state` /
`from_state`), so a session survives the restart of any party.
"""
from __future__ import annotations

import ast
import base64
import functools
import hashlib
import importlib.metadata
import importlib.util
import secrets
import sys
from dataclasses import dataclass, field
from decimal import Decimal

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from reposelect.reference.decimals import EXACT, fmt, parse_decimal
from reposelect.reference.errors import WireError
from reposelect.reference.select import select
from reposelect.reference.types import ROLES, TIE_BREAKS, DealerReport, Outcome, Role
from reposelect.reference.wire import case_from_reports, report_from_json

from . import zkp
from .errors import (
    AttestationError, CommitmentError, LogError, ProofError, ProtocolError, ReplayError, ReportError, SealError,
)
from .group import ORDER, commit, dec, enc, rand_scalar
from .log import AppendOnlyLog, Entry, canonical

PROTOCOL_VERSION = "reposelect-session/v1"

#: HPKE suite for every sealed message (RFC 9180 base mode).
HPKE_SUITE_NAME = "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)

#: Fixed widths of the sealed plaintexts, so ciphertext sizes depend on N only.
_UNIT_WIDTH = 7  # RATE_MAX = 1048575 has 7 digits
_INSTRUCTION_SIZE = 768


def protocol_parameters() -> str:
    """The protocol's fixed parameters as one string, bound into every attestation."""
    return (f"{PROTOCOL_VERSION};scale_digits={zkp.RATE_SCALE_DIGITS};rate_bits={zkp.RATE_BITS};"
            f"proof=v{zkp.PROOF_VERSION};hpke={HPKE_SUITE_NAME}")


#: The module the enclave runs. Its measurement covers this module, every module of
#: this package it imports (directly or not, at load time or inside a function, and the
#: packages' `__init__` files), the versions of the libraries they import and of Python.
ENCLAVE_MODULE = "reposelect.reference.protocol.roles"
_PACKAGE = "reposelect"
MEASUREMENT_DOMAIN = b"reposelect/measurement/v2"


def _source(name: str) -> bytes:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        raise ProtocolError("attestation_measurement", f"module {name} has no Python source to measure", name)
    with open(spec.origin, "rb") as f:
        return f.read()


def _imported_names(name: str, source: bytes) -> set[str]:
    """Every module an `import` statement anywhere in `source` (module `name`) may load."""
    spec = importlib.util.find_spec(name)
    is_pkg = spec is not None and spec.submodule_search_locations is not None
    package = name if is_pkg else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            elif node.module is None:  # `from . import x` always has a level
                continue
            else:
                mod = node.module
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names if a.name != "*")  # `from pkg import submodule`
    return out


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent is a module, not a package: `name` is an attribute
        return False


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def measured_code(entry: str = ENCLAVE_MODULE) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """(source of every measured module by name, sorted library pins), computed from the
    import graph: nothing is listed by hand."""
    sources: dict[str, bytes] = {}
    external: set[str] = set()
    todo = _with_parents(entry)
    while todo:
        name = todo.pop()
        if name in sources:
            continue
        sources[name] = _source(name)
        for imp in _imported_names(name, sources[name]):
            top = imp.partition(".")[0]
            if top == _PACKAGE:
                if _is_module(imp):  # not a name imported from a module
                    todo.extend(m for m in _with_parents(imp) if m not in sources)
            elif top not in sys.stdlib_module_names:
                external.add(top)
    dists = importlib.metadata.packages_distributions()
    pins = {f"python={sys.implementation.name}-{sys.version_info.major}.{sys.version_info.minor}"}
    for top in external:
        for dist in dists.get(top, [top]):
            try:
                pins.add(f"{dist}=={importlib.metadata.version(dist)}")
            except importlib.metadata.PackageNotFoundError:
                pins.add(f"{top}==unversioned")
    return dict(sorted(sources.items())), tuple(sorted(pins))


def measurement_of(sources: dict[str, bytes], libraries: tuple[str, ...], parameters: str) -> str:
    """SHA-256 (hex) over the modules' names and sources, the library pins and the
    protocol parameters, each length-prefixed."""
    h = hashlib.sha256(MEASUREMENT_DOMAIN)
    item = lambda b: h.update(len(b).to_bytes(8, "big") + b)  # noqa: E731
    item(len(sources).to_bytes(4, "big"))
    for name in sorted(sources):
        item(name.encode())
        item(sources[name])
    item(len(libraries).to_bytes(4, "big"))
    for pin in libraries:
        item(pin.encode())
    item(parameters.encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def measurement() -> str:
    """The measurement of the code in this process (cached: the code does not change while it runs)."""
    sources, libraries = measured_code()
    return measurement_of(sources, libraries, protocol_parameters())


# ---------------------------------------------------------------- keys and signatures

def _raw_pub(key) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _raw_priv(key) -> str:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption()).hex()


def sign(key: Ed25519PrivateKey, body: dict) -> dict:
    """`body` with an Ed25519 signature over its canonical form (without any old `sig`) in `sig`."""
    out = dict(body)
    out.pop("sig", None)
    out["sig"] = key.sign(canonical(out).encode()).hex()
    return out


def verify_sig(pub_hex: str, body: dict, code: str, what: str, where: str, cls=LogError) -> None:
    """Check `body`'s `sig` against the key `pub_hex`; raise `cls(code, ...)` at `where` otherwise."""
    try:
        pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(pub_hex))
        sig = bytes.fromhex(body["sig"])
        unsigned = {k: v for k, v in body.items() if k != "sig"}
        pub.verify(sig, canonical(unsigned).encode())
    except (InvalidSignature, ValueError, KeyError, TypeError):
        raise cls(code, f"{what} is not validly signed by the expected key", where) from None


def seal_info(session: str, role: str, purpose: str) -> bytes:
    """HPKE `info`: binds the protocol, purpose, session id and role into the key schedule."""
    return f"reposelect/seal/v1|{purpose}|{session}|{role}".encode()


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(s, where: str) -> bytes:
    try:
        return base64.b64decode(s, validate=True)
    except (ValueError, TypeError):
        raise SealError("seal_open_failed", "sealed field is not base64", where) from None


# ---------------------------------------------------------------- hardware root

#: The modeled hardware vendor's root key: derived from a public seed so that every
#: auditor knows its public half. In the model, only the "hardware" signs with it.
_ROOT_SEED = hashlib.sha256(b"reposelect/modeled-hardware-root/v1").digest()


class HardwareRoot:
    """The modeled hardware root of trust: it signs attestation quotes."""

    def __init__(self, seed: bytes = _ROOT_SEED):
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public = _raw_pub(self._key.public_key())

    def quote(self, report: dict) -> str:
        """The root's signature over an attestation report."""
        return self._key.sign(canonical(report).encode()).hex()


MODELED_ROOT_PUBLIC = HardwareRoot().public


# ---------------------------------------------------------------- session open

def new_session_body(grid, theta: Decimal, tie_break: str, dealer_keys: dict[str, str], nonce: str | None = None) -> dict:
    """The `open` entry: parameters, dealers' identity keys, a fresh nonce; `session` is their hash."""
    nonce = nonce or secrets.token_hex(32)
    params = {"grid": list(grid), "theta": fmt(theta), "tie_break": tie_break,
              "scale_digits": zkp.RATE_SCALE_DIGITS, "rate_bits": zkp.RATE_BITS}
    core = {"nonce": nonce, "params": params, "dealers": dict(dealer_keys), "protocol": PROTOCOL_VERSION}
    sid = hashlib.sha256(b"reposelect/session/v1" + canonical(core).encode()).hexdigest()
    return {"kind": "open", "session": sid, **core}


def open_signed_part(body: dict) -> dict:
    """What each dealer's co-signature of the open entry covers: the whole entry but `sigs`."""
    return {k: v for k, v in body.items() if k != "sigs"}


def cosign_open(body: dict, *dealers: "Dealer") -> dict:
    """The open entry with the given dealers' co-signatures added under `sigs`."""
    sigs = dict(body.get("sigs") or {})
    for d in dealers:
        sigs[d.role] = d.sign_open(body)
    return dict(body, sigs=sigs)


def check_open(body: dict, where: str) -> None:
    """The open entry is well formed and co-signed by the two dealer keys it declares."""
    check_open_fields(body, where)
    sigs = body.get("sigs")
    if not isinstance(sigs, dict):
        sigs = {}
    for role in ROLES:
        verify_sig(body["dealers"][role], dict(open_signed_part(body), sig=sigs.get(role)), "log_entry",
                   f"the open entry's {role} co-signature", f"{where}.sigs.{role}")
    if set(sigs) != set(ROLES):
        raise LogError("log_entry", "sigs must hold exactly the mm and rm co-signatures", f"{where}.sigs")


def check_open_fields(body: dict, where: str) -> None:
    """The open entry's content (everything but the co-signatures) is well formed."""
    core = {k: body.get(k) for k in ("nonce", "params", "dealers", "protocol")}
    sid = hashlib.sha256(b"reposelect/session/v1" + canonical(core).encode()).hexdigest()
    if body.get("session") != sid:
        raise LogError("log_entry", "session id is not the hash of the open entry's content", where)
    p = body.get("params")
    if not isinstance(p, dict):
        raise LogError("log_entry", "open entry has no params object", f"{where}.params")
    if p.get("scale_digits") != zkp.RATE_SCALE_DIGITS or p.get("rate_bits") != zkp.RATE_BITS:
        raise LogError("log_entry", "session uses other fixed-point parameters than this implementation", where)
    grid = p.get("grid")
    if (not isinstance(grid, list) or len(grid) < 2 or grid[0] != 0
            or any(not isinstance(q, int) or isinstance(q, bool) for q in grid)
            or any(grid[i] >= grid[i + 1] for i in range(len(grid) - 1))):
        raise LogError("log_entry", "params.grid is not a strictly increasing integer grid from 0", f"{where}.params.grid")
    try:  # the wire format's parser, canonical form: as `new_session_body` writes it
        raw = p.get("theta")
        if not isinstance(raw, str):
            raise TypeError(f"params.theta = {raw!r} is not a decimal string")
        theta = parse_decimal(raw, "theta")
        ok = 0 < theta < 1 and raw == fmt(theta)
    except (TypeError, WireError):
        ok = False
    if not ok or p.get("tie_break") not in TIE_BREAKS:
        raise LogError("log_entry", "params.theta or params.tie_break is invalid", f"{where}.params")
    dealers = body.get("dealers")
    if not isinstance(dealers, dict) or set(dealers) != set(ROLES) or not all(
            isinstance(v, str) and len(v) == 64 for v in dealers.values()):
        raise LogError("log_entry", "dealers must name one 32-byte key (hex) for mm and rm", f"{where}.dealers")
    if not isinstance(body.get("nonce"), str) or len(body["nonce"]) != 64:
        raise LogError("log_entry", "nonce must be 32 bytes in hex", f"{where}.nonce")


def open_entry(entries: list[Entry], sid: str) -> Entry:
    """The session's one open entry; `session_incomplete` if it has none or several."""
    opens = [e for e in entries if e.session == sid and e.kind == "open"]
    if len(opens) != 1:
        raise LogError("session_incomplete", f"session {sid[:16]} has {len(opens)} open entries, needs 1", f"session {sid[:16]}")
    return opens[0]


# ---------------------------------------------------------------- attestation

def verify_attestation(entry: Entry, opening: Entry, root_public: str, expected_measurement: str) -> dict:
    """A dealer's (and the auditor's) check of the quote. Returns the quote's report."""
    where = f"log[{entry.seq}].quote"
    body = entry.body
    report = body.get("quote")
    if not isinstance(report, dict):
        raise AttestationError("attestation_session", "attestation entry has no quote", where)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(root_public)).verify(
            bytes.fromhex(body.get("root_sig", "")), canonical(report).encode())
    except (InvalidSignature, ValueError):
        raise AttestationError("attestation_signature", "quote is not signed by the pinned hardware root key "
                               f"{root_public[:16]}...", f"log[{entry.seq}].root_sig") from None
    if report.get("measurement") != expected_measurement:
        raise AttestationError("attestation_measurement", f"measurement {str(report.get('measurement'))[:16]}... "
                               f"is not the expected {expected_measurement[:16]}...", f"{where}.measurement")
    if report.get("nonce") != opening.body["nonce"]:
        raise AttestationError("stale_nonce", "quote binds nonce "
                               f"{str(report.get('nonce'))[:16]}..., the session's nonce is {opening.body['nonce'][:16]}...",
                               f"{where}.nonce")
    if report.get("session") != opening.session or report.get("report_data") != hashlib.sha256(
            canonical(opening.body).encode()).hexdigest() or body.get("session") != opening.session:
        raise AttestationError("attestation_session", "quote is for another session or other parameters", where)
    if report.get("protocol") != protocol_parameters():
        raise AttestationError("attestation_measurement", "quote names other protocol parameters", f"{where}.protocol")
    return report


# ---------------------------------------------------------------- report encoding

def report_units(report: DealerReport) -> tuple[list[int], int]:
    """The report as fixed-point integers; ReportError if a value does not fit."""
    out = []
    for i, r in enumerate(report.rates):
        u = zkp.to_units(r)
        if u is None or not 0 <= u <= zkp.RATE_MAX:
            raise ReportError("report_out_of_range", f"rates[{i}] = {fmt(r)} is not a multiple of 10^-"
                              f"{zkp.RATE_SCALE_DIGITS} in [0, {fmt(zkp.from_units(zkp.RATE_MAX))}]", f"rates[{i}]")
        out.append(u)
    h = zkp.to_units(report.hurdle)
    if h is None or not 0 <= h <= zkp.RATE_MAX:
        raise ReportError("report_out_of_range", f"hurdle = {fmt(report.hurdle)} is not a multiple of 10^-"
                          f"{zkp.RATE_SCALE_DIGITS} in [0, {fmt(zkp.from_units(zkp.RATE_MAX))}]", "hurdle")
    return out, h


def _plaintext(session: str, role: str, units: list[int], hurdle: int, blindings: list[int], reply_pub: str) -> bytes:
    doc = {"v": 1, "session": session, "role": role,
           "rates": [str(u).zfill(_UNIT_WIDTH) for u in units], "hurdle": str(hurdle).zfill(_UNIT_WIDTH),
           "blindings": [b.to_bytes(32, "big").hex() for b in blindings], "reply_key": reply_pub}
    return canonical(doc).encode()


def canonical_decimal(value: Decimal) -> str:
    """The canonical text of a published decimal: plain notation, no exponent, no leading
    zeros, no trailing fractional zeros or point, no "-0" ("4.7" for 4.70, "27" for 27.00).
    Normalised under `EXACT`, so it never rounds."""
    return fmt(EXACT.normalize(value))


#: The public outcome's keys (spec/protocol.md 9.4.5), and those that are decimal strings.
OUTCOME_KEYS = ("trade", "index", "volume", "r_mm", "r_rm", "r_bd", "spread", "joint_profit")
_OUTCOME_DECIMALS = OUTCOME_KEYS[3:]


def public_outcome(o: Outcome) -> dict:
    """What is posted: the selected trade and its rates, never the equilibrium or feasible sets."""
    d = lambda v: None if v is None else canonical_decimal(v)  # noqa: E731
    return {"trade": o.trade, "index": o.index, "volume": o.volume, "r_mm": d(o.r_mm), "r_rm": d(o.r_rm),
            "r_bd": d(o.r_bd), "spread": d(o.spread), "joint_profit": d(o.joint_profit)}


def _outcome_mismatch(message: str, where: str):
    return ProofError("outcome_mismatch", message, where)


def _json_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _published_rate(out: dict, name: str, where: str) -> tuple[Decimal, int]:
    """A published rate: parsed by the wire format's decimal parser, in canonical form,
    an exact multiple of the fixed-point unit in range. Returns (value, units)."""
    text = out[name]
    if not isinstance(text, str):
        raise _outcome_mismatch(f"{name} is not a decimal string", f"{where}.{name}")
    try:
        value = parse_decimal(text, name)
    except WireError as e:
        raise _outcome_mismatch(f"{e.code}: {e.message}", f"{where}.{name}") from None
    if text != canonical_decimal(value):
        raise _outcome_mismatch(f"{name} = {text!r} is not in canonical form ({canonical_decimal(value)!r})",
                                f"{where}.{name}")
    units = zkp.to_units(value)
    if units is None or not 0 <= units <= zkp.RATE_MAX:
        raise _outcome_mismatch(f"{name} = {text} is not a multiple of 10^-{zkp.RATE_SCALE_DIGITS} in "
                                f"[0, {fmt(zkp.from_units(zkp.RATE_MAX))}]", f"{where}.{name}")
    return value, units


def check_public_outcome(out: dict, params: dict, where: str) -> tuple[bool, int, int, int]:
    """The published outcome's fields must agree with each other and the parameters
    (spec/protocol.md 9.4.5). Returns (trade, index, a_units, b_units).

    `trade` is a JSON boolean, `index` and `volume` JSON integers; `r_mm` and `r_rm` are
    parsed by the wire format's decimal parser, must be in canonical form and convert
    exactly to units; `spread`, `r_bd` and `joint_profit` must be the canonical text of
    the values computed exactly from them, theta and the grid."""
    grid = params["grid"]
    if not isinstance(out, dict) or sorted(out) != sorted(OUTCOME_KEYS):
        raise _outcome_mismatch(f"the public outcome must have exactly the keys {', '.join(OUTCOME_KEYS)}", where)
    trade, k, volume = out["trade"], out["index"], out["volume"]
    if not isinstance(trade, bool):
        raise _outcome_mismatch("trade is not a JSON boolean", f"{where}.trade")
    for name, v in (("index", k), ("volume", volume)):
        if not _json_int(v):
            raise _outcome_mismatch(f"{name} is not a JSON integer", f"{where}.{name}")
    if not trade:
        if k != 0 or volume != 0 or any(out[f] is not None for f in _OUTCOME_DECIMALS):
            raise _outcome_mismatch("no trade must have index 0, volume 0 and null rates", where)
        return False, 0, 0, 0
    if not 1 <= k < len(grid) or volume != grid[k]:
        raise _outcome_mismatch(f"index {k} and volume {volume} are not a trading volume of the session's grid", where)
    a, au = _published_rate(out, "r_mm", where)
    b, bu = _published_rate(out, "r_rm", where)
    theta = parse_decimal(params["theta"], "theta")
    s = EXACT.subtract(b, a)
    derived = {"spread": s, "r_bd": EXACT.add(a, EXACT.multiply(theta, s)),
               "joint_profit": EXACT.multiply(s, Decimal(grid[k]))}
    for name, value in derived.items():
        if out[name] != canonical_decimal(value):
            raise _outcome_mismatch(f"{name} = {out[name]!r}, but r_mm, r_rm, theta and the volume give "
                                    f"{canonical_decimal(value)!r}", f"{where}.{name}")
    return True, k, au, bu


def parse_commitments(body: dict, n: int, where: str):
    """The N + 1 commitments of a submission (rates, then the hurdle) as points; `commitment_malformed` otherwise."""
    cs = body.get("commitments")
    if not isinstance(cs, list) or len(cs) != n + 1:
        raise CommitmentError("commitment_malformed", f"needs {n + 1} commitments (N rates and the hurdle)", where)
    out = []
    for i, c in enumerate(cs):
        try:
            p = dec(bytes.fromhex(c), f"{where}[{i}]")
        except (ValueError, TypeError, ProtocolError):
            raise CommitmentError("commitment_malformed", f"commitment {i} is not a point", f"{where}[{i}]") from None
        if p is None:
            raise CommitmentError("commitment_malformed", f"commitment {i} is the identity", f"{where}[{i}]")
        out.append(p)
    return tuple(out)


def check_schedule_proof(session: str, params: dict, body: dict, commitments, where: str) -> dict:
    """A submission's schedule proof (spec/protocol.md 9.4.4, step 7): base64, then
    `zkp.verify_schedule` on the session, the submission's role, the grid and its
    commitments. The enclave (before accepting) and the auditor (on the outcome's inputs)
    both call this. Raises ProofError with the path under `where`."""
    path = f"{where}.schedule_proof"
    try:
        proof = base64.b64decode(body.get("schedule_proof", ""), validate=True)
    except (ValueError, TypeError):
        raise ProofError("proof_malformed", "the schedule proof is not base64", path) from None
    try:
        return zkp.verify_schedule(bytes.fromhex(session), body["role"], params["grid"], commitments, proof)
    except ProofError as e:
        sub = e.path.removeprefix("proof")
        raise ProofError(e.code, e.message, path + sub) from None


def statement_from_log(session: str, params: dict, sub_mm: Entry, sub_rm: Entry, out: dict, where: str) -> zkp.Statement:
    """The statement the proof must prove, rebuilt from the log: parameters, both submissions' commitments, the public outcome."""
    n = len(params["grid"]) - 1
    trade, k, au, bu = check_public_outcome(out, params, f"{where}.outcome")
    return zkp.Statement(bytes.fromhex(session), tuple(params["grid"]), params["theta"], params["tie_break"],
                         parse_commitments(sub_mm.body, n, f"log[{sub_mm.seq}].commitments"),
                         parse_commitments(sub_rm.body, n, f"log[{sub_rm.seq}].commitments"),
                         trade, k, au, bu)


def outcome_signed_part(body: dict) -> dict:
    """What the enclave's outcome signature covers (the whole entry but `sig`)."""
    return {k: v for k, v in body.items() if k != "sig"}


# ---------------------------------------------------------------- dealer

@dataclass
class Dealer:
    """A broker-dealer: verifies the attestation, seals its report, posts its commitment."""

    report: DealerReport
    identity: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    reply: X25519PrivateKey = field(default_factory=X25519PrivateKey.generate)
    blindings: list[int] | None = None
    submitted: dict[str, str] = field(default_factory=dict)  # session -> submission entry hash (hex)

    @property
    def role(self) -> str:
        """The dealer's role, mm or rm."""
        return self.report.role

    @property
    def public(self) -> str:
        """The dealer's identity key (hex)."""
        return _raw_pub(self.identity.public_key())

    def to_state(self) -> dict:
        """The dealer's state as JSON, to resume after a restart."""
        from reposelect.reference.wire import report_to_json
        return {"report": report_to_json(self.report), "identity": _raw_priv(self.identity),
                "reply": _raw_priv(self.reply), "blindings": self.blindings, "submitted": dict(self.submitted)}

    @classmethod
    def from_state(cls, st: dict) -> "Dealer":
        """A dealer resumed from `to_state`'s JSON."""
        return cls(report_from_json(st["report"]),
                   Ed25519PrivateKey.from_private_bytes(bytes.fromhex(st["identity"])),
                   X25519PrivateKey.from_private_bytes(bytes.fromhex(st["reply"])),
                   st["blindings"], dict(st["submitted"]))

    def sign_open(self, body: dict) -> str:
        """Co-sign a session's open entry: only one that lists this dealer's key for its
        role, on its report's grid, with this implementation's parameters."""
        check_open_fields(body, "open")
        if body["dealers"][self.role] != self.public:
            raise LogError("log_entry", f"the open entry does not list this dealer's key for {self.role}",
                           f"open.dealers.{self.role}")
        if tuple(body["params"]["grid"]) != self.report.grid:
            raise ReportError("report_invalid", "the report's grid is not the session's grid", "grid")
        return self.identity.sign(canonical(open_signed_part(body)).encode()).hex()

    def check_attestation(self, log: AppendOnlyLog, sid: str, root_public: str = MODELED_ROOT_PUBLIC,
                          expected_measurement: str | None = None) -> dict:
        """Verify the session's attestation before sealing anything to the enclave; returns the quoted report."""
        es = log.entries(sid)
        opening = open_entry(es, sid)
        atts = [e for e in es if e.kind == "attestation"]
        if not atts:
            raise LogError("session_incomplete", "no attestation posted yet", f"session {sid[:16]}")
        return verify_attestation(atts[0], opening, root_public, expected_measurement or measurement())

    def submission(self, log: AppendOnlyLog, sid: str, root_public: str = MODELED_ROOT_PUBLIC,
                   expected_measurement: str | None = None) -> dict:
        """Build (not post) the submission entry: commitments, the sealed report and the proof
        that the committed schedule and hurdle are in range (`zkp.prove_schedule`)."""
        quote = self.check_attestation(log, sid, root_public, expected_measurement)
        opening = open_entry(log.entries(sid), sid)
        check_open(opening.body, f"log[{opening.seq}]")
        if opening.body["dealers"][self.role] != self.public:
            raise LogError("log_entry", f"the session's open entry does not list this dealer's key for {self.role}",
                           f"log[{opening.seq}].dealers.{self.role}")
        if tuple(opening.body["params"]["grid"]) != self.report.grid:
            raise ReportError("report_invalid", "the report's grid is not the session's grid", "grid")
        units, hurdle = report_units(self.report)
        self.blindings = [rand_scalar() for _ in range(len(units) + 1)]
        points = [commit(v, r) for v, r in zip(units + [hurdle], self.blindings)]
        commitments = [enc(p).hex() for p in points]
        proof = zkp.prove_schedule(bytes.fromhex(sid), self.role, self.report.grid, points, units + [hurdle],
                                   self.blindings)
        pt = _plaintext(sid, self.role, units, hurdle, self.blindings, _raw_pub(self.reply.public_key()))
        kem_pub = X25519PublicKey.from_public_bytes(bytes.fromhex(quote["kem_public"]))
        ct = _SUITE.encrypt(pt, kem_pub, info=seal_info(sid, self.role, "report"))
        body = {"kind": "submission", "session": sid, "role": self.role, "commitments": commitments,
                "sealed": {"session": sid, "role": self.role, "ciphertext": _b64(ct)},
                "ciphertext_sha256": hashlib.sha256(ct).hexdigest(), "schedule_proof": _b64(proof)}
        return sign(self.identity, body)

    def submit(self, log: AppendOnlyLog, sid: str, **kw) -> Entry:
        """Post this dealer's sealed submission to the session."""
        e = log.append(self.submission(log, sid, **kw))
        self.submitted[sid] = e.hash.hex()
        return e

    def check_not_censored(self, log: AppendOnlyLog, sid: str) -> None:
        """Raise `censored` if the enclave rejected this dealer's submission. The dealer
        built it by the checks of 9.4.4 and signed it; the enclave reads exactly what is
        on the log; so a signed reject of it is the enclave refusing a valid report."""
        mine = self.submitted.get(sid)
        for e in log.entries(sid):
            if e.kind == "reject" and mine is not None and e.body.get("target") == mine:
                raise LogError("censored", f"the enclave rejected this dealer's valid submission {mine[:16]}... "
                               f"with code {e.body.get('code')!r}; the signed reject is the evidence",
                               f"log[{e.seq}]")

    def receive(self, log: AppendOnlyLog, sid: str, root_public: str = MODELED_ROOT_PUBLIC,
                expected_measurement: str | None = None) -> dict:
        """Audit this session as any auditor does (chain, attestation, signatures, the
        outcome's fields and its proof), pinning this dealer's own key; then open this
        dealer's instruction and check it matches the public outcome and uses our submission."""
        from .audit import audit_session  # the auditor's checks, defined once (audit imports this module)
        self.check_not_censored(log, sid)
        es = log.entries(sid)
        outs = [e for e in es if e.kind == "outcome"]
        ins = [e for e in es if e.kind == "instruction" and e.body.get("role") == self.role]
        if not outs or not ins:
            raise LogError("session_incomplete", "no outcome or instruction for this dealer yet", f"session {sid[:16]}")
        res = audit_session(es, sid, root_public, expected_measurement or measurement(), {self.role: self.public})
        if res.error is not None:
            raise res.error
        ct = _unb64(ins[-1].body.get("ciphertext"), f"log[{ins[-1].seq}].ciphertext")
        try:
            pt = _SUITE.decrypt(ct, self.reply, info=seal_info(sid, self.role, "instruction"))
        except (InvalidTag, ValueError):
            raise SealError("seal_open_failed", "instruction does not open under this dealer's reply key",
                            f"log[{ins[-1].seq}]") from None
        import json
        doc = json.loads(pt.decode().rstrip())
        if doc.get("outcome") != outs[-1].body["outcome"] or doc.get("session") != sid:
            raise SealError("seal_binding", "instruction disagrees with the public outcome", f"log[{ins[-1].seq}]")
        if self.submitted.get(sid) and outs[-1].body["inputs"][self.role] != self.submitted[sid]:
            raise CommitmentError("commitment_mismatch", "the outcome was computed on another submission than ours",
                                  f"log[{outs[-1].seq}].inputs.{self.role}")
        return doc


# ---------------------------------------------------------------- enclave

@dataclass
class Opened:
    """A submission the enclave has opened: the entry, the report, its units, hurdle and blindings, and the reply key."""

    entry: Entry
    report: DealerReport
    units: list[int]
    hurdle: int
    blindings: list[int]
    reply_key: str


class Enclave:
    """The modeled enclave: attests, opens sealed reports, selects, proves, instructs."""

    def __init__(self, root: HardwareRoot | None = None, kem: X25519PrivateKey | None = None,
                 sig: Ed25519PrivateKey | None = None, code_measurement: str | None = None,
                 range_proof: str = zkp.DEFAULT_RANGE_MODE):
        if range_proof not in zkp.RANGE_MODES:
            raise ValueError(f"range_proof must be one of {zkp.RANGE_MODES}")
        self.range_proof = range_proof
        self.root = root or HardwareRoot()
        self.kem = kem or X25519PrivateKey.generate()
        self.sig = sig or Ed25519PrivateKey.generate()
        self.code_measurement = code_measurement or measurement()

    @property
    def sig_public(self) -> str:
        """The enclave's signing key (hex), as attested."""
        return _raw_pub(self.sig.public_key())

    def to_state(self) -> dict:
        """Sealed storage, modeled: in hardware this is encrypted to the platform key."""
        return {"kem": _raw_priv(self.kem), "sig": _raw_priv(self.sig)}

    @classmethod
    def from_state(cls, st: dict, root: HardwareRoot | None = None, range_proof: str = zkp.DEFAULT_RANGE_MODE) -> "Enclave":
        """An enclave resumed from its saved keys."""
        return cls(root, X25519PrivateKey.from_private_bytes(bytes.fromhex(st["kem"])),
                   Ed25519PrivateKey.from_private_bytes(bytes.fromhex(st["sig"])), range_proof=range_proof)

    def attestation(self, log: AppendOnlyLog, sid: str, nonce: str | None = None) -> dict:
        """The attestation entry's body for the session: the quoted report binding the open entry, code and keys."""
        opening = open_entry(log.entries(sid), sid)
        check_open(opening.body, f"log[{opening.seq}]")
        report = {"session": sid, "nonce": nonce or opening.body["nonce"],
                  "report_data": hashlib.sha256(canonical(opening.body).encode()).hexdigest(),
                  "measurement": self.code_measurement, "protocol": protocol_parameters(),
                  "kem_public": _raw_pub(self.kem.public_key()), "sig_public": self.sig_public}
        return {"kind": "attestation", "session": sid, "quote": report, "root_sig": self.root.quote(report)}

    def attest(self, log: AppendOnlyLog, sid: str) -> Entry:
        """Post the attestation for the session."""
        return log.append(self.attestation(log, sid))

    def open_submission(self, sid: str, opening: Entry, entry: Entry) -> Opened:
        """Check and open one submission entry; raise a ProtocolError naming what failed."""
        where = f"log[{entry.seq}]"
        body = entry.body
        role = body.get("role")
        if role not in ROLES or body.get("session") != sid:
            raise LogError("log_entry", "submission has no valid role or session", where)
        verify_sig(opening.body["dealers"][role], body, "log_entry", f"submission by {role}", f"{where}.sig")
        sealed = body.get("sealed") or {}
        if sealed.get("session") != sid or sealed.get("role") != role:
            raise ReplayError("replay", f"sealed report is addressed to session {str(sealed.get('session'))[:16]}... "
                              f"role {sealed.get('role')!r}, but was submitted to session {sid[:16]}... role {role!r}",
                              f"{where}.sealed")
        ct = _unb64(sealed.get("ciphertext"), f"{where}.sealed.ciphertext")
        if hashlib.sha256(ct).hexdigest() != body.get("ciphertext_sha256"):
            raise SealError("seal_open_failed", "ciphertext does not match its posted digest", f"{where}.sealed")
        try:
            pt = _SUITE.decrypt(ct, self.kem, info=seal_info(sid, role, "report"))
        except (InvalidTag, ValueError):
            raise SealError("seal_open_failed", "sealed report does not open under this session's enclave key "
                            "and (session, role) binding: tampered, or sealed for another session or role",
                            f"{where}.sealed.ciphertext") from None
        import json
        try:
            doc = json.loads(pt)
        except ValueError:
            raise SealError("seal_open_failed", "sealed plaintext is not JSON", f"{where}.sealed") from None
        if doc.get("session") != sid or doc.get("role") != role:
            raise ReplayError("replay", "sealed plaintext names another session or role", f"{where}.sealed")
        params = opening.body["params"]
        try:
            units = [int(u) for u in doc["rates"]]
            hurdle = int(doc["hurdle"])
            blindings = [int(b, 16) for b in doc["blindings"]]
            report = report_from_json({"role": role, "grid": params["grid"],
                                       "rates": [fmt(zkp.from_units(u).normalize()) for u in units],
                                       "hurdle": fmt(zkp.from_units(hurdle).normalize())})
        except WireError as e:
            raise ReportError("report_invalid", f"sealed report fails validation: {e.code}: {e.message}",
                              f"{where}.sealed.{e.path}") from None
        except (KeyError, ValueError, TypeError):
            raise ReportError("report_invalid", "sealed report is malformed", f"{where}.sealed") from None
        report_units(report)
        n = len(params["grid"]) - 1
        cs = parse_commitments(body, n, f"{where}.commitments")
        if len(blindings) != n + 1 or any(not 0 < b < ORDER for b in blindings):
            raise CommitmentError("commitment_malformed", "sealed report carries malformed blindings", f"{where}.sealed")
        for i, (v, r, c) in enumerate(zip(units + [hurdle], blindings, cs)):
            if enc(commit(v, r)) != enc(c):
                name = f"rates[{i}]" if i < n else "hurdle"
                raise CommitmentError("commitment_mismatch", f"sealed {name} does not open the posted commitment {i}",
                                      f"{where}.commitments[{i}]")
        check_schedule_proof(sid, params, body, cs, where)
        return Opened(entry, report, units, hurdle, blindings, doc["reply_key"])

    def reject(self, log: AppendOnlyLog, sid: str, entry: Entry, err: ProtocolError) -> Entry:
        """Post a signed rejection of a submission, with the error's code."""
        body = {"kind": "reject", "session": sid, "target": entry.hash.hex(), "role": entry.body.get("role"),
                "code": err.code}
        return log.append(sign(self.sig, body))

    def step(self, log: AppendOnlyLog, sid: str) -> tuple[Entry | None, list[ProtocolError]]:
        """Process pending submissions. Bad ones get a signed `reject` entry (their error is
        returned); once both roles have an accepted one, select, prove and post the outcome and
        the two instructions in one transaction. Idempotent: replays from the log after a restart."""
        es = log.entries(sid)
        opening = open_entry(es, sid)
        if any(e.kind == "outcome" for e in es):
            return next(e for e in es if e.kind == "outcome"), []
        rejected = {e.body.get("target") for e in es if e.kind == "reject"}
        accepted: dict[str, Opened] = {}
        errors = []
        for e in es:
            if e.kind != "submission" or e.hash.hex() in rejected or e.body.get("role") in accepted:
                continue
            try:
                accepted[e.body["role"]] = self.open_submission(sid, opening, e)
            except ProtocolError as err:
                self.reject(log, sid, e, err)
                errors.append(err)
        if len(accepted) < 2:
            return None, errors
        return self._conclude(log, sid, opening, accepted["mm"], accepted["rm"]), errors

    def _conclude(self, log: AppendOnlyLog, sid: str, opening: Entry, mm: Opened, rm: Opened) -> Entry:
        params = opening.body["params"]
        case = case_from_reports(mm.report, rm.report, Decimal(params["theta"]), params["tie_break"])
        outcome = select(case)
        pub = public_outcome(outcome)
        n = case.n
        st = statement_from_log(sid, params, mm.entry, rm.entry, pub, "enclave")
        vals: dict[str, int] = {}
        bl: dict[str, int] = {}
        for o in (mm, rm):
            keys = zkp.schedule_keys(o.report.role, n)
            vals |= dict(zip(keys, o.units + [o.hurdle]))
            bl |= dict(zip(keys, o.blindings))
        proof = zkp.prove(st, zkp.Witness(vals, bl), ranges=self.range_proof)
        body = sign(self.sig, {"kind": "outcome", "session": sid,
                               "inputs": {"mm": mm.entry.hash.hex(), "rm": rm.entry.hash.hex()},
                               "commitments_sha256": {r: hashlib.sha256(canonical(o.entry.body["commitments"]).encode()).hexdigest()
                                                      for r, o in (("mm", mm), ("rm", rm))},
                               "outcome": pub, "range_proof": self.range_proof, "proof": _b64(proof),
                               "proof_sha256": hashlib.sha256(proof).hexdigest()})
        bodies = [body]
        for o in (mm, rm):
            doc = {"session": sid, "role": o.report.role, "outcome": pub, "instruction": instruction_text(o.report.role, pub)}
            pt = canonical(doc).encode().ljust(_INSTRUCTION_SIZE)
            ct = _SUITE.encrypt(pt, X25519PublicKey.from_public_bytes(bytes.fromhex(o.reply_key)),
                                info=seal_info(sid, o.report.role, "instruction"))
            bodies.append(sign(self.sig, {"kind": "instruction", "session": sid, "role": o.report.role,
                                          "ciphertext": _b64(ct)}))
        return log.append_many(bodies)[0]


def instruction_text(role: Role, pub: dict) -> str:
    """The private instruction to dealer `role` for the public outcome `pub` (spec/protocol.md 9)."""
    if not pub["trade"]:
        return "no trade"
    if role == Role.MM:
        return (f"pay MM {pub['r_mm']} on {pub['volume']}; lend it to BDrm at {pub['r_bd']}")
    return f"charge RM {pub['r_rm']} on {pub['volume']}; borrow it from BDmm at {pub['r_bd']}"
