"""The selection contract on the embedded EVM against the reference (spec/chain.md 11.2)."""
from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest

from reposelect.chain.codec import encode
from reposelect.chain.demo import same_answer as same
from reposelect.chain.matcher import ChainMatcher, parse_unchecked, revert_data
from reposelect.conformance.suite import load_vectors
from reposelect.reference.errors import ERROR_CODES
from reposelect.reference.types import Case, Report
from reposelect.reference.transport import answer
from reposelect.reference.wire import case_to_json, dumps


@pytest.fixture(scope="module")
def matcher():
    return ChainMatcher.start()


def test_every_small_vector_through_the_contract(matcher):
    """Every vector but the N = 10,000 ones (minutes on py-evm; `reposelect conform` runs them)."""
    vectors = [v for v in load_vectors() if v.group != "large"]
    assert len(vectors) > 200
    bad = [v.id for v in vectors if not same(matcher.answer(v.input), answer(v.input))]
    assert bad == []


def _case(rng: random.Random, n: int, digits: int, qmax: int) -> Case:
    grid = [0] + sorted(rng.sample(range(1, qmax), n))
    top = 10 ** digits
    a = sorted(rng.randrange(top) for _ in range(n))
    b = sorted((rng.randrange(top) for _ in range(n)), reverse=True)
    scale = rng.randint(0, 12)
    d = lambda x: Decimal(x).scaleb(-scale)  # noqa: E731
    theta = Decimal(rng.randrange(1, 10**6)).scaleb(-6)
    return Case(tuple(grid), Report(tuple(map(d, a)), d(rng.randrange(top // 4))), Report(tuple(map(d, b)), d(rng.randrange(top // 4))),
                theta, rng.choice(("largest_volume", "smallest_volume")))


def test_random_cases_at_the_digit_limits(matcher):
    """Rates with 24 significant digits and volumes up to 10**15: spec 6.5's extremes, where the
    256-bit bound of spec/chain.md 11.2.2 matters, agree exactly with the reference."""
    rng = random.Random(11)
    for _ in range(40):
        case = _case(rng, rng.randint(1, 12), rng.choice((3, 12, 24)), rng.choice((100, 10**15)))
        line = dumps(case_to_json(case))
        assert same(matcher.answer(line), answer(line)), line


def test_extreme_magnitudes(matcher):
    big = "999999999999.999999999999"
    line = json.dumps({"grid": [0, 10**15 - 1, 10**15], "mm": {"rates": ["0", "0.000000000001"], "hurdle": "0"},
                       "rm": {"rates": [big, big], "hurdle": big}, "theta": "0.999999999999"})
    got = matcher.answer(line)
    assert got == answer(line) or same(got, answer(line))
    assert got["trade"]


def _revert(matcher, case: Case) -> tuple[int, int, int]:
    call = encode(case)
    try:
        matcher.contract.functions.select(*call.args()).call({"gas": 30_000_000})
    except Exception as e:  # noqa: BLE001
        raw = revert_data(e)
        assert raw[:4] == matcher._rejected, raw
        return tuple(int.from_bytes(raw[4 + 32 * i: 36 + 32 * i], "big") for i in range(3))
    raise AssertionError("the contract accepted the case")


@pytest.mark.parametrize("doc, expected", [
    ({"grid": [5, 10], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2"], "hurdle": "0"}}, (5, 0, 0)),
    ({"grid": [0, 10, 10], "mm": {"rates": ["1", "1"], "hurdle": "0"}, "rm": {"rates": ["2", "2"], "hurdle": "0"}}, (6, 0, 2)),
    ({"grid": [0, 10, 20], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2", "2"], "hurdle": "0"}}, (7, 1, 0)),
    ({"grid": [0, 10, 20], "mm": {"rates": ["1", "1"], "hurdle": "0"}, "rm": {"rates": ["2", "2", "2"], "hurdle": "0"}}, (7, 3, 0)),
    ({"grid": [0, 10, 20], "mm": {"rates": ["1", "-1"], "hurdle": "0"}, "rm": {"rates": ["2", "2"], "hurdle": "-1"}}, (8, 1, 1)),
    ({"grid": [0, 10, 20], "mm": {"rates": ["1", "1"], "hurdle": "0"}, "rm": {"rates": ["2", "2"], "hurdle": "-0.5"}}, (9, 4, 0)),
    ({"grid": [0, 10, 20, 30], "mm": {"rates": ["1", "2", "1.5"], "hurdle": "0"}, "rm": {"rates": ["3", "3", "4"], "hurdle": "0"}}, (10, 1, 2)),
    ({"grid": [0, 10, 20, 30], "mm": {"rates": ["1", "2", "2"], "hurdle": "0"}, "rm": {"rates": ["3", "3", "4"], "hurdle": "0"}}, (10, 3, 2)),
    ({"grid": [0, 10], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2"], "hurdle": "0"}, "theta": "0"}, (11, 5, 0)),
])
def test_custom_errors_carry_code_field_and_index(matcher, doc, expected):
    """Each semantic fault reverts with CaseRejected(row of the 6.4 table, field, index)."""
    line = json.dumps(doc)
    assert _revert(matcher, parse_unchecked(line)) == expected
    assert ERROR_CODES[expected[0] - 1] == answer(line)["error"]["code"]
    assert same(matcher.answer(line), answer(line))


def test_malformed_calldata_is_not_a_case_fault(matcher):
    call = encode(parse_unchecked(json.dumps({"grid": [0, 10], "mm": {"rates": ["1"], "hurdle": "0"}, "rm": {"rates": ["2"], "hurdle": "0"}})))
    with pytest.raises(Exception) as info:
        matcher.contract.functions.select(call.shape, 0, 0, 5, call.body[:-1]).call()
    assert revert_data(info.value)[:4] == bytes(matcher.chain.w3.keccak(text="MalformedInput()")[:4])
