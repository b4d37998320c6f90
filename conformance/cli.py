"""`reposelect conform`: run, lint, regenerate, index, pack and time the conformance suite."""
from __future__ import annotations

import argparse
import os
import pathlib
import shlex
import shutil
import sys

from reposelect.reference.errors import UsageError

from .suite import VECTORS, load_vectors


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reposelect conform",
        description="The conformance suite of the wire format (spec/conformance.md). With --impl, run every "
                    "vector against an implementation speaking JSON Lines; the other modes maintain the suite.",
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--impl", metavar="COMMAND", help="implementation to test, e.g. \"reposelect serve\" (shell-split, run without a shell)")
    mode.add_argument("--check", action="store_true", help="lint the suite and report the reference's line coverage")
    mode.add_argument("--regen", action="store_true", help="regenerate the vectors from the reference (fails on an unannounced change)")
    mode.add_argument("--index-md", action="store_true", help="print a markdown index of the vectors")
    mode.add_argument("--pack", metavar="DIR", help="write the reproducible release archive into DIR")
    mode.add_argument("--mutants", action="store_true", help="run the shipped mutants and print the suite's mutation score")
    mode.add_argument("--bench", action="store_true", help="time the whole suite against --bench-impl (default: the reference)")
    p.add_argument("--select", action="append", metavar="GLOB", help="only ids or groups matching GLOB (repeatable), e.g. 'errors.*' or V0042")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML results to FILE")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds an answer may take (default 10)")
    p.add_argument("--skip", metavar="FILE", help="skip list: one 'ID reason' per line")
    p.add_argument("--fuzz", type=int, metavar="N", help="after the vectors, check N hypothesis-generated cases against the reference")
    p.add_argument("--no-vectors", action="store_true", help="with --fuzz: fuzz only, run no vectors")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="fuzzing seed (default 0)")
    p.add_argument("--force", action="store_true", help="with --regen: write even without a spec-version bump")
    p.add_argument("--vectors", metavar="DIR", default=str(VECTORS), help="vector folder (default: the installed suite)")
    p.add_argument("--bench-impl", metavar="COMMAND", default=None, help="with --bench: the implementation to time")
    p.add_argument("--quiet", action="store_true", help="with --impl: one line per failure (no diffs), then the summary")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    root = pathlib.Path(args.vectors)
    if args.regen:
        from .generate import regenerate

        return regenerate(force=args.force)
    if args.check:
        from .check import run_check

        return run_check(root)
    if args.index_md:
        from .index import index_markdown

        sys.stdout.write(index_markdown(load_vectors(root)))
        return 0
    if args.pack:
        from .pack import pack

        path = pack(pathlib.Path(args.pack), root)
        print(path)
        return 0
    if args.mutants:
        from .mutation import report as mreport, run_mutants

        return mreport(run_mutants(load_vectors(root, args.select), timeout=min(args.timeout, 5.0)))
    if args.bench:
        from .bench import run_bench

        _command(args.bench_impl, "--bench-impl")
        return run_bench(load_vectors(root, args.select), args.bench_impl, args.timeout)
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
