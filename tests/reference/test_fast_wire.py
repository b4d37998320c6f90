"""The fast wire path agrees with the definitional one (reference/fastwire.py, decimals.plain_scaled,
fast.equilibria_scaled): same answer on every case it answers, None (the definitional path) on
the rest; magnitudes up to the limits of spec/wire.md 6.5."""
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings, strategies as st

from ref_strategies import cases
from reposelect.reference import equilibria_definitional, equilibria_fast, select
from reposelect.reference import decimals
from reposelect.reference.decimals import fmt, parse_decimal, plain_scaled
from reposelect.reference.errors import WireError
from reposelect.reference.fast import equilibria_scaled
from reposelect.reference import fast, rules
from reposelect.reference.fastwire import answer_fast, answer_fast_text
from reposelect.reference.limits import MAX_FRAC_DIGITS, MAX_INT_DIGITS, MAX_VOLUME
from reposelect.reference.policy import STANDARD, VARIANTS
from reposelect.reference.select import hurdle_feasible, select_checked
from reposelect.reference.types import Case, Report
from reposelect.reference.transport import answer, answer_text
from reposelect.reference.wire import case_to_json, dumps, outcome_to_json, parse_case

SETTINGS = settings(max_examples=100)
POLICIES = st.sampled_from(sorted(VARIANTS))


def definitional_answer(data, policy=STANDARD) -> dict:
    """The answer of the value-by-value path alone (what `answer` gives when the fast path declines)."""
    try:
        return outcome_to_json(select_checked(parse_case(data, policy), policy))
    except WireError as e:
        return e.to_wire()


def agree(data, policy=STANDARD):
    fast = answer_fast(data, policy)
    slow = definitional_answer(data, policy)
    if fast is not None:
        assert fast == slow
    assert answer(data, policy) == slow
    # the text written by serve: the serialiser's text of the same answer, or declined with it
    text = answer_fast_text(data, policy)
    assert (text is None) == (fast is None)
    if text is not None:
        assert text == dumps(slow)
    assert answer_text(data, policy) == dumps(slow)  # what serve writes
    return fast


# ---------------------------------------------------------------- decimals read from the text

decimal_texts = (
    st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,14})?", fullmatch=True)
    | st.text(alphabet="0123456789.,-e+_ \u0663\uff11", max_size=6)
)


@SETTINGS
@given(st.lists(decimal_texts, min_size=1, max_size=6))
def test_plain_scaled_accepts_only_what_parse_decimal_accepts_with_the_same_value(texts):
    got = plain_scaled(texts)
    parsed = []
    for t in texts:
        try:
            parsed.append(parse_decimal(t, "x"))
        except WireError:
            parsed.append(None)
    if got is None:
        # declined: some value is negative-signed, malformed or has more digits than a limit allows
        assert any(v is None or t.startswith("-") or t.find(".") > MAX_INT_DIGITS
                   or len(t) - t.find(".") - 1 > MAX_FRAC_DIGITS >= 0 or len(t) > MAX_INT_DIGITS and "." not in t
                   for t, v in zip(texts, parsed))
        return
    scale, ints = got
    assert None not in parsed and len(ints) == len(texts)
    assert scale == max(max(0, -v.as_tuple().exponent) for v in parsed)
    for v, i in zip(parsed, ints):
        assert v.scaleb(scale) == i and v >= 0


@SETTINGS
@given(st.integers(1, MAX_FRAC_DIGITS), st.lists(st.integers(0, 10**24 - 1), min_size=1, max_size=8))
def test_plain_scaled_uniform_layout_at_the_digit_limits(frac, values):
    """The one-layout path (the same number of fractional digits everywhere) up to 12 + 12 digits."""
    values = [v % 10 ** (MAX_INT_DIGITS + frac) for v in values]
    texts = [f"{v // 10**frac}.{v % 10**frac:0{frac}d}" for v in values]
    assert plain_scaled(texts) == (frac, values)
    assert plain_scaled(texts + ["1" * (MAX_INT_DIGITS + 1) + ".5"]) is None
    assert plain_scaled(texts + ["1." + "0" * (MAX_FRAC_DIGITS + 1)]) is None


_SHAPED = st.lists(st.from_regex(r"[0-9]{0,14}(\.[0-9]{0,14}){0,2}", fullmatch=True)
                   | st.sampled_from(["1" * 12 + ".5", "1" * 13 + ".5", "1." + "2" * 12, "1." + "2" * 13, "1,5", ".5", "5."]),
                   min_size=1, max_size=8)


