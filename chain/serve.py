"""`reposelect chain serve`: spec 6.6's JSON Lines transport, answered by the selection contract."""
from __future__ import annotations

import sys

from reposelect.reference.wire import dumps

from .evm import ChainError
from .matcher import ChainMatcher


def serve(inp, out, matcher: ChainMatcher) -> int:
    """One answer line per input line, in order, flushed, until end of input (as `reposelect serve`)."""
    for raw in inp:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        if line.endswith(b"\r"):
            line = line[:-1]
        try:
            reply = matcher.answer(line)
        except ChainError as e:
            # Not a fault of the case: the chain itself failed. Say so and stop, rather than
            # answer something the contract did not compute.
            print(f"reposelect chain serve: {e}", file=sys.stderr)
            return 1
        out.write(dumps(reply) + "\n")
        out.flush()
    return 0
