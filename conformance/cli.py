"""`reposelect conform`: run, lint, regenerate, index, pack, mutate and time the conformance suite.

One subcommand per mode (spec/conformance.md 10.4):

    reposelect conform run --impl CMD [--select GLOB] [--skip FILE] [--junit FILE] [--fuzz N]
    reposelect conform check | regen [--force] | index | pack DIR | mutants | bench [--impl CMD]

The flags of earlier releases (`--impl`, `--check`, `--regen`, `--index-md`, `--pack DIR`,
`--mutants`, `--bench [--bench-impl CMD]` with no subcommand) still work; each prints one
line on standard error naming the subcommand that replaces it.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shlex
import shutil
import sys

from reposelect.reference.errors import UsageError

from .suite import VECTORS, load_vectors

MODES = ("run", "check", "regen", "index", "pack", "mutants", "bench")

#: Earlier flag -> the subcommand that replaces it (checked in this order: --impl last,
#: since --bench once took its implementation as --bench-impl).
_OLD_FLAGS = {"--check": "check", "--regen": "regen", "--index-md": "index", "--pack": "pack",
              "--mutants": "mutants", "--bench": "bench", "--impl": "run"}


def _modernise(argv: list[str]) -> list[str]:
    """Rewrite an earlier flag-style command line into the subcommand form (with a notice)."""
    if not argv or argv[0] in MODES or argv[0] in ("-h", "--help"):
        return argv
    for flag, mode in _OLD_FLAGS.items():
        for i, tok in enumerate(argv):
            if tok == flag or tok.startswith(flag + "="):
                rest = argv[:i] + argv[i + 1:]
                if mode == "run":
                    rest = argv  # --impl stays an option of `run`
                elif mode == "pack":  # --pack DIR: DIR becomes the positional argument
                    value = tok.split("=", 1)[1] if "=" in tok else (argv[i + 1] if i + 1 < len(argv) else None)
                    rest = argv[:i] + argv[i + (1 if "=" in tok else 2):]
                    rest = ([value] if value is not None else []) + rest
                elif mode == "bench":
                    rest = ["--impl" if t == "--bench-impl" else t for t in rest]
                new = [mode] + rest
                print(f"reposelect conform: {flag} is deprecated; use: reposelect conform {mode} ...",
                      file=sys.stderr)
                return new
    return argv


def _common(p: argparse.ArgumentParser, select: bool = True, timeout: bool = True) -> None:
    p.add_argument("--vectors", metavar="DIR", default=str(VECTORS), help="vector folder (default: the installed suite)")
    if select:
        p.add_argument("--select", action="append", metavar="GLOB",
                       help="only ids or groups matching GLOB (repeatable), e.g. 'errors.*' or V0042")
    if timeout:
        p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds an answer may take (default 10)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reposelect conform",
        description="The conformance suite of the wire format (spec/conformance.md). `run` checks an "
                    "implementation speaking JSON Lines against every vector; the other subcommands maintain the suite.",
    )
    sub = p.add_subparsers(dest="mode", metavar="MODE", required=True)
    r = sub.add_parser("run", help="run the vectors against an implementation (--impl COMMAND)")
    r.add_argument("--impl", metavar="COMMAND", required=True,
                   help="implementation to test, e.g. \"reposelect serve\" (shell-split, run without a shell)")
    _common(r)
    r.add_argument("--junit", metavar="FILE", help="write JUnit XML results to FILE")
    r.add_argument("--skip", metavar="FILE", help="skip list: one 'ID reason' per line")
    r.add_argument("--fuzz", type=int, metavar="N", help="after the vectors, check N hypothesis-generated cases against the reference")
    r.add_argument("--no-vectors", action="store_true", help="with --fuzz: fuzz only, run no vectors")
    r.add_argument("--seed", type=int, default=0, metavar="S", help="fuzzing seed (default 0)")
    r.add_argument("--quiet", action="store_true", help="one line per failure (no diffs), then the summary")
    c = sub.add_parser("check", help="lint the suite and report the reference's line coverage")
    _common(c, select=False, timeout=False)
    g = sub.add_parser("regen", help="regenerate the vectors from the reference (fails on an unannounced change)")
    g.add_argument("--force", action="store_true", help="write even without a spec-version bump")
    i = sub.add_parser("index", help="print a markdown index of the vectors")
    _common(i, select=False, timeout=False)
    k = sub.add_parser("pack", help="write the reproducible release archive into DIR")
    k.add_argument("dir", metavar="DIR", help="the folder the archive is written into")
    _common(k, select=False, timeout=False)
    m = sub.add_parser("mutants", help="run the shipped mutants and print the suite's mutation score")
    _common(m)
    b = sub.add_parser("bench", help="time the whole suite against an implementation (default: the reference)")
    b.add_argument("--impl", metavar="COMMAND", default=None, help="the implementation to time")
    _common(b)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run `reposelect conform` with the arguments `argv`; return the exit status."""
    args = _parser().parse_args(_modernise(list(sys.argv[1:] if argv is None else argv)))
    root = pathlib.Path(getattr(args, "vectors", VECTORS))
    if args.mode == "regen":
        from .generate import regenerate

        return regenerate(force=args.force)
    if args.mode == "check":
        from .check import run_check

        return run_check(root)
    if args.mode == "index":
        from .index import index_markdown

        sys.stdout.write(index_markdown(load_vectors(root)))
        return 0
    if args.mode == "pack":
        from .pack import pack

        path = pack(pathlib.Path(args.dir), root)
        print(path)
        return 0
    if args.mode == "mutants":
        from .mutation import report as mreport, run_mutants

        return mreport(run_mutants(load_vectors(root, args.select), timeout=min(args.timeout, 5.0)))
    if args.mode == "bench":
        from .bench import run_bench

        _command(args.impl, "--impl")
        return run_bench(load_vectors(root, args.select), args.impl, args.timeout)
    return _run_impl(args, root)


