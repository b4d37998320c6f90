"""Every kind of bad input gets the right error code and path (spec/wire.md 6.4)."""
import json

import pytest

from wire_example import WIRE_EXAMPLE
from reposelect.reference import answer, parse_case, WireError
from reposelect.reference.errors import ERROR_CODES
from reposelect.reference.policy import policy_from_names

GOOD = WIRE_EXAMPLE


def mutate(**changes):
    doc = json.loads(json.dumps(GOOD))
    for dotted, value in changes.items():
        keys = dotted.split("__")
        target = doc
        for k in keys[:-1]:
            target = target[k]
        if value is DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return json.dumps(doc)


DELETE = object()

CASES = [
    # (id, raw input, code, path)
    ("not utf-8", b'{"grid": [0, 1]\xff}', "invalid_json", "$"),
    ("empty", b"", "invalid_json", "$"),
    ("blank", b"   ", "invalid_json", "$"),
    ("garbage", b"hello", "invalid_json", "$"),
    ("two values", b"{} {}", "invalid_json", "$"),
    ("bare NaN", mutate(theta="X").replace('"X"', "NaN"), "invalid_json", "$"),
    ("bare Infinity", mutate(theta="X").replace('"X"', "-Infinity"), "invalid_json", "$"),
    ("truncated", json.dumps(GOOD)[:-3], "invalid_json", "$"),
    ("top-level array", "[1, 2]", "schema", "$"),
    ("missing grid", mutate(grid=DELETE), "schema", "grid"),
    ("missing hurdle", mutate(mm__hurdle=DELETE), "schema", "mm.hurdle"),
    ("extra key", mutate(extra="1"), "schema", "extra"),
    ("extra nested key", mutate(rm__note="x"), "schema", "rm.note"),
    ("duplicate key", json.dumps(GOOD)[:-1] + ', "theta": "0.5"}', "schema", "theta"),
    ("float rate", mutate(mm__rates=[4.3, "4.32", "4.35"]), "schema", "mm.rates[0]"),
    ("int hurdle", mutate(rm__hurdle=0), "schema", "rm.hurdle"),
    ("huge exponent number", mutate(theta="X").replace('"X"', "1e999"), "schema", "theta"),
    ("float volume", mutate(grid=[0, 50.0, 100, 150]), "schema", "grid[1]"),
    ("bool volume", mutate(grid=[0, True, 100, 150]), "schema", "grid[1]"),
    ("string volume", mutate(grid=[0, "50", 100, 150]), "schema", "grid[1]"),
    ("one-point grid", mutate(grid=[0]), "schema", "grid"),
    ("empty grid", mutate(grid=[]), "schema", "grid"),
    ("rates not array", mutate(mm__rates="4.30"), "schema", "mm.rates"),
    ("null theta", mutate(theta=None), "schema", "theta"),
    ("unknown tie-break", mutate(tie_break="random"), "schema", "tie_break"),
    ("NaN string", mutate(mm__rates=["NaN", "4.32", "4.35"]), "not_a_decimal", "mm.rates[0]"),
    ("exponent string", mutate(rm__rates=["4.90", "1e3", "4.50"]), "not_a_decimal", "rm.rates[1]"),
    ("huge exponent string", mutate(rm__hurdle="1e999"), "not_a_decimal", "rm.hurdle"),
    ("comma decimal", mutate(mm__hurdle="0,10"), "not_a_decimal", "mm.hurdle"),
    ("empty string", mutate(theta=""), "not_a_decimal", "theta"),
    ("leading point", mutate(theta=".5"), "not_a_decimal", "theta"),
    ("Infinity string", mutate(theta="Infinity"), "not_a_decimal", "theta"),
    ("too many digits", mutate(mm__rates=["4." + "3" * 13, "4.32", "4.35"]), "too_large", "mm.rates[0]"),
    ("huge integer part", mutate(rm__hurdle="1" * 13), "too_large", "rm.hurdle"),
    ("huge volume", mutate(grid=[0, 50, 100, 10**16]), "too_large", "grid[3]"),
    ("huge int literal", mutate(grid=[0, 50, 100, 10**40]), "too_large", "grid[3]"),
    ("N above the limit", json.dumps({**GOOD, "grid": list(range(1_000_002)), "mm": {"rates": [], "hurdle": "0"}}), "too_large", "grid"),
    ("grid from 1", mutate(grid=[1, 50, 100, 150]), "grid_not_starting_at_zero", "grid[0]"),
    ("grid flat", mutate(grid=[0, 50, 50, 150]), "grid_not_increasing", "grid[2]"),
    ("grid down", mutate(grid=[0, 50, 100, 90]), "grid_not_increasing", "grid[3]"),
    ("short mm", mutate(mm__rates=["4.30", "4.32"]), "length_mismatch", "mm.rates"),
    ("long rm", mutate(rm__rates=["4.9", "4.7", "4.5", "4.4"]), "length_mismatch", "rm.rates"),
    ("negative rate", mutate(rm__rates=["4.90", "4.70", "-0.01"]), "negative_rate", "rm.rates[2]"),
    ("negative hurdle", mutate(mm__hurdle="-0.1"), "negative_hurdle", "mm.hurdle"),
    ("mm decreasing", mutate(mm__rates=["4.30", "4.32", "4.31"]), "non_monotone_schedule", "mm.rates[2]"),
    ("rm increasing", mutate(rm__rates=["4.90", "4.95", "4.50"]), "non_monotone_schedule", "rm.rates[1]"),
    ("theta zero", mutate(theta="0"), "theta_out_of_range", "theta"),
    ("theta one", mutate(theta="1.0"), "theta_out_of_range", "theta"),
    ("theta negative", mutate(theta="-0.5"), "theta_out_of_range", "theta"),
    # precedence: the earlier code wins whatever the order of faults in the document
    ("schema before not_a_decimal", mutate(mm__rates=["x", "4.32", "4.35"], tie_break="?"), "schema", "tie_break"),
    ("not_a_decimal before too_large", mutate(grid=[0, 50, 100, 10**40], theta="x"), "not_a_decimal", "theta"),
    ("too_large before grid", mutate(grid=[1, 50, 100, 10**16]), "too_large", "grid[3]"),
    ("grid before length", mutate(grid=[0, 50, 40], mm__rates=["1"]), "grid_not_increasing", "grid[2]"),
    ("length before negative", mutate(mm__rates=["-1", "2"]), "length_mismatch", "mm.rates"),
    ("negative before monotone", mutate(mm__rates=["4.30", "4.20", "4.35"], rm__rates=["4.9", "4.7", "-1"]), "negative_rate", "rm.rates[2]"),
    ("monotone before theta", mutate(mm__rates=["4.30", "4.20", "4.35"], theta="2"), "non_monotone_schedule", "mm.rates[1]"),
    ("first path in document order", mutate(mm__rates=["4.30", "4.20", "4.10"], rm__rates=["4.9", "5.0", "4.5"]), "non_monotone_schedule", "mm.rates[1]"),
]


