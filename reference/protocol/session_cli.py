"""`reposelect session`: run one whole sealed session on a public log (spec/protocol.md 9.9).

    reposelect session --mm FILE --rm FILE --log DB [--theta T] [--tie-break X] [--range-proof ipa|bits] [--json]

Each FILE holds one dealer report in the wire format's dealer-report shape. Input files
follow spec/wire.md 6.6, as for `select`: a FILE that does not exist is a usage error
(status 64, one line on standard error); one that exists but cannot be read, or a log that
cannot be opened or reached, is an `io_error` (or `rpc_unreachable`) object, status 74. A bad
report, a bad parameter or a report outside the protocol's fixed-point range is an error
object (code, message, path, and which input) on standard output, status 2. Never a traceback.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys

from reposelect.reference.decimals import parse_decimal
from reposelect.reference.errors import ReposelectError, UsageError, WireError
from reposelect.reference.transport import cannot_read, error_status, open_input
from reposelect.reference.types import DEFAULT_THETA, DEFAULT_TIE_BREAK, TIE_BREAKS, DealerReport, Role, TieBreak
from reposelect.reference.wire import dumps, parse_report

from .errors import ProtocolError
from .log import open_log
from .roles import report_units
from .session import run_session


def _error(code: str, message: str, path: str, source: str, out) -> int:
    """Print the error object; the status is 74 for an input that cannot be used, else 2."""
    out(dumps({"error": {"code": code, "message": message, "path": path, "input": source}}))
    return error_status(code)


def _read(path: str, option: str):
    with open_input(path, f"reposelect session {option}") as f:
        try:
            data = f.read()
        except OSError as e:
            raise cannot_read(path, e) from None
    return parse_report(data)


def parser() -> argparse.ArgumentParser:
    """The arguments of `reposelect session`."""
    p = argparse.ArgumentParser(prog="reposelect session", description="Run a sealed session: two dealers, "
                                "a modeled enclave, a public log (SQLite), a zero-knowledge proof of the outcome.")
    p.add_argument("--mm", required=True, metavar="FILE", help="BDmm's dealer report (JSON)")
    p.add_argument("--rm", required=True, metavar="FILE", help="BDrm's dealer report (JSON)")
    p.add_argument("--log", required=True, metavar="DB", help="SQLite file of the public log (created if missing)")
    p.add_argument("--theta", default=None, metavar="T", help="split of the spread (default 0.5)")
    p.add_argument("--tie-break", default=DEFAULT_TIE_BREAK, choices=TIE_BREAKS,
                   help=f"which index wins a tie of joint profit (default {DEFAULT_TIE_BREAK})")
    p.add_argument("--range-proof", default="ipa", choices=("ipa", "bits"),
                   help="range proofs: one aggregated inner-product proof (default) or bit decomposition (larger, slower)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    return p


def main(argv: list[str], out=print) -> int:
    """Run `reposelect session` with the arguments `argv`; print with `out`; return the exit status."""
    args = parser().parse_args(argv)
    reports: dict[str, DealerReport] = {}
    for role, path in ((Role.MM, args.mm), (Role.RM, args.rm)):
        source = f"--{role} {path}"
        try:
            reports[role] = _read(path, f"--{role}")
            report_units(reports[role])
        except (WireError, ProtocolError) as e:
            return _error(e.code, e.message, e.path, source, out)
    theta = DEFAULT_THETA
    if args.theta is not None:
        try:
            theta = parse_decimal(args.theta, "theta")
        except WireError as e:
            return _error(e.code, e.message, e.path, "--theta", out)
    try:
        with open_log(args.log) as log:
            res = run_session(log, reports["mm"], reports["rm"], theta, TieBreak(args.tie_break), range_proof=args.range_proof)
            head = log.head().hex()
    except (WireError, ProtocolError) as e:
        return _error(e.code, e.message, e.path, "session", out)
    except UsageError:
        raise
    except ReposelectError as e:  # the log's own store: a node that cannot be reached (--log chain:URL)
        return _error(e.code, e.message, e.path, f"--log {args.log}", out)
    except sqlite3.Error as e:  # not a database, an unwritable file or folder
        return _error("io_error", f"cannot use {args.log} as the log: {e}", "$", f"--log {args.log}", out)
    pub = res.outcome.body["outcome"]
    if args.json:
        out(dumps({"session": res.session, "log": args.log, "head": head, "dealers": res.dealers, "outcome": pub,
                   "instructions": {r: d["instruction"] for r, d in res.instructions.items()}}))
        return 0
    out(f"session {res.session}")
    out(f"  log {args.log}: {res.entries} entries for this session (open, attestation, 2 sealed submissions, "
        f"outcome with proof, 2 sealed instructions); head {head[:16]}...")
    out(f"  public outcome: {dumps(pub)}")
    for who, d in res.instructions.items():
        out(f"  {who} privately received: {d['instruction']}")
    out(f"  audit it with: reposelect audit --log {args.log} --session {res.session} "
        f"--dealer-keys mm={res.dealers['mm']},rm={res.dealers['rm']}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
