"""Aggregated inner-product range proof (Bulletproofs, Buenz et al. 2018, sections 4.2-4.3)
for ranges of different widths (spec/protocol.md 9.6.4, the `ipa` range mode).

Proves that each of m commitments V_j = v_j*H + gamma_j*G (value base H, blinding base
G, as in `group`) holds v_j in [0, 2^{n_j}). The bits of all ranges are laid end to
end in one vector of length K (the next power of two; padding positions are zero bits
with weight 0), range j weighted by z^{2+j}; then the logarithmic inner-product
argument. Proof size: 4 points, 3 scalars, 2*log2(K) points, 2 scalars.

Every point operation is a library call (`group`). The prover computes A and S and
each round's L and R by multi-scalar multiplications; for the first `_MSM_ROUNDS`
rounds it does not fold the generators at all but writes each folded generator as
its combination of the original ones (an MSM over all K originals per L and R), then
materialises the folded generators (one small MSM each) and folds them directly for
the remaining rounds, which are short. The verifier checks the whole argument, the
t(x) equation included, as one multi-scalar multiplication (the two equations
combined with a transcript-derived weight).
"""
from __future__ import annotations

from .errors import ProofError
from .group import G, H, ORDER, POINT_BYTES, Point, Transcript, add, enc, hash_to_curve, msm, mul, neg, rand_scalar

#: Tag prefix of the vector generators g_i, h_i and of u (bound into the transcript).
GEN_TAG = b"reposelect/bp/v2/"
U = hash_to_curve(GEN_TAG + b"u")
_GENS: dict[str, list] = {"g": [], "h": []}
#: Rounds computed over the original generators before the folded ones are materialised.
_MSM_ROUNDS = 4


def generators(k: int) -> tuple[list, list]:
    """g_0..g_{k-1}, h_0..h_{k-1}: independent points, hash_to_curve of fixed tags (cached)."""
    for name in ("g", "h"):
        lst = _GENS[name]
        while len(lst) < k:
            lst.append(hash_to_curve(GEN_TAG + name.encode() + b"/" + len(lst).to_bytes(4, "big")))
    return _GENS["g"][:k], _GENS["h"][:k]


def padded_length(widths: list[int]) -> int:
    """K: the total bit width of the ranges, rounded up to a power of two."""
    t = max(sum(widths), 1)
    k = 1
    while k < t:
        k *= 2
    return k


def proof_size(widths: list[int]) -> int:
    """The size in bytes of an aggregated range proof over ranges of these bit widths."""
    k = padded_length(widths)
    return 4 * POINT_BYTES + 3 * 32 + 2 * (k.bit_length() - 1) * POINT_BYTES + 2 * 32


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
    if c == 0:  # pragma: no cover - probability 2^-255
        raise ProofError("proof_invalid", "zero challenge", "proof.ipa")
    return c


def _bind_setup(tr: Transcript, widths: list[int]) -> None:
    tr.append(b"bp.setup", GEN_TAG + b";widths=" + ",".join(map(str, widths)).encode())


def prove(tr: Transcript, items: list[tuple[int, int, int]]) -> bytes:
    """items: (value, blinding, width). The caller has bound every V_j (or what determines it) into `tr`."""
    widths = [n for _, _, n in items]
    k = padded_length(widths)
    g, h = generators(k)
    _bind_setup(tr, widths)
    a_l = []
    for v, _, n in items:
        if not 0 <= v < 2**n:
            raise ProofError("statement_false", f"value not in [0, 2^{n})", "proof.ipa")
        a_l += [(v >> i) & 1 for i in range(n)]
    a_l += [0] * (k - len(a_l))
    alpha, rho = rand_scalar(), rand_scalar()
    ones = [g[i] for i in range(k) if a_l[i]]
    zeros = [h[i] for i in range(k) if not a_l[i]]
    big_a = add(mul(G, alpha), msm(ones, [1] * len(ones)), neg(msm(zeros, [1] * len(zeros))))
    s_l = [rand_scalar() for _ in range(k)]
    s_r = [rand_scalar() for _ in range(k)]
    big_s = msm([G] + g + h, [rho] + s_l + s_r)
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
    out = [enc(p) for p in (big_a, big_s, t1p, t2p)] + [sc.to_bytes(32, "big") for sc in (that, taux, mu)]
    out += _inner_product(tr, g, h, pow(y, -1, ORDER), u, lv, rv)
    return b"".join(out)