@pytest.mark.parametrize("raw,code,path", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_code_and_path(raw, code, path):
    reply = answer(raw)
    assert "error" in reply, reply
    assert (reply["error"]["code"], reply["error"]["path"]) == (code, path), reply["error"]["message"]
    assert reply["error"]["message"]


def test_every_listed_code_is_exercised():
    assert {c[2] for c in CASES} == set(ERROR_CODES)


def test_negative_zero_is_not_negative():
    assert "error" not in answer(mutate(mm__hurdle="-0.00"))


def test_messages_show_the_values_involved():
    msg = answer(mutate(mm__rates=["4.30", "4.32", "4.31"]))["error"]["message"]
    assert "4.31" in msg and "4.32" in msg


@pytest.mark.parametrize("changes, quoted", [
    ({"mm__hurdle": "0.0000000000000"}, "mm.hurdle = 0.0000000000000 "),  # not 0E-13
    ({"rm__rates": ["4.90", "4.70", "-0.000000000001"]}, "rm.rates[2] = -0.000000000001 "),  # not -1E-12
    ({"mm__rates": ["4.30", "04.320", "4.3100"]}, "mm.rates[2] = 4.3100 is below mm.rates[1] = 04.320"),
    ({"theta": "1.000"}, "theta = 1.000 "),
    ({"mm__hurdle": "-0.10"}, "mm.hurdle = -0.10 "),
])
def test_messages_quote_the_input_as_written(changes, quoted):
    assert quoted in answer(mutate(**changes))["error"]["message"]


def test_messages_stay_short_whatever_the_input():
    e = answer(mutate(rm__hurdle="0" * 100_000 + "1"))["error"]
    assert e["code"] == "too_large" and len(e["message"]) < 200 and "100001 characters" in e["message"]
    e = answer(mutate(theta="x" * 100_000))["error"]
    assert e["code"] == "not_a_decimal" and len(e["message"]) < 200


def test_digits_count_as_written():
    """spec/wire.md 6.5: leading zeros count, so the digit limit bounds the text (they did not)."""
    e = answer(mutate(mm__hurdle="0000000000000001"))["error"]
    assert (e["code"], e["path"]) == ("too_large", "mm.hurdle")
    assert "error" not in answer(mutate(mm__hurdle="000000000001"))
    big = mutate(mm__hurdle="0" * 5_000_000 + "1")
    e = answer(big)["error"]
    assert (e["code"], e["path"]) == ("too_large", "mm.hurdle")


def test_variants_relax_exactly_their_checks():
    neg = mutate(rm__rates=["4.90", "4.70", "-0.01"])
    with pytest.raises(WireError):
        parse_case(neg)
    parse_case(neg, policy_from_names(["negative_rates"]))
    nm = mutate(mm__rates=["4.30", "4.32", "4.31"])
    parse_case(nm, policy_from_names(["non_monotone"]))
    with pytest.raises(WireError) as e:
        parse_case(nm, policy_from_names(["negative_rates"]))
    assert e.value.code == "non_monotone_schedule"
    parse_case(mutate(theta="1"), policy_from_names(["theta_closed"]))
