"""Wire format v0 (spec/wire.md 6): bytes -> validated `Case`, `Outcome` -> JSON.

Parsing runs in passes that follow the spec's order of precedence, so a case with
several faults reports the one the spec says comes first:

0. `too_large` at `$`, before anything is parsed: a text longer than `MAX_CASE_BYTES` or
   holding more than `MAX_CASE_COMMAS` commas (no case within the limits needs more);
1. `invalid_json`: not UTF-8, a byte-order mark, not one JSON value, or a bare NaN / Infinity literal;
2. `schema`: the shape of the document (keys, JSON types, grid length, tie_break);
3. `not_a_decimal`: every decimal string, in document order;
4. `too_large` and the semantic checks: `reposelect.reference.validate.check_case`.
"""
from __future__ import annotations

import json
from decimal import Decimal

from .decimals import PLAIN_DECIMAL, fmt
from .errors import WireError, clip
from .limits import MAX_CASE_BYTES, MAX_CASE_COMMAS, MAX_INT_LITERAL_DIGITS, MAX_N, MAX_VOLUME
from .policy import STANDARD, Policy
from .types import DEFAULT_THETA, DEFAULT_TIE_BREAK, ROLES, TIE_BREAKS, Case, DealerReport, Outcome, Report, Role, TieBreak
from .validate import check_case

CASE_KEYS = ("grid", "mm", "rm", "theta", "tie_break")
CASE_REQUIRED = ("grid", "mm", "rm")
REPORT_KEYS = ("rates", "hurdle")
DEALER_KEYS = ("role", "grid", "rates", "hurdle")


class _JsonFloat:
    """A JSON number with a fraction or exponent: never a valid value in this format."""

    def __init__(self, text: str):
        self.text = text


class _HugeInt:
    """A JSON integer literal with more digits than any limit allows."""

    def __init__(self, text: str):
        self.text = text


class _Obj(dict):
    """A JSON object that remembers keys given more than once."""

    duplicates: tuple[str, ...] = ()


class _BadConstant(Exception):
    pass


def _int_hook(text: str):
    digits = text.lstrip("-")
    if len(digits) > MAX_INT_LITERAL_DIGITS:
        return _HugeInt(text)
    return int(text)


def _const_hook(text: str):
    raise _BadConstant(text)


def _pairs_hook(pairs):
    obj = _Obj()
    dups = []
    for k, v in pairs:
        if k in obj:
            dups.append(k)
        obj[k] = v
    obj.duplicates = tuple(dups)
    return obj


def too_long(limit: int = MAX_CASE_BYTES, size: int | None = None) -> WireError:
    """The error for a case text longer than the size limit (spec/wire.md 6.5)."""
    if size is None:
        return WireError("too_large", f"the text is longer than the limit of {limit} bytes", "$")
    return WireError("too_large", f"the text is {size} bytes; the limit is {limit} bytes", "$")


