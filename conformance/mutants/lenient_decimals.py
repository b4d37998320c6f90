"""Bug: decimal strings are parsed leniently (Python's Decimal syntax: "1e3", "+1", ".5", " 1.5" pass)."""
import json
from decimal import Decimal, InvalidOperation

from _common import Pipeline, serve
from reposelect.reference.wire import load_json, parse_case


def normalise(v):
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normalise(x) for x in v]
    if isinstance(v, str):
        try:
            d = Decimal(v)
        except InvalidOperation:
            return v
        return format(d, "f") if d.is_finite() else v
    return v


class M(Pipeline):
    @staticmethod
    def parse(data):
        strict = load_json(data)  # invalid_json and the size rule as usual
        if isinstance(strict, dict) and not getattr(strict, "duplicates", ()) and len(data) < 1 << 20:
            try:
                # leave documents with JSON floats or duplicate keys alone
                doc = json.loads(data, parse_float=lambda t: 1 / 0,
                                 object_pairs_hook=lambda ps: dict(ps) if len({k for k, _ in ps}) == len(ps) else 1 / 0)
            except (ZeroDivisionError, ValueError):
                return parse_case(data)
            data = json.dumps(normalise(doc), separators=(",", ":"))
        return parse_case(data)


serve(M())