def _inner_product(tr: Transcript, g: list, h: list, yinv: int, u: Point, a: list[int], b: list[int]) -> list[bytes]:
    """The inner-product argument for <a, b> on generators g and h' = y^{-i} h_i, and u.

    Folding (each round, challenge x): g' = x^{-1} g_lo + x g_hi, h' = x h_lo + x^{-1} h_hi,
    a' = x a_lo + x^{-1} a_hi, b' = x^{-1} b_lo + x b_hi."""
    k, n = len(a), len(a)
    out: list[bytes] = []
    # Phase 1: the current generators are sum over t = i (mod n) of cg[t] g[t] (resp. ch[t] h[t]).
    cg, ch = [1] * k, _powers(yinv, k)
    rounds = 0
    while n > 1 and rounds < _MSM_ROUNDS and n > 32:
        n2 = n // 2
        # Originals at a lo position (t mod n < n/2) enter R's g part and L's h part; hi ones the others.
        lo = [t for t in range(k) if t % n < n2]
        hi = [t for t in range(k) if t % n >= n2]
        cl = sum(a[i] * b[n2 + i] for i in range(n2)) % ORDER
        cr = sum(a[n2 + i] * b[i] for i in range(n2)) % ORDER
        lp = msm([g[t] for t in hi] + [h[t] for t in lo] + [u],
                 [a[t % n - n2] * cg[t] for t in hi] + [b[t % n + n2] * ch[t] for t in lo] + [cl])
        rp = msm([g[t] for t in lo] + [h[t] for t in hi] + [u],
                 [a[t % n + n2] * cg[t] for t in lo] + [b[t % n - n2] * ch[t] for t in hi] + [cr])
        xr, xi = _round(tr, lp, rp, out)
        for t in range(k):
            if t % n < n2:
                cg[t], ch[t] = cg[t] * xi % ORDER, ch[t] * xr % ORDER
            else:
                cg[t], ch[t] = cg[t] * xr % ORDER, ch[t] * xi % ORDER
        a = [(a[i] * xr + a[n2 + i] * xi) % ORDER for i in range(n2)]
        b = [(b[i] * xi + b[n2 + i] * xr) % ORDER for i in range(n2)]
        n, rounds = n2, rounds + 1
    # Materialise the n current generators (one MSM of k/n points each); from here they
    # are kept as (scalar, point) pairs, gs = gc * gp, so a fold costs one multiplication.
    if rounds:
        gp = [msm(g[i::n], cg[i::n]) for i in range(n)]
        hp = [msm(h[i::n], ch[i::n]) for i in range(n)]
        gc, hc = [1] * n, [1] * n
    else:
        gp, hp, gc, hc = list(g), list(h), cg, ch
    while n > 1:
        n2 = n // 2
        cl = sum(a[i] * b[n2 + i] for i in range(n2)) % ORDER
        cr = sum(a[n2 + i] * b[i] for i in range(n2)) % ORDER
        lp = msm(gp[n2:] + hp[:n2] + [u], [a[i] * gc[n2 + i] for i in range(n2)]
                 + [b[n2 + i] * hc[i] for i in range(n2)] + [cl])
        rp = msm(gp[:n2] + hp[n2:] + [u], [a[n2 + i] * gc[i] for i in range(n2)]
                 + [b[i] * hc[n2 + i] for i in range(n2)] + [cr])
        xr, xi = _round(tr, lp, rp, out)
        x2, xi2 = xr * xr % ORDER, xi * xi % ORDER
        # x^{-1} gc_i gp_i + x gc_j gp_j = (x^{-1} gc_i) (gp_i + (x^2 gc_j / gc_i) gp_j); likewise for h.
        gp = [add(gp[i], mul(gp[n2 + i], x2 * gc[n2 + i] * pow(gc[i], -1, ORDER))) for i in range(n2)]
        gc = [gc[i] * xi % ORDER for i in range(n2)]
        hp = [add(hp[i], mul(hp[n2 + i], xi2 * hc[n2 + i] * pow(hc[i], -1, ORDER))) for i in range(n2)]
        hc = [hc[i] * xr % ORDER for i in range(n2)]
        a = [(a[i] * xr + a[n2 + i] * xi) % ORDER for i in range(n2)]
        b = [(b[i] * xi + b[n2 + i] * xr) % ORDER for i in range(n2)]
        n = n2
    return out + [a[0].to_bytes(32, "big"), b[0].to_bytes(32, "big")]


