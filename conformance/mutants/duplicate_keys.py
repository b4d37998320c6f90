"""Bug: a key given twice is accepted (the last one wins), as many JSON parsers do by default."""
import json

from _common import Pipeline, serve
from reposelect.reference.wire import load_json, parse_case


class M(Pipeline):
    @staticmethod
    def parse(data):
        load_json(data)  # invalid_json as usual
        try:
            data = json.dumps(json.loads(data))  # duplicates collapse, last wins
        except ValueError:
            pass
        return parse_case(data)


serve(M())
