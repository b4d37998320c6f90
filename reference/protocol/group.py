"""The prime-order group, Pedersen commitments and the Fiat-Shamir transcript (spec/protocol.md 9.5).

The group is secp256k1 (prime order `ORDER`) through `coincurve`, which wraps the
maintained libsecp256k1 C library: every point operation below is a call into it
(`PublicKey.multiply`, `PublicKey.combine_keys`, point decoding). The only things
this module adds are bookkeeping around two library limits:

* coincurve cannot represent the identity point. Here the identity is `None`;
  `mul` by 0 and `add` of an empty list return it, and a sum that the library
  reports as the identity (it raises `ValueError`) is returned as `None`.
* There is no hash-to-curve: the value generator `H` is derived by
  try-and-increment (hash a fixed tag and a counter to an x coordinate, let the
  library decode the compressed point, take the first that is on the curve), so
  nobody knows log_G(H).

A Pedersen commitment to the integer `v` with blinding `r` is `v*H + r*G`
(the blinding on the library's base point, whose multiplication is cheapest).
"""
from __future__ import annotations

import hashlib
import secrets

from coincurve import PublicKey
from coincurve.utils import GROUP_ORDER_INT

from .errors import ProofError

#: The prime order n of secp256k1.
ORDER: int = GROUP_ORDER_INT

#: Tag hashed to the curve to derive H (spec/protocol.md 9.5).
H_TAG = b"reposelect/pedersen/H/v1"

Point = PublicKey | None  # None is the identity

_IDENTITY_BYTES = b"\x00" * 33


def _scalar_bytes(x: int) -> bytes:
    return x.to_bytes(32, "big")


G: PublicKey = PublicKey.from_secret(_scalar_bytes(1))


def hash_to_curve(tag: bytes) -> PublicKey:
    """Try-and-increment: the first counter whose hash is the x coordinate of a curve point."""
    for ctr in range(1000):
        x = hashlib.sha256(tag + ctr.to_bytes(4, "big")).digest()
        try:
            return PublicKey(b"\x02" + x)
        except ValueError:
            continue
    raise RuntimeError("hash_to_curve found no point")  # pragma: no cover - probability 2^-1000


H: PublicKey = hash_to_curve(H_TAG)


def rand_scalar() -> int:
    """A uniform non-zero scalar from the OS's CSPRNG."""
    while True:
        x = secrets.randbelow(ORDER)
        if x:
            return x


def mul(p: Point, x: int) -> Point:
    """x * p (x any integer, reduced mod n)."""
    x %= ORDER
    if x == 0 or p is None:
        return None
    if x == 1:
        return p
    if p is G:  # the library's fixed-base multiplication (precomputed tables for G)
        return PublicKey.from_secret(_scalar_bytes(x))
    return p.multiply(_scalar_bytes(x))


def add(*points: Point) -> Point:
    """The sum of the points (identity when empty or when they cancel)."""
    ps = [p for p in points if p is not None]
    if not ps:
        return None
    if len(ps) == 1:
        return ps[0]
    try:
        return PublicKey.combine_keys(ps)
    except ValueError:
        return None


def neg(p: Point) -> Point:
    return mul(p, ORDER - 1)


def commit(value: int, blinding: int) -> Point:
    """The Pedersen commitment value*H + blinding*G."""
    return add(mul(H, value), mul(G, blinding))


def enc(p: Point) -> bytes:
    """33-byte SEC1 compressed encoding; the identity encodes as 33 zero bytes."""
    return _IDENTITY_BYTES if p is None else p.format(compressed=True)


def dec(b: bytes, where: str = "$") -> Point:
    """Decode 33 bytes to a point; raise `ProofError` (proof_malformed) if it is not one."""
    if len(b) != 33:
        raise ProofError("proof_malformed", f"a point must be 33 bytes, got {len(b)}", where)
    if b == _IDENTITY_BYTES:
        return None
    try:
        return PublicKey(b)
    except ValueError:
        raise ProofError("proof_malformed", "bytes are not a point of secp256k1", where) from None


def eq(p: Point, q: Point) -> bool:
    return enc(p) == enc(q)


class Transcript:
    """Fiat-Shamir transcript: SHA-256 over length-prefixed, labelled items.

    Everything public goes in (domain label, session id, parameters, every
    commitment, the public outcome, every first message of every sub-proof with
    its label and position) before the challenge is drawn.
    """

    def __init__(self, domain: bytes):
        self._h = hashlib.sha256()
        self.append(b"domain", domain)

    def append(self, label: bytes, data: bytes) -> None:
        self._h.update(len(label).to_bytes(2, "big") + label + len(data).to_bytes(8, "big") + data)

    def point(self, label: bytes, p: Point) -> None:
        self.append(label, enc(p))

    def challenge(self, label: bytes) -> int:
        h = self._h.copy()
        h.update(b"challenge:" + label)
        return int.from_bytes(hashlib.sha512(h.digest()).digest(), "big") % ORDER
