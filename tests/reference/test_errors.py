"""One way to fail: every error the project raises on purpose derives from one root,
carries a code, a message and a path, prints them, and survives pickling (the proofs
run queries in worker processes)."""
import pickle

import pytest

from reposelect.proofs.counterexample import NotRepresentable
from reposelect.proofs.runner import Timeout
from reposelect.reference.errors import PolicyError, ReposelectError, WireError
from reposelect.reference.protocol.errors import LogError, ProofError

EXAMPLES = [
    WireError("negative_rate", "mm.rates[1] = -0.5 is negative", "mm.rates[1]"),
    PolicyError("unknown variant 'bogus'"),
    LogError("log_chain", "entry 3 does not link to entry 2", "seq 3"),
    ProofError("proof_invalid", "the range proof does not verify", "proof.range"),
    Timeout("z3 gave no answer in 30 s", path="existence/N=4"),
    NotRepresentable("sqrt(2) is not rational"),
]


@pytest.mark.parametrize("err", EXAMPLES, ids=lambda e: type(e).__name__)
def test_every_error_has_code_message_path_and_pickles(err):
    assert isinstance(err, ReposelectError)
    assert err.code and err.message and err.path
    assert str(err) == f"{err.code} at {err.path}: {err.message}"
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (back.code, back.message, back.path) == (err.code, err.message, err.path)
    assert back.to_wire() == {"error": {"code": err.code, "message": err.message, "path": err.path}}


def test_wire_errors_compare_by_value_and_refuse_unknown_codes():
    assert WireError("schema", "m", "grid") == WireError("schema", "m", "grid")
    assert WireError("schema", "m", "grid") != WireError("schema", "m", "mm")
    with pytest.raises(ValueError, match="unknown error code 'nope'"):
        WireError("nope", "m")