@settings(max_examples=300)
@given(_SHAPED, st.integers(0, MAX_FRAC_DIGITS + 1))
def test_the_two_one_layout_checks_agree(texts, frac):
    """`decimals._one_layout` (counts over the digits' shape, used for many values) accepts
    exactly what the regular expression (used for a few) accepts, at every number of
    fractional digits."""
    joined = ",".join(texts)
    assume(joined.count(",") == len(texts) - 1)
    shape = joined.encode("ascii").translate(decimals._SHAPE)
    pattern = decimals._ONE_LAYOUT[min(frac, MAX_FRAC_DIGITS)]
    if frac <= MAX_FRAC_DIGITS:
        assert decimals._one_layout(shape, len(texts), frac) == (pattern(joined) is not None)


def test_plain_scaled_on_many_values_of_one_layout():
    many = [f"{i}.{i % 1000:03d}" for i in range(1, 500)]
    assert plain_scaled(many) == (3, [int(t.replace(".", "")) for t in many])
    assert plain_scaled(many + ["1" * 13 + ".000"]) is None
    assert plain_scaled(many + [".000"]) is None
    assert plain_scaled(many[:-1] + ["1.0000"]) == (4, [int(t.replace(".", "")) * 10 for t in many[:-1]] + [10000])
    ints = [str(i) for i in range(200)]
    assert plain_scaled(ints) == (0, list(range(200)))
    assert plain_scaled(ints + [""]) is None and plain_scaled(ints + ["1" * 13]) is None


def test_plain_scaled_declines_what_it_cannot_prove():
    for bad in (["1.2.3"], ["1."], [".5"], ["-1"], ["1,2"], ["1e5"], [""], ["1_0"], [" 1"], ["\u0663"],
                ["1.5", "2.5.5"], ["1.25", "1.5", "x"], ["-0"], ["1" * 13], ["1." + "0" * 13]):
        assert plain_scaled(bad) is None, bad
    assert plain_scaled(["4.30", "4.3", "5"]) == (2, [430, 430, 500])
    assert plain_scaled(["0" * 12 + ".5"]) == (1, [5])


# ---------------------------------------------------------------- the equilibria on integers

