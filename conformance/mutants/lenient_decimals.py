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
        doc = load_json(data)
        if isinstance(doc, dict) and not getattr(doc, "duplicates", ()):
            data = json.dumps(normalise(doc))
        return parse_case(data)


serve(M())
