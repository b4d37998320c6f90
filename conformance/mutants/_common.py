"""The mutants' harness: the reference's own pipeline and serve loop, with one step replaced.

Each mutant is a standalone program (`python conformance/mutants/NAME.py`) that speaks JSON
Lines like `reposelect serve`. It states its one bug as the replacement of one function (or
value) of the reference and calls `run("module.name", replacement)`: the reference's
transport (`reposelect.reference.transport.serve`, `answer`) then runs with that one name
replaced, and nothing else changed. There is no copy of the selection, the serialiser or the
serve loop here. Run as it is (`python _common.py`), it is the reference: it passes every
vector, so a mutant fails only because of its bug.

The fast wire path (`reference/fastwire.py`) is off in every mutant: it answers the cases it
can prove valid with its own scaled-integer forms of the steps, which a replaced step would
not reach. It gives the same answers as the path the mutants run (tests/reference/test_fast_wire.py).
"""
from __future__ import annotations

import contextlib
import importlib
import sys
from types import ModuleType

from reposelect.reference import transport
from reposelect.reference.policy import STANDARD

#: The replacement that turns the fast path off (`answer` then takes the value-by-value path).
FAST_PATH_OFF = ("fastwire.fast_outcome", lambda data, policy: None)


def _split(target: str) -> tuple[ModuleType, str]:
    """"select.bd_rate" -> (the module reposelect.reference.select, "bd_rate")."""
    module, _, name = target.rpartition(".")
    return importlib.import_module(f"reposelect.reference.{module}"), name


def original(target: str):
    """The reference's own `target` ("module.name" under reposelect.reference), as it is
    before any replacement: what a mutant's replacement calls to keep the rest of the step."""
    module, name = _split(target)
    return getattr(module, name)


def _bindings(module: ModuleType, name: str):
    """Every (module, name) of the reference bound to the object `module.name` is: the
    defining module's own, and each `from ... import` of it elsewhere."""
    original = getattr(module, name)
    for m in list(sys.modules.values()):
        if isinstance(m, ModuleType) and (m.__name__ or "").startswith("reposelect.reference"):
            for n, v in list(vars(m).items()):
                if v is original:
                    yield m, n


@contextlib.contextmanager
def patched(target: str, replacement):
    """Inside the block, `target` ("module.name") and every other binding of that object in
    the reference's modules are `replacement`; they are restored after it."""
    module, name = _split(target)
    saved = list(_bindings(module, name))
    original = getattr(module, name)
    try:
        for m, n in saved:
            setattr(m, n, replacement)
        yield
    finally:
        for m, n in saved:
            setattr(m, n, original)


def run(target: str | None = None, replacement=None) -> int:
    """Serve standard input to standard output with the reference's serve loop, the fast path
    off and `target` ("module.name") replaced by `replacement` (nothing when `target` is None)."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(patched(*FAST_PATH_OFF))
        if target is not None:
            stack.enter_context(patched(target, replacement))
        return transport.serve(transport.stdin_binary(), sys.stdout, STANDARD)


if __name__ == "__main__":
    sys.exit(run())