@st.composite
def big_cases(draw, max_n=8):
    """Valid cases with rates and volumes anywhere up to the limits of spec/wire.md 6.5."""
    n = draw(st.integers(1, max_n))
    frac = draw(st.integers(0, MAX_FRAC_DIGITS))
    top = 10 ** (MAX_INT_DIGITS + frac) - 1
    width = draw(st.sampled_from([top, top // 10**6, 50]))
    base = draw(st.integers(0, top - width))
    a = sorted(draw(st.lists(st.integers(base, base + width), min_size=n, max_size=n)))
    b = sorted(draw(st.lists(st.integers(base, base + width), min_size=n, max_size=n)), reverse=True)
    qs = sorted(set(draw(st.lists(st.integers(1, MAX_VOLUME), min_size=n, max_size=n))))
    assume(len(qs) == n)
    d = lambda x: Decimal(x).scaleb(-frac)  # noqa: E731
    h = draw(st.integers(0, width))
    return Case((0, *qs), Report(tuple(map(d, a)), d(h)), Report(tuple(map(d, b)), d(h // 2)),
                draw(st.sampled_from([Decimal("0.5"), Decimal("0.000000000001"), Decimal("0.999999999999")])),
                draw(st.sampled_from(["largest_volume", "smallest_volume"])))


@settings(max_examples=100)
@given(big_cases())
def test_fast_equilibria_agree_with_the_definition_at_the_limits(case):
    assert equilibria_fast(case) == equilibria_definitional(case)


@SETTINGS
@given(cases(), st.sampled_from([(True, True), (True, False), (False, True)]))
def test_equilibria_scaled_with_one_dealer_inactive(case, active):
    theta = {(True, True): Decimal("0.5"), (True, False): Decimal(1), (False, True): Decimal(0)}[active]
    case = replace(case, theta=theta)
    A = [int(x * 100) for x in case.mm.rates]
    B = [int(x * 100) for x in case.rm.rates]
    assert tuple(equilibria_scaled(case.grid, [A[0]] + A, [B[0]] + B, *active)) == equilibria_definitional(case)


#: The theta of each set of active dealers (BDmm active when theta > 0, BDrm when theta < 1).
ACTIVE = {(True, True): Decimal("0.5"), (True, False): Decimal(1), (False, True): Decimal(0)}
#: The scan's two loops: None lets a sample of the lines choose, True queries the envelope at
#: every k, False bounds first and queries it only where the bounds leave k undecided.
EVERY_K = st.sampled_from([None, True, False])


@SETTINGS
@given(cases(), st.sampled_from(sorted(ACTIVE)), EVERY_K)
def test_both_loops_of_the_scan_agree_with_the_definition(case, active, every_k):
    case = replace(case, theta=ACTIVE[active])
    _, A, B = fast.scaled_rates(case)
    assert tuple(fast._SCANS[active](case.grid, A, B, every_k)[0]) == equilibria_definitional(case)


@settings(max_examples=100)
@given(big_cases(), st.sampled_from(sorted(ACTIVE)), EVERY_K)
def test_both_loops_of_the_scan_agree_with_the_definition_at_the_limits(case, active, every_k):
    case = replace(case, theta=ACTIVE[active])
    _, A, B = fast.scaled_rates(case)
    assert tuple(fast._SCANS[active](case.grid, A, B, every_k)[0]) == equilibria_definitional(case)


def fast_conditions_by_their_rule(q, A, B, theta) -> list[int]:
    """The fast algorithm's equilibria by `rules.fast_condition` itself, every j < k (O(N^2))."""
    eq = [0]
    for k in range(1, len(q)):
        p = rules.joint_profit(B[k] - A[k], q[k])
        if p < 0:
            break
        if all(rules.fast_condition(role, theta, A[k], B[k], A[j], B[j], q[j], p)
               for role in rules.ROLES for j in range(k)):
            eq.append(k)
    return eq


@st.composite
def long_schedules(draw, max_n=120):
    """(q, A, B) on integers, k = 0..N (index 0 quoting index 1): monotone, non-negative, up to
    the magnitudes of spec/wire.md 6.5 (rates below 10**24 at scale 12, volumes up to 10**15),
    with steps that make the spread shrink slowly, fast, or to below zero."""
    n = draw(st.integers(1, max_n))
    unit = draw(st.sampled_from([1, 10**6, 10**12]))
    top = 10**24 - 1
    a_steps = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    b_steps = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    a0 = draw(st.integers(0, 10**6)) * unit
    head = draw(st.integers(0, 60 * n)) * unit
    A = [a0]
    for d in a_steps[1:]:
        A.append(A[-1] + d * unit)
    B = [min(top, A[0] + head + sum(b_steps) * unit)]
    for d in b_steps[1:]:
        B.append(max(0, B[-1] - d * unit))
    A = [min(x, top) for x in A]
    dq = draw(st.lists(st.integers(1, 10**13), min_size=n, max_size=n))
    q = [0]
    for d in dq:
        q.append(min(q[-1] + d, MAX_VOLUME - n + len(q)))
    return q, [A[0]] + A, [B[0]] + B


@settings(max_examples=60)
@given(long_schedules(), st.sampled_from(sorted(ACTIVE)), EVERY_K)
def test_both_loops_of_the_scan_agree_with_the_rule_on_long_schedules(qab, active, every_k):
    q, A, B = qab
    assert all(x < y for x, y in zip(q, q[1:])) and q[-1] <= MAX_VOLUME
    eq, profits = fast._SCANS[active](q, A, B, every_k)
    assert eq == fast_conditions_by_their_rule(q, A, B, ACTIVE[active])
    every = [rules.joint_profit(b - a, x) for x, a, b in zip(q, A, B)]
    # the profits up to the end of the scan: all of them, or up to the first negative one at k >= 1
    assert profits == every[:len(profits)] and len(profits) > max(eq)
    assert len(profits) == len(q) or (len(profits) >= 1 and every[len(profits)] < 0
                                       and min(every[1:len(profits)], default=0) >= 0)


@pytest.mark.parametrize("family", ["narrowing", "positive"])
def test_both_loops_of_the_scan_agree_on_the_benchmark_families(family):
    from reposelect.bench import synthetic_rates

    a, b = synthetic_rates(3000, family=family)
    q, A, B = list(range(0, 30010, 10)), [a[0]] + a, [b[0]] + b
    chosen = fast.equilibria_scaled(q, A, B)
    assert chosen == fast._SCANS[True, True](q, A, B, True)[0] == fast._SCANS[True, True](q, A, B, False)[0]
    # the conditions at k read only j <= k: the first 300 indices by the rule itself
    assert [k for k in chosen if k < 300] == fast_conditions_by_their_rule(q[:300], A[:300], B[:300], Decimal("0.5"))


@SETTINGS
@given(cases(), POLICIES, st.integers(-200, 200))
def test_the_hurdle_test_is_monotone_in_the_spread(case, name, shift):
    """What `fastwire._feasible`'s binary search relies on: once a spread passes, every larger one does."""
    policy = VARIANTS[name]
    theta = case.theta
    for k in range(1, case.n + 1):
        wider = replace(case, rm=Report(tuple(r + Decimal(abs(shift)) / 100 for r in case.rm.rates), case.rm.hurdle),
                        theta=theta)
        if hurdle_feasible(case, k, policy):
            assert hurdle_feasible(wider, k, policy)


# ---------------------------------------------------------------- whole answers

@SETTINGS
@given(cases(), POLICIES)
def test_fast_answer_is_the_definitional_answer_on_valid_cases(case, name):
    policy = VARIANTS[name]
    data = json.dumps(case_to_json(case))
    fast = agree(data, policy)
    if policy.monotone_nonnegative:
        assert fast is not None and fast == outcome_to_json(select(case, policy))


@settings(max_examples=100)
@given(big_cases(), st.booleans())
def test_fast_answer_agrees_at_the_limits(case, uniform):
    doc = case_to_json(case)
    if uniform:  # one layout per schedule: the C-level path of plain_scaled
        frac = max(max(0, -x.as_tuple().exponent) for x in case.mm.rates + case.rm.rates)
        for side in ("mm", "rm"):
            doc[side]["rates"] = [f"{x:.{frac}f}" for x in getattr(case, side).rates]
    assert agree(json.dumps(doc)) is not None


def _mutate(draw, doc):
    side = draw(st.sampled_from(["mm", "rm"]))
    what = draw(st.integers(0, 9))
    if what == 0 and doc[side]["rates"]:
        i = draw(st.integers(0, len(doc[side]["rates"]) - 1))
        doc[side]["rates"][i] = draw(decimal_texts)
    elif what == 1:
        doc[side]["hurdle"] = draw(decimal_texts | st.integers())
    elif what == 2:
        doc["theta"] = draw(st.sampled_from(["0", "1", "0.0", "1.00", "0.5", "-0.5", "2", 0.5, None, "1e-1"]))
    elif what == 3:
        doc["tie_break"] = draw(st.sampled_from(["largest_volume", "smallest_volume", "x", None, 1]))
    elif what == 4:
        i = draw(st.integers(0, len(doc["grid"]) - 1))
        doc["grid"][i] = draw(st.sampled_from([0, -1, MAX_VOLUME, MAX_VOLUME + 1, 10**16, 1.5, True, "5", None]))
    elif what == 5:
        doc[side]["rates"] = doc[side]["rates"][:-1]
    elif what == 6:
        doc[side]["rates"] = list(reversed(doc[side]["rates"]))
    elif what == 7:
        del doc[draw(st.sampled_from(["grid", "mm", "rm"]))]
    elif what == 8:
        doc[draw(st.sampled_from(["extra", side]))] = draw(st.sampled_from([{}, [], "x", 1]))
    else:
        doc[side]["extra"] = 1
    return doc


@st.composite
def damaged(draw):
    case = draw(cases() | big_cases())
    doc = case_to_json(case)
    for _ in range(draw(st.integers(1, 3))):
        try:
            doc = _mutate(draw, doc)
        except (KeyError, TypeError, IndexError, ValueError):  # an earlier change removed what this one edits
            pass
    text = json.dumps(doc)
    form = draw(st.integers(0, 4))
    if form == 1:
        text = "\ufeff" + text
    elif form == 2:
        text = text[:-1] + ', "grid": [0, 1]}'  # a duplicate key
    elif form == 3:
        text = text.replace('"', "'", 1)
    return text.encode("utf-8") if draw(st.booleans()) else text


@settings(max_examples=200)
@given(damaged(), POLICIES)
def test_fast_answer_declines_or_agrees_on_damaged_documents(data, name):
    agree(data, VARIANTS[name])


@pytest.mark.parametrize("data", [
    b"", b" ", b"\xff", b"[]", b"{}", b"null", b'{"grid": [0, 1]}', b'{"grid": [0, 10], "mm": {"rates": ["NaN"], "hurdle": "0"},'
    b' "rm": {"rates": ["1"], "hurdle": "0"}}', b'{"grid": [0, 10], "mm": {"rates": ["1"], "hurdle": "0"},'
    b' "rm": {"rates": ["1"], "hurdle": "0"}, "theta": NaN}',
])
def test_fast_answer_declines_malformed_documents(data):
    assert answer_fast(data, STANDARD) is None
    assert "error" in answer(data)


def test_fast_answer_prints_rates_as_the_definitional_path_does():
    doc = {"grid": [0, 10, 20], "mm": {"rates": ["4.30", "4.300"], "hurdle": "0.050"},
           "rm": {"rates": ["4.9", "4.8"], "hurdle": "0"}, "theta": "0.25"}
    fast = agree(json.dumps(doc))
    assert fast is not None and fast["r_mm"] == "4.300" and fast["joint_profit"] == fmt(Decimal("0.500") * 20)


@pytest.mark.parametrize("text", [
    # a key given twice, in the case or a report, plainly or through an escape
    '{"grid": [0, 10], "grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0", "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "gri\\u0064": [0, 20], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdl\\u0065": "1", "hurdle": "0"}}',
    # a colon inside a string that is not a decimal, and escapes that are not keys
    '{"grid": [0, 10], "mm": {"rates": ["4:30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "mm": {"rates": ["4.3\\u0030"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}, "tie_break": "smallest_volume"}',
    # text before or after the object
    ' {"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}} ',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}{}',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}\t',
    # rates that are not strings, in either schedule
    '{"grid": [0, 10], "mm": {"rates": [4.30], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}',
    '{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": [null], "hurdle": "0"}}',
])
def test_fast_answer_on_keys_given_twice_escapes_and_surroundings(text):
    for data in (text, text.encode()):
        agree(data)


@SETTINGS
@given(st.decimals(allow_nan=False, allow_infinity=False) | st.sampled_from([Decimal("-0"), Decimal("-0.000"), Decimal("1E+3"),
                                                                           Decimal("1E-7"), Decimal("-1E-12")]))
def test_fmt_is_plain_notation_without_negative_zero(value):
    want = format(abs(value) if value == 0 else value, "f")
    assert fmt(value) == want


# ---------------------------------------------------------------- the scan generated from the rules

def test_the_scan_is_written_from_the_rules():
    src = fast.SCAN_SOURCE
    assert "block = [(b_k - a_k) * q_k for" in src  # rules.joint_profit at every k scanned
    assert "m_mm, c_mm = q_k, -a_k * q_k" in src and "m_rm, c_rm = q_k, b_k * q_k" in src  # the lines' intercepts
    assert "x = b_k" in src and "x = -a_k" in src
    # both comparisons, in the scan that queries every k and in the one that bounds first
    assert src.count("ok = v <= p") == 4 and "u_mm <= p and u_rm <= p" in src


def test_a_changed_rule_reaches_the_scan(monkeypatch):
    from reposelect.reference import rules

    def strict(role, theta, a_k, b_k, a_j, b_j, q_j, pi_k, ops=rules.EXACT_OPS):
        return ops.implies(rules.fast_active(role, theta), rules.fast_value(role, a_k, b_k, a_j, b_j, q_j, ops) < pi_k)

    monkeypatch.setattr(fast, "fast_condition", strict)
    src = fast._scan_source()
    assert src.count("ok = v < p") == 4 and "u_mm < p and u_rm < p" in src and "if not v_mm < s:" in src


@pytest.mark.parametrize("value", [
    lambda role, a_k, b_k, a_j, b_j, q_j, ops: ops.mul(b_k - a_j, b_k),  # not linear in the rate at k
    lambda role, a_k, b_k, a_j, b_j, q_j, ops: ops.mul(a_k - a_j, q_j),  # a query point that increases
    lambda role, a_k, b_k, a_j, b_j, q_j, ops: ops.mul(b_k - a_j, 2 * q_j + 1),  # slopes other than q_j
    lambda role, a_k, b_k, a_j, b_j, q_j, ops: ops.mul(b_k - a_k, q_j),  # two rates at k
])
def test_a_rule_that_is_not_an_envelope_is_refused(monkeypatch, value):
    from reposelect.reference import rules

    def condition(role, theta, a_k, b_k, a_j, b_j, q_j, pi_k, ops=rules.EXACT_OPS):
        return ops.implies(rules.fast_active(role, theta), value(role, a_k, b_k, a_j, b_j, q_j, ops) <= pi_k)

    monkeypatch.setattr(fast, "fast_condition", condition)
    with pytest.raises(fast.NotEnvelope):
        fast._scan_source()
