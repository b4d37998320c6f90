"""Case recipes: the only hand-written part of the vectors (spec/conformance.md 10.2).

A recipe is a stable key (``group/name``), a one-line description, the spec
sections it exercises, and a function that builds the input bytes. The expected
answer is never written here: the generator computes it with the reference. Ids
are assigned by the generator in ``registry.json`` (once, never reused), so a
description or a recipe's wording can change without moving its id.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Callable

from reposelect.reference.limits import MAX_CASE_COMMAS

# Section references (spec chapters 1-6, numbered by the lead).
GAME = "spec/model.md 2"
PAYOFF = "spec/model.md 2.3"
INDEX0 = "spec/model.md 2.2"
EQ = "spec/model.md 3.1"
EQFAST = "spec/model.md 3.4"
DEVIATIONS = "spec/model.md 3.3"
NOCOLLAPSE = "spec/contract.md 4.4"
RULE = "spec/contract.md 4"
HURDLE = "spec/contract.md 4.2"
OUTCOME = "spec/contract.md 4.3"
CASE = "spec/wire.md 6.1"
OUT = "spec/wire.md 6.2"
ERRORS = "spec/wire.md 6.4"
LIMITS = "spec/wire.md 6.5"
TRANSPORT = "spec/wire.md 6.6"

GROUPS = (
    "selection", "equilibria", "hurdles", "tie_breaks", "theta", "edge", "large",
    "errors.invalid_json", "errors.schema", "errors.not_a_decimal", "errors.too_large",
    "errors.grid_not_starting_at_zero", "errors.grid_not_increasing", "errors.length_mismatch",
    "errors.negative_rate", "errors.negative_hurdle", "errors.non_monotone_schedule",
    "errors.theta_out_of_range", "precedence",
)


@dataclass(frozen=True)
class Recipe:
    """How one vector is made: its key, description, spec sections and the function building its input."""

    key: str  # "group/name": stable, what registry.json maps an id to
    description: str
    sections: tuple[str, ...]
    build: Callable[[], bytes]
    #: False when JSON Schema cannot see the fault (duplicate keys): the schema test skips it.
    schema_expressible: bool = True

    @property
    def group(self) -> str:
        """The vector's group: its id up to the first slash."""
        return self.key.split("/", 1)[0]


RECIPES: list[Recipe] = []


