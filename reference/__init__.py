"""The reference matcher: the exact model, the selection rule and the wire format.

The data path is one-way: wire bytes -> `parse_case` (validated `Case`) -> `select`
(`Outcome`) -> `outcome_to_json`. Nothing here imports the proofs, the conformance
suite or the docs.
"""

if __name__ != "reposelect.reference":  # one import name, so one copy of every class
    raise ImportError(
        f"import this package as reposelect.reference (it was imported as {__name__!r}); "
        "from a checkout, install it with ./dev.sh (pip install -e .)"
    )

from .errors import PolicyError, ReposelectError, WireError
from .fast import equilibria_fast
from .game import dealer_profits, equilibria_definitional, is_equilibrium, profile_profits
from .policy import STANDARD, VARIANTS, Policy, policy_from_names
from .realised import Realised, realise
from .select import equilibria, hurdle_feasible, select
from .transport import answer
from .types import Case, DealerReport, HurdleMode, Outcome, Report, Role, TieBreak
from .validate import check_case
from .wire import case_from_reports, case_to_json, outcome_to_json, parse_case, parse_report

__all__ = [
    "Case", "DealerReport", "HurdleMode", "Outcome", "Policy", "PolicyError", "Realised", "Report", "Role", "TieBreak",
    "ReposelectError", "STANDARD", "VARIANTS", "WireError", "answer", "case_from_reports",
    "case_to_json", "check_case", "dealer_profits", "equilibria", "equilibria_definitional",
    "equilibria_fast", "hurdle_feasible", "is_equilibrium", "outcome_to_json", "parse_case",
    "parse_report", "policy_from_names", "profile_profits", "realise", "select",
]