def check_size(data: bytes | str) -> None:
    """The size rule of spec/wire.md 6.5, checked before a text is decoded or parsed: at most
    `MAX_CASE_BYTES` bytes and `MAX_CASE_COMMAS` commas; beyond either, `too_large` at `$`."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_CASE_BYTES:
        raise too_long(MAX_CASE_BYTES, size)
    commas = data.count(b",") if isinstance(data, bytes) else data.count(",")
    if commas > MAX_CASE_COMMAS:
        raise WireError("too_large", f"the text holds {commas} commas; a case within the limits holds at most {MAX_CASE_COMMAS}", "$")


def load_json(data: bytes | str):
    """Decode one JSON value strictly; raise `too_large` (size) or `invalid_json` otherwise."""
    check_size(data)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise WireError("invalid_json", f"the input is not UTF-8 (byte {e.start}: {data[e.start:e.start+1]!r})", "$")
    else:
        text = data
    if text.startswith("\ufeff"):
        raise WireError("invalid_json", "the input starts with a byte-order mark (EF BB BF); a JSON text has none (RFC 8259, 8.1)", "$")
    if not text.strip():
        raise WireError("invalid_json", "the input is empty: one JSON value is expected", "$")
    try:
        return json.loads(text, parse_float=_JsonFloat, parse_int=_int_hook, parse_constant=_const_hook, object_pairs_hook=_pairs_hook)
    except _BadConstant as e:
        raise WireError("invalid_json", f"{e.args[0]} is not JSON (use a decimal string)", "$")
    except json.JSONDecodeError as e:
        raise WireError("invalid_json", f"not one JSON value: {e.msg} at line {e.lineno} column {e.colno}", "$")
    except RecursionError:
        raise WireError("invalid_json", "the JSON value is nested too deeply", "$")


def _type_name(v) -> str:
    if isinstance(v, _JsonFloat):
        return f"the JSON number {clip(v.text)}"
    if isinstance(v, _HugeInt):
        return "a JSON integer"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"the JSON boolean {str(v).lower()}"
    if isinstance(v, int):
        return f"the JSON integer {v}"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__  # pragma: no cover


def _expect_object(v, path: str, keys: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(v, dict):
        raise WireError("schema", f"{path} is {_type_name(v)}; an object is expected", path)
    sub = lambda k: k if path == "$" else f"{path}.{k}"  # noqa: E731
    for k in getattr(v, "duplicates", ()):
        raise WireError("schema", f"key {clip(repr(k))} is given more than once", sub(k))
    for k in v:
        if k not in keys:
            raise WireError("schema", f"unknown key {clip(repr(k))}; expected keys: {', '.join(keys)}", sub(k))
    for k in required:
        if k not in v:
            raise WireError("schema", f"missing key {k!r}", sub(k))
    return v


def _expect_string(v, path: str, what: str = "a decimal string") -> str:
    if not isinstance(v, str):
        hint = " (write numbers as decimal strings, e.g. \"4.30\")" if isinstance(v, (int, _JsonFloat, _HugeInt)) and not isinstance(v, bool) else ""
        raise WireError("schema", f"{path} is {_type_name(v)}; {what} is expected{hint}", path)
    return v


def _expect_array(v, path: str, of: str) -> list:
    if not isinstance(v, list):
        raise WireError("schema", f"{path} is {_type_name(v)}; an array of {of} is expected", path)
    return v


def _expect_grid(v, path: str) -> list:
    for i, q in enumerate(_expect_array(v, path, "integer volumes")):
        if isinstance(q, bool) or not isinstance(q, (int, _HugeInt)):
            raise WireError("schema", f"{path}[{i}] is {_type_name(q)}; volumes are JSON integers", f"{path}[{i}]")
    if len(v) < 2:
        raise WireError("schema", f"{path} has {len(v)} volume(s); at least two (q_0 = 0 and q_1) are required", path)
    return v


def _expect_rates(v, path: str) -> list:
    for i, r in enumerate(_expect_array(v, path, "decimal strings")):
        _expect_string(r, f"{path}[{i}]")
    return v


def _decimals(items) -> list[Decimal]:
    """Pass 3: parse (path, text) pairs; the first non-decimal in order is reported."""
    match = PLAIN_DECIMAL.fullmatch
    for path, text in items:
        if match(text) is None:
            raise WireError("not_a_decimal", f"{path} = {clip(repr(text))} is not a plain decimal (-?digits[.digits])", path)
    return [Decimal(text) for _, text in items]


def _grid_ints(grid: list, path: str = "grid") -> tuple[int, ...]:
    if len(grid) - 1 > MAX_N:
        raise WireError("too_large", f"N = {len(grid) - 1} trading volumes; the limit is {MAX_N}", path)
    for i, q in enumerate(grid):
        if isinstance(q, _HugeInt):
            raise WireError("too_large", f"{path}[{i}] has {len(q.text.lstrip('-'))} digits; the limit is {MAX_INT_LITERAL_DIGITS}", f"{path}[{i}]")
        if abs(q) > MAX_VOLUME:
            raise WireError("too_large", f"{path}[{i}] = {q} exceeds the volume limit {MAX_VOLUME}", f"{path}[{i}]")
    return tuple(grid)


def case_from_json(doc, policy: Policy = STANDARD) -> Case:
    """Validate a decoded JSON document as a case (spec/wire.md 6.1)."""
    _expect_object(doc, "$", CASE_KEYS, CASE_REQUIRED)
    grid = _expect_grid(doc["grid"], "grid")
    sides: dict[str, tuple[list, str]] = {}
    for side in ROLES:
        rep = _expect_object(doc[side], side, REPORT_KEYS, REPORT_KEYS)
        sides[side] = (_expect_rates(rep["rates"], f"{side}.rates"), _expect_string(rep["hurdle"], f"{side}.hurdle"))
    theta = _expect_string(doc["theta"], "theta") if "theta" in doc else None
    tie = doc.get("tie_break", DEFAULT_TIE_BREAK)
    _expect_string(tie, "tie_break", "a string")
    if tie not in TIE_BREAKS:
        raise WireError("schema", f"tie_break = {clip(repr(tie))} is not one of {', '.join(TIE_BREAKS)}", "tie_break")
    items: list[tuple[str, str]] = []
    for side in ROLES:
        rates, hurdle = sides[side]
        items.extend((f"{side}.rates[{i}]", r) for i, r in enumerate(rates))
        items.append((f"{side}.hurdle", hurdle))
    if theta is not None:
        items.append(("theta", theta))
    values = _decimals(items)
    g = _grid_ints(grid)
    written = dict(items)
    na, nb = len(sides["mm"][0]), len(sides["rm"][0])
    case = Case(
        grid=g,
        mm=Report(tuple(values[:na]), values[na]),
        rm=Report(tuple(values[na + 1 : na + 1 + nb]), values[na + 1 + nb]),
        theta=values[-1] if theta is not None else DEFAULT_THETA,
        tie_break=TieBreak(tie),
    )
    return check_case(case, policy, written)


def parse_case(data: bytes | str, policy: Policy = STANDARD) -> Case:
    """Bytes (or text) of one JSON case -> validated `Case`, or `WireError`."""
    return case_from_json(load_json(data), policy)


def report_from_json(doc, policy: Policy = STANDARD) -> DealerReport:
    """Validate a dealer report (wire.md "Dealer report"). Its rates are checked as that
    dealer's half of a case: grid, length, signs and monotonicity."""
    _expect_object(doc, "$", DEALER_KEYS, DEALER_KEYS)
    role = _expect_string(doc["role"], "role", "\"mm\" or \"rm\"")
    if role not in ROLES:
        raise WireError("schema", f"role = {clip(repr(role))} is not \"mm\" or \"rm\"", "role")
    grid = _expect_grid(doc["grid"], "grid")
    rates = _expect_rates(doc["rates"], "rates")
    hurdle = _expect_string(doc["hurdle"], "hurdle")
    items = [(f"rates[{i}]", r) for i, r in enumerate(rates)] + [("hurdle", hurdle)]
    values = _decimals(items)
    g = _grid_ints(grid)
    written = {f"{role}.{path}": text for path, text in items}
    report = DealerReport(Role(role), g, tuple(values[:-1]), values[-1])
    # Validate as a case with a neutral counterparty, then map paths back to the report's own.
    neutral = Report(tuple(Decimal(0) for _ in report.rates), Decimal(0))
    mine = Report(report.rates, report.hurdle)
    probe = Case(g, mine if role == Role.MM else neutral, neutral if role == Role.MM else mine)
    try:
        check_case(probe, policy, written)
    except WireError as e:
        prefix = f"{role}."
        path = e.path[len(prefix):] if e.path.startswith(prefix) else e.path
        msg = e.message.replace(prefix, "")
        raise WireError(e.code, msg, path) from None
    return report