def dumps(obj) -> bytes:
    """Compact JSON of a document, as UTF-8 bytes."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def case(grid, a, b, hm="0", hr="0", theta=None, tie=None) -> dict:
    """A wire case document from a grid, both schedules, the hurdles and, when given, theta and the tie-break."""
    d = {
        "grid": list(grid),
        "mm": {"rates": [str(x) for x in a], "hurdle": str(hm)},
        "rm": {"rates": [str(x) for x in b], "hurdle": str(hr)},
    }
    if theta is not None:
        d["theta"] = str(theta)
    if tie is not None:
        d["tie_break"] = tie
    return d


def add(key: str, description: str, sections, build, schema_expressible: bool = True) -> None:
    """Register a recipe; `build` is a dict (a case), bytes, or a callable returning either."""
    def thunk(build=build):
        v = build() if callable(build) else build
        return v if isinstance(v, bytes) else dumps(v)
    RECIPES.append(Recipe(key, description, tuple(sections), thunk, schema_expressible))


# The wire.md example and a few realistic variations ---------------------------------------
WIRE_EX = case([0, 50, 100, 150], ["4.30", "4.32", "4.35"], ["4.90", "4.70", "4.50"], "0.10", "0.05", "0.5", "largest_volume")

add("selection/wire-example", "the worked example of wire.md", [RULE, OUTCOME, OUT], WIRE_EX)
add("selection/wire-example-defaults", "the wire.md example with theta and tie_break omitted (defaults)",
    [CASE, RULE], case([0, 50, 100, 150], ["4.30", "4.32", "4.35"], ["4.90", "4.70", "4.50"], "0.10", "0.05"))
add("selection/interior-optimum", "joint profit peaks strictly inside the grid",
    [RULE, OUTCOME], case([0, 10, 20, 30, 40], ["1.00", "1.10", "1.50", "2.50"], ["3.00", "2.80", "2.40", "2.60"][:2] + ["2.20", "2.00"]))
add("selection/optimum-at-last", "joint profit rises to the largest volume",
    [RULE, OUTCOME], case([0, 1, 2, 3], ["1", "1", "1"], ["3", "3", "3"]))
add("selection/optimum-at-first", "joint profit is largest at the first volume",
    [RULE, OUTCOME], case([0, 100, 101, 102], ["1", "5", "6"], ["9", "5.5", "6"][:1] + ["5.5", "5.5"]))
add("selection/no-positive-spread", "every spread is negative: no trade",
    [RULE, OUTCOME, OUT], case([0, 10, 20], ["5", "6"], ["4", "3"]))
add("selection/basis-points", "realistic repo rates in percent with four decimals",
    [RULE, OUTCOME], case([0, 25_000_000, 50_000_000, 75_000_000, 100_000_000],
                          ["4.3000", "4.3125", "4.3300", "4.3650"], ["4.7100", "4.6050", "4.5000", "4.3900"], "0.0500", "0.1000"))
add("selection/float-trap-rbd", "r_bd = 0.1 + 0.5 * 0.4 must be exactly 0.3 (binary floats give 0.30000000000000004)",
    [PAYOFF, OUTCOME], case([0, 3], ["0.1"], ["0.5"], theta="0.5"))
add("selection/float-trap-profit", "joint profit 0.3 * 3 must be exactly 0.9",
    [OUTCOME], case([0, 1, 3], ["0.1", "0.1"], ["0.4", "0.4"]))
add("selection/exact-large-product", "twelve fractional digits times a 15-digit volume stay exact",
    [OUTCOME, LIMITS], case([0, 999_999_999_999_999], ["0.000000000001"], ["999999999999.999999999999"], theta="0.333333333333"))
add("selection/exact-rbd-digits", "r_bd with theta of twelve digits has up to 24 fractional digits",
    [PAYOFF, OUTCOME], case([0, 7, 9], ["1.000000000007", "1.000000000009"], ["2.999999999999", "2.999999999998"], theta="0.123456789012"))
add("selection/trade-zero-profit", "a zero spread with zero hurdles is a trade with zero joint profit",
    [HURDLE, OUTCOME], case([0, 5], ["2.5"], ["2.5"]))
add("selection/mixed-decimal-scales", "rates given with different numbers of decimals compare by value",
    [CASE, RULE], case([0, 10, 20, 30], ["1", "1.5", "1.50000"], ["3.0", "2.75", "2.5"], "0.5", "0.25"))
add("selection/trailing-zeros", "equal values written with trailing zeros (4.50 = 4.5)",
    [CASE, OUT], case([0, 40, 80], ["4.500", "4.5"], ["5.000000", "4.90"], "0.10", "0.1000"))

# Equilibria: hand-made cases that isolate each dealer's deviation ----------------------------
add("equilibria/bdmm-deviation-excludes", "BDmm gains by moving down from (2,2): only the BDmm condition excludes 2",
    [EQ, EQFAST], case([0, 10, 11], ["1", "9"], ["10", "10"]))
add("equilibria/bdrm-deviation-excludes", "BDrm gains by moving down from (2,2): only the BDrm condition excludes 2",
    [EQ, EQFAST], case([0, 10, 11], ["1", "1"], ["10", "2"]))
add("equilibria/negative-spread-excluded", "a negative spread at k: deviating to 0 pays, so (k,k) is no equilibrium",
    [EQ, DEVIATIONS, INDEX0], case([0, 1, 2, 3], ["1", "2", "4"], ["5", "3", "3"]))
add("equilibria/all-equilibria", "constant positive spread: every profile (k,k) is an equilibrium",
    [EQ], case([0, 1, 2, 3, 4], ["2", "2", "2", "2"], ["3", "3", "3", "3"]))
add("equilibria/only-zero", "no profitable trade: (0,0) is the only equilibrium",
    [EQ, OUTCOME], case([0, 1, 2], ["3", "4"], ["2", "1"]))
add("equilibria/gap-in-middle", "equilibria 0,1,3 with 2 excluded by a deviation to 1",
    [EQ, EQFAST], case([0, 10, 12, 30], ["1", "5", "5"], ["11", "8", "8"]))
add("equilibria/zero-spread-rm-deviates", "zero spread at k with a higher b below: BDrm's deviation pays",
    [EQ, PAYOFF], case([0, 1, 2], ["1", "2"], ["3", "2"]))
add("equilibria/deviation-to-nonadjacent", "the paying deviation is two steps down, not one",
    [EQ, DEVIATIONS], case([0, 10, 11, 12], ["1", "1", "8"], ["10", "9", "9"]))


def _random_case(seed: int, n: int, palette_a, palette_b, hurdle=("0", "0")) -> dict:
    rng = random.Random(seed)
    grid = [0]
    for _ in range(n):
        grid.append(grid[-1] + rng.randint(1, 6))
    a = sorted(rng.choice(palette_a) for _ in range(n))
    b = sorted((rng.choice(palette_b) for _ in range(n)), reverse=True)
    return case(grid, a, b, hurdle[0], hurdle[1])


_PA = ["1", "1.5", "2", "2.25", "3", "4"]
_PB = ["2", "2.5", "3", "3.75", "4", "5", "6"]
for _i in range(24):
    _n = 2 + _i % 7
    add(f"equilibria/random-{_i:02d}", f"seeded small random monotone case #{_i} (N = {_n})",
        [EQ, EQFAST, RULE], (lambda s=_i, n=_n: _random_case(1000 + s, n, _PA, _PB)))

# Hurdles -----------------------------------------------------------------------------------------
add("hurdles/spread-equals-hurdle", "the spread at the optimum equals the larger hurdle: weak inequality, feasible",
    [HURDLE], case([0, 10, 20], ["1", "1"], ["2", "1.5"], "0.5", "0.25"))
add("hurdles/spread-just-below", "the spread at the optimum is one unit of 1e-12 below the hurdle",
    [HURDLE], case([0, 10, 20], ["1", "1"], ["2", "1.5"], "0.500000000001", "0"))
add("hurdles/max-not-min", "the spread lies between the two hurdles: the larger one decides (infeasible)",
    [HURDLE], case([0, 10, 20], ["1", "1"], ["2", "1.5"], "0.2", "0.7"))
add("hurdles/max-not-min-mm", "the spread lies between the two hurdles, the larger on BDmm's side",
    [HURDLE], case([0, 10, 20], ["1", "1"], ["2", "1.5"], "0.7", "0.2"))
add("hurdles/optimum-excluded", "the unconstrained optimum fails the hurdle; a smaller equilibrium is chosen",
    [HURDLE, NOCOLLAPSE], case([0, 10, 30], ["1", "1"], ["3", "1.5"], "0.6", "0"))
add("hurdles/nothing-feasible", "every trading equilibrium fails the hurdle: no trade, equilibria still listed",
    [HURDLE, OUTCOME, OUT], case([0, 10, 20, 30], ["1", "1", "1"], ["2", "2", "2"], "1.5", "1.5"))
add("hurdles/rm-hurdle-only", "only BDrm has a hurdle and it binds",
    [HURDLE], case([0, 10, 20, 30], ["1", "1.1", "1.2"], ["2", "1.6", "1.25"], "0", "0.5"))
add("hurdles/mm-hurdle-only", "only BDmm has a hurdle and it binds",
    [HURDLE], case([0, 10, 20, 30], ["1", "1.1", "1.2"], ["2", "1.6", "1.25"], "0.5", "0"))
add("hurdles/zero-hurdles-zero-spread", "zero hurdles accept a zero spread",
    [HURDLE], case([0, 4, 8], ["2", "2"], ["2", "2"]))
add("hurdles/positive-hurdle-zero-spread", "a positive hurdle rejects a zero spread: no trade",
    [HURDLE], case([0, 4, 8], ["2", "2"], ["2", "2"], "0.01", "0"))
add("hurdles/large-hurdle-digits", "hurdles with twelve fractional digits compare exactly",
    [HURDLE, LIMITS], case([0, 1, 2], ["1.000000000000", "1.000000000001"], ["1.000000000003", "1.000000000002"], "0.000000000002", "0.000000000001"))

# Tie-breaks --------------------------------------------------------------------------------------
TIE = case([0, 1, 2], ["1", "1"], ["3", "2"])
add("tie_breaks/largest-default", "equal joint profit at 1 and 2, default tie-break takes the larger volume",
    [RULE, CASE], TIE)
add("tie_breaks/largest-explicit", "equal joint profit at 1 and 2, largest_volume given explicitly",
    [RULE, CASE], dict(TIE, tie_break="largest_volume"))
add("tie_breaks/smallest", "equal joint profit at 1 and 2, smallest_volume takes the smaller",
    [RULE, CASE], dict(TIE, tie_break="smallest_volume"))
TIE3 = case([0, 2, 3, 6], ["1", "1", "1"], ["4", "3", "2"])
add("tie_breaks/three-way-largest", "three-way tie of joint profit, largest_volume", [RULE], TIE3)
add("tie_breaks/three-way-smallest", "three-way tie of joint profit, smallest_volume", [RULE], dict(TIE3, tie_break="smallest_volume"))
add("tie_breaks/tie-partly-infeasible", "a tie where the larger volume fails the hurdle",
    [RULE, HURDLE], case([0, 1, 2], ["1", "1"], ["3", "2"], "1.5", "0"))
add("tie_breaks/unique-optimum-smallest", "smallest_volume does not change a unique optimum",
    [RULE], case([0, 1, 2, 3], ["1", "1", "1"], ["3", "3", "3"], tie="smallest_volume"))
add("tie_breaks/tie-at-zero-profit", "zero joint profit everywhere: largest volume of the tie",
    [RULE], case([0, 4, 8], ["2", "2"], ["2", "2"], tie="largest_volume"))
add("tie_breaks/tie-at-zero-profit-smallest", "zero joint profit everywhere: smallest volume of the tie",
    [RULE], case([0, 4, 8], ["2", "2"], ["2", "2"], tie="smallest_volume"))
add("tie_breaks/tie-equal-values-different-scales", "a tie between 6 and 6.000 written with different scales",
    [RULE, CASE], case([0, 2, 3], ["1", "1.0"], ["4.000", "3"], tie="smallest_volume"))

# Theta -------------------------------------------------------------------------------------------
for _t in ("0.25", "0.75", "0.1", "0.9", "0.000000000001", "0.999999999999", "0.333333333333"):
    add(f"theta/theta-{_t}", f"theta = {_t} sets r_bd = r_mm + theta * spread",
        [PAYOFF, OUTCOME], case([0, 50, 100, 150], ["4.30", "4.32", "4.35"], ["4.90", "4.70", "4.50"], "0.10", "0.05", _t))
add("theta/explicit-half", "theta = \"0.5\" given explicitly equals the default",
    [CASE, PAYOFF], case([0, 10, 20], ["1", "2"], ["5", "4"], theta="0.5"))
add("theta/half-trailing-zeros", "theta = \"0.500\" is the same value as 0.5",
    [CASE, PAYOFF], case([0, 10, 20], ["1", "2"], ["5", "4"], theta="0.500"))
add("theta/equilibria-independent", "equilibria do not depend on theta in (0,1): theta = 0.01 on a case with deviations",
    [EQ, PAYOFF], case([0, 10, 11, 12], ["1", "1", "8"], ["10", "9", "9"], theta="0.01"))
add("theta/equilibria-independent-high", "equilibria do not depend on theta in (0,1): theta = 0.99",
    [EQ, PAYOFF], case([0, 10, 11], ["1", "1"], ["10", "2"], theta="0.99"))
add("theta/quarter-bdrm-case", "theta = 0.25 on a case where BDrm's deviation matters",
    [EQ, PAYOFF], case([0, 10, 11], ["1", "1"], ["10", "2"], theta="0.25"))

# Edge cases ----------------------------------------------------------------------------------------
add("edge/n1-trade", "N = 1 with a positive spread: trade at the only volume", [GAME, RULE], case([0, 1], ["1"], ["2"]))
add("edge/n1-no-trade", "N = 1 with a negative spread: no trade", [GAME, RULE], case([0, 1], ["2"], ["1"]))
add("edge/n1-hurdle-binds", "N = 1 with a positive spread below the hurdle", [HURDLE], case([0, 7], ["1"], ["2"], "1.01", "0"))
add("edge/flat-schedules", "both schedules flat: joint profit increases with volume", [RULE], case([0, 3, 5, 9, 10], ["2"] * 4, ["3"] * 4))
add("edge/flat-equal", "both schedules flat and equal: zero spread everywhere", [RULE], case([0, 3, 5], ["2", "2"], ["2", "2"]))
add("edge/flat-crossing", "flat MM schedule, RM schedule crossing it", [RULE, EQ], case([0, 1, 2, 3], ["2", "2", "2"], ["3", "2", "1"]))
add("edge/zero-rates", "all rates zero", [RULE], case([0, 1, 2], ["0", "0"], ["0", "0"]))
add("edge/negative-zero", "\"-0\" and \"-0.00\" are zero, not negative", [CASE, ERRORS], case([0, 1, 2], ["-0", "-0.00"], ["1", "1"], "-0", "0"))
add("edge/max-digits", "twelve integer and twelve fractional digits are accepted", [LIMITS],
    case([0, 1], ["999999999998.999999999999"], ["999999999999.999999999999"], "0.000000000001", "999999999999.999999999999"))
add("edge/max-volume", "a volume of exactly 10^15 is accepted", [LIMITS], case([0, 10**15], ["1"], ["2"]))
add("edge/leading-zeros-at-limit", "digits count as written: 12 integer digits with leading zeros are accepted", [LIMITS, CASE],
    case([0, 1], ["000000000001.5"], ["000000000002"], "000000000000.000000000000", "0"))
add("edge/sixteen-digit-volume-literal", "a 16-digit integer literal (10^15, the largest volume) as the last of three volumes",
    [LIMITS], case([0, 1, 1_000_000_000_000_000], ["1", "1"], ["2", "2"]))
add("edge/whitespace-around", "spaces and tabs around and inside the JSON value are allowed", [CASE, TRANSPORT],
    b' \t{ "grid" : [ 0 , 5 ] ,\t"mm" : { "rates" : [ "1" ] , "hurdle" : "0" } , "rm" : { "rates" : [ "2" ] , "hurdle" : "0" } } \t')
add("edge/key-order", "keys in any order", [CASE],
    b'{"tie_break":"smallest_volume","theta":"0.25","rm":{"hurdle":"0","rates":["3","2"]},"mm":{"hurdle":"0","rates":["1","1"]},"grid":[0,1,2]}')
add("edge/unicode-escaped-key", "a key written with a JSON unicode escape (\\u0067rid is grid)", [CASE],
    b'{"\\u0067rid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}')
add("edge/negative-spread-then-positive-none", "monotone schedules that never cross: no trade with N = 5",
    [RULE], case([0, 1, 2, 3, 4, 5], ["3"] * 5, ["2.9"] * 5))
add("edge/huge-grid-steps", "grid volumes spanning fifteen orders of magnitude", [GAME, RULE],
    case([0, 1, 10**5, 10**10, 10**15], ["1", "1", "1.5", "2"], ["3", "2.5", "2", "2"]))
add("edge/optimum-excluded-by-hurdle-n2", "N = 2: the unconstrained optimum (index 2) is excluded by a hurdle",
    [HURDLE, NOCOLLAPSE], case([0, 1, 10], ["1", "1"], ["3", "1.5"], "1", "1"))


# Large N ------------------------------------------------------------------------------------------------
def _large(seed: int, n: int, flat=False, hurdle=("0.05", "0.10"), tie=None) -> dict:
    rng = random.Random(seed)
    grid = list(range(0, 10 * (n + 1), 10))
    if flat:
        a, b = ["4.3"] * n, ["4.7"] * n
    else:
        x, y, a, b = 4300, 4700 + n, [], []
        for _ in range(n):
            x += rng.randrange(0, 2)
            y -= rng.randrange(0, 3)
            a.append(f"{x // 1000}.{x % 1000:03d}")
            b.append(f"{max(y, 0) // 1000}.{max(y, 0) % 1000:03d}")
    return case(grid, a, b, hurdle[0], hurdle[1], tie=tie)


add("large/n10000-random", "N = 10,000 seeded monotone schedules", [RULE, EQFAST], lambda: _large(7, 10_000))
add("large/n10000-flat", "N = 10,000 flat schedules: the largest volume wins", [RULE], lambda: _large(8, 10_000, flat=True))
add("large/n10000-nothing-feasible", "N = 10,000 with a hurdle no spread meets: no trade",
    [HURDLE], lambda: _large(9, 10_000, hurdle=("5", "0")))
add("large/n2000-smallest", "N = 2,000 seeded schedules with smallest_volume", [RULE], lambda: _large(10, 2_000, tie="smallest_volume"))


# Errors ------------------------------------------------------------------------------------------
def _bad(code: str, name: str, description: str, build, sections=(ERRORS,), **kw):
    add(f"errors.{code}/{name}", description, list(sections), build, **kw)


OK = case([0, 1, 2], ["1", "1"], ["2", "2"])
OK_TXT = dumps(OK)

# invalid_json
for _name, _desc, _bytes in [
    ("empty-line", "an empty line", b""),
    ("blank-line", "a line of spaces and a tab", b"   \t "),
    ("garbage", "text that is not JSON", b"hello, world"),
    ("invalid-utf8", "a byte 0xff: not UTF-8", b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"\xff"}}'),
    ("invalid-utf8-start", "bytes 0xfe 0xff before the value", b"\xfe\xff" + OK_TXT),
    ("utf8-surrogate", "an encoded surrogate (0xed 0xa0 0x80) is not UTF-8", b'{"grid":[0,1],"mm":{"rates":["\xed\xa0\x80"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("overlong-utf8", "an overlong encoding of '/' (0xc0 0xaf)", b'{"grid":[0,1]\xc0\xaf}'),
    ("bare-nan", "a bare NaN literal where a rate belongs", b'{"grid":[0,1],"mm":{"rates":[NaN],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("bare-infinity", "a bare Infinity literal as theta", OK_TXT[:-1] + b',"theta":Infinity}'),
    ("bare-minus-infinity", "a bare -Infinity literal as a hurdle", b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":-Infinity},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("two-values", "two JSON values on one line", OK_TXT + b" " + OK_TXT),
    ("trailing-comma", "a trailing comma in an array", b'{"grid":[0,1,],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("truncated", "the value ends early", OK_TXT[:-5]),
    ("single-quotes", "single-quoted strings", OK_TXT.replace(b'"', b"'")),
    ("unquoted-key", "an unquoted key", b'{grid:[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("comment", "a JavaScript comment", b"/* case */" + OK_TXT),
    ("nul-byte", "a NUL byte after the value", OK_TXT + b"\x00"),
    ("control-char-in-string", "a raw control character inside a string", b'{"grid":[0,1],"mm":{"rates":["1\x01"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("hex-number", "a hexadecimal integer", b'{"grid":[0,0x10],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("leading-zero-number", "an integer with a leading zero (not JSON)", b'{"grid":[0,01],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("utf8-bom", "a UTF-8 byte-order mark (EF BB BF) before a valid case", b"\xef\xbb\xbf" + OK_TXT),
]:
    _bad("invalid_json", _name, f"invalid JSON: {_desc}", _bytes, [ERRORS, TRANSPORT])


def _with(base: dict, path: tuple, value=None, delete=False) -> dict:
    doc = json.loads(json.dumps(base))
    tgt = doc
    for p in path[:-1]:
        tgt = tgt[p]
    if delete:
        del tgt[path[-1]]
    else:
        tgt[path[-1]] = value
    return doc


# schema
_schema = [
    ("top-array", "the value is an array, not an object", []),
    ("top-string", "the value is a string", "grid"),
    ("top-number", "the value is a number", 42),
    ("top-null", "the value is null", None),
    ("missing-grid", "the key grid is missing", _with(OK, ("grid",), delete=True)),
    ("missing-mm", "the key mm is missing", _with(OK, ("mm",), delete=True)),
    ("missing-rm", "the key rm is missing", _with(OK, ("rm",), delete=True)),
    ("missing-hurdle", "mm.hurdle is missing", _with(OK, ("mm", "hurdle"), delete=True)),
    ("missing-rates", "rm.rates is missing", _with(OK, ("rm", "rates"), delete=True)),
    ("unknown-key", "an unknown top-level key", dict(OK, volume=5)),
    ("unknown-key-in-report", "an unknown key inside rm", _with(OK, ("rm", "floor"), "1")),
    ("mm-not-object", "mm is an array", _with(OK, ("mm",), ["1", "1"])),
    ("grid-not-array", "grid is an object", _with(OK, ("grid",), {"0": 0})),
    ("grid-string-volume", "a volume given as a string", _with(OK, ("grid", 1), "1")),
    ("grid-float-volume", "a volume given as a JSON number with a fraction", b'{"grid":[0,1.5,2],"mm":{"rates":["1","1"],"hurdle":"0"},"rm":{"rates":["2","2"],"hurdle":"0"}}'),
    ("grid-bool-volume", "a volume given as true", _with(OK, ("grid", 1), True)),
    ("grid-one-volume", "a grid of one volume", case([0], [], [])),
    ("grid-empty", "an empty grid", case([], [], [])),
    ("rate-json-number", "a rate given as a JSON number, not a decimal string", b'{"grid":[0,1,2],"mm":{"rates":["1",1.5],"hurdle":"0"},"rm":{"rates":["2","2"],"hurdle":"0"}}'),
    ("rate-json-integer", "a rate given as a JSON integer", _with(OK, ("rm", "rates", 0), 2)),
    ("rate-null", "a rate given as null", _with(OK, ("mm", "rates", 1), None)),
    ("rates-string", "rates given as one string", _with(OK, ("mm", "rates"), "1,1")),
    ("hurdle-number", "a hurdle given as a JSON number", b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":0.1},"rm":{"rates":["2"],"hurdle":"0"}}'),
    ("theta-number", "theta given as a JSON number", b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"},"theta":0.5}'),
    ("theta-null", "theta given as null", dict(OK, theta=None)),
    ("tie-break-unknown", "an unknown tie_break", dict(OK, tie_break="random")),
    ("tie-break-number", "tie_break given as a number", dict(OK, tie_break=1)),
    ("tie-break-case", "tie_break names are case-sensitive", dict(OK, tie_break="Largest_Volume")),
]
for _name, _desc, _doc in _schema:
    _bad("schema", _name, f"schema: {_desc}", _doc, [ERRORS, CASE])
_bad("schema", "grid-exponent-volume", "schema: a volume in exponent notation (1e1; many validators read it as the integer 10)",
     b'{"grid":[0,1e1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}', [ERRORS, CASE], schema_expressible=False)
_bad("schema", "grid-integral-float-volume", "schema: a volume written 50.0 (a JSON number with a fraction, although integral)",
     b'{"grid":[0,50.0],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}', [ERRORS, CASE], schema_expressible=False)
_bad("schema", "lone-surrogate-key", "schema: an unknown key that is a lone surrogate escape; the path is that key",
     b'{"\\ud800":1,"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}', [ERRORS, CASE, TRANSPORT])
_bad("schema", "non-ascii-key", "schema: an unknown key of non-ASCII characters; the path is that key",
     _with(OK, ("gr\u00efd",), [0, 1]), [ERRORS, CASE, TRANSPORT])
_bad("schema", "duplicate-key", "schema: the key mm is given twice",
     b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}',
     [ERRORS, CASE], schema_expressible=False)
_bad("schema", "duplicate-key-nested", "schema: the key hurdle is given twice inside rm",
     b'{"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0","hurdle":"1"}}',
     [ERRORS, CASE], schema_expressible=False)

# not_a_decimal
for _name, _text, _where in [
    ("nan-string", "NaN", ("mm", "rates", 1)),
    ("exponent", "1e3", ("rm", "rates", 0)),
    ("comma", "4,30", ("mm", "rates", 0)),
    ("empty-string", "", ("rm", "hurdle")),
    ("leading-plus", "+1", ("mm", "hurdle")),
    ("leading-dot", ".5", ("theta",)),
    ("trailing-dot", "5.", ("rm", "rates", 1)),
    ("spaces", " 1.5", ("mm", "rates", 0)),
    ("infinity-string", "Infinity", ("rm", "rates", 0)),
    ("hex-string", "0x10", ("mm", "rates", 1)),
    ("arabic-digits", "\u0661\u0662", ("rm", "rates", 1)),
    ("fullwidth-digit", "\uff11", ("mm", "rates", 0)),
    ("double-minus", "--1", ("rm", "hurdle")),
    ("percent", "4.3%", ("theta",)),
]:
    _bad("not_a_decimal", _name, f"not a decimal: {_text!r} at {'.'.join(map(str, _where))}",
         _with(dict(OK, theta="0.5"), _where, _text), [ERRORS, CASE])

# too_large
_bad("too_large", "int-digits", "a rate with 13 integer digits", _with(OK, ("mm", "rates", 0), "1000000000000"), [ERRORS, LIMITS])
_bad("too_large", "frac-digits", "a rate with 13 fractional digits", _with(OK, ("rm", "rates", 1), "1.0000000000001"), [ERRORS, LIMITS])
_bad("too_large", "hurdle-digits", "a hurdle with 13 fractional digits", _with(OK, ("rm", "hurdle"), "0.0000000000001"), [ERRORS, LIMITS])
_bad("too_large", "theta-digits", "theta with 13 fractional digits", dict(OK, theta="0.5000000000001"), [ERRORS, LIMITS])
_bad("too_large", "trailing-zero-digits", "13 fractional digits count even when they are zeros", _with(OK, ("mm", "hurdle"), "0.0000000000000"), [ERRORS, LIMITS])
_bad("too_large", "leading-zero-digits", "digits count as written: 0000000000000001 has 16 integer digits",
    _with(OK, ("mm", "rates", 0), "0000000000000001"), [ERRORS, LIMITS])
_bad("too_large", "leading-zero-frac", "digits count as written: 13 integer digits, all zeros, before a fraction",
    _with(OK, ("rm", "hurdle"), "0000000000000.5"), [ERRORS, LIMITS])
_bad("too_large", "million-leading-zeros", "a million zeros and then 1: the limit bounds the text (gzip-stored input)",
    lambda: _with(OK, ("rm", "rates", 1), "0" * 1_000_000 + "1"), [ERRORS, LIMITS])
_bad("too_large", "too-many-commas", "more commas than any case within the limits holds: too_large at $ before parsing",
    lambda: b'{"grid":[' + b",".join([b"0"] * (MAX_CASE_COMMAS + 1)) + b'],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}',
    [ERRORS, LIMITS])
_bad("too_large", "too-many-commas-invalid-json", "the size rule comes first: too many commas in text that is not even JSON",
    lambda: b"[" + b"," * (MAX_CASE_COMMAS + 1), [ERRORS, LIMITS])
_bad("too_large", "volume", "a volume of 10^15 + 1", case([0, 10**15 + 1], ["1"], ["2"]), [ERRORS, LIMITS])
_bad("too_large", "int-literal", "a 17-digit integer literal in the grid", b'{"grid":[0,12345678901234567],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}', [ERRORS, LIMITS])
_bad("too_large", "huge-int-literal", "a 40-digit integer literal in the grid", b'{"grid":[0,1,1234567890123456789012345678901234567890],"mm":{"rates":["1","1"],"hurdle":"0"},"rm":{"rates":["2","2"],"hurdle":"0"}}', [ERRORS, LIMITS])
_bad("too_large", "n-above-limit", "N = 1,000,001 trading volumes (one above the limit; gzip-stored input)",
     lambda: b'{"grid":[' + b",".join([b"0"] * 1_000_002) + b'],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}',
     [ERRORS, LIMITS])

# grid_not_starting_at_zero
_bad("grid_not_starting_at_zero", "starts-at-one", "the grid starts at 1", case([1, 2, 3], ["1", "1"], ["2", "2"]))
_bad("grid_not_starting_at_zero", "starts-negative", "the grid starts at -1", case([-1, 0, 1], ["1", "1"], ["2", "2"]))
_bad("grid_not_starting_at_zero", "n1", "N = 1 with grid [5, 10]", case([5, 10], ["1"], ["2"]))

# grid_not_increasing
_bad("grid_not_increasing", "repeat-zero", "grid [0, 0]", case([0, 0], ["1"], ["2"]))
_bad("grid_not_increasing", "decrease", "the grid decreases at index 2", case([0, 5, 3, 7], ["1"] * 3, ["2"] * 3))
_bad("grid_not_increasing", "repeat-last", "the last volume repeats", case([0, 1, 2, 2], ["1"] * 3, ["2"] * 3))
_bad("grid_not_increasing", "negative-volume", "a negative volume after 0", case([0, -1], ["1"], ["2"]))
_bad("grid_not_increasing", "first-of-two", "two faults: the first in document order is reported", case([0, 2, 1, 0], ["1"] * 3, ["2"] * 3))

# length_mismatch
_bad("length_mismatch", "mm-short", "mm.rates has one rate too few", case([0, 1, 2], ["1"], ["2", "2"]))
_bad("length_mismatch", "rm-long", "rm.rates has one rate too many", case([0, 1, 2], ["1", "1"], ["2", "2", "2"]))
_bad("length_mismatch", "both", "both schedules have the wrong length: mm is reported", case([0, 1, 2], ["1"], ["2"]))
_bad("length_mismatch", "empty-rates", "mm.rates is empty", case([0, 1], [], ["2"]))

# negative_rate
_bad("negative_rate", "mm-first", "mm.rates[0] is negative", case([0, 1, 2], ["-0.01", "1"], ["2", "2"]))
_bad("negative_rate", "rm-last", "rm.rates[1] is negative", case([0, 1, 2], ["0", "0"], ["2", "-0.000000000001"]))
_bad("negative_rate", "mm-before-rm", "negative rates on both sides: mm is reported", case([0, 1, 2], ["1", "-1"], ["-2", "-3"]))
_bad("negative_rate", "all-negative", "every rate is negative", case([0, 1], ["-5"], ["-4"]))

# negative_hurdle
_bad("negative_hurdle", "mm", "mm.hurdle is negative", case([0, 1], ["1"], ["2"], "-0.1", "0"))
_bad("negative_hurdle", "rm", "rm.hurdle is negative", case([0, 1], ["1"], ["2"], "0", "-0.000000000001"))
_bad("negative_hurdle", "both", "both hurdles are negative: mm is reported", case([0, 1], ["1"], ["2"], "-1", "-1"))

# non_monotone_schedule
_bad("non_monotone_schedule", "mm-decreases", "mm.rates decreases at index 2", case([0, 1, 2, 3], ["1", "2", "1.99"], ["3", "3", "3"]), [ERRORS, GAME])
_bad("non_monotone_schedule", "rm-increases", "rm.rates increases at index 1", case([0, 1, 2, 3], ["1", "1", "1"], ["3", "3.000000000001", "3"]), [ERRORS, GAME])
_bad("non_monotone_schedule", "both", "both schedules non-monotone: mm is reported", case([0, 1, 2], ["2", "1"], ["1", "2"]), [ERRORS, GAME])
_bad("non_monotone_schedule", "mm-first-of-two", "mm.rates decreases twice: the first is reported", case([0, 1, 2, 3, 4], ["3", "2", "2", "1"], ["4"] * 4), [ERRORS, GAME])
_bad("non_monotone_schedule", "different-scales", "4.30 then 4.2999 decreases although the text is longer", case([0, 1, 2], ["4.30", "4.2999"], ["5", "5"]), [ERRORS, GAME])

# theta_out_of_range
for _name, _t in [("zero", "0"), ("one", "1"), ("zero-decimals", "0.000"), ("one-decimals", "1.0"), ("above", "1.5"), ("negative", "-0.5"), ("large", "7")]:
    _bad("theta_out_of_range", _name, f"theta = {_t} is not strictly between 0 and 1", dict(OK, theta=_t), [ERRORS, CASE])

# Precedence: two faults, the spec's order decides -------------------------------------------------
_P = [ERRORS]
add("precedence/json-over-schema", "invalid UTF-8 in a document that also lacks a key", _P, b'{"grid":[0,1],"mm":{"rates":["\xff"],"hurdle":"0"}}')
add("precedence/schema-over-decimal", "an unknown key and a non-decimal rate: schema wins", _P, dict(_with(OK, ("mm", "rates", 0), "x"), extra=1))
add("precedence/schema-later-over-decimal-earlier", "a non-decimal rate in mm and a JSON-number rate later in rm: schema wins", _P,
    b'{"grid":[0,1],"mm":{"rates":["x"],"hurdle":"0"},"rm":{"rates":[2],"hurdle":"0"}}')
add("precedence/decimal-over-too-large", "a too-long rate early and a non-decimal theta late: not_a_decimal wins", _P,
    dict(_with(OK, ("mm", "rates", 0), "1000000000000"), theta="half"))
add("precedence/too-large-over-grid-zero", "a too-long hurdle and a grid starting at 1", _P, case([1, 2], ["1"], ["2"], "0.0000000000001", "0"))
add("precedence/too-large-volume-over-grid-order", "a volume beyond the limit in a decreasing grid", _P, case([0, 10**16, 5], ["1", "1"], ["2", "2"]))
add("precedence/grid-zero-over-increasing", "grid [3, 2, 1] both starts away from 0 and decreases", _P, case([3, 2, 1], ["1", "1"], ["2", "2"]))
add("precedence/increasing-over-length", "a repeated volume and a short schedule", _P, case([0, 1, 1], ["1"], ["2", "2"]))
add("precedence/length-over-negative", "a short schedule and a negative rate", _P, case([0, 1, 2], ["-1"], ["2", "2"]))
add("precedence/negative-rate-over-hurdle", "a negative mm.hurdle before a negative rm rate in the document: negative_rate wins", _P,
    case([0, 1], ["1"], ["-2"], "-1", "0"))
add("precedence/negative-over-monotone", "a negative rate after a larger one (also non-monotone)", _P, case([0, 1, 2], ["1", "-1"], ["2", "2"]))
add("precedence/hurdle-over-monotone", "a negative hurdle and a non-monotone schedule", _P, case([0, 1, 2], ["2", "1"], ["3", "3"], "0", "-1"))
add("precedence/monotone-over-theta", "a non-monotone schedule and theta = 1", _P, dict(case([0, 1, 2], ["1", "1"], ["2", "3"]), theta="1"))
add("precedence/length-over-theta", "a length mismatch and theta = 0", _P, dict(case([0, 1, 2], ["1"], ["2", "2"]), theta="0"))
add("precedence/grid-over-negative", "a decreasing grid and negative rates", _P, case([0, 2, 1], ["-1", "-1"], ["2", "2"]))
add("precedence/schema-grid-short-over-decimal", "a one-volume grid and a non-decimal rate", _P, case([0], ["x"], ["2"]))
add("precedence/tie-break-over-decimal", "an unknown tie_break and a non-decimal theta", _P, dict(OK, theta="x", tie_break="coin"))
add("precedence/float-grid-over-decimal", "a JSON-number volume and a non-decimal rate", _P,
    b'{"grid":[0,1.5],"mm":{"rates":["x"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}')

# Precedence within one code (spec/wire.md 6.4: top-down for schema, fixed document order otherwise)
add("precedence/unknown-before-missing", "an unknown key and a missing key: the unknown key is reported", _P,
    {"grid": [0, 1], "mm": {"rates": ["1"], "hurdle": "0"}, "extra": "1"})
add("precedence/missing-in-key-order", "grid alone: the first missing key in the order grid, mm, rm is mm", _P, {"grid": [0, 1]})
add("precedence/duplicate-before-unknown", "an unknown key before a duplicated one: the duplicate is reported", _P,
    b'{"extra":1,"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}',
    schema_expressible=False)
add("precedence/grid-type-before-report", "a string volume and mm not an object: grid comes first", _P,
    {"grid": [0, "1"], "mm": [], "rm": {"rates": ["2"], "hurdle": "0"}})
add("precedence/grid-element-type-before-length", "grid [true]: the element's type is checked before the grid's length", _P,
    b'{"grid":[true],"mm":{"rates":[],"hurdle":"0"},"rm":{"rates":[],"hurdle":"0"}}')
add("precedence/report-keys-before-types", "rm lacks its hurdle and mm has a numeric rate: mm is checked first", _P,
    b'{"grid":[0,1],"mm":{"rates":[1],"hurdle":"0"},"rm":{"rates":["2"]}}')
add("precedence/decimal-fixed-order", "bad decimals in rm (written first) and in mm.hurdle: mm.hurdle is reported", _P,
    b'{"rm":{"rates":["x"],"hurdle":"0"},"mm":{"rates":["1"],"hurdle":"y"},"grid":[0,1]}')
add("precedence/too-large-volume-before-rate-digits", "a volume beyond the limit and a rate with 13 decimals: the grid comes first", _P,
    case([0, 10**15 + 1], ["1.0000000000001"], ["2"]))
add("precedence/too-large-rate-before-hurdle", "too many digits in rm.rates[0] and in mm.hurdle: mm.hurdle comes first", _P,
    case([0, 1], ["1"], ["2.0000000000001"], "0.0000000000001", "0"))
add("precedence/negative-rate-fixed-order", "negative rates written rm first: mm.rates[1] is reported", _P,
    b'{"grid":[0,1,2],"rm":{"rates":["-1","-2"],"hurdle":"0"},"mm":{"rates":["1","-1"],"hurdle":"0"}}')


def by_key() -> dict[str, Recipe]:
    """The recipes by id."""
    out = {}
    for r in RECIPES:
        if r.key in out:
            raise ValueError(f"duplicate recipe key {r.key}")
        if r.group not in GROUPS:
            raise ValueError(f"recipe {r.key}: unknown group {r.group}")
        out[r.key] = r
    return out
