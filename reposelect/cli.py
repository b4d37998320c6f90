"""The `reposelect` command line.

The reference's own commands (demo, select, serve, bench) are defined here; the
commands of the proofs, the audit protocol and the conformance suite live in their
packages and are imported only when called, so `serve` never loads Z3 or SymPy.
"""
from __future__ import annotations

import argparse
import importlib
import sys

#: Commands implemented elsewhere: name -> (module with `main(argv) -> int`, one-line help).
EXTERNAL = {
    "derive": ("reposelect.proofs.derive_cli", "SymPy derivations of the equilibrium conditions and closed forms"),
    "prove": ("reposelect.proofs.prove_cli", "settle the claims with Z3 for bounded schedules"),
    "session": ("reposelect.reference.protocol.cli", "run a sealed session: dealers, enclave, public log"),
    "audit": ("reposelect.reference.protocol.audit_cli", "verify every session on a public log"),
    "conform": ("reposelect.conformance.cli", "run the conformance suite against an implementation"),
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reposelect",
        description="Reference matcher for the repo equilibrium-selection contract.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = sub.add_parser("demo", help="run the contract on an embedded, realistic example")
    d.add_argument("--json", action="store_true", help="print the wire case and outcome only")
    d.add_argument("--calibrated", action="store_true", help="the example calibrated to published market rates (reposelect/calibrated.json)")
    s = sub.add_parser("select", help="run the contract on one wire-format case (FILE or - for stdin)")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--variant", action="append", default=[], metavar="NAME",
                   help="a rule variant (repeatable): negative_rates, non_monotone, no_hurdle, own_margin_hurdle, theta_closed")
    s.add_argument("--pretty", action="store_true", help="indent the JSON answer")
    v = sub.add_parser("serve", help="answer one case per line on stdin with one JSON line on stdout")
    v.add_argument("--variant", action="append", default=[], metavar="NAME")
    b = sub.add_parser("bench", help="time select end to end, and the fast against the definitional algorithm")
    b.add_argument("--max-n", type=int, default=1_000_000, help="largest N for the end-to-end table")
    b.add_argument("--budget", type=float, default=60.0, help="seconds the definitional algorithm may take per size")
    b.add_argument("--repeat", type=int, default=3)
    for name, (_, help_) in EXTERNAL.items():
        sub.add_parser(name, help=help_, add_help=False)
    return p


def _policy(names):
    from reposelect.reference.errors import PolicyError
    from reposelect.reference.policy import policy_from_names

    try:
        return policy_from_names(names)
    except PolicyError as e:
        print(f"reposelect: {e}", file=sys.stderr)
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in EXTERNAL:
        module, _ = EXTERNAL[argv[0]]
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and module.startswith(e.name):
                print(f"reposelect: the '{argv[0]}' command is not available in this build ({module} is missing)", file=sys.stderr)
                return 2
            raise
        return mod.main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return 2
    if args.command == "demo":
        from .demo import run_calibrated, run_demo

        return run_calibrated(json_only=args.json) if args.calibrated else run_demo(json_only=args.json)
    if args.command == "select":
        from .transport import select_file

        return select_file(args.file, _policy(args.variant), pretty=args.pretty)
    if args.command == "serve":
        from .transport import serve

        return serve(sys.stdin.buffer, sys.stdout, _policy(args.variant))
    if args.command == "bench":
        from .bench import run_bench

        return run_bench(max_n=args.max_n, budget=args.budget, repeat=args.repeat)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
