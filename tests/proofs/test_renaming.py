"""The order-preserving renaming of a local key's indices (spec/claims.md 7.6.8): the
canonical keys, the check that lets the bounded run reuse a canonical key's answer, and
that a query which looks at an index's value is solved on its own."""
import pytest
import z3

from reposelect.proofs import claims as C
from reposelect.proofs import renaming as R
from reposelect.proofs.encoding import Game
from reposelect.proofs.runner import run_one
from reposelect.proofs.solve import split
from reposelect.proofs.variants import get_variant

LOCAL = [c for c in C.CLAIM_NAMES if C.CLAIMS[c].local]
STANDARD = get_variant("standard")


def test_the_840_existence_keys_up_to_20_have_12_canonical_forms_all_present_at_2():
    cl = C.CLAIMS["existence"]
    assert sum(1 for _ in cl.keys(20)) == 840
    at20, at2 = R.canonical_keys(cl, 20, STANDARD), R.canonical_keys(cl, 2, STANDARD)
    assert len(at20) == 12 and set(at20) == set(at2)


@pytest.mark.parametrize("claim", LOCAL)
def test_every_key_renamed_is_its_canonical_query(claim):
    cl = C.CLAIMS[claim]
    canon = R.canonical_keys(cl, 2, STANDARD)
    assert len(canon) <= 18
    for key in cl.keys(9):
        p = R.pose(cl, STANDARD, key)
        ck, sigma = R.canonical(key, p.indices)
        assert ck in canon, key
        assert R.same(R.rename(p, sigma), canon[ck].formulas), key


def test_index_zero_brings_index_one_along():
    """a_0 is a_1: the key (k = 5, d = 0) renames to (2, 0), never to (1, 0)."""
    p = R.pose(C.CLAIMS["existence"], STANDARD, (5, 0, "mm"))
    assert p.indices == {0, 1, 5}
    assert R.canonical((5, 0, "mm"), p.indices) == ((2, 0, "mm"), {0: 0, 1: 1, 5: 2})


def test_a_different_query_is_not_the_same_after_renaming():
    cl = C.CLAIMS["existence"]
    p = R.pose(cl, STANDARD, (3, 5, "mm"))
    _, sigma = R.canonical((3, 5, "mm"), p.indices)
    other = R.pose(cl, STANDARD, (2, 1, "mm"))  # the other order
    assert not R.same(R.rename(p, sigma), other.formulas)


_EXISTENCE_BUILD = C.Existence().build


def _value_dependent_build(st, key, full):
    """existence, with a hypothesis that reads the index's value: q_k >= k."""
    f = _EXISTENCE_BUILD(st, key, full)
    hyps, concl = split(f)
    k = key[0]
    return z3.And(hyps + [Game(st).q(k) >= k, concl])


def test_a_query_that_reads_an_index_value_is_solved_apart(monkeypatch):
    monkeypatch.setattr(C.CLAIMS["existence"], "build", _value_dependent_build)
    rec = run_one("existence", "standard", 4)
    assert rec["verdict"] == "proved", rec
    assert rec["renaming"]["solved_apart"] > 0
    assert rec["queries"] > rec["renaming"]["canonical_keys"]


def test_the_bounded_run_records_the_renaming():
    rec = run_one("existence", "standard", 6)
    assert rec["verdict"] == "proved" and rec["reached"] == 6
    assert rec["renaming"] == {"canonical_keys": 12, "renamed": 2 * 6 * 7 - 12, "solved_apart": 0}
    assert rec["sanity"]["hypotheses_checked"] == 12
