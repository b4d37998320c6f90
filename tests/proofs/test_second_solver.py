"""The second solver (proofs/solvers.py): cvc5 decides the same SMT-LIB 2 text Z3 decides,
a disagreement is a failure that names the query, and the committed unbounded queries
(proofs/results/smt2/) are re-decided from their text alone."""
import json

import pytest

from reposelect.proofs import certificates, solvers
from reposelect.proofs import claims as C
from reposelect.proofs.encoding import Store
from reposelect.proofs.variants import get_variant

SMT2 = certificates.DEFAULT_DIR


def _local_query(claim, key, variant="standard"):
    st = Store(get_variant(variant))
    f = C.CLAIMS[claim].build(st, key, False)
    return st.axioms() + [f]


@pytest.mark.parametrize("claim,key", [("existence", (1, 2, "rm")), ("fast_path", (2, 1, "mm")),
                                        ("fast_equivalence", ("bwd", 2, 1, "rm"))])
def test_cvc5_proves_local_queries_from_the_exported_text(claim, key):
    text = solvers.smtlib(_local_query(claim, key))
    assert "(set-logic QF_NRA)" in text
    assert solvers.decide_cvc5(text, 60000)[0] == "unsat"
    assert solvers.decide_z3_text(text, 60000)[0] == "unsat"


def test_a_weakened_query_is_sat_for_both():
    st = Store(get_variant("standard"))
    f = C.CLAIMS["existence"].weakened(st, (2, 1, "mm"), False)
    text = solvers.smtlib(st.axioms() + [f])
    assert solvers.decide_cvc5(text, 60000)[0] == "sat"
    assert solvers.decide_z3_text(text, 60000)[0] == "sat"


def test_a_disagreement_names_the_query():
    fs = _local_query("existence", (1, 2, "rm"))  # unsat
    solvers.set_mode("both")
    try:
        with pytest.raises(solvers.Disagreement, match="existence key 7"):
            solvers.check_query(fs, lambda f, ms: ("sat", None), 60000, "existence key 7")
        solvers.reset_tally()
        assert solvers.check_query(fs, lambda f, ms: ("unsat", None), 60000, "q")[0] == "unsat"
        tally = solvers.reset_tally()
        assert tally["cvc5"]["unsat"] == 1 and tally["z3"]["unsat"] == 1
    finally:
        solvers.set_mode("z3")


def test_the_committed_unbounded_queries_are_complete_and_re_decided():
    index = json.loads((SMT2 / "index.json").read_text())
    files = {e["file"] for e in index}
    assert files == {p.name for p in SMT2.glob("*.smt2")}
    # every proved unbounded record of the committed run has its queries here
    from reposelect.proofs.report import load

    _, records = load(str(SMT2.parent / "default-run.json"))
    want = {(r["claim"], r["variant"]) for r in records if r["bound"] == "unbounded" and r["verdict"] == "proved"}
    assert want and want <= {(e["claim"], e["variant"]) for e in index}
    for e in index:
        text = (SMT2 / e["file"]).read_text()
        assert "(set-info :status unsat)" in text
        # the file is the query the prover poses today (no drift between encoding and file)
        now = dict(certificates.unbounded_queries(e["claim"], e["variant"]))
        assert e["query"] in now
    # re-decide with Z3 from the text alone; with cvc5 where the index records that it decided
    # the file quickly (the rest are re-decided by `reposelect prove --solver both`)
    for e in index:
        assert certificates.redecide(SMT2 / e["file"], "z3", 120000) == "unsat", e["file"]
        if e.get("cvc5") == "unsat" and e["cvc5_seconds"] <= 1:
            assert certificates.redecide(SMT2 / e["file"], "cvc5", 120000) == "unsat", e["file"]
