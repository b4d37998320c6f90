"""spec/claims.md 7.11-7.13 say what the committed results files say: the tables are the
ones proofs/extra_report.py generates from proofs/results/ (regenerate and paste when a
run changes them)."""
from pathlib import Path

from reposelect.proofs import extra_report as E

SPEC = (Path(__file__).resolve().parents[2] / "spec" / "claims.md").read_text(encoding="utf-8")


def test_every_n_table_is_the_committed_run():
    assert E.every_n_table() in SPEC


def test_designer_table_is_the_committed_run():
    assert E.designer_table() in SPEC


def test_smt2_summary_is_the_committed_index():
    assert E.smt2_summary() in SPEC.replace("\n", " ")


def test_the_tables_are_not_empty():
    assert E.every_n_table().count("\n") > 3 and E.designer_table().count("\n") > 3
