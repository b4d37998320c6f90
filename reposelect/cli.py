"""The `reposelect` command line.

The reference's own commands (demo, select, serve, bench) are defined here; the
commands of the proofs, the audit protocol and the conformance suite live in their
packages and are imported only when called, so `serve` never loads Z3 or SymPy.

Exit statuses, for every command (spec/wire.md 6.6): 0 success, 1 a check failed, 2 a case
rejected (`select`), 64 a usage error (one line on standard error), 74 standard input or
output unusable (closed, full, failing: one line on standard error), 130 interrupted,
141 the reader of standard output went away (a broken pipe: nothing is printed). Nothing
ends in a traceback for these.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from reposelect.reference.errors import UsageError
from reposelect.reference.options import renamed

EX_USAGE = 64
EX_IOERR = 74
EX_INTERRUPTED = 130
EX_BROKEN_PIPE = 141

#: Commands implemented elsewhere: name -> (module with `main(argv) -> int`, one-line help).
EXTERNAL = {
    "derive": ("reposelect.proofs.derive_cli", "SymPy derivations of the equilibrium conditions and closed forms"),
    "prove": ("reposelect.proofs.prove_cli", "settle the claims with Z3 for bounded schedules"),
    "session": ("reposelect.reference.protocol.session_cli", "run a sealed session: dealers, enclave, public log"),
    "audit": ("reposelect.reference.protocol.audit_cli", "verify every session on a public log"),
    "conform": ("reposelect.conformance.cli", "run the conformance suite against an implementation"),
    "chain": ("reposelect.chain.cli", "the contract on an EVM: serve cases, measure gas, deploy"),
}


def _usage_error(parser: argparse.ArgumentParser, message: str):
    """argparse's error hook for every parser of the command line: a `UsageError`, so the
    message is one line and the status 64 (argparse's own is two lines and status 2)."""
    raise UsageError(f"{parser.prog}: {' '.join(message.split())} (see {parser.prog} --help)")


@contextlib.contextmanager
def _usage_errors():
    """While a command parses its arguments, argparse errors are usage errors (64). The commands
    implemented in other packages build plain `argparse` parsers: the hook covers them too."""
    saved = argparse.ArgumentParser.error
    argparse.ArgumentParser.error = _usage_error
    try:
        yield
    finally:
        argparse.ArgumentParser.error = saved


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reposelect",
        description="Reference matcher for the repo equilibrium-selection contract.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = sub.add_parser("demo", help="run the contract on an embedded, realistic example")
    d.add_argument("--json", action="store_true", help="print the wire case and outcome only")
    d.add_argument("--calibrated", action="store_true", help="the example calibrated to published market rates (reposelect/calibrated.json)")
    d.add_argument("--chain", action="store_true", help="run the case as a transparent commit-reveal session on an embedded EVM")
    s = sub.add_parser("select", help="run the contract on one wire-format case (FILE or - for stdin)")
    s.add_argument("file", metavar="FILE", help="the case: a file holding one JSON case, or - for standard input")
    s.add_argument("--variant", action="append", default=[], metavar="NAME",
                   help="a rule variant (repeatable): negative_rates, non_monotone, no_hurdle, own_margin_hurdle, theta_closed")
    s.add_argument("--policy", action="append", dest="variant", metavar="FILE:NAME", help="a designer's policy file")
    s.add_argument("--pretty", action="store_true", help="indent the JSON answer")
    v = sub.add_parser("serve", help="answer one case per line on stdin with one JSON line on stdout")
    v.add_argument("--variant", action="append", default=[], metavar="NAME",
                   help="a rule variant (repeatable), as for select")
    b = sub.add_parser("bench", help="time select end to end, and the fast against the definitional algorithm")
    b.add_argument("--max-n", type=int, default=1_000_000, help="largest N for the end-to-end table")
    b.add_argument("--budget", type=float, default=60.0, help="seconds the definitional algorithm may take per size")
    b.add_argument("--repeat", type=int, default=3, help="runs per row (fresh processes); the best is shown")
    b.add_argument("--against", metavar="REV", help="also time the code of git revision REV, row by row (before/after)")
    b.add_argument("--out", metavar="FILE", help="record the rows as JSON (e.g. benchmarks/matcher.json)")
    renamed(b, "--write", "--out", metavar="FILE")
    b.add_argument("--serve-cases", type=int, default=10_000, help="cases in the serve table")
    b.add_argument("--render", metavar="FILE", help="write the tables of a recorded FILE (benchmarks/matcher.json)"
                   " into FILE with the suffix .md and into README.md, without timing anything")
    for name, (_, help_) in EXTERNAL.items():
        sub.add_parser(name, help=help_, add_help=False)
    return p


def _policy(names):
    from reposelect.reference.errors import PolicyError
    from reposelect.reference.policy import policy_from_names

    try:
        return policy_from_names(names)
    except PolicyError as e:
        raise UsageError(f"reposelect: {e.message}") from None


class _Stdout:
    """Standard output for the duration of a command: a failing write or flush is one OSError
    that says it was standard output (a broken pipe stays a BrokenPipeError)."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            if str(e.strerror or "").startswith("cannot write standard output"):
                raise
            raise OSError(e.errno, f"cannot write standard output: {e.strerror or e}") from None

    def write(self, text):
        return self._guard(self._inner.write, text)

    def writelines(self, lines):
        return self._guard(self._inner.writelines, lines)

    def flush(self):
        return self._guard(self._inner.flush)


def _say(line: str) -> None:
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(" ".join(str(line).split()), file=sys.stderr, flush=True)


def _drop_stdout() -> None:
    """Point file descriptor 1 at /dev/null so the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """The `reposelect` entry point: run a command, and turn usage errors and stream faults
    into one line on standard error and the statuses of the module docstring."""
    if sys.stdout is None:
        _say("reposelect: standard output is closed")
        return EX_IOERR
    saved = sys.stdout
    sys.stdout = _Stdout(saved)
    try:
        with _usage_errors():
            status = _main(argv)
        sys.stdout.flush()
        return status
    except UsageError as e:
        msg = e.message
        _say(msg if msg.startswith("reposelect") else f"reposelect: {msg}")
        return EX_USAGE
    except BrokenPipeError:
        _drop_stdout()
        return EX_BROKEN_PIPE
    except KeyboardInterrupt:
        _drop_stdout()
        return EX_INTERRUPTED
    except OSError as e:
        what = f"{e.strerror}{f': {e.filename}' if e.filename else ''}" if e.strerror else str(e)
        _drop_stdout()
        _say(f"reposelect: {what}")
        return EX_IOERR
    finally:
        sys.stdout = saved


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in EXTERNAL:
        module, _ = EXTERNAL[argv[0]]
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and module.startswith(e.name):
                raise UsageError(f"reposelect: the '{argv[0]}' command is not available in this build ({module} is missing)") from None
            raise
        if argv[0] in ("session", "audit"):  # the log contract (spec/chain.md 11.3) as --log chain:...
            from reposelect.reference.protocol.log import LOCATION_SCHEMES
            LOCATION_SCHEMES.setdefault("chain:", lambda loc, create: importlib.import_module(
                "reposelect.chain.log").open_location(loc, create))
        return mod.main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command is None:
        raise UsageError("reposelect: a COMMAND is needed (see reposelect --help)")
    if args.command == "demo" and args.chain:
        from reposelect.chain.demo import run_chain_demo

        from .demo import demo_case

        return run_chain_demo(demo_case())
    if args.command == "demo":
        from .demo import run_calibrated, run_demo

        return run_calibrated(json_only=args.json) if args.calibrated else run_demo(json_only=args.json)
    if args.command == "select":
        from reposelect.reference.transport import select_file

        return select_file(args.file, _policy(args.variant), pretty=args.pretty)
    if args.command == "serve":
        from reposelect.reference.transport import serve, stdin_binary

        return serve(stdin_binary(), sys.stdout, _policy(args.variant))
    if args.command == "bench":
        from .bench import render, run_bench

        if args.render:
            return render(args.render)

        return run_bench(max_n=args.max_n, budget=args.budget, repeat=args.repeat, against=args.against,
                         write=args.out, serve_cases=args.serve_cases)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
