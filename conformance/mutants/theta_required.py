"""Bug: theta is treated as a required key (a case without it is a schema error) instead of defaulting to 0.5."""
import json

from _common import Pipeline, serve
from reposelect.reference.errors import WireError
from reposelect.reference.wire import parse_case


class M(Pipeline):
    @staticmethod
    def parse(data):
        case = parse_case(data)
        if "theta" not in json.loads(data):
            raise WireError("schema", "missing key 'theta'", "theta")
        return case


serve(M())
