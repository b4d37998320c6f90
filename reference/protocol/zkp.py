"""Non-interactive zero-knowledge proof that a published outcome is the selection rule
applied to committed reports (spec/protocol.md 9.6).

Building blocks, all over BLS12-381 G1 (`group`), made non-interactive with one
Fiat-Shamir challenge drawn from a transcript of the whole statement, the group and
generator tags, the range-proof mode and every first message:

* Pedersen commitments `v*H + r*G` to every rate and hurdle, at the fixed point
  scale of `RATE_SCALE_DIGITS` decimals, each in [0, 2^RATE_BITS).
* Schnorr proofs of knowledge of a discrete log to base G (an opening of a
  commitment to a public value), and their two-branch OR composition
  (Cramer-Damgard-Schoenmakers).
* Range proofs in one of two modes: `ipa` (the default), one aggregated
  inner-product range proof over all ranges (`ipa` module, Bulletproofs); or `bits`,
  bit decomposition (a commitment C is split into L bit commitments whose weighted
  sum is C, each proved to hold 0 or 1 by an OR proof), which uses no inner-product
  argument, only special-sound sigma protocols, at a linear size.

The statement (`statement_ranges` lists every range the verifier checks) covers:
both schedules non-negative, bounded and monotone; the private maximum hurdle M
with an OR proof that it equals one of the two hurdles; for a trade at public
index k with public rates (a*, b*): openings of A_k and B_k to them, k
hurdle-feasible, and every other volume j either infeasible (s_j < M) or not
better (q_j s_j <= pi_k - delta_j, delta_j the public tie-break term): for j < k
the second alone (it is implied there), for j > k through a committed bound W_j
that is t_j or M - 1, with one one-out-of-many proof (`oneofmany`) for all of them:
for a hidden p, the bounds before p are t_j and the others M - 1; for no trade: every
volume infeasible. The range widths depend on N and on trade / no trade only, so the
proof's size depends on N, k and trade / no trade only.
"""
from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from decimal import Decimal

from .. import rules
from . import ipa, oneofmany
from .errors import ProofError
from .group import (
    G, GROUP_NAME, H, H_TAG, ORDER, POINT_BYTES, Point, Transcript, add, commit, dec, enc, eq, msm, mul, neg,
    rand_scalar,
)

#: Rates and hurdles are committed as integers in units of 10^-RATE_SCALE_DIGITS
#: percentage points (4 digits: 1e-4 pp, i.e. 0.01 basis point).
RATE_SCALE_DIGITS = 4
RATE_SCALE = 10**RATE_SCALE_DIGITS
#: Every committed rate and hurdle is proved to lie in [0, 2^RATE_BITS): below 104.8576 pp.
RATE_BITS = 20
RATE_MAX = 2**RATE_BITS - 1

PROOF_DOMAIN = b"reposelect/zk-selection/v3"
PROOF_VERSION = 3

_NEG_H = neg(H)


def to_units(value: Decimal) -> int | None:
    """A rate as an integer number of units, or None if it has more than RATE_SCALE_DIGITS decimals."""
    # Exact, from the digits: no context, no rounding (a 28-digit product would round
    # 4.32 + 10^-31 to 4.32 and call it a multiple of the unit).
    sign, digits, exp = value.as_tuple()
    if not isinstance(exp, int):
        return None
    n = int("".join(map(str, digits)) or "0")
    shift = exp + RATE_SCALE_DIGITS
    if shift >= 0:
        n *= 10**shift
    else:
        n, rest = divmod(n, 10**-shift)
        if rest:
            return None
    return -n if sign else n


def from_units(units: int) -> Decimal:
    """A rate in integer units of 10**-RATE_SCALE_DIGITS back to its Decimal."""
    return Decimal(units).scaleb(-RATE_SCALE_DIGITS)


