"""Bug: a rate or hurdle written with a minus sign ("-0", "-0.00") is rejected as negative."""
import json

from _common import Pipeline, serve
from reposelect.reference.errors import WireError
from reposelect.reference.wire import parse_case


class M(Pipeline):
    @staticmethod
    def parse(data):
        case = parse_case(data)
        doc = json.loads(data)
        for side in ("mm", "rm"):
            for i, r in enumerate(doc[side]["rates"]):
                if r.startswith("-"):
                    raise WireError("negative_rate", f"{side}.rates[{i}] = {r} is below zero", f"{side}.rates[{i}]")
        for side in ("mm", "rm"):
            if doc[side]["hurdle"].startswith("-"):
                raise WireError("negative_hurdle", f"{side}.hurdle is below zero", f"{side}.hurdle")
        return case


serve(M())
