"""Aggregated inner-product range proof (Bulletproofs, Buenz et al. 2018, sections 4.2-4.3)
for ranges of different widths (spec/protocol.md 9.6.4, the `ipa` range mode).

Proves that each of m commitments V_j = v_j*H + gamma_j*G (value base H, blinding base
G, as in `group`) holds v_j in [0, 2^{n_j}). The bits of all ranges are laid end to
end in one vector of length K (the next power of two; padding positions are zero bits
with weight 0), range j weighted by z^{2+j}; then the logarithmic inner-product
argument. Proof size: 4 points, 3 scalars, 2*log2(K) points, 2 scalars.

Every point operation is a coincurve call (`group.mul`, `group.add`). The library has
no multi-scalar multiplication, so the prover pays about 7*K and the verifier about
2*K single scalar multiplications: this trades time for size.
"""
from __future__ import annotations

from .errors import ProofError
from .group import G, H, ORDER, Point, Transcript, add, enc, hash_to_curve, mul, neg, rand_scalar

_GENS: dict[str, list] = {"g": [], "h": []}
U = hash_to_curve(b"reposelect/bp/u/v1")


def generators(k: int) -> tuple[list, list]:
    """g_0..g_{k-1}, h_0..h_{k-1}: independent points by try-and-increment on fixed tags."""
    for name in ("g", "h"):
        lst = _GENS[name]
        while len(lst) < k:
            lst.append(hash_to_curve(f"reposelect/bp/{name}/v1/".encode() + len(lst).to_bytes(4, "big")))
    return _GENS["g"][:k], _GENS["h"][:k]


def padded_length(widths: list[int]) -> int:
    t = max(sum(widths), 1)
    k = 1
    while k < t:
        k *= 2
    return k


def proof_size(widths: list[int]) -> int:
    k = padded_length(widths)
    return 4 * 33 + 3 * 32 + 2 * (k.bit_length() - 1) * 33 + 2 * 32


def _weights(widths: list[int], z: int, k: int) -> tuple[list[int], list[int]]:
    """w_i = z^{2+j} 2^{i - offset_j} inside range j's segment, 0 on padding; and z^{2+j} per range."""
    w, zs = [0] * k, []
    zp, pos = z * z % ORDER, 0
    for n in widths:
        zs.append(zp)
        for i in range(n):
            w[pos + i] = zp * (1 << i) % ORDER
        pos += n
        zp = zp * z % ORDER
    return w, zs


def _powers(y: int, k: int) -> list[int]:
    out, p = [], 1
    for _ in range(k):
        out.append(p)
        p = p * y % ORDER
    return out


def _draw(tr: Transcript, label: bytes) -> int:
    c = tr.challenge(label)
    tr.append(label, c.to_bytes(32, "big"))
    if c == 0:  # pragma: no cover - probability 2^-256
        raise ProofError("proof_invalid", "zero challenge", "proof.ipa")
    return c


def prove(tr: Transcript, items: list[tuple[int, int, int]]) -> bytes:
    """items: (value, blinding, width). The caller has bound every V_j into `tr`."""
    widths = [n for _, _, n in items]
    k = padded_length(widths)
    g, h = generators(k)
    a_l = []
    for v, _, n in items:
        if not 0 <= v < 2**n:
            raise ProofError("statement_false", f"value not in [0, 2^{n})", "proof.ipa")
        a_l += [(v >> i) & 1 for i in range(n)]
    a_l += [0] * (k - len(a_l))
    alpha, rho = rand_scalar(), rand_scalar()
    big_a = add(mul(G, alpha), *[g[i] for i in range(k) if a_l[i]],
                neg(add(*[h[i] for i in range(k) if not a_l[i]])))
    s_l = [rand_scalar() for _ in range(k)]
    s_r = [rand_scalar() for _ in range(k)]
    big_s = add(mul(G, rho), *[mul(g[i], s_l[i]) for i in range(k)], *[mul(h[i], s_r[i]) for i in range(k)])
    tr.point(b"bp.A", big_a)
    tr.point(b"bp.S", big_s)
    y, z = _draw(tr, b"bp.y"), _draw(tr, b"bp.z")
    yk = _powers(y, k)
    w, zs = _weights(widths, z, k)
    l0 = [(a - z) % ORDER for a in a_l]
    r0 = [(yk[i] * (a_l[i] - 1 + z) + w[i]) % ORDER for i in range(k)]
    r1 = [yk[i] * s_r[i] % ORDER for i in range(k)]
    t1 = (sum(l0[i] * r1[i] for i in range(k)) + sum(s_l[i] * r0[i] for i in range(k))) % ORDER
    t2 = sum(s_l[i] * r1[i] for i in range(k)) % ORDER
    tau1, tau2 = rand_scalar(), rand_scalar()
    t1p, t2p = add(mul(H, t1), mul(G, tau1)), add(mul(H, t2), mul(G, tau2))
    tr.point(b"bp.T1", t1p)
    tr.point(b"bp.T2", t2p)
    x = _draw(tr, b"bp.x")
    lv = [(l0[i] + s_l[i] * x) % ORDER for i in range(k)]
    rv = [(r0[i] + r1[i] * x) % ORDER for i in range(k)]
    that = sum(lv[i] * rv[i] for i in range(k)) % ORDER
    taux = (tau2 * x * x + tau1 * x + sum(zj * gam for zj, (_, gam, _) in zip(zs, items))) % ORDER
    mu = (alpha + rho * x) % ORDER
    for lab, s in ((b"bp.t", that), (b"bp.taux", taux), (b"bp.mu", mu)):
        tr.append(lab, s.to_bytes(32, "big"))
    xu = _draw(tr, b"bp.xu")
    u = mul(U, xu)
    # Generators are kept as (scalar, point) pairs: g_i = gc[i] * gs[i], h'_i = hc[i] * hs[i].
    # h'_i = y^{-i} h_i starts as a scalar, and folding multiplies only the right half's point:
    # x^{-1} g_i + x g_j = (x^{-1} gc_i) * (gs_i + (x^2 gc_j / gc_i) gs_j), likewise for h.
    gs, gc = list(g), [1] * k
    hs, hc = list(h), _powers(pow(y, -1, ORDER), k)
    out = [enc(big_a), enc(big_s), enc(t1p), enc(t2p)] + [sc.to_bytes(32, "big") for sc in (that, taux, mu)]
    a, b, n = lv, rv, k
    while n > 1:
        n2 = n // 2
        cl = sum(a[i] * b[n2 + i] for i in range(n2)) % ORDER
        cr = sum(a[n2 + i] * b[i] for i in range(n2)) % ORDER
        lp = add(*[mul(gs[n2 + i], a[i] * gc[n2 + i]) for i in range(n2)],
                 *[mul(hs[i], b[n2 + i] * hc[i]) for i in range(n2)], mul(u, cl))
        rp = add(*[mul(gs[i], a[n2 + i] * gc[i]) for i in range(n2)],
                 *[mul(hs[n2 + i], b[i] * hc[n2 + i]) for i in range(n2)], mul(u, cr))
        tr.point(b"bp.L", lp)
        tr.point(b"bp.R", rp)
        out += [enc(lp), enc(rp)]
        xr = _draw(tr, b"bp.xr")
        xi = pow(xr, -1, ORDER)
        x2, xi2 = xr * xr % ORDER, xi * xi % ORDER
        gs = [add(gs[i], mul(gs[n2 + i], x2 * gc[n2 + i] * pow(gc[i], -1, ORDER))) for i in range(n2)]
        gc = [gc[i] * xi % ORDER for i in range(n2)]
        hs = [add(hs[i], mul(hs[n2 + i], xi2 * hc[n2 + i] * pow(hc[i], -1, ORDER))) for i in range(n2)]
        hc = [hc[i] * xr % ORDER for i in range(n2)]
        a = [(a[i] * xr + a[n2 + i] * xi) % ORDER for i in range(n2)]
        b = [(b[i] * xi + b[n2 + i] * xr) % ORDER for i in range(n2)]
        n = n2
    out += [a[0].to_bytes(32, "big"), b[0].to_bytes(32, "big")]
    return b"".join(out)


