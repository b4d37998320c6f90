"""The zero-knowledge selection proof (spec/protocol.md 9.6): completeness against the
reference rule, soundness on every wrong outcome, rejection of forged or altered proofs."""
import json
import random
from pathlib import Path

import pytest

from protocol_helpers import statement_and_witness
from reposelect.reference.protocol import zkp
from reposelect.reference.protocol.errors import ProofError, ProtocolError
from reposelect.reference.protocol.group import (
    G, H, H_TAG, ORDER, POINT_BYTES, add, commit, dec, enc, eq, hash_to_curve, msm, mul, neg,
)
from reposelect.reference.errors import ReposelectError


def small_case(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 4)
    a = sorted(rnd.randrange(0, 6) for _ in range(n))
    b = sorted((rnd.randrange(0, 9) for _ in range(n)), reverse=True)
    grid = [0] + sorted(rnd.sample(range(1, 9), n))
    return a, b, rnd.randrange(0, 4), rnd.randrange(0, 4), grid, rnd.choice(["largest_volume", "smallest_volume"])


def test_group_basics():
    # H is hash_to_curve of its tag, distinct from G; the identity is None; MSM agrees with mul + add.
    assert eq(hash_to_curve(H_TAG), H) and not eq(H, G) and len(enc(H)) == POINT_BYTES
    assert add(G, neg(G)) is None and mul(G, 0) is None and mul(G, ORDER) is None
    assert enc(add(mul(H, 3), mul(G, 5))) == enc(commit(3, 5)) == enc(msm([H, G], [3, 5]))
    assert msm([G, G], [1, ORDER - 1]) is None and msm([], []) is None
    assert dec(enc(None)) is None and eq(dec(enc(G)), G)
    with pytest.raises(ProofError):
        dec(b"\x02" + b"\xff" * 32)  # wrong length
    bad = bytearray(enc(H))
    bad[-1] ^= 1  # (almost surely) an x coordinate with no curve point
    with pytest.raises(ProofError) as e:
        dec(bytes(bad))
    assert e.value.code == "proof_malformed"