def _round(tr: Transcript, lp: Point, rp: Point, out: list[bytes]) -> tuple[int, int]:
    if lp is None or rp is None:  # pragma: no cover - probability 2^-255 for honest random blindings
        raise ProofError("proof_invalid", "an inner-product round point is the identity", "proof.ipa")
    tr.point(b"bp.L", lp)
    tr.point(b"bp.R", rp)
    out += [enc(lp), enc(rp)]
    xr = _draw(tr, b"bp.xr")
    return xr, pow(xr, -1, ORDER)


def _as_form(v) -> list[tuple[int, Point]]:
    """A target commitment as a linear form [(coef, point)]; a bare point is [(1, point)]."""
    return v if isinstance(v, list) else [(1, v)]


def verify(tr: Transcript, commitments: list, widths: list[int], proof: bytes, reader) -> None:
    """Verify against V_j = commitments[j] (a point, or a linear form [(coef, point)] that the
    verifier need not evaluate); `reader` is the caller's proof reader positioned at this part
    (it checks points and scalars). Raise ProofError on failure."""
    k = padded_length(widths)
    g, h = generators(k)
    _bind_setup(tr, widths)
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
    tr.append(b"bp.ab", a.to_bytes(32, "big") + b.to_bytes(32, "big"))
    rho = _draw(tr, b"bp.batch")
    yk = _powers(y, k)
    w, zs = _weights(widths, z, k)
    sum_y = sum(yk) % ORDER
    delta = ((z - z * z) * sum_y - z * sum(w)) % ORDER
    s = [1]
    for xr in xs:
        xi = pow(xr, -1, ORDER)
        s = [v for sv in s for v in (sv * xi % ORDER, sv * xr % ORDER)]
    yinv = _powers(pow(y, -1, ORDER), k)
    # (1) t_hat = t(x):  (t_hat - delta) H + taux G - sum z^{2+j} V_j - x T1 - x^2 T2 = 0
    # (2) the inner-product argument:
    #     A + x S - mu G + (t_hat - a b) x_u U + sum g_i (-z - a s_i)
    #     + sum h_i (z + (w_i - b s_{k-1-i}) y^{-i}) + sum (x_r^2 L_r + x_r^{-2} R_r) = 0
    # Checked together as (2) + rho (1) in one multi-scalar multiplication.
    pts = [H, G, t1p, t2p, big_a, big_s, U]
    scs = [rho * (that - delta), rho * taux - mu, -rho * x, -rho * x * x, 1, x, (that - a * b) * xu]
    for zj, v in zip(zs, commitments):
        for coef, p in _as_form(v):
            pts.append(p)
            scs.append(-rho * zj * coef)
    pts += g
    scs += [-z - a * s[i] for i in range(k)]
    pts += h
    scs += [z + (w[i] - b * s[k - 1 - i]) * yinv[i] for i in range(k)]
    for xr, lp, rp in zip(xs, ls, rs):
        pts += [lp, rp]
        scs += [xr * xr, pow(xr, -2, ORDER)]
    if msm(pts, scs) is not None:
        raise ProofError("proof_invalid", "inner-product range proof does not verify (a range value is out of "
                         "range, t(x) does not match the commitments, or the proof was altered)", "proof.ipa")
