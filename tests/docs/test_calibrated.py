"""The calibrated example: a data file with provenance, turned into a case at market magnitudes."""
from __future__ import annotations

import json
from decimal import Decimal

from reposelect.demo import calibrated_case_json, calibration, money_per_day, run_calibrated
from reposelect.reference.select import select
from reposelect.reference.wire import parse_case


def test_every_figure_says_where_it_comes_from():
    cal = calibration()
    assert cal["observed"] and cal["assumed"]
    for f in cal["observed"]:
        assert f["source"] and f["url"].startswith("https://") and f["date"] and f["value"], f
    for f in cal["assumed"]:
        assert f["why"] and f["value"], f
    ids = {f["id"] for f in cal["observed"]}
    assert {"sofr", "tgcr"} <= ids


def test_the_case_is_built_from_the_observed_rates():
    cal = calibration()
    obs = {f["id"]: Decimal(f["value"]) for f in cal["observed"] if f["id"] in ("sofr", "tgcr")}
    case = calibrated_case_json(cal)
    assert Decimal(case["mm"]["rates"][0]) == obs["tgcr"]
    assert Decimal(case["rm"]["rates"][0]) > obs["sofr"]
    out = select(parse_case(json.dumps(case)))
    assert out.trade and out.volume > 0


def test_the_command_prints_money_per_day():
    lines: list[str] = []
    assert run_calibrated(out=lines.append) == 0
    text = "\n".join(lines)
    assert "observed" in text and "assumed" in text and "SELECTED" in text and "a day (actual/360)" in text
    # 1 billion at 36 bp a year for one day of an actual/360 year is exactly $10,000
    assert money_per_day(1, Decimal("0.36"), 360) == Decimal("10000.00")
