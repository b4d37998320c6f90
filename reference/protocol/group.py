"""The prime-order group, Pedersen commitments and the Fiat-Shamir transcript (spec/protocol.md 9.5).

The group is G1 of BLS12-381 (prime order `ORDER`, a 255-bit r) through
`py_arkworks_bls12381`, a binding of the maintained arkworks Rust libraries: every
point operation below is a call into it (scalar multiplication, addition,
multi-scalar multiplication, point decoding with its curve and subgroup checks,
hash-to-curve). The only things this module adds are bookkeeping:

* The identity is returned as `None`, so that every caller can test for it with
  `is None` (it is never accepted as a proof point or a commitment).
* Integers are reduced mod `ORDER` and handed to the library as 32 big-endian bytes.

`H` and every other fixed generator come from the library's `hash_to_curve`
(RFC 9380, suite BLS12381G1_XMD:SHA-256_SSWU_RO_) on a fixed tag, so nobody knows a
discrete-log relation between them. A Pedersen commitment to the integer `v` with
blinding `r` is `v*H + r*G`, `G` the standard generator.
"""
from __future__ import annotations

import hashlib
import secrets

from py_arkworks_bls12381 import G1Point, Scalar

from .errors import ProofError

#: The prime order r of the BLS12-381 G1 group (255 bits).
ORDER: int = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001

#: Name of the group, its library and hash-to-curve suite (bound into every proof's transcript).
GROUP_NAME = "BLS12-381 G1 (py_arkworks_bls12381), hash_to_curve BLS12381G1_XMD:SHA-256_SSWU_RO_"
#: Domain separation tag of every hash_to_curve call of the protocol.
HASH_DST = b"reposelect-v2-BLS12381G1_XMD:SHA-256_SSWU_RO_"
#: Tag hashed to the curve to derive H (spec/protocol.md 9.5).
H_TAG = b"reposelect/pedersen/H/v2"
#: Bytes of a compressed point.
POINT_BYTES = 48

Point = G1Point | None  # None is the identity

_IDENTITY = G1Point.identity()
_IDENTITY_BYTES = _IDENTITY.to_compressed_bytes()


def scalar(x: int) -> Scalar:
    """The library scalar for the integer x mod ORDER."""
    return Scalar.from_be_bytes((x % ORDER).to_bytes(32, "big"))


def _out(p: G1Point) -> Point:
    return None if p == _IDENTITY else p


G: G1Point = G1Point()


def hash_to_curve(tag: bytes) -> G1Point:
    """A point nobody knows the discrete log of: RFC 9380 hash-to-curve of `tag`."""
    return G1Point.hash_to_curve(tag, HASH_DST)


H: G1Point = hash_to_curve(H_TAG)


def rand_scalar() -> int:
    """A uniform non-zero scalar from the OS's CSPRNG."""
    while True:
        x = secrets.randbelow(ORDER)
        if x:
            return x


def mul(p: Point, x: int) -> Point:
    """x * p (x any integer, reduced mod ORDER)."""
    x %= ORDER
    if x == 0 or p is None:
        return None
    if x == 1:
        return p
    return _out(p * scalar(x))


def add(*points: Point) -> Point:
    """The sum of the points (identity when empty or when they cancel)."""
    acc = None
    for p in points:
        if p is not None:
            acc = p if acc is None else acc + p
    return None if acc is None else _out(acc)


def neg(p: Point) -> Point:
    """-p (the identity stays the identity)."""
    return None if p is None else -p


def msm(points: list[Point], scalars: list[int]) -> Point:
    """sum scalars[i] * points[i] in one multi-scalar multiplication of the library."""
    if len(points) != len(scalars):
        raise ValueError(f"msm: {len(points)} points but {len(scalars)} scalars")
    ps, ss = [], []
    for p, x in zip(points, scalars):
        if p is not None:
            ps.append(p)
            ss.append(scalar(x))
    if not ps:
        return None
    return _out(G1Point.multiexp_unchecked(ps, ss))


def commit(value: int, blinding: int) -> Point:
    """The Pedersen commitment value*H + blinding*G."""
    return add(mul(H, value), mul(G, blinding))


def enc(p: Point) -> bytes:
    """48-byte compressed encoding (the library's, as in the IETF pairing-friendly-curves draft);
    the identity has the library's encoding of the point at infinity."""
    return _IDENTITY_BYTES if p is None else p.to_compressed_bytes()


def dec(b: bytes, where: str = "$") -> Point:
    """Decode 48 bytes to a point of the prime-order group; raise `ProofError` (proof_malformed)
    if the bytes are not the compressed encoding of a curve point in the subgroup."""
    if len(b) != POINT_BYTES:
        raise ProofError("proof_malformed", f"a point must be {POINT_BYTES} bytes, got {len(b)}", where)
    if b == _IDENTITY_BYTES:
        return None
    try:
        # The checked decoder rejects bytes off the curve and points outside the order-r subgroup.
        return G1Point.from_compressed_bytes(b)
    except ValueError:
        raise ProofError("proof_malformed", "bytes are not a point of the BLS12-381 G1 subgroup", where) from None


def eq(p: Point, q: Point) -> bool:
    """Whether two points are equal (compared in their encoding)."""
    return enc(p) == enc(q)


class Transcript:
    """Fiat-Shamir transcript: SHA-256 over length-prefixed, labelled items.

    Everything public goes in (domain label, session id, parameters, the group and
    generator tags, every commitment, the public outcome, every first message of
    every sub-proof with its label and position) before the challenge is drawn.
    """

    def __init__(self, domain: bytes):
        self._h = hashlib.sha256()
        self.append(b"domain", domain)

    def append(self, label: bytes, data: bytes) -> None:
        """Absorb `data` under `label` (both length-prefixed)."""
        self._h.update(len(label).to_bytes(2, "big") + label + len(data).to_bytes(8, "big") + data)

    def point(self, label: bytes, p: Point) -> None:
        """Absorb the encoding of point `p` under `label`."""
        self.append(label, enc(p))

    def challenge(self, label: bytes) -> int:
        """A challenge scalar derived from everything absorbed so far and `label`."""
        h = self._h.copy()
        h.update(b"challenge:" + label)
        return int.from_bytes(hashlib.sha512(h.digest()).digest(), "big") % ORDER
