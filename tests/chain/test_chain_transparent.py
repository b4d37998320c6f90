"""Transparent mode (spec/chain.md 11.5): commit, reveal, settle on chain; the outcome is the reference's."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from reposelect.chain.transparent import TransparentSession, commitment
from reposelect.chain.matcher import revert_data
from reposelect.reference.errors import WireError
from reposelect.reference.select import select
from reposelect.reference.types import DealerReport
from reposelect.reference.wire import case_from_reports, outcome_to_json, parse_report

from test_chain_selection import same


@pytest.fixture(scope="module")
def session():
    return TransparentSession.deploy()


def _reports(rng, n):
    grid = tuple(range(0, 10 * (n + 1), 10))
    a = sorted(Decimal(rng.randint(400, 500)).scaleb(-2) for _ in range(n))
    b = sorted((Decimal(rng.randint(420, 560)).scaleb(-2) for _ in range(n)), reverse=True)
    return DealerReport("mm", grid, tuple(a), Decimal("0.05")), DealerReport("rm", grid, tuple(b), Decimal("0.10"))


def test_transparent_sessions_select_as_the_reference(session):
    rng = random.Random(5)
    for n in (1, 3, 12):
        mm, rm = _reports(rng, n)
        for tie in ("largest_volume", "smallest_volume"):
            got = session.run(mm, rm, Decimal("0.25"), tie)
            assert same(outcome_to_json(got), outcome_to_json(select(case_from_reports(mm, rm, Decimal("0.25"), tie))))
    assert [p.step for p in session.phases[-6:]] == ["open", "commit", "commit", "reveal", "reveal", "settle"]


def test_a_faulty_revealed_report_ends_with_its_wire_error(session):
    mm = parse_report('{"role": "mm", "grid": [0, 50, 100, 150], "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}')
    rm = parse_report('{"role": "rm", "grid": [0, 50, 100, 150], "rates": ["4.90", "4.70", "4.50"], "hurdle": "0.05"}')
    mm = DealerReport("mm", mm.grid, (Decimal("4.30"), Decimal("4.32"), Decimal("4.31")), mm.hurdle)
    with pytest.raises(WireError) as info:
        session.run(mm, rm)
    assert (info.value.code, info.value.path) == ("non_monotone_schedule", "mm.rates[2]")


def test_no_reveal_before_both_commit_and_no_false_opening(session):
    chain, f = session.chain, session.contract.functions
    a = chain.accounts
    sid = b"\x01" * 32
    f.open(sid, [a[1], a[2]], [0, 10], 12, 5, 1, False).transact({"from": a[0]})
    c = commitment(chain, sid, 0, [10**12], 0, b"\x02" * 32)
    f.commit(sid, 0, c).transact({"from": a[1]})
    names = {}
    for fn, who in ((f.reveal(sid, 0, [10**12], 0, b"\x02" * 32), a[1]),   # BDrm has not committed
                    (f.commit(sid, 0, c), a[1]),                             # commit twice
                    (f.commit(sid, 1, c), a[3])):                            # a stranger commits for BDrm
        with pytest.raises(Exception) as info:
            fn.transact({"from": who})
        names[len(names)] = revert_data(info.value)[:4]
    k = lambda s: bytes(chain.w3.keccak(text=s)[:4])  # noqa: E731
    assert names == {0: k("NotAllCommitted(bytes32)"), 1: k("AlreadyCommitted(bytes32,uint8)"),
                     2: k("NotDealer(bytes32,uint8,address)")}
    f.commit(sid, 1, commitment(chain, sid, 1, [2 * 10**12], 0, b"\x03" * 32)).transact({"from": a[2]})
    with pytest.raises(Exception) as info:  # an opening that is not the committed report
        f.reveal(sid, 0, [10**12 + 1], 0, b"\x02" * 32).transact({"from": a[1]})
    assert revert_data(info.value)[:4] == k("BadOpening(bytes32,uint8)")


def test_demo_chain_shows_the_reference_outcome():
    from reposelect.cli import main

    lines = []
    import reposelect.chain.demo as demo

    from reposelect.demo import demo_case

    assert demo.run_chain_demo(demo_case(), out=lines.append) == 0
    assert any("the same outcome" in line for line in lines)
    assert [line.split()[0] for line in lines[2:8]] == ["open", "commit", "commit", "reveal", "reveal", "settle"]
    assert callable(main)
