"""Bug: a rate or hurdle written with a minus sign ("-0", "-0.00") is rejected as negative."""
from _common import original, run
from reposelect.reference.errors import WireError
from reposelect.reference.policy import STANDARD

check_case = original("validate.check_case")


def minus_sign_is_negative(case, policy=STANDARD, texts=None):
    case = check_case(case, policy, texts)
    for path, text in (texts or {}).items():  # the decimals as written, in document order
        if path != "theta" and text.startswith("-"):
            code = "negative_hurdle" if path.endswith("hurdle") else "negative_rate"
            raise WireError(code, f"{path} = {text} is below zero", path)
    return case


run("validate.check_case", minus_sign_is_negative)
