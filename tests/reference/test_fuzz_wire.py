"""Fuzzing the wire parser: whatever the bytes, an outcome or an error object, never an exception."""
import json

from hypothesis import given, settings, strategies as st

from reposelect.reference import answer
from reposelect.reference.errors import ERROR_CODES

OUTCOME_KEYS = {"trade", "index", "volume", "r_mm", "r_rm", "r_bd", "spread", "joint_profit", "equilibria", "feasible"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)
decimal_like = st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{1,3})?", fullmatch=True) | st.text(max_size=5)


@st.composite
def near_cases(draw):
    """Cases that are mostly well-formed, with random damage."""
    n = draw(st.integers(0, 5))
    doc = {
        "grid": draw(st.lists(st.integers(-2, 30), min_size=0, max_size=n + 2)),
        "mm": {"rates": draw(st.lists(decimal_like, max_size=n + 1)), "hurdle": draw(decimal_like)},
        "rm": {"rates": draw(st.lists(decimal_like, max_size=n + 1)), "hurdle": draw(decimal_like)},
    }
    if draw(st.booleans()):
        doc["theta"] = draw(decimal_like | json_values)
    if draw(st.booleans()):
        doc["tie_break"] = draw(st.sampled_from(["largest_volume", "smallest_volume", "x", 1]))
    if draw(st.booleans()):
        doc[draw(st.sampled_from(["grid", "mm", "rm", "extra"]))] = draw(json_values)
    return json.dumps(doc)


def check(reply):
    if "error" in reply:
        assert set(reply) == {"error"}
        assert reply["error"]["code"] in ERROR_CODES
        assert isinstance(reply["error"]["path"], str) and reply["error"]["message"]
    else:
        assert set(reply) == OUTCOME_KEYS


@settings(max_examples=400)
@given(st.binary(max_size=64))
def test_random_bytes(data):
    check(answer(data))


@settings(max_examples=400)
@given(json_values)
def test_random_json(v):
    check(answer(json.dumps(v)))


@settings(max_examples=600)
@given(near_cases())
def test_damaged_cases(text):
    check(answer(text))