def _command(text: str | None, flag: str) -> None:
    """A usage error unless `text` is a command that can be started (split like a shell would)."""
    if text is None:
        return
    try:
        argv = shlex.split(text)
    except ValueError as e:
        raise UsageError(f"reposelect conform: {flag} {text!r}: {e}") from None
    if not argv:
        raise UsageError(f"reposelect conform: {flag} needs a command, e.g. {flag} \"reposelect serve\"")
    exe = argv[0]
    found = shutil.which(exe) if os.sep not in exe else (exe if os.access(exe, os.X_OK) and os.path.isfile(exe) else None)
    if found is None:
        raise UsageError(f"reposelect conform: {flag}: cannot run {exe!r} (not found or not executable)")


def _run_impl(args, root: pathlib.Path) -> int:
    from .runner import junit_xml, read_skips, report, run

    _command(args.impl, "--impl")
    if args.no_vectors:
        if not args.fuzz:
            raise UsageError("reposelect conform: --no-vectors needs --fuzz N")
        from .fuzz import fuzz

        return 0 if fuzz(args.impl, args.fuzz, args.seed, timeout=args.timeout) else 1
    vectors = load_vectors(root, args.select)
    if not vectors:
        raise UsageError(f"reposelect conform: no vectors match {args.select or 'anything'} under {root}")
    skips: dict[str, str] = {}
    if args.skip:
        try:
            skips, warnings = read_skips(args.skip, {v.id for v in load_vectors(root)})
        except OSError as e:
            raise UsageError(f"reposelect conform: cannot read the skip list: {e}") from None
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
    print(f"running {len(vectors)} vectors against {args.impl!r} (timeout {args.timeout:g} s per answer)")
    results = run(vectors, args.impl, timeout=args.timeout, skips=skips)
    report(results, brief=args.quiet)
    if args.junit:
        pathlib.Path(args.junit).write_bytes(junit_xml(results))
        print(f"JUnit XML written to {args.junit}")
    bad = any(r.status in ("fail", "error") for r in results)
    if args.fuzz:
        from .fuzz import fuzz

        ok = fuzz(args.impl, args.fuzz, args.seed, timeout=args.timeout)
        bad = bad or not ok
    return 1 if bad else 0