def parse_report(data: bytes | str, policy: Policy = STANDARD) -> DealerReport:
    """Bytes (or text) of one dealer report -> validated `DealerReport`, or `WireError`."""
    return report_from_json(load_json(data), policy)


def case_from_reports(mm: DealerReport, rm: DealerReport, theta: Decimal = DEFAULT_THETA,
                      tie_break: TieBreak = DEFAULT_TIE_BREAK, policy: Policy = STANDARD) -> Case:
    """Two dealer reports and the session's parameters make exactly one case (wire.md)."""
    if mm.role != Role.MM or rm.role != Role.RM:
        raise WireError("schema", f"reports have roles {mm.role!r} and {rm.role!r}; one \"mm\" and one \"rm\" are needed", "role")
    if mm.grid != rm.grid:
        raise WireError("schema", "the two reports are on different grids; a session has one grid", "grid")
    return check_case(Case(mm.grid, Report(mm.rates, mm.hurdle), Report(rm.rates, rm.hurdle), theta, tie_break), policy)


def _d(v: Decimal | None):
    return None if v is None else fmt(v)


def outcome_to_json(o: Outcome) -> dict:
    """The wire form of an outcome (spec/wire.md 6.2), keys in the documented order."""
    return {
        "trade": o.trade,
        "index": o.index,
        "volume": o.volume,
        "r_mm": _d(o.r_mm),
        "r_rm": _d(o.r_rm),
        "r_bd": _d(o.r_bd),
        "spread": _d(o.spread),
        "joint_profit": _d(o.joint_profit),
        "equilibria": list(o.equilibria),
        "feasible": list(o.feasible),
    }


def case_to_json(case: Case) -> dict:
    """The wire form of a case (always with explicit theta and tie_break)."""
    return {
        "grid": list(case.grid),
        "mm": {"rates": [fmt(r) for r in case.mm.rates], "hurdle": fmt(case.mm.hurdle)},
        "rm": {"rates": [fmt(r) for r in case.rm.rates], "hurdle": fmt(case.rm.hurdle)},
        "theta": fmt(case.theta),
        "tie_break": case.tie_break,
    }


def report_to_json(r: DealerReport) -> dict:
    """The wire form of a dealer report (wire.md "Dealer report")."""
    return {"role": r.role, "grid": list(r.grid), "rates": [fmt(x) for x in r.rates], "hurdle": fmt(r.hurdle)}


def dumps(obj) -> str:
    """Compact, deterministic JSON text (one line), ASCII only: every non-ASCII character is a
    JSON escape, so any answer can be written whatever the input held (a lone surrogate in a
    key becomes `\\ud800` in the error's path; spec/wire.md 6.6)."""
    return _ENCODE(obj)


_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode  # made once


def __getattr__(name: str):
    """`wire.answer`, the wire pipeline's former home, is `transport.answer` (kept for callers
    that import it from here, such as a benchmark timing an older revision's code)."""
    if name == "answer":
        from .transport import answer
        return answer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