def verify(tr: Transcript, commitments: list[Point], widths: list[int], proof: bytes, reader) -> None:
    """Verify against V_j = commitments[j]; `reader` is the caller's proof reader positioned
    at this part (it checks points and scalars). Raise ProofError on failure."""
    k = padded_length(widths)
    g, h = generators(k)
    big_a, big_s = reader.point("proof.ipa.A"), reader.point("proof.ipa.S")
    tr.point(b"bp.A", big_a)
    tr.point(b"bp.S", big_s)
    y, z = _draw(tr, b"bp.y"), _draw(tr, b"bp.z")
    t1p, t2p = reader.point("proof.ipa.T1"), reader.point("proof.ipa.T2")
    tr.point(b"bp.T1", t1p)
    tr.point(b"bp.T2", t2p)
    x = _draw(tr, b"bp.x")
    that, taux, mu = (reader.scalar(f"proof.ipa.{n}") for n in ("t", "taux", "mu"))
    for lab, s in ((b"bp.t", that), (b"bp.taux", taux), (b"bp.mu", mu)):
        tr.append(lab, s.to_bytes(32, "big"))
    xu = _draw(tr, b"bp.xu")
    rounds = k.bit_length() - 1
    ls, rs, xs = [], [], []
    for r in range(rounds):
        lp, rp = reader.point(f"proof.ipa.L[{r}]"), reader.point(f"proof.ipa.R[{r}]")
        tr.point(b"bp.L", lp)
        tr.point(b"bp.R", rp)
        ls.append(lp)
        rs.append(rp)
        xs.append(_draw(tr, b"bp.xr"))
    a, b = reader.scalar("proof.ipa.a"), reader.scalar("proof.ipa.b")
    yk = _powers(y, k)
    w, zs = _weights(widths, z, k)
    sum_y = sum(yk) % ORDER
    delta = ((z - z * z) * sum_y - z * sum(w)) % ORDER
    # t_hat = t(x): t_hat*H + taux*G == sum z^{2+j} V_j + delta*H + x*T1 + x^2*T2
    check1 = add(mul(H, that - delta), mul(G, taux), *[mul(v, -zj) for v, zj in zip(commitments, zs)],
                 mul(t1p, -x), mul(t2p, -x * x))
    if check1 is not None:
        raise ProofError("proof_invalid", "inner-product range proof: t(x) does not match the commitments "
                         "(a range value is out of range or the proof was altered)", "proof.ipa.t")
    s = [1]
    for xr in xs:
        xi = pow(xr, -1, ORDER)
        s = [v for sv in s for v in (sv * xi % ORDER, sv * xr % ORDER)]
    yinv = _powers(pow(y, -1, ORDER), k)
    terms = [big_a, mul(big_s, x), mul(G, -mu), mul(U, (that - a * b) * xu)]
    terms += [mul(g[i], -z - a * s[i]) for i in range(k)]
    terms += [mul(h[i], z + (w[i] - b * s[k - 1 - i]) * yinv[i]) for i in range(k)]
    for xr, lp, rp in zip(xs, ls, rs):
        terms += [mul(lp, xr * xr), mul(rp, pow(xr, -2, ORDER))]
    if add(*terms) is not None:
        raise ProofError("proof_invalid", "inner-product argument does not verify", "proof.ipa")
