"""Bug: wrong error precedence: monotonicity is checked before the signs of rates and hurdles."""
import dataclasses

from _common import original, run
from reposelect.reference.policy import STANDARD

check_case = original("validate.check_case")


def signs_last(case, policy=STANDARD, texts=None):
    check_case(case, dataclasses.replace(policy, allow_negative_rates=True), texts)  # every check but the signs
    return check_case(case, policy, texts)  # then the signs


run("validate.check_case", signs_last)
