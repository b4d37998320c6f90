"""The transport (spec/wire.md 6.6): the wire pipeline `answer`, and the two ways cases
arrive: one case from a file (`select_file`), or JSON Lines on a stream (`serve`).

`answer` is the whole data path of one case, bytes to wire answer: the fast path where it
applies, else `parse_case` -> `select_checked` -> `outcome_to_json`. Both transports read
at most `MAX_CASE_BYTES` (spec/wire.md 6.5) of one case before answering, so a longer text
is answered `too_large` with bounded memory, however long it is.

The serve loop's steps (`read_line`, `answer_text` calling `answer`, `emit`) are module
functions it looks up when it runs, so a conformance mutant replaces one of them and runs
this very loop.
"""
from __future__ import annotations

import json
import sys

from .errors import TRANSPORT_CODES, UsageError, WireError
from .limits import MAX_CASE_BYTES
from .policy import STANDARD, Policy
from .fastwire import answer_fast, answer_fast_text
from .select import select_checked
from .wire import dumps, outcome_to_json, parse_case, too_long

#: Exit statuses of `select` (spec/wire.md 6.6).
ACCEPTED, REJECTED, IO_ERROR = 0, 2, 74
#: Bytes read at a time while skipping the rest of a line that is too long.
SKIP_CHUNK = 1 << 20


def answer(data: bytes | str, policy: Policy = STANDARD) -> dict:
    """One case in, one wire answer out: an outcome object or an error object. Never raises
    for bad input."""
    fast = answer_fast(data, policy)  # well-formed cases only; None sends the rest below
    if fast is not None:
        return fast
    try:
        return outcome_to_json(select_checked(parse_case(data, policy), policy))
    except WireError as e:
        return e.to_wire()


def _read_bounded(f, limit: int = MAX_CASE_BYTES) -> bytes | None:
    """All of `f`, or None when it holds more than `limit` bytes (at most `limit + 1` are read)."""
    data = f.read(limit + 1)
    return None if len(data) > limit else data


def emit(out, text: str) -> None:
    """Write and flush one answer (the command line turns a failing standard output into one
    line on standard error, and a broken pipe into a quiet exit)."""
    out.write(text)
    out.flush()


def stdin_binary():
    """Standard input as bytes, or a one-line error when the process was started without it."""
    if sys.stdin is None:
        raise OSError("standard input is closed")
    return sys.stdin.buffer


def error_status(code: str, otherwise: int = REJECTED) -> int:
    """The exit status of a command that ends on the error `code` (spec/wire.md 6.6): 74 for an
    input that cannot be used (`TRANSPORT_CODES`), else `otherwise`."""
    return IO_ERROR if code in TRANSPORT_CODES else otherwise


def cannot_read(path: str, e: OSError) -> WireError:
    """The `io_error` of an input FILE that exists but cannot be read (status `IO_ERROR`)."""
    return WireError("io_error", f"cannot read {path}: {e.strerror or e}", "$")


def open_input(path: str, prog: str):
    """FILE opened for reading, as every command treats an input file it is named (spec/wire.md
    6.6): one that does not exist is a usage error (status 64, one line naming `prog` and the
    path); one that exists but cannot be opened raises `cannot_read` (status 74)."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"{prog}: no such file: {path}") from None
    except OSError as e:
        raise cannot_read(path, e) from None


def render_record(path: str, prog: str, what: str, render):
    """Read a recorded JSON FILE and apply `render` to it, as every `--render` command treats
    its FILE: one that does not exist is a usage error (64); one that cannot be read prints
    one `io_error` line naming `prog` and returns None (the caller exits `IO_ERROR`); one that
    is not `what` (its JSON or `render` fails on it) is a usage error naming what is missing.
    Returns (document, rendered)."""
    try:
        with open_input(path, prog) as f:
            data = f.read()
    except WireError as e:
        print(f"{prog}: {e.code}: {e.message}", file=sys.stderr)
        return None
    try:
        doc = json.loads(data)
        return doc, render(doc)
    except (ValueError, KeyError, TypeError, AttributeError) as e:  # as `prove --from-json` treats its FILE
        missing = f"no {e}" if isinstance(e, KeyError) else str(e)
        raise UsageError(f"{prog}: {path} is not {what}: {missing}") from None


def select_file(path: str, policy: Policy = STANDARD, pretty: bool = False, out=None,
                limit: int = MAX_CASE_BYTES) -> int:
    """`reposelect select FILE|-`: print the answer; exit 0 for an outcome, 2 for a rejected case,
    74 when FILE cannot be read (the answer is an `io_error` object); a FILE that does not exist
    is a usage error."""
    out = out or sys.stdout
    inp = stdin_binary() if path == "-" else None
    try:
        if inp is not None:
            data = _read_bounded(inp, limit)
        else:
            with open_input(path, "reposelect select") as f:
                data = _read_bounded(f, limit)
    except WireError as e:
        reply, status = e.to_wire(), IO_ERROR
    except OSError as e:
        reply, status = cannot_read(path, e).to_wire(), IO_ERROR
    else:
        text = None if data is None or pretty else answer_fast_text(data, policy)
        if text is not None:  # an outcome the fast path proved, written from the serialiser's fragments
            emit(out, text + "\n")
            return ACCEPTED
        reply = too_long(limit).to_wire() if data is None else answer(data, policy)
        status = REJECTED if "error" in reply else ACCEPTED
    emit(out, (json.dumps(reply, indent=2, ensure_ascii=True) if pretty else dumps(reply)) + "\n")
    return status


def read_line(inp, limit: int = MAX_CASE_BYTES) -> bytes | None:
    """The next line of `inp` without its `\\n` (and a trailing `\\r`), at most `limit` bytes of it
    kept: a longer line is read to its end in chunks and returned as None. b"" ends nothing: an
    empty line is a line; the end of input is signalled by raising EOFError."""
    raw = inp.readline(limit + 2)
    if not raw:
        raise EOFError
    if not raw.endswith(b"\n") and len(raw) >= limit + 2:
        while True:
            chunk = inp.readline(SKIP_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return None
    line = raw[:-1] if raw.endswith(b"\n") else raw
    if line.endswith(b"\r"):
        line = line[:-1]
    return line if len(line) <= limit else None


def serve(inp, out, policy: Policy = STANDARD, limit: int = MAX_CASE_BYTES, matcher=None) -> int:
    """`reposelect serve`: one answer line per input line, in order, flushed, until EOF.

    A bad line gets an error object and the stream goes on; a line longer than `limit` is
    answered `too_large` without being held in memory. A final line without a newline is
    still a line; nothing after the last newline means nothing more. `matcher` (one case's
    bytes -> its wire answer) answers in place of the reference (`reposelect chain serve`).
    """
    while True:
        try:
            line = read_line(inp, limit)
        except EOFError:
            return 0
        if line is None:
            text = dumps(too_long(limit).to_wire())
        elif matcher is None:
            text = answer_text(line, policy)
        else:
            text = dumps(matcher(line))
        emit(out, text + "\n")


def answer_text(data: bytes | str, policy: Policy = STANDARD) -> str:
    """`dumps(answer(data, policy))`, one line of JSON: the fast path writes it from fragments
    of the serialiser's text (`fastwire.answer_fast_text`) where it applies."""
    text = answer_fast_text(data, policy)
    return dumps(answer(data, policy)) if text is None else text