def test_points_outside_the_prime_order_subgroup_are_rejected():
    """A point on the curve y^2 = x^3 + 4 but outside the order-r subgroup (the curve's
    cofactor is not 1) is refused by the decoder, so a proof or commitment cannot hold one."""
    from py_arkworks_bls12381 import G1Point
    p = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
    x = 0
    while True:  # the first x with a curve point (p = 3 mod 4: the square root is a power)
        x += 1
        rhs = (x ** 3 + 4) % p
        y = pow(rhs, (p + 1) // 4, p)
        if y * y % p == rhs:
            break
    pt = G1Point.from_xy_bytes_unchecked_be(x.to_bytes(48, "big") + y.to_bytes(48, "big"))
    assert not pt.is_in_subgroup()
    with pytest.raises(ProofError) as e:
        dec(pt.to_compressed_bytes(), "proof.M")
    assert e.value.code == "proof_malformed" and e.value.path == "proof.M"


@pytest.mark.parametrize("seed", range(40))
def test_exactly_the_reference_outcome_is_provable(seed):
    """Completeness: the reference outcome proves and verifies. Soundness of the statement:
    for every other outcome (each other index, and no trade) an honest prover finds it false."""
    a, b, hm, hr, grid, tb = small_case(seed)
    o, st, wit = statement_and_witness(a, b, hm, hr, grid, tb)
    good = st(o.trade, o.index)
    summary = zkp.verify(good, zkp.prove(good, wit))
    assert summary["bytes"] == zkp.proof_size(good) and summary["range_mode"] == zkp.DEFAULT_RANGE_MODE == "ipa"
    for k in range(len(grid)):
        if k == o.index:
            continue
        with pytest.raises(ProofError) as e:
            zkp.prove(st(k > 0, k), wit)
        assert e.value.code == "statement_false"


def test_no_trade_statement_covers_every_volume():
    # Hurdle above every spread: no trade, and the statement is N infeasibility ranges.
    o, st, wit = statement_and_witness([10, 20], [30, 25], 50, 0, [0, 5, 10])
    assert not o.trade
    s = st(False, 0)
    labels = [r[0] for r in zkp.statement_ranges(s)]
    assert "infeasible[1]" in labels and "infeasible[2]" in labels and not any(l.startswith("worse") for l in labels)
    zkp.verify(s, zkp.prove(s, wit))


@pytest.fixture(scope="module")
def proved():
    o, st, wit = statement_and_witness([100, 120, 150], [300, 250, 200], 20, 40, [0, 10, 20, 30])
    s = st(o.trade, o.index)
    return o, st, s, zkp.prove(s, wit)


def test_every_altered_byte_region_is_rejected(proved):
    o, st, s, proof = proved
    zkp.verify(s, proof)
    rnd = random.Random(7)
    positions = [0, 31, 32, 40, 64 + 33, 200] + [rnd.randrange(len(proof)) for _ in range(25)]
    for pos in positions:
        bad = bytearray(proof)
        bad[pos] ^= 1 << rnd.randrange(8)
        with pytest.raises(ProofError) as e:
            zkp.verify(s, bytes(bad))
        assert e.value.code in ("proof_invalid", "proof_malformed")
        assert isinstance(e.value, ProtocolError) and isinstance(e.value, ReposelectError)


def test_proof_does_not_transfer_to_another_statement(proved):
    o, st, s, proof = proved
    from dataclasses import replace
    others = [
        replace(s, session_id=b"another session"),  # replay into another session
        replace(s, a_star=s.a_star + 1),  # altered published rate
        replace(s, tie_break="smallest_volume"),
        replace(s, theta="0.25"),
        replace(s, commits_mm=(s.commits_rm[0],) + s.commits_mm[1:]),  # substituted commitment
        replace(s, grid=(0, 10, 20, 31)),
    ]
    for other in others:
        with pytest.raises(ProofError) as e:
            zkp.verify(other, proof)
        # a changed grid changes range widths, hence the proof's expected size
        assert e.value.code in ("proof_invalid", "proof_malformed")
    for k in range(4):  # any other outcome: the proof has another shape or does not verify
        if k != s.index:
            with pytest.raises(ProofError):
                zkp.verify(st(k > 0, k), proof)


def test_malformed_proofs_are_rejected_with_a_path(proved):
    o, st, s, proof = proved
    cases = {
        "truncated": proof[:-1],
        "extended": proof + b"\x00",
        "unreduced scalar": (ORDER + 1).to_bytes(32, "big") + proof[32:],
        "not a point": proof[:32] + b"\x05" + proof[33:],
        "identity point": proof[:32] + enc(None) + proof[32 + POINT_BYTES:],
        "not in the subgroup or not on the curve": proof[:32] + bytes([proof[32]]) + b"\xff" * 47 + proof[80:],
    }
    for name, bad in cases.items():
        with pytest.raises(ProofError) as e:
            zkp.verify(s, bad)
        assert e.value.code in ("proof_malformed", "proof_invalid"), name
        assert e.value.path.startswith("proof"), name


def test_a_forged_proof_from_a_false_witness_fails():
    """A cheating prover that commits to a true witness but claims another index: it cannot
    even produce the range proofs (a value out of range has no bit decomposition)."""
    o, st, wit = statement_and_witness([100, 120, 150], [300, 250, 200], 20, 40, [0, 10, 20, 30])
    wrong = st(True, 1 if o.index != 1 else 2)
    bad_vals = dict(wit.values)
    with pytest.raises(ProofError) as e:
        zkp.prove(wrong, zkp.Witness(bad_vals, wit.blindings))
    assert e.value.code == "statement_false"
    # and a proof generated for the true statement does not verify for the wrong one
    with pytest.raises(ProofError):
        zkp.verify(wrong, zkp.prove(st(o.trade, o.index), wit))


def test_statement_ranges_bound_everything_far_below_the_group_order():
    """No wrap-around: every range's 2^bits plus the largest magnitude of its linear form
    is far below ORDER / 2, even at the wire's largest grid volume."""
    o, st, wit = statement_and_witness([100, 120], [300, 250], 20, 40, [0, 10**15 - 1, 10**15])
    s = st(o.trade, o.index)
    for label, terms, const, bits in zkp.statement_ranges(s):
        worst = abs(const) + sum(abs(c) * max(zkp.RATE_MAX, 1) for c, _ in terms) + 2**bits
        assert worst < ORDER // 2**64, label


def test_bounded_volumes_take_either_branch():
    """A volume j > k is bounded by W_j = M - 1 when it is infeasible and by t_j when it is
    feasible but not better; both branches prove, and a bound that is neither fails."""
    # k = 2 (the largest feasible volume); j = 3 infeasible: the M - 1 branch.
    o, st, wit = statement_and_witness([100, 120, 150], [300, 250, 200], 60, 40, [0, 10, 20, 30])
    s = st(o.trade, o.index)
    assert (o.trade, o.index) == (True, 2) and zkp.bounded(s) == [3]
    zkp.verify(s, zkp.prove(s, wit))
    # k = 1 with j = 2 feasible but worse (q_2 s_2 = 2 * 60 < 1 * 130): the t_j branch.
    o, st, wit = statement_and_witness([100, 140], [230, 200], 10, 10, [0, 10, 20])
    s = st(o.trade, o.index)
    assert (o.trade, o.index) == (True, 1) and zkp.bounded(s) == [2] and zkp.better_bound(s, 2) >= 60
    zkp.verify(s, zkp.prove(s, wit))


def test_a_bound_above_k_that_is_neither_t_j_nor_m_minus_1_is_rejected(monkeypatch):
    """Soundness of the bounds: a prover that commits a looser bound W_j = t_j + 40 for a volume
    j > k (room for j to be better than k) cannot make the one-out-of-many proof verify."""
    o, st, wit = statement_and_witness([100, 140], [230, 200], 10, 10, [0, 10, 20])
    s = st(o.trade, o.index)
    assert zkp.bounded(s) == [2]
    real = zkp.better_bound
    with monkeypatch.context() as m:
        m.setattr(zkp, "better_bound", lambda st_, j: real(st_, j) + 40 if j > st_.index else real(st_, j))
        forged = zkp.prove(s, wit)
    with pytest.raises(ProofError) as e:
        zkp.verify(s, forged)
    assert e.value.code == "proof_invalid"
    zkp.verify(s, zkp.prove(s, wit))


def test_one_out_of_many_proof():
    """Groth-Kohlweiss: for each index of a list holding one commitment to 0, the proof verifies
    and hides the index; against another list, another challenge, or without a commitment to 0
    at the index, it does not."""
    from reposelect.reference.protocol import oneofmany
    from reposelect.reference.protocol.group import Transcript, rand_scalar
    from reposelect.reference.protocol.zkp import _Reader

    def run(points, index, r, verify_points=None, x_shift=0):
        comb = lambda pts: (lambda w: msm(pts + [pts[-1]] * (len(w) - len(pts)), w))
        tr = Transcript(b"test-oom")
        state = oneofmany.prove_first(tr, comb(points), len(points), index, r)
        x = tr.challenge(b"x")
        proof = b"".join(oneofmany.respond(state, x))
        assert len(proof) == oneofmany.proof_size(len(points))
        tv = Transcript(b"test-oom")
        oneofmany.verify(tv, comb(verify_points or points), len(points), _Reader(proof), (x + x_shift) % ORDER, "p")
        return tv.challenge(b"x") == x

    for count in (2, 5):  # n = 1, and n = 3 with padding
        for index in range(count):
            r = rand_scalar()
            pts = [commit(rand_scalar() % 1000 + 1, rand_scalar()) for _ in range(count)]
            pts[index] = mul(G, r)
            assert run(pts, index, r), (count, index)
            assert not run(pts, index, r + 1)  # wrong witness
            other = list(pts)
            other[index] = add(pts[index], H)  # no longer a commitment to 0
            assert not run(pts, index, r, verify_points=other)
            assert not run(pts, index, r, x_shift=1)
    with pytest.raises(ValueError):
        oneofmany.index_bits(1)


def test_proof_size_is_below_8_kib_for_every_index_at_n_64():
    """Proof size ([9.6.4](spec/protocol.md)): the bounds above k cost 48 bytes each plus one
    logarithmic one-out-of-many proof, so every trade index at N = 64 stays under 8 KiB."""
    n = 64
    grid = tuple(range(0, 50 * (n + 1), 50))
    pts = (None,) * (n + 1)
    sizes = []
    for k in range(1, n + 1):
        s = zkp.Statement(b"s", grid, "0.5", "largest_volume", pts, pts, True, k, 43000, 47000)
        sizes.append(zkp.proof_size(s))
    assert max(sizes) == sizes[0] < 8 * 1024, sizes[:3]
    assert zkp.proof_size(zkp.Statement(b"s", grid, "0.5", "largest_volume", pts, pts, False, 0, 0, 0)) < 8 * 1024


def test_the_sizes_spec_9_6_4_states_are_the_codes():
    from reposelect.reference.protocol import bench, ipa
    st, _ = bench.build(64)
    first, _ = bench.build(64, first=True)
    bits = sum(r[3] for r in zkp.range_claims(st, "ipa"))
    sched = sum(r[3] for r in zkp.schedule_ranges("mm", 64))
    text = " ".join((Path(__file__).resolve().parents[2] / "spec" / "protocol.md").read_text().split())
    said = (f"With $N = 64$ and a trade at $k = {st.index}$ (`ipa` mode): {bits:,} range bits, "
            f"$K = {ipa.padded_length([bits])}$, {zkp.proof_size(st):,} bytes; the largest proof at $N = 64$, a trade at "
            f"$k = {first.index}$, is {zkp.proof_size(first):,} bytes ({len(zkp.bounded(first))} bounds, $n = 6$); each "
            f"dealer's schedule proof is {zkp.schedule_proof_size(64):,} bytes ({sched:,} range bits, "
            f"$K = {ipa.padded_length([sched])}$)")
    assert said in text
    both = 2 * sched  # item 1 for both dealers: what the enclave's proof no longer carries in ipa mode
    assert sum(r[3] for r in zkp.range_claims(st, "bits")) == both + bits
    for where in (f"made up {both:,} of the {both + bits:,} range bits at $N = 64$",
                  f"was {both:,} of the {both + bits:,} range bits at $N = 64$"):
        assert where in text, where


def test_the_setup_is_bound_into_the_transcript(proved, monkeypatch):
    """The group and hash-to-curve suite, the generator tags and the range-proof mode are in
    the Fiat-Shamir transcript: a verifier with any other setup string rejects the proof."""
    from reposelect.reference.protocol import ipa
    o, st, s, proof = proved
    zkp.verify(s, proof)
    for target, name, value in ((zkp, "GROUP_NAME", "another group"), (zkp, "H_TAG", b"another/H"),
                                (ipa, "GEN_TAG", b"another/bp/")):
        with monkeypatch.context() as m:
            m.setattr(target, name, value)
            with pytest.raises(ProofError) as e:
                zkp.verify(s, proof)
            assert e.value.code == "proof_invalid", name


# ------------------------------------------------------------------ the bit-decomposition range mode

@pytest.mark.parametrize("seed", [100, 102])  # trade and no trade; bits mode is slow, so few cases
def test_bits_mode_proves_exactly_the_reference_outcome(seed):
    a, b, hm, hr, grid, tb = small_case(seed)
    o, st, wit = statement_and_witness(a, b, hm, hr, grid, tb)
    good = st(o.trade, o.index)
    proof = zkp.prove(good, wit, ranges="bits")
    assert len(proof) == zkp.proof_size(good, "bits") > zkp.proof_size(good, "ipa")
    assert zkp.verify(good, proof, ranges="bits")["range_mode"] == "bits"
    with pytest.raises(ProofError):
        zkp.verify(good, proof, ranges="ipa")  # a proof is for one mode
    other = 0 if o.index else 1
    with pytest.raises(ProofError) as e:
        zkp.prove(st(other > 0, other), wit, ranges="bits")
    assert e.value.code == "statement_false"


def test_bits_mode_rejects_altered_bytes():
    o, st, wit = statement_and_witness([100], [300], 20, 40, [0, 10])
    s = st(o.trade, o.index)
    proof = zkp.prove(s, wit, ranges="bits")
    rnd = random.Random(11)
    for pos in [0, 100, len(proof) - 1, rnd.randrange(200, len(proof))]:
        bad = bytearray(proof)
        bad[pos] ^= 1 << rnd.randrange(8)
        with pytest.raises(ProofError) as e:
            zkp.verify(s, bytes(bad), ranges="bits")
        assert e.value.code in ("proof_invalid", "proof_malformed")


# ------------------------------------------------------------------ the aggregated inner-product range mode


def test_ipa_mode_rejects_altered_bytes(proved):
    o, st, s, _ = proved
    o2, st2, wit = statement_and_witness([100, 120, 150], [300, 250, 200], 20, 40, [0, 10, 20, 30])
    s2 = st2(o2.trade, o2.index)
    proof = zkp.prove(s2, wit, ranges="ipa")
    base = zkp.proof_size(s2, "ipa") - __import__("reposelect.reference.protocol.ipa", fromlist=["x"]).proof_size(
        [r[3] for r in zkp.range_claims(s2, "ipa")])
    rnd = random.Random(3)
    for pos in [base, base + 40, base + 140, base + 250, len(proof) - 1, len(proof) - 33] + [
            rnd.randrange(base, len(proof)) for _ in range(10)]:
        bad = bytearray(proof)
        bad[pos] ^= 1 << rnd.randrange(8)
        with pytest.raises(ProofError) as e:
            zkp.verify(s2, bytes(bad), ranges="ipa")
        assert e.value.code in ("proof_invalid", "proof_malformed")


def test_ipa_verifier_constrains_the_ranges():
    """A prover that proves widths (9, 7) cannot pass a verifier that checks (8, 8) for a value
    of 256: same padded length, so only the range constraint can reject it."""
    from reposelect.reference.protocol import ipa
    from reposelect.reference.protocol.group import Transcript, rand_scalar

    class Reader:
        def __init__(self, data):
            from reposelect.reference.protocol.zkp import _Reader
            self.r = _Reader(data)

        def point(self, w):
            return self.r.point(w)

        def scalar(self, w):
            return self.r.scalar(w)

    r1, r2 = rand_scalar(), rand_scalar()
    vs = [commit(256, r1), commit(5, r2)]
    def tr():
        t = Transcript(b"test")
        for v in vs:
            t.point(b"V", v)
        return t
    ok = ipa.prove(tr(), [(256, r1, 9), (5, r2, 7)])
    ipa.verify(tr(), vs, [9, 7], ok, Reader(ok))
    with pytest.raises(ProofError) as e:
        ipa.verify(tr(), vs, [8, 8], ok, Reader(ok))
    assert e.value.code == "proof_invalid"
    with pytest.raises(ProofError):
        ipa.prove(tr(), [(256, r1, 8), (5, r2, 8)])


# ------------------------------------------------------------------ the committed benchmark and the spec

def test_spec_benchmark_figures_come_from_the_committed_run():
    """spec/protocol.md 9.10 shows benchmarks/audit.json as `bench.markdown` renders it, and
    every row of the committed run has the figures a reader needs to judge it."""
    from reposelect.reference.protocol import bench
    root = Path(__file__).resolve().parents[2]
    doc = json.loads((root / "benchmarks" / "audit.json").read_text())
    spec = (root / "spec" / "protocol.md").read_text()
    start = "<!-- generated: reposelect.reference.protocol.bench.markdown(benchmarks/audit.json) -->"
    block = spec.split(start, 1)[1].split("<!-- end generated -->", 1)[0].strip()
    assert block == bench.markdown(doc).strip()
    assert doc["date"] and doc["machine"]["cpu_count"] and doc["machine"]["python"] and doc["load_avg_end"] is not None
    assert {r["code"] for r in doc["rows"]} >= {"current"} and any(r["code"].startswith("baseline") for r in doc["rows"])
    for r in doc["rows"]:
        for key in ("prove_cpu_s", "prove_wall_s", "verify_cpu_s", "verify_wall_s", "floor_cpu_s", "prove_ratio",
                    "verify_ratio", "peak_rss_mib", "load_1min", "bytes"):
            assert isinstance(r[key], (int, float)) and r[key] >= 0, (key, r)


# ------------------------------------------------------------------ a dealer's schedule proof (9.6.1, item 1)

def _schedule(role="mm", values=(43000, 43200, 43500, 1000), grid=(0, 50, 100, 150)):
    from reposelect.reference.protocol.group import rand_scalar
    bl = [rand_scalar() for _ in values]
    return list(values), bl, tuple(commit(v, r) for v, r in zip(values, bl)), grid


def test_a_schedule_proof_verifies_and_binds_session_role_grid_and_commitments():
    vals, bl, cs, grid = _schedule()
    proof = zkp.prove_schedule(b"s1", "mm", grid, cs, vals, bl)
    assert len(proof) == zkp.schedule_proof_size(3)
    assert zkp.verify_schedule(b"s1", "mm", grid, cs, proof) == {"ranges": 5, "range_bits": 100, "bytes": len(proof)}
    others = [(b"s2", "mm", grid, cs), (b"s1", "rm", grid, cs), (b"s1", "mm", (0, 50, 100, 151), cs),
              (b"s1", "mm", grid, (cs[1], cs[0]) + cs[2:])]
    for args in others:
        with pytest.raises(ProofError) as e:
            zkp.verify_schedule(*args, proof)
        assert e.value.code == "proof_invalid", args[:3]
    rnd = random.Random(5)
    for pos in [0, 50, 200, len(proof) - 1] + [rnd.randrange(len(proof)) for _ in range(8)]:
        bad = bytearray(proof)
        bad[pos] ^= 1 << rnd.randrange(8)
        with pytest.raises(ProofError) as e:
            zkp.verify_schedule(b"s1", "mm", grid, cs, bytes(bad))
        assert e.value.code in ("proof_invalid", "proof_malformed") and e.value.path.startswith("proof")
    with pytest.raises(ProofError) as e:
        zkp.verify_schedule(b"s1", "mm", grid, cs, proof[:-1])
    assert (e.value.code, e.value.path) == ("proof_malformed", "proof")


@pytest.mark.parametrize("role, values, label", [
    ("mm", (43200, 43000, 43500, 1000), "a[2]-a[1]"),  # falls
    ("rm", (47000, 47200, 46000, 1000), "b[1]-b[2]"),  # rises
    ("mm", (43000, 43200, zkp.RATE_MAX + 1, 1000), "amax-a[3]"),  # above R
    ("rm", (47000, 46000, 45000, zkp.RATE_MAX + 1), "h_rm"),  # hurdle above R
])
def test_a_schedule_outside_the_rules_has_no_proof(role, values, label):
    vals, bl, cs, grid = _schedule(role, values)
    with pytest.raises(ProofError) as e:
        zkp.prove_schedule(b"s", role, grid, cs, vals, bl)
    assert (e.value.code, e.value.path) == ("statement_false", label)


def test_bits_mode_proves_the_schedules_itself_and_ipa_mode_leaves_them_to_the_dealers(proved):
    o, st, s, _ = proved
    sched = zkp.schedule_ranges("mm", s.n) + zkp.schedule_ranges("rm", s.n)
    assert zkp.range_claims(s, "ipa") == zkp.statement_ranges(s)
    assert zkp.range_claims(s, "bits") == sched + zkp.statement_ranges(s)
    assert not {lab for lab, *_ in sched} & {lab for lab, *_ in zkp.statement_ranges(s)}


def test_schedule_ranges_bound_everything_far_below_the_group_order():
    for role in ("mm", "rm"):
        for label, terms, const, bits in zkp.schedule_ranges(role, 1000):
            worst = abs(const) + sum(abs(c) * zkp.RATE_MAX for c, _ in terms) + 2**bits
            assert worst < ORDER // 2**64, label


@pytest.mark.parametrize("key", ["A2", "hr"])
def test_a_witness_that_does_not_open_a_commitment_is_named(key):
    """check_openings tests all openings in one multi-scalar multiplication, then names the
    one that fails; both provers call it."""
    o, st, wit = statement_and_witness([100, 120, 150], [300, 250, 200], 20, 40, [0, 10, 20, 30])
    bad = zkp.Witness(dict(wit.values), dict(wit.blindings, **{key: wit.blindings[key] + 1}))
    with pytest.raises(ProofError) as e:
        zkp.prove(st(o.trade, o.index), bad)
    assert (e.value.code, e.value.path) == ("statement_false", key)
    vals, bl, cs, grid = _schedule()
    with pytest.raises(ProofError) as e:
        zkp.prove_schedule(b"s", "mm", grid, cs, vals, bl[:1] + [bl[1] + 1] + bl[2:])
    assert (e.value.code, e.value.path) == ("statement_false", "A2")


def test_the_readme_summarises_the_committed_audit_benchmark():
    from reposelect.reference.protocol import bench
    root = Path(__file__).resolve().parents[2]
    doc = json.loads((root / "benchmarks" / "audit.json").read_text())
    readme = (root / "README.md").read_text()
    block = readme.split(bench.README_BEGIN, 1)[1].split(bench.README_END, 1)[0].strip()
    assert block == bench.summary(doc).strip() and "- Target at N = 64" in block


def test_render_rewrites_both_blocks_and_refuses_a_bad_file(tmp_path, capsys):
    import subprocess
    import sys
    from reposelect.reference.protocol import bench
    root = Path(__file__).resolve().parents[2]
    spec, readme = tmp_path / "protocol.md", tmp_path / "README.md"
    spec.write_text(bench.SPEC_BEGIN + "\nold\n" + bench.SPEC_END + "\n")
    readme.write_text("x\n" + bench.README_BEGIN + "\n" + bench.README_END + "\n")
    assert bench.render(str(root / "benchmarks" / "audit.json"), str(spec), str(readme), out=lambda *a: None) == 0
    doc = json.loads((root / "benchmarks" / "audit.json").read_text())
    assert bench.markdown(doc) in spec.read_text() and bench.summary(doc) in readme.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    for path, status, says in ((tmp_path / "missing.json", 64, "no such file"), (bad, 64, "not a benchmark record")):
        p = subprocess.run([sys.executable, "-m", "reposelect", "audit", "--bench", "--render", str(path)],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert p.returncode == status and says in p.stderr and "Traceback" not in p.stderr, p.stderr
