"""`reposelect prove`: settle the claims of spec/claims.md with Z3.

    reposelect prove [--claim NAME]... [--variant NAME]... [--bound N] [--json] [--timeout S]
                     [--jobs J] [--unbounded] [--covering] [--out FILE] [--solver z3|cvc5|both] [--export-smt2 DIR]
                     [--policy FILE:NAME]...
    reposelect prove --from-json FILE --markdown
    reposelect prove --scaling [--claim NAME]... [--max-n N]

Progress goes to stderr; the result (text, or --json records) to stdout. Exit status: 0 when
every verdict is the one pinned in spec/claims.md (proofs.expected) and the solvers never
disagree, 1 otherwise, 2 on usage errors.
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from reposelect.reference.errors import UsageError


def _parser():
    from .claims import CLAIM_NAMES
    from .variants import VARIANT_NAMES

    p = argparse.ArgumentParser(prog="reposelect prove", description=__doc__.split("\n\n")[0])
    from .theta_independence import CLAIM as THETA

    names = CLAIM_NAMES + (THETA,)
    p.add_argument("--claim", action="append", default=[], choices=names, metavar="NAME",
                   help=f"a claim (repeatable; default all): {', '.join(names)} (the last for every N only)")
    p.add_argument("--variant", action="append", default=[], choices=VARIANT_NAMES, metavar="NAME",
                   help=f"a rule variant (repeatable; default all): {', '.join(VARIANT_NAMES)}")
    p.add_argument("--bound", type=int, default=None,
                   help="largest N (default per claim: 64; the truthfulness claims 8; multiplicity witness "
                        "search 4)")
    p.add_argument("--policy", action="append", default=[], metavar="FILE:NAME",
                   help="a designer's rule variant: the Policy NAME in the Python file FILE (repeatable; "
                        "replaces the named variants; see spec/claims.md 7.13)")
    p.add_argument("--json", action="store_true", help="print the records as JSON")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per claim x variant (default 600; under --solver both Z3's, and cvc5 has as "
                        "many of its own); with --jobs > 1 a pair still running 60 s past that is ended and reported unknown")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--unbounded", action="store_true",
                   help="only the unbounded proofs (symbolic N); the default run includes them")
    p.add_argument("--no-unbounded", action="store_true", help="skip the unbounded proofs (and the covering argument)")
    p.add_argument("--covering", action="store_true",
                   help="check the covering argument for every N of each proved local claim (spec/claims.md 7.6.8); "
                        "the default run does")
    p.add_argument("--out", metavar="FILE", help="also write the results file (records + machine, date)")
    p.add_argument("--from-json", metavar="FILE", help="read a results file instead of proving")
    p.add_argument("--markdown", action="store_true", help="with --from-json: print a markdown table")
    p.add_argument("--scaling", action="store_true", help="benchmark: time against N per claim")
    p.add_argument("--max-n", type=int, default=32, help="with --scaling: the largest N")
    p.add_argument("--solver", choices=("z3", "cvc5", "both"), default="z3",
                   help="the solver(s) deciding every query (default z3); with both, a query on which "
                        "they disagree is a failure")
    p.add_argument("--export-smt2", metavar="DIR",
                   help="write every proved unbounded query as an SMT-LIB 2 file under DIR (with index.json)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--seed", type=int, default=0, help="Z3's seed for every query (default 0; retries use the next ones)")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.bound is not None and args.bound < 1:
        raise UsageError("reposelect prove: --bound must be at least 1")
    if args.from_json:
        from .report import load, markdown, human

        try:
            meta, records = load(args.from_json)
        except (OSError, ValueError, KeyError) as e:
            raise UsageError(f"reposelect prove: cannot read {args.from_json}: {e}") from None
        if args.markdown:
            sys.stdout.write(markdown(meta, records))
        else:
            print("\n".join(human(r) for r in records))
        return 0
    if args.markdown:
        raise UsageError("reposelect prove: --markdown needs --from-json FILE")
    if args.scaling:
        from .scaling import run_scaling

        return run_scaling(args.claim or None, args.max_n, args.timeout, not args.quiet, out=args.out)
    return _prove(args)


def _prove(args) -> int:
    from . import expected
    from .claims import CLAIM_NAMES
    from .report import human, machine
    from .runner import run_many
    from .unbounded import run_unbounded
    from .theta_independence import CLAIM as THETA, run_theta_independence
    from .variants import VARIANT_NAMES

    claims = args.claim or list(CLAIM_NAMES) + [THETA]
    variants = args.variant or list(VARIANT_NAMES)
    if args.policy:
        from reposelect.reference.errors import PolicyError
        from .variants import get_variant

        try:
            for spec in args.policy:
                get_variant(spec)
        except PolicyError as e:
            raise UsageError(f"reposelect prove: {e}") from None
        variants = list(args.policy)
    from . import certificates, solvers

    try:
        solvers.set_mode(args.solver)
    except ImportError as e:
        raise UsageError(f"reposelect prove: {e}") from None
    t0 = time.monotonic()
    from .report import load_average
    load0 = load_average()
    records: list[dict] = []
    if not args.unbounded:
        bounded = [c for c in claims if c != THETA]
        covering = args.covering or (not args.no_unbounded and not args.claim and not args.variant and args.bound is None)
        records = run_many(bounded, variants, args.bound, args.timeout, args.jobs, verbose=not args.quiet,
                           seed=args.seed, covering=covering) if bounded else []
    if not args.no_unbounded and (args.unbounded or (not args.claim and not args.variant and args.bound is None)):
        records += [certificates.cross_check(r) for r in run_unbounded(claims, variants, verbose=not args.quiet, seed=args.seed)]
    if not args.no_unbounded and (args.unbounded or args.bound is None):
        from .truthful_unbounded import run_truthful_unbounded

        records += run_truthful_unbounded(claims, variants, verbose=not args.quiet, seed=args.seed)
        if THETA in claims:
            records += run_theta_independence(variants, verbose=not args.quiet, seed=args.seed)
    total = time.monotonic() - t0
    mismatches = expected.mismatches(records) + _disagreements(records)
    if args.export_smt2:
        certificates.export(records, args.export_smt2)
    if args.out:
        meta = machine()
        meta["command"] = "reposelect prove " + " ".join(sys.argv[2:] if sys.argv[1:2] == ["prove"] else [])
        meta["total_seconds"] = round(total, 1)
        meta["seed"] = args.seed
        meta["load_at_start"] = load0
        meta["solver"] = args.solver
        if args.solver != "z3":
            meta["cvc5"] = solvers.available()
        meta["records"] = records
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
    if args.json:
        print(json.dumps(records, indent=1))
    else:
        for r in records:
            print(human(r))
        print(f"{len(records)} result(s) in {total:.1f} s;"
              f" {len(mismatches)} differ from the verdicts pinned in spec/claims.md")
    for m in mismatches:
        print(f"reposelect prove: {m}", file=sys.stderr)
    return 1 if mismatches else 0


def _disagreements(records) -> list[str]:
    """A query on which Z3 and cvc5 gave opposite answers, named."""
    out = []
    for r in records:
        if r.get("disagreement"):
            out.append(r["disagreement"])
        elif str(r.get("reason", "")).startswith("DISAGREEMENT"):
            out.append(r["reason"])
    return out