@dataclass(frozen=True)
class Statement:
    """The public statement: everything the auditor knows (all of it is on the log)."""

    session_id: bytes
    grid: tuple[int, ...]
    theta: str
    tie_break: str
    commits_mm: tuple[Point, ...]  # A_1..A_N, then the hurdle commitment
    commits_rm: tuple[Point, ...]  # B_1..B_N, then the hurdle commitment
    trade: bool
    index: int
    a_star: int  # units; 0 when no trade
    b_star: int

    @property
    def n(self) -> int:
        """N, the number of trading grid points."""
        return len(self.grid) - 1

    def points(self) -> dict[str, Point]:
        """The commitments by name (`schedule_keys`): A1..AN and hm (BDmm's), B1..BN and hr (BDrm's)."""
        return dict(zip(schedule_keys("mm", self.n), self.commits_mm)) | dict(zip(schedule_keys("rm", self.n),
                                                                                  self.commits_rm))

    def bind(self, tr: Transcript) -> None:
        """Absorb the whole statement into the transcript."""
        tr.append(b"version", bytes([PROOF_VERSION]))
        tr.append(b"session", self.session_id)
        tr.append(b"params", f"scale={RATE_SCALE_DIGITS};bits={RATE_BITS};theta={self.theta};"
                  f"tie={self.tie_break}".encode())
        tr.append(b"grid", ",".join(map(str, self.grid)).encode())
        for i, p in enumerate(self.commits_mm):
            tr.point(b"mm%d" % i, p)
        for i, p in enumerate(self.commits_rm):
            tr.point(b"rm%d" % i, p)
        tr.append(b"outcome", f"{int(self.trade)};{self.index};{self.a_star};{self.b_star}".encode())

    def check_shape(self) -> None:
        """Raise `proof_malformed` unless the statement is well formed (vector lengths, tie-break, index, rates)."""
        n = self.n
        if n < 1 or len(self.commits_mm) != n + 1 or len(self.commits_rm) != n + 1:
            raise ProofError("proof_malformed", "commitment vectors do not match the grid", "statement")
        if self.tie_break not in rules.TIE_BREAKS:
            raise ProofError("proof_malformed", f"unknown tie_break {self.tie_break!r}", "statement.tie_break")
        if self.trade:
            if not 1 <= self.index <= n:
                raise ProofError("proof_malformed", f"trade index {self.index} outside 1..{n}", "statement.index")
            for name, v in (("a_star", self.a_star), ("b_star", self.b_star)):
                if not 0 <= v <= RATE_MAX:
                    raise ProofError("proof_malformed", f"{name} = {v} outside [0, {RATE_MAX}]", f"statement.{name}")
        elif self.index != 0:
            raise ProofError("proof_malformed", "no trade must have index 0", "statement.index")


def grid_unit(st: Statement) -> int:
    """g = gcd of the grid volumes: joint profits are compared as (q_j / g) * s_j."""
    g = 0
    for q in st.grid:
        g = math.gcd(g, q)
    return g


def ties_to(st: Statement, j: int) -> int:
    """delta_j: 1 if volume j would win a tie against the selected index k, else 0.

    Folding the tie-break into the compared value: k beats j iff pi_k > pi_j, or
    pi_k = pi_j and k wins the tie; i.e. pi_k - pi_j - delta_j >= 0. Since j and k
    are public, delta_j is public (equivalent to comparing (N+1)*pi_j + rank(j)).
    """
    return 1 if rules.prefers(rules.TieBreak(st.tie_break), j, st.index) else 0


def excluded(st: Statement) -> list[int]:
    """The indices 1..N the proof shows are not selected (all but the selected one)."""
    return [j for j in range(1, st.n + 1) if not (st.trade and j == st.index)]


def bounded(st: Statement) -> list[int]:
    """The volumes j > k of a trade: each has a committed bound W_j (spec/protocol.md 9.6.1)."""
    return [j for j in range(st.index + 1, st.n + 1)] if st.trade else []


