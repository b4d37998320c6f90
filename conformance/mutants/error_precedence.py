"""Bug: wrong error precedence: monotonicity is checked before the signs of rates and hurdles."""
from _common import Pipeline, serve
from reposelect.reference.errors import WireError
from reposelect.reference.policy import Policy
from reposelect.reference.wire import parse_case

RELAXED = Policy(allow_negative_rates=True)


class M(Pipeline):
    @staticmethod
    def parse(data):
        case = parse_case(data, RELAXED)  # every check except the signs, monotonicity included
        for side in ("mm", "rm"):
            for i, r in enumerate(getattr(case, side).rates):
                if r < 0:
                    raise WireError("negative_rate", f"{side}.rates[{i}] = {r} is below zero", f"{side}.rates[{i}]")
        for side in ("mm", "rm"):
            if getattr(case, side).hurdle < 0:
                raise WireError("negative_hurdle", f"{side}.hurdle is below zero", f"{side}.hurdle")
        return case


serve(M())
