"""One-out-of-many proof (J. Groth and M. Kohlweiss, "One-out-of-many proofs: or how to leak
a secret and spend a coin", EUROCRYPT 2015, section 3) over the group of `group`
(spec/protocol.md 9.6.4).

Given points D_0..D_{c-1} that the verifier can form, the prover shows that it knows an
index l and a scalar r with D_l = r*G, i.e. that D_l is a Pedersen commitment to 0,
without revealing l. The list is padded to 2^n entries (n = `index_bits(c)`) by
repeating its last point. Size: n + (n - 1) points and 3n + 1 scalars, logarithmic in c.

Prover (first message): for each bit l_j of l, commitments CL_j = Com(l_j; r_j),
CA_j = Com(a_j; s_j), CB_j = Com(l_j a_j; t_j), and for k < n
CD_k = sum_i p_{i,k} D_i + rho_k G, where p_{i,k} is the coefficient of x^k in
p_i(x) = prod_j f_{j,i_j}(x), f_{j,1}(x) = l_j x + a_j, f_{j,0}(x) = x - f_{j,1}(x).
Only p_l has degree n (leading coefficient 1). Response to the challenge x:
f_j = l_j x + a_j, za_j = r_j x + s_j, zb_j = r_j (x - f_j) + t_j,
zd = r x^n - sum_k rho_k x^k. The verifier recomputes CA_j = Com(f_j; za_j) - x CL_j,
CB_j = Com(0; zb_j) - (x - f_j) CL_j and
CD_0 = sum_i (prod_j f_{j,i_j}) D_i - sum_{k >= 1} x^k CD_k - zd G, absorbs them in the
prover's order and accepts when the transcript gives back x (the caller's check).

The D_i are given through `combine(weights)`, which returns sum_i weights[i] D_i for a
list of 2^n weights (the caller applies the padding), so a caller whose D_i are linear
forms in a few points never computes them one by one.
"""
from __future__ import annotations

from .group import G, ORDER, POINT_BYTES, Transcript, add, commit, enc, mul, neg, rand_scalar


def index_bits(count: int) -> int:
    """n: the bits of an index into `count` >= 2 points (the list is padded to 2^n)."""
    if count < 2:
        raise ValueError(f"a one-out-of-many proof needs at least 2 points, got {count}")
    return (count - 1).bit_length()


def proof_size(count: int) -> int:
    """Bytes of a proof over `count` points: 2n - 1 points and 3n + 1 scalars."""
    n = index_bits(count)
    return (2 * n - 1) * POINT_BYTES + (3 * n + 1) * 32


def _products(n: int, lin: list[tuple[list[int], list[int]]]) -> list[list[int]]:
    """For each i < 2^n, the coefficients (low degree first) of prod_j lin[j][i_j](x), where
    lin[j][b] is a polynomial given by its coefficients (bit j of i selects b)."""
    polys = [[1]]
    for j in range(n):
        nxt: list[list[int]] = [[]] * (2 * len(polys))
        for b in (0, 1):
            f = lin[j][b]
            for i, p in enumerate(polys):
                q = [0] * (len(p) + len(f) - 1)
                for u, pu in enumerate(p):
                    for v, fv in enumerate(f):
                        q[u + v] = (q[u + v] + pu * fv) % ORDER
                nxt[i + b * len(polys)] = q
        polys = nxt
    return polys


def prove_first(tr: Transcript, combine, count: int, index: int, r: int):
    """Absorb the first message into `tr`; return the prover's state for `respond`.
    Requires D_index = r*G (the caller's witness)."""
    n = index_bits(count)
    if not 0 <= index < count:
        raise ValueError(f"index {index} outside 0..{count - 1}")
    bits = [(index >> j) & 1 for j in range(n)]
    rs, avals, ss, ts = ([rand_scalar() for _ in range(n)] for _ in range(4))
    rhos = [rand_scalar() for _ in range(n)]
    cls = [commit(bits[j], rs[j]) for j in range(n)]
    for j in range(n):
        tr.point(b"oom.L", cls[j])
        tr.point(b"oom.A", commit(avals[j], ss[j]))
        tr.point(b"oom.B", commit(bits[j] * avals[j], ts[j]))
    # f_{j,1}(x) = l_j x + a_j; f_{j,0}(x) = (1 - l_j) x - a_j
    lin = [([(-avals[j]) % ORDER, 1 - bits[j]], [avals[j], bits[j]]) for j in range(n)]
    polys = _products(n, lin)
    cds = []
    for k in range(n):
        cd = add(combine([p[k] if k < len(p) else 0 for p in polys]), mul(G, rhos[k]))
        tr.point(b"oom.D", cd)
        cds.append(cd)
    return (n, bits, rs, avals, ss, ts, rhos, r, cls, cds)


def respond(state, x: int) -> list[bytes]:
    """The proof's bytes for the challenge x: CL_j, CD_1..CD_{n-1}, then f_j, za_j, zb_j and zd."""
    n, bits, rs, avals, ss, ts, rhos, r, cls, cds = state
    fs = [(bits[j] * x + avals[j]) % ORDER for j in range(n)]
    za = [(rs[j] * x + ss[j]) % ORDER for j in range(n)]
    zb = [(rs[j] * (x - fs[j]) + ts[j]) % ORDER for j in range(n)]
    zd = (r * pow(x, n, ORDER) - sum(rhos[k] * pow(x, k, ORDER) for k in range(n))) % ORDER
    if any(p is None for p in cls + cds[1:]):  # pragma: no cover - probability about 2^-255
        raise ValueError("a one-out-of-many commitment is the identity")
    out = [enc(p) for p in cls] + [enc(p) for p in cds[1:]]
    return out + [v.to_bytes(32, "big") for v in fs + za + zb + [zd]]


def verify(tr: Transcript, combine, count: int, reader, x: int, where: str) -> None:
    """Read the proof from `reader`, recompute the first message for the challenge x and
    absorb it into `tr` as the prover did; the caller then checks that `tr` gives back x."""
    n = index_bits(count)
    cls = [reader.point(f"{where}.L[{j}]") for j in range(n)]
    cds = [reader.point(f"{where}.D[{k}]") for k in range(1, n)]
    fs = [reader.scalar(f"{where}.f[{j}]") for j in range(n)]
    za = [reader.scalar(f"{where}.za[{j}]") for j in range(n)]
    zb = [reader.scalar(f"{where}.zb[{j}]") for j in range(n)]
    zd = reader.scalar(f"{where}.zd")
    for j in range(n):
        tr.point(b"oom.L", cls[j])
        tr.point(b"oom.A", add(commit(fs[j], za[j]), neg(mul(cls[j], x))))
        tr.point(b"oom.B", add(mul(G, zb[j]), neg(mul(cls[j], x - fs[j]))))
    # prod_j f_{j,i_j}: constant polynomials, f_{j,1} = f_j and f_{j,0} = x - f_j
    weights = [p[0] for p in _products(n, [([(x - fs[j]) % ORDER], [fs[j]]) for j in range(n)])]
    cd0 = add(combine(weights), *[neg(mul(cds[k - 1], pow(x, k, ORDER))) for k in range(1, n)], neg(mul(G, zd)))
    tr.point(b"oom.D", cd0)
    for cd in cds:
        tr.point(b"oom.D", cd)