def better_bound(st: Statement, j: int) -> int:
    """t_j = min(floor((pi_k' - delta_j) / q_j'), RATE_MAX): q_j' s_j <= pi_k' - delta_j iff s_j <= t_j."""
    g = grid_unit(st)
    pi_star = (st.grid[st.index] // g) * (st.b_star - st.a_star)
    return min((pi_star - ties_to(st, j)) // (st.grid[j] // g), RATE_MAX)


def schedule_ranges(role: str, n: int) -> list[tuple[str, list[tuple[int, str]], int, int]]:
    """The ranges of one dealer's own report (spec/protocol.md 9.6.1, item 1: its rates and
    its hurdle): (label, [(coef, key)], const, bits), meaning const + sum(coef * value[key])
    lies in [0, 2^bits). BDmm's rates rise, BDrm's fall; both lie in [0, RATE_MAX], and so
    does the hurdle. The dealer proves them on its commitments (`prove_schedule`)."""
    L = RATE_BITS
    R: list[tuple[str, list[tuple[int, str]], int, int]] = []
    if role == "mm":
        R.append(("a[1]", [(1, "A1")], 0, L))
        for j in range(1, n):
            R.append((f"a[{j + 1}]-a[{j}]", [(1, f"A{j + 1}"), (-1, f"A{j}")], 0, L))
        R.append((f"amax-a[{n}]", [(-1, f"A{n}")], RATE_MAX, L))
        R.append(("h_mm", [(1, "hm")], 0, L))
    else:
        R.append((f"b[{n}]", [(1, f"B{n}")], 0, L))
        for j in range(1, n):
            R.append((f"b[{j}]-b[{j + 1}]", [(1, f"B{j}"), (-1, f"B{j + 1}")], 0, L))
        R.append(("bmax-b[1]", [(-1, "B1")], RATE_MAX, L))
        R.append(("h_rm", [(1, "hr")], 0, L))
    return R


def statement_ranges(st: Statement) -> list[tuple[str, list[tuple[int, str]], int, int]]:
    """The selection's range claims (items 2-4 of spec/protocol.md 9.6.1), in the same form
    as `schedule_ranges`. Prover and verifier share this.

    Bounds (spec/protocol.md 9.6.2): every rate and hurdle is in [0, RATE_MAX] (the
    schedule ranges, proved first), so every spread is in [-RATE_MAX, RATE_MAX] and every
    compared quantity is far below ORDER / 2: a proved range of the value mod ORDER is a
    range of the true integer.
    """
    n, L = st.n, RATE_BITS
    R: list[tuple[str, list[tuple[int, str]], int, int]] = []
    # The maximum hurdle M (M equals one of them: the OR proof).
    R.append(("M-h_mm", [(1, "M"), (-1, "hm")], 0, L))
    R.append(("M-h_rm", [(1, "M"), (-1, "hr")], 0, L))
    if st.trade:
        k = st.index
        R.append((f"s[{k}]-M", [(-1, "M")], st.b_star - st.a_star, L))
        for j in excluded(st):
            if j < k:
                # q_j' < q_k': t_j >= M - 1 always (9.6.1), so "s_j < M or s_j <= t_j" is s_j <= t_j.
                R.append((f"worse[{j}]", [(-1, f"B{j}"), (1, f"A{j}")], better_bound(st, j), L + 1))
            else:
                # W_j is t_j or M - 1 (the one-out-of-many proof): s_j <= W_j says j is not better or infeasible.
                R.append((f"bound[{j}]", [(1, f"W{j}"), (-1, f"B{j}"), (1, f"A{j}")], 0, L + 1))
    else:
        for j in range(1, n + 1):
            R.append((f"infeasible[{j}]", [(1, "M"), (-1, f"B{j}"), (1, f"A{j}")], -1, L + 1))
    return R


def range_claims(st: Statement, ranges: str) -> list[tuple[str, list[tuple[int, str]], int, int]]:
    """The ranges the enclave's proof proves in this mode: in `ipa` mode the selection's
    (`statement_ranges`; each dealer's schedule proof carries its `schedule_ranges`); in
    `bits` mode both dealers' schedule ranges as well, so that the proof stands on
    sigma protocols alone."""
    _check_mode(ranges)
    if ranges == "ipa":
        return statement_ranges(st)
    return schedule_ranges("mm", st.n) + schedule_ranges("rm", st.n) + statement_ranges(st)


def range_items(claims, vals: dict[str, int], blinds: dict[str, int]) -> list[tuple[int, int, int]]:
    """(value, blinding, bits) of each range claim's linear form under the openings; raise
    `statement_false` (with the claim's label) when a value is out of its range."""
    out = []
    for label, terms, const, bits in claims:
        v = const + sum(coef * vals[key] for coef, key in terms)
        r = sum(coef * blinds[key] for coef, key in terms) % ORDER
        if not 0 <= v < 2**bits:
            raise ProofError("statement_false", f"range {label}: value not in [0, 2^{bits})", label)
        out.append((v, r, bits))
    return out


def bind_setup(tr: Transcript, ranges: str) -> None:
    """Absorb the group, the generator tags and the range-proof mode (spec/protocol.md 9.5.3)."""
    from . import ipa
    tr.append(b"setup", f"group={GROUP_NAME};H={H_TAG.decode()};bp={ipa.GEN_TAG.decode()};ranges={ranges}".encode())


# ---------------------------------------------------------------- sigma protocol pieces

def _or_first(p0: Point, p1: Point, which: int, x: int):
    """First message of an OR proof of knowledge of x with p_which = x*G."""
    k = rand_scalar()
    es, zs = rand_scalar(), rand_scalar()
    other = p1 if which == 0 else p0
    t_sim = add(mul(G, zs), mul(other, -es))
    t_real = mul(G, k)
    t0, t1 = (t_real, t_sim) if which == 0 else (t_sim, t_real)
    return (t0, t1), (which, x, k, es, zs)


def _or_respond(secret, e: int) -> tuple[int, int, int]:
    which, x, k, es, zs = secret
    er = (e - es) % ORDER
    zr = (k + er * x) % ORDER
    if which == 0:
        return er, zr, zs
    return es, zs, zr


def _or_recompute(p0: Point, p1: Point, e: int, e0: int, z0: int, z1: int) -> tuple[Point, Point]:
    e1 = (e - e0) % ORDER
    return add(mul(G, z0), mul(p0, -e0)), add(mul(G, z1), mul(p1, -e1))


def _lincomb_point(pts: dict[str, Point], terms, const: int) -> Point:
    return add(mul(H, const), *[mul(pts[key], coef) for coef, key in terms])


def _lincomb_form(pts: dict[str, Point], terms, const: int) -> list[tuple[int, Point]]:
    """The same commitment as a linear form [(coef, point)], for the verifier's single MSM."""
    return [(const, H)] + [(coef, pts[key]) for coef, key in terms]


def _draw(tr: Transcript, label: bytes, where: str) -> int:
    c = tr.challenge(label)
    tr.append(label, c.to_bytes(32, "big"))
    if c == 0:  # pragma: no cover - probability 2^-255
        raise ProofError("proof_invalid", "zero challenge", where)
    return c


def _bound_forms(st: Statement, rho: int) -> tuple[list[int], list[int], list[int]]:
    """The bounds' weights rho^i (i-th volume j > k) and, for each choice p = 0..len(bounded),
    alpha_p = sum_{i<p} rho^i t_{j_i} and beta_p = sum_{i>=p} rho^i, so that
    D_p = sum_i rho^i W_{j_i} - alpha_p H - beta_p (M - H) = sum_{i<p} rho^i (W_{j_i} - t_{j_i} H)
    + sum_{i>=p} rho^i (W_{j_i} - (M - H)): a multiple of G alone when the first p bounds hold
    t_j and the others M - 1 (spec/protocol.md 9.6.1)."""
    js = bounded(st)
    ws, p = [], 1
    for _ in js:
        ws.append(p)
        p = p * rho % ORDER
    alpha, beta = [0], [sum(ws) % ORDER]
    for w, j in zip(ws, js):
        alpha.append((alpha[-1] + w * better_bound(st, j)) % ORDER)
        beta.append((beta[-1] - w) % ORDER)
    return ws, alpha, beta


def _bound_combiner(q: Point, m_minus_h: Point, alpha: list[int], beta: list[int]):
    """sum_p c_p D_p for the one-out-of-many proof (a padded p uses the last choice): three points."""
    last = len(alpha) - 1

    def combine(weights: list[int]) -> Point:
        sw = sa = sb = 0
        for p, c in enumerate(weights):
            p = min(p, last)
            sw, sa, sb = sw + c, sa + c * alpha[p], sb + c * beta[p]
        return msm([q, H, m_minus_h], [sw, -sa, -sb])
    return combine


# ---------------------------------------------------------------- prover

@dataclass
class Witness:
    """Openings the prover knows: values (units) and blindings of every committed key."""

    values: dict[str, int]
    blindings: dict[str, int]


RANGE_MODES = ("ipa", "bits")
DEFAULT_RANGE_MODE = "ipa"


def check_openings(pts: dict[str, Point], vals: dict[str, int], blinds: dict[str, int]) -> None:
    """Raise `statement_false` naming the first commitment its opening does not open. All of
    them at once first: sum_k w_k (v_k H + r_k G - P_k) with random 128-bit weights w_k, one
    multi-scalar multiplication, is the identity when every opening holds and, when one does
    not, except with probability 2^-128; only then is each checked on its own, to name it."""
    keys = list(pts)
    w = [secrets.randbits(128) | 1 for _ in keys]
    points: list[Point] = [H, G]
    total = msm(points + [pts[k] for k in keys],
                [sum(wi * vals[k] for wi, k in zip(w, keys)), sum(wi * blinds[k] for wi, k in zip(w, keys))]
                + [-wi for wi in w])
    if total is None:
        return
    for key in keys:
        if not eq(commit(vals[key], blinds[key]), pts[key]):
            raise ProofError("statement_false", f"witness does not open commitment {key}", key)
    raise ProofError("statement_false", "the openings do not open the commitments", "statement")  # pragma: no cover


def _check_mode(mode: str) -> None:
    if mode not in RANGE_MODES:
        raise ValueError(f"range mode {mode!r} is not one of {RANGE_MODES}")


def prove(st: Statement, wit: Witness, ranges: str = DEFAULT_RANGE_MODE) -> bytes:
    """Produce the proof (bytes). Raises ProofError(statement_false) if the witness does not satisfy it.

    `ranges` = "ipa" (one aggregated inner-product range proof for all ranges, `ipa`) or
    "bits" (bit decomposition, one OR proof per bit); the sigma parts are the same."""
    _check_mode(ranges)
    st.check_shape()
    vals, blinds = dict(wit.values), dict(wit.blindings)
    pts = st.points()
    check_openings(pts, vals, blinds)
    tr = Transcript(PROOF_DOMAIN)
    st.bind(tr)
    bind_setup(tr, ranges)
    # The maximum hurdle.
    hm, hr = vals["hm"], vals["hr"]
    which = 0 if hm >= hr else 1
    vals["M"] = max(hm, hr)
    blinds["M"] = rand_scalar()
    pts["M"] = commit(vals["M"], blinds["M"])
    tr.point(b"M", pts["M"])
    p0, p1 = add(pts["M"], neg(pts["hm"])), add(pts["M"], neg(pts["hr"]))
    x = (blinds["M"] - (blinds["hm"] if which == 0 else blinds["hr"])) % ORDER
    (t0, t1), or_secret = _or_first(p0, p1, which, x)
    tr.point(b"maxOR.t0", t0)
    tr.point(b"maxOR.t1", t1)
    # Openings of the selected rates.
    schnorr = []
    if st.trade:
        k = st.index
        for key, pub in ((f"A{k}", st.a_star), (f"B{k}", st.b_star)):
            if vals[key] != pub:
                raise ProofError("statement_false", f"{key} does not hold the published rate", key)
            kk = rand_scalar()
            tr.point(f"open.{key}".encode(), mul(G, kk))
            schnorr.append((kk, blinds[key]))
    # Bounds W_j (j > k): t_j while j is feasible, M - 1 from the first infeasible j on (the
    # feasible volumes are a prefix: spreads are non-increasing); one one-out-of-many proof
    # says that for some hidden p the first p bounds are t_j and the others M - 1.
    js = bounded(st)
    choice = None
    for i, j in enumerate(js):
        if vals[f"B{j}"] - vals[f"A{j}"] >= vals["M"]:
            if choice is not None:
                raise ProofError("statement_false", "a feasible volume follows an infeasible one (a schedule is "
                                 "not monotone)", f"B{j}")
            w = better_bound(st, j)
        else:
            choice = i if choice is None else choice
            w = vals["M"] - 1
        r = rand_scalar()
        vals[f"W{j}"], blinds[f"W{j}"] = w, r
        pts[f"W{j}"] = commit(w, r)
        tr.point(b"bound%d.W" % j, pts[f"W{j}"])
    bound_state = None
    if js:
        choice = len(js) if choice is None else choice
        ws, alpha, beta = _bound_forms(st, _draw(tr, b"bounds.rho", "proof.bounds"))
        q = msm([pts[f"W{j}"] for j in js], ws)
        witness = sum(w * (blinds[f"W{j}"] - (blinds["M"] if i >= choice else 0))
                      for i, (w, j) in enumerate(zip(ws, js))) % ORDER
        bound_state = oneofmany.prove_first(tr, _bound_combiner(q, add(pts["M"], _NEG_H), alpha, beta),
                                            len(js) + 1, choice, witness)
    # Range proofs.
    claims = range_claims(st, ranges)
    items_ = range_items(claims, vals, blinds)
    range_proofs = [_bits_first(tr, idx, label, v, r, bits)
                    for idx, ((label, _, _, bits), (v, r, _)) in enumerate(zip(claims, items_))] if ranges == "bits" else []
    e = tr.challenge(b"e")
    # Responses, serialised in a fixed order.
    out = [e.to_bytes(32, "big"), enc(pts["M"])]
    out += [z.to_bytes(32, "big") for z in _or_respond(or_secret, e)]
    for kk, xr in schnorr:
        out.append(((kk + e * xr) % ORDER).to_bytes(32, "big"))
    out += [enc(pts[f"W{j}"]) for j in js]
    if bound_state is not None:
        out += oneofmany.respond(bound_state, e)
    for items in range_proofs:
        for c, sec in items:
            out.append(enc(c))
            out += [z.to_bytes(32, "big") for z in _or_respond(sec, e)]
    if ranges == "ipa":
        # Each range commitment is a public linear form in points already bound (statement, M, W_j).
        tr.append(b"e", e.to_bytes(32, "big"))
        out.append(ipa.prove(tr, items_))
    return b"".join(out)


def _bits_first(tr: Transcript, idx: int, label: str, v: int, r: int, bits: int) -> list:
    """`bits` mode, one range: bit commitments whose weighted sum is the range's commitment
    (blinding r), each with the first message of its 0-or-1 OR proof, into the transcript."""
    tr.append(b"range", f"{idx}:{label}:{bits}".encode())
    rs = [rand_scalar() for _ in range(bits - 1)]
    partial = sum((1 << i) * ri for i, ri in enumerate(rs)) % ORDER
    rs.append(((r - partial) * pow(1 << (bits - 1), -1, ORDER)) % ORDER)
    items = []
    for i in range(bits):
        b = (v >> i) & 1
        c = commit(b, rs[i])
        (u0, u1), sec = _or_first(c, add(c, _NEG_H), b, rs[i])
        tr.point(b"C", c)
        tr.point(b"t0", u0)
        tr.point(b"t1", u1)
        items.append((c, sec))
    return items


# ---------------------------------------------------------------- verifier

class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, n: int, where: str) -> bytes:
        if self.pos + n > len(self.data):
            raise ProofError("proof_malformed", "proof is truncated", where)
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def scalar(self, where: str) -> int:
        x = int.from_bytes(self.take(32, where), "big")
        if x >= ORDER:
            raise ProofError("proof_malformed", "scalar not reduced mod the group order", where)
        return x

    def point(self, where: str) -> Point:
        p = dec(self.take(POINT_BYTES, where), where)
        if p is None:
            raise ProofError("proof_malformed", "a proof point is the identity", where)
        return p


def proof_size(st: Statement, ranges: str = DEFAULT_RANGE_MODE) -> int:
    """The exact size in bytes of a proof for this statement (it depends on public data only)."""
    _check_mode(ranges)
    size = 32 + POINT_BYTES + 96
    if st.trade:
        js = bounded(st)
        size += 64 + len(js) * POINT_BYTES + (oneofmany.proof_size(len(js) + 1) if js else 0)
    widths = [bits for _, _, _, bits in range_claims(st, ranges)]
    if ranges == "bits":
        return size + sum(widths) * (POINT_BYTES + 96)
    return size + ipa.proof_size(widths)


def verify(st: Statement, proof: bytes, ranges: str = DEFAULT_RANGE_MODE) -> dict:
    """Verify; return a summary of what was checked. Raise ProofError on any failure."""
    _check_mode(ranges)
    st.check_shape()
    size = proof_size(st, ranges)
    if len(proof) != size:
        raise ProofError("proof_malformed", f"proof is {len(proof)} bytes, the statement needs {size}", "proof")
    rd = _Reader(proof)
    pts = st.points()
    tr = Transcript(PROOF_DOMAIN)
    st.bind(tr)
    bind_setup(tr, ranges)
    e = rd.scalar("proof.e")
    pts["M"] = rd.point("proof.M")
    tr.point(b"M", pts["M"])
    e0, z0, z1 = (rd.scalar(f"proof.maxOR[{i}]") for i in range(3))
    p0, p1 = add(pts["M"], neg(pts["hm"])), add(pts["M"], neg(pts["hr"]))
    t0, t1 = _or_recompute(p0, p1, e, e0, z0, z1)
    tr.point(b"maxOR.t0", t0)
    tr.point(b"maxOR.t1", t1)
    if st.trade:
        k = st.index
        for key, pub in ((f"A{k}", st.a_star), (f"B{k}", st.b_star)):
            z = rd.scalar(f"proof.open.{key}")
            p = add(pts[key], mul(H, -pub))
            tr.point(f"open.{key}".encode(), add(mul(G, z), mul(p, -e)))
        js = bounded(st)
        for j in js:
            pts[f"W{j}"] = rd.point(f"proof.bound[{j}].W")
            tr.point(b"bound%d.W" % j, pts[f"W{j}"])
        if js:
            ws, alpha, beta = _bound_forms(st, _draw(tr, b"bounds.rho", "proof.bounds"))
            q = msm([pts[f"W{j}"] for j in js], ws)
            oneofmany.verify(tr, _bound_combiner(q, add(pts["M"], _NEG_H), alpha, beta), len(js) + 1, rd, e,
                             "proof.bounds")
    range_list = range_claims(st, ranges)
    nbits = 0
    targets = []
    for idx, (label, terms, const, bits) in enumerate(range_list):
        nbits += bits
        if ranges != "bits":
            targets.append(_lincomb_form(pts, terms, const))
            continue
        target = _lincomb_point(pts, terms, const)
        tr.append(b"range", f"{idx}:{label}:{bits}".encode())
        cs = []
        for i in range(bits):
            c = rd.point(f"proof.range[{label}].C[{i}]")
            e0, z0, z1 = (rd.scalar(f"proof.range[{label}][{i}]") for _ in range(3))
            u0, u1 = _or_recompute(c, add(c, _NEG_H), e, e0, z0, z1)
            tr.point(b"C", c)
            tr.point(b"t0", u0)
            tr.point(b"t1", u1)
            cs.append(c)
        acc = cs[-1]
        for c in reversed(cs[:-1]):
            acc = add(acc, acc, c)
        if not eq(acc, target):
            raise ProofError("proof_invalid", f"range {label}: bit commitments do not sum to the claimed commitment",
                             f"proof.range[{label}]")
    if tr.challenge(b"e") != e:
        raise ProofError("proof_invalid", "Fiat-Shamir challenge does not match the transcript "
                         "(a response, commitment or the statement was altered)", "proof.e")
    if ranges == "ipa":
        tr.append(b"e", e.to_bytes(32, "big"))
        ipa.verify(tr, targets, [r[3] for r in range_list], proof, rd)
    return {"ranges": len(range_list), "bit_proofs": nbits if ranges == "bits" else 0, "range_bits": nbits,
            "range_mode": ranges, "bounds": len(bounded(st)), "bytes": len(proof)}


# ---------------------------------------------------------------- a dealer's schedule proof

SCHEDULE_DOMAIN = b"reposelect/zk-schedule/v1"
SCHEDULE_VERSION = 1


def schedule_keys(role: str, n: int) -> list[str]:
    """The names of one dealer's N + 1 commitments, in their order on the log: its rates, then its hurdle."""
    if role == "mm":
        return [f"A{j}" for j in range(1, n + 1)] + ["hm"]
    return [f"B{j}" for j in range(1, n + 1)] + ["hr"]


def _bind_schedule(tr: Transcript, session_id: bytes, role: str, grid, commitments) -> None:
    tr.append(b"version", bytes([SCHEDULE_VERSION]))
    tr.append(b"session", session_id)
    tr.append(b"role", str(role).encode())
    tr.append(b"params", f"scale={RATE_SCALE_DIGITS};bits={RATE_BITS}".encode())
    tr.append(b"grid", ",".join(map(str, grid)).encode())
    for i, p in enumerate(commitments):
        tr.point(b"c%d" % i, p)
    bind_setup(tr, "ipa")


def _schedule_shape(role: str, grid, commitments) -> int:
    n = len(grid) - 1
    if role not in ("mm", "rm"):
        raise ProofError("proof_malformed", f"unknown role {role!r}", "statement.role")
    if n < 1 or len(commitments) != n + 1:
        raise ProofError("proof_malformed", "commitment vector does not match the grid", "statement")
    return n


def schedule_proof_size(n: int) -> int:
    """The size in bytes of a schedule proof for N trading points (either role)."""
    return ipa.proof_size([bits for _, _, _, bits in schedule_ranges("mm", n)])


def prove_schedule(session_id: bytes, role: str, grid, commitments, values: list[int], blindings: list[int]) -> bytes:
    """A dealer's proof that its commitments (rates, then hurdle) hold a schedule of its role
    that is monotone within [0, RATE_MAX] and a hurdle in [0, RATE_MAX] (spec/protocol.md
    9.6.1): one aggregated inner-product range proof, bound to the session, role and grid.
    Raises ProofError(statement_false) if the openings do not satisfy it."""
    n = _schedule_shape(role, grid, commitments)
    keys = schedule_keys(role, n)
    vals, blinds = dict(zip(keys, values)), dict(zip(keys, blindings))
    check_openings(dict(zip(keys, commitments)), vals, blinds)
    tr = Transcript(SCHEDULE_DOMAIN)
    _bind_schedule(tr, session_id, role, grid, commitments)
    return ipa.prove(tr, range_items(schedule_ranges(role, n), vals, blinds))


def verify_schedule(session_id: bytes, role: str, grid, commitments, proof: bytes) -> dict:
    """Verify a dealer's schedule proof against its commitments; return a summary. Raise
    ProofError (`proof_malformed` with the component's path, or `proof_invalid`)."""
    n = _schedule_shape(role, grid, commitments)
    claims = schedule_ranges(role, n)
    size = schedule_proof_size(n)
    if len(proof) != size:
        raise ProofError("proof_malformed", f"schedule proof is {len(proof)} bytes, N = {n} needs {size}", "proof")
    pts = dict(zip(schedule_keys(role, n), commitments))
    tr = Transcript(SCHEDULE_DOMAIN)
    _bind_schedule(tr, session_id, role, grid, commitments)
    widths = [bits for _, _, _, bits in claims]
    ipa.verify(tr, [_lincomb_form(pts, terms, const) for _, terms, const, _ in claims], widths, proof, _Reader(proof))
    return {"ranges": len(claims), "range_bits": sum(widths), "bytes": len(proof)}
