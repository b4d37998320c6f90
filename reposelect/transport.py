"""The two transports of spec/wire.md 6.6: one case from a file, or JSON Lines on a stream."""
from __future__ import annotations

import json
import sys

from reposelect.reference.errors import WireError
from reposelect.reference.policy import STANDARD, Policy
from reposelect.reference.wire import answer, dumps


def select_file(path: str, policy: Policy = STANDARD, pretty: bool = False, out=None) -> int:
    """`reposelect select FILE|-`: print the answer; exit 0 for an outcome, 2 for an error."""
    out = out or sys.stdout
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        reply = WireError("io_error", f"cannot read {path}: {e.strerror}", "$").to_wire()
    else:
        reply = answer(data, policy)
    out.write((json.dumps(reply, indent=2) if pretty else dumps(reply)) + "\n")
    out.flush()
    return 2 if "error" in reply else 0


def serve(inp, out, policy: Policy = STANDARD) -> int:
    """`reposelect serve`: one answer line per input line, in order, flushed, until EOF.

    A bad line gets an error object and the stream goes on. A final line without a
    newline is still a line; nothing after the last newline means nothing more.
    """
    for raw in inp:
        line = raw[:-1] if raw.endswith(b"\n") else raw
        if line.endswith(b"\r"):
            line = line[:-1]
        out.write(dumps(answer(line, policy)) + "\n")
        out.flush()
    return 0
