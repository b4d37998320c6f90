"""A deliberately wrong contract: CrossHair must refute it (test_crosshair.py), which shows the
contract check in `reposelect.proofs.contracts` cannot pass vacuously. It lives with the tests,
not in the package, so the wheel never ships a wrong contract."""
from __future__ import annotations

from reposelect.proofs.contracts import _case2
from reposelect.reference.select import select


def always_trades(a1: int, a2: int, b1: int, b2: int) -> bool:
    """Wrong on purpose: the contract does not always trade (e.g. zero spreads).

    pre: 0 <= a1 <= a2 <= 6 and 0 <= b2 <= b1 <= 6
    post: __return__
    """
    return select(_case2(a1, a2, b1, b2)).trade
