"""`reposelect chain serve`: spec 6.6's JSON Lines transport, answered by the selection contract."""
from __future__ import annotations

import sys

from reposelect.reference import transport
from reposelect.reference.transport import error_status

from .evm import ChainError
from .matcher import ChainMatcher


def serve(inp, out, matcher: ChainMatcher) -> int:
    """One answer line per input line, in order, flushed, until end of input: the reference's
    serve loop (`reposelect serve`) with the contract answering each case."""
    try:
        return transport.serve(inp, out, matcher=matcher.answer)
    except ChainError as e:
        # Not a fault of the case: the chain itself failed. Say so and stop, rather than
        # answer something the contract did not compute.
        if e.code == "rpc_unreachable":
            e.path = "--rpc"
        print(f"reposelect chain serve: {e}", file=sys.stderr)
        return error_status(e.code, otherwise=1)
