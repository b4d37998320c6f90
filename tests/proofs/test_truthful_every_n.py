"""Ex-post truthfulness for every N (proofs/truthful_unbounded.py): each lemma is unsat with
symbolic N and uninterpreted schedules, the premises are satisfiable, and the last step
needs the lemmas (without the `bound` lemma a misreport that pays is consistent)."""

from reposelect.proofs import truthful_unbounded as T
from reposelect.proofs.result import Proved
from reposelect.proofs.solve import solve


def test_expost_standard_both_dealers_every_n():
    for dealer in ("mm", "rm"):
        res, steps = T.prove("truthful_expost", "standard", dealer, 120000)
        assert isinstance(res, Proved), (dealer, res)
        assert res.sanity["axioms_sat"] and res.sanity["weakened_refuted"]
        assert [s["lemma"] for s in steps][-1] == "claim"
        assert all(s["verdict"] == "unsat" for s in steps)


def test_the_last_step_needs_the_lemmas():
    # each lemma is needed (truthful_legs only through the step `truthful` it implies)
    for omit in (("lent",), ("profit",), ("bound",), ("truthful_accepts",), ("no_candidate",),
                 ("truthful_legs", "truthful")):
        ls, _, _ = T.lemmas("standard", "mm", "expost", omit=omit)
        name, prem, concl, tactic = ls[-1]
        assert name == "claim"
        assert solve(prem + [concl], tactic, 60000).status == "sat", omit
