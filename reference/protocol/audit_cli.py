"""`reposelect audit`: verify every session on a public log from the log alone (spec/protocol.md 9.9).

    reposelect audit --log DB [--head HEX] [--session ID]... [--dealer-keys mm=HEX,rm=HEX] [--json]
    reposelect audit --bench [--sizes 16,64,256] [--repeat R] [--range-proof ipa,bits] [--out FILE] [--against REV]
    reposelect audit --bench --render FILE
    reposelect audit --load PROCS,SESSIONS [--log DB] [--json]

Exit status 0 when the chain and every session verify, 1 when anything fails, 2 for a
malformed parameter (an error object); the log follows spec/wire.md 6.6, as `select`'s FILE:
one that does not exist is a usage error (64, one line on standard error), one that exists
but cannot be read as a log, or a node that cannot be reached, an `io_error` (or
`rpc_unreachable`) object and status 74. `--modes` and `--baseline`, the earlier
spellings of `--range-proof` and `--against`, still work (with a notice).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from reposelect.reference.errors import ReposelectError, UsageError, WireError
from reposelect.reference.options import renamed
from reposelect.reference.transport import error_status, open_input
from reposelect.reference.types import ROLES
from reposelect.reference.wire import dumps

from .audit import audit_log
from .log import LOCATION_SCHEMES, open_log
from .roles import MODELED_ROOT_PUBLIC, measurement


def _err(out, code, message, path="$"):
    """Print the error object; the status is 74 for an input that cannot be used, else 2."""
    out(dumps({"error": {"code": code, "message": message, "path": path}}))
    return error_status(code)


def _dealer_keys(text: str) -> dict[str, str] | None:
    keys = {}
    for part in text.split(","):
        role, eq, key = part.partition("=")
        if not eq or role not in ROLES or role in keys or len(key) != 64 or any(
                c not in "0123456789abcdef" for c in key):
            return None
        keys[role] = key
    return keys if set(keys) == set(ROLES) else None


def parser() -> argparse.ArgumentParser:
    """The arguments of `reposelect audit`."""
    p = argparse.ArgumentParser(prog="reposelect audit", description="Verify a public log: its hash chain, "
                                "and for every session the attestation, signatures and the zero-knowledge proof.")
    p.add_argument("--log", metavar="DB", help="SQLite file of the public log")
    p.add_argument("--head", metavar="HEX", help="a pinned head hash that must be on the log (detects truncation)")
    p.add_argument("--session", action="append", metavar="ID",
                   help="a session id the log must hold (repeat for several); any other session on the log fails")
    p.add_argument("--dealer-keys", metavar="mm=HEX,rm=HEX",
                   help="the dealers' identity keys every session must declare and be co-signed by")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--bench", action="store_true", help="benchmark prove/verify time and proof size instead")
    p.add_argument("--sizes", default="16,64,256", help="N values for --bench (comma-separated)")
    p.add_argument("--repeat", type=int, default=1, help="runs per size for --bench (best is printed)")
    p.add_argument("--range-proof", default="ipa", metavar="MODES",
                   help="range proof modes for --bench: ipa (default), bits, or ipa,bits for both")
    renamed(p, "--modes", "--range-proof", metavar="MODES")
    p.add_argument("--out", metavar="FILE", help="--bench: also write the rows as JSON (e.g. benchmarks/audit.json)")
    p.add_argument("--against", metavar="REV", help="--bench: also run the same rows on git revision REV's code")
    p.add_argument("--render", metavar="FILE", help="--bench: rewrite spec/protocol.md 9.10's table and the README's "
                   "summary from a recorded run (benchmarks/audit.json) instead of running")
    renamed(p, "--baseline", "--against", metavar="REV")
    p.add_argument("--load", metavar="PROCS,SESSIONS",
                   help="run PROCS writer processes x SESSIONS sessions on one log (--log, or a temporary file), "
                   "kill one writer mid-batch, check nothing is lost or doubled and every session audits clean")
    return p


def main(argv: list[str], out=print) -> int:
    """Run `reposelect audit` with the arguments `argv`; print with `out`; return the exit status."""
    args = parser().parse_args(argv)
    if args.load is not None:
        try:
            procs, per_writer = (int(x) for x in args.load.split(","))
            if procs < 1 or per_writer < 1:
                raise ValueError
        except ValueError:
            return _err(out, "schema", f"--load {args.load!r}: give PROCS,SESSIONS (positive integers), e.g. 8,25", "--load")
        if args.log and os.path.exists(args.log):
            return _err(out, "schema", f"--load writes a new log; {args.log} exists", "--log")
        from .load import print_load, run_load
        load = run_load(procs, per_writer, args.log)
        if args.json:
            import datetime
            import platform
            out(dumps({"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                   "platform": platform.platform()},
                       "load_average": [round(x, 2) for x in os.getloadavg()],
                       "command": f"reposelect audit --load {procs},{per_writer} --json",
                       "ok": load.ok, "procs": procs, "sessions": procs * per_writer, "completed": load.completed,
                       "recovered": load.recovered, "entries": load.entries, "audited_ok": load.audited_ok,
                       "rows": [{"what": f"{procs} writers x {per_writer} sessions on one log",
                                 "size": procs * per_writer,
                                 "wall_s": round(load.wall_s, 3), "cpu_s": round(load.cpu_s, 3),
                                 "floor_s": round(load.floor_wall_s, 3),
                                 "floor": f"1 writer x {per_writer} sessions alone, same run",
                                 "ratio": round(load.wall_s / load.floor_wall_s, 3) if load.floor_wall_s else None,
                                 "peak_memory_mib": round(load.peak_rss_kib / 1024, 1)}],
                       "problems": load.problems}))
        else:
            print_load(load, out)
        return 0 if load.ok else 1
    if args.bench and args.render:
        from .bench import render
        return render(args.render, out=out)
    if args.bench:
        from .bench import run_bench
        try:
            sizes = tuple(int(x) for x in args.sizes.split(","))
        except ValueError:
            return _err(out, "schema", f"--sizes {args.sizes!r} is not a comma-separated list of integers", "--sizes")
        modes = tuple(m for m in args.range_proof.split(",") if m)
        if not modes or any(m not in ("bits", "ipa") for m in modes):
            return _err(out, "schema", f"--range-proof {args.range_proof!r}: give bits, ipa or bits,ipa", "--range-proof")
        return run_bench(sizes, args.repeat, out, modes, json_path=args.out, baseline=args.against)
    if not args.log:
        raise UsageError("reposelect audit: give --log DB (or --bench)")  # a missing argument
    if not any(args.log.startswith(x) for x in LOCATION_SCHEMES):
        try:
            open_input(args.log, "reposelect audit --log").close()
        except WireError as e:
            return _err(out, e.code, e.message, "--log")
    sessions = None
    if args.session:
        sessions = []
        for sid in args.session:
            if len(sid) != 64 or any(c not in "0123456789abcdef" for c in sid):
                return _err(out, "schema", f"--session {sid!r} is not a session id (64 lowercase hex digits)", "--session")
            sessions.append(sid)
    dealer_keys = None
    if args.dealer_keys is not None:
        dealer_keys = _dealer_keys(args.dealer_keys)
        if dealer_keys is None:
            return _err(out, "schema", f"--dealer-keys {args.dealer_keys!r}: give mm=HEX,rm=HEX "
                        "(each a 32-byte key in 64 lowercase hex digits)", "--dealer-keys")
    head = None
    if args.head:
        try:
            head = bytes.fromhex(args.head)
        except ValueError:
            return _err(out, "schema", "--head is not hex", "--head")
    try:
        with open_log(args.log, create=False) as log:
            res = audit_log(log, MODELED_ROOT_PUBLIC, measurement(), head, sessions, dealer_keys)
    except FileNotFoundError as e:  # a scheme's file (--log chain:FILE) that does not exist
        raise UsageError(f"reposelect audit --log: no such file: {e.filename}" if e.filename else
                         f"reposelect audit --log {args.log}: names no file or URL after the scheme") from None
    except UsageError:
        raise
    except ReposelectError as e:  # the log's own store: a node that cannot be reached (--log chain:URL)
        return _err(out, e.code, e.message, "--log")
    except sqlite3.Error as e:
        return _err(out, "io_error", f"cannot read {args.log} as a log: {e}", "--log")
    if args.json:
        out(dumps({"ok": res.ok, "entries": res.entries,
                   "chain_error": res.chain_error.to_wire()["error"] if res.chain_error else None,
                   "sessions": [{"session": s.session, "ok": s.ok, "checks": s.checks, "outcome": s.outcome,
                                 "error": s.error.to_wire()["error"] if s.error else None} for s in res.sessions]}))
        return 0 if res.ok else 1
    out(f"log {args.log}: {res.entries} entries")
    if res.chain_error:
        ce = res.chain_error
        out(f"FAIL chain: {ce.code} at {ce.path}: {ce.message}")
        return 1
    out(f"ok   chain: every entry's hash and link recomputed{' ; pinned head found' if head else ''}")
    if sessions is not None:
        out(f"     pinned sessions: {', '.join(s[:16] + '...' for s in sessions)}; no other session may be on the log")
    if dealer_keys is not None:
        out(f"     pinned dealer keys: mm {dealer_keys['mm'][:16]}..., rm {dealer_keys['rm'][:16]}...")
    out(f"     root key {MODELED_ROOT_PUBLIC[:16]}... (modeled hardware root); measurement {measurement()[:16]}...")
    for s in res.sessions:
        out(f"session {s.session[:16]}...: {'ok' if s.ok else 'FAIL'}")
        for c in s.checks:
            out(f"  ok   {c}")
        if s.error:
            out(f"  FAIL {s.error.code} at {s.error.path}: {s.error.message}")
    out(f"{len(res.sessions)} session(s), {sum(s.ok for s in res.sessions)} verified: {'PASS' if res.ok else 'FAIL'}")
    return 0 if res.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
