"""Order-preserving renaming of a local key's indices (spec/claims.md 7.6.8).

A local claim's key (`claims`, posed with `full=False`) is one small query: the variant's
axioms stated pairwise on the indices the query touched, the claim's hypothesis restricted
to them, and the negated conclusion. Its symbols are named by index (`q_3`, `a_3`, `b_3`;
index 0 quotes the rates of index 1, `encoding.Vec`). Renaming the indices while keeping
their order gives, for the claims of chapter 7, the query of another key, and the 840
existence keys up to N = 20 have only 12 distinct queries up to renaming, all of them
among the keys with indices at most 2.

**Lemma (renaming).** Let K be a key, I its index set (the indices its query touched,
`Store.touched`, with 1 added when 0 is touched, since index 0 quotes index 1's rates) and
sigma the order-preserving map of I onto {0 if 0 is in I} and {1, ..., m}. Let sigma(K) be
K with its indices mapped by sigma. If query(K), with every symbol x_i renamed x_sigma(i),
is the same term as query(sigma(K)), then query(K) is satisfiable exactly when
query(sigma(K)) is, and so is its hypothesis (the same conjuncts, renamed).

Proof: sigma is injective on I, so the renaming is a bijection between the symbols of the
two queries; a model of one, read through the bijection, is a model of the other (the
other symbols, theta and the hurdles, are left alone). The hypothesis is the same
sub-term of both (`solve.split`), renamed. []

The premise is **checked for every key** the runner settles this way (`same`: Z3's terms
are hash-consed, so "the same term" is a pointer comparison after `z3.substitute`); it is
never assumed from the shape of the encoding. A key whose renamed query differs (a
designer policy may look at an index's value) is solved on its own. So a cached verdict is
reused only for a query proved equal to the cached one under the renaming. What is not
checked here but in `covering`: that the canonical keys cover every key of every size.
"""
from __future__ import annotations

from dataclasses import dataclass

import z3

from .encoding import Store


@dataclass
class Posed:
    """One local key's query: its store, its formulas (axioms, then the claim formula) and
    its index set."""

    key: tuple
    store: Store
    formulas: list
    indices: frozenset


def pose(claim, variant, key) -> Posed:
    """The query of a local key exactly as the runner poses it (`Run.query`, full=False)."""
    st = Store(variant)
    f = claim.build(st, key, False)
    return Posed(key, st, st.axioms(full=False) + [f], index_set(st, key))


def _is_index(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def key_indices(key) -> list[int]:
    """The index components of a key (its ints; dealers and directions are strings)."""
    return [x for x in key if _is_index(x)]


def index_set(store: Store, key) -> frozenset:
    idx = set(key_indices(key)) | set(store.touched)
    if 0 in idx:
        idx.add(1)  # index 0 quotes the first rate: a_0 is a_1
    return frozenset(idx)


def canonical(key, indices) -> tuple[tuple, dict[int, int]]:
    """(sigma(key), sigma): sigma maps `indices` onto {0 if present} and 1..m, keeping order."""
    nonzero = sorted(i for i in indices if i != 0)
    sigma = {0: 0} if 0 in indices else {}
    sigma.update({i: n + 1 for n, i in enumerate(nonzero)})
    return tuple(sigma[x] if _is_index(x) else x for x in key), sigma


def rename(posed: Posed, sigma: dict[int, int]) -> list:
    """The formulas of `posed` with every indexed symbol x_i renamed x_sigma(i)."""
    st = posed.store
    pairs = [(t, z3.Real(f"q_{sigma[i]}")) for i, t in st.q_terms.items() if sigma[i] != i]
    for v in st.vecs.values():
        pairs += [(t, z3.Real(f"{v.name}_{sigma[i]}")) for i, t in v.terms.items() if sigma[i] != i]
    if not pairs:
        return list(posed.formulas)
    # z3.substitute, without its per-call sort checks (every pair is Real for Real): one
    # simultaneous substitution per formula
    n = len(pairs)
    src, dst = (z3.Ast * n)(), (z3.Ast * n)()
    for x, (a, b) in enumerate(pairs):
        src[x], dst[x] = a.as_ast(), b.as_ast()
    out = []
    for f in posed.formulas:
        ctx = f.ctx
        out.append(z3.BoolRef(z3.Z3_substitute(ctx.ref(), f.as_ast(), n, src, dst), ctx))
    return out


def same(fs, gs) -> bool:
    """The two formula lists are the same terms, in the same order."""
    return len(fs) == len(gs) and all(f.eq(g) for f, g in zip(fs, gs))


def canonical_keys(claim, bound: int, variant) -> dict[tuple, Posed]:
    """The distinct canonical keys among the claim's keys up to `bound` (in order of first
    appearance), each posed."""
    out: dict[tuple, Posed] = {}
    for key in claim.keys(bound):
        p = pose(claim, variant, key)
        ck, _ = canonical(key, p.indices)
        if ck not in out:
            out[ck] = p if ck == key else pose(claim, variant, ck)
    return out
