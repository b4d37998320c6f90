"""`reposelect derive`: print the SymPy derivations (spec/derivations.md 8.5).

    reposelect derive --family linear|quadratic|general --format markdown|latex|json

The markdown form is what the specification site publishes (headings from level 2,
arithmatex `$...$` / `$$...$$` math); the JSON form maps result names to
SymPy-parsable strings in the family's parameter names, plus the entry `symbols`:
the names to declare as SymPy symbols before parsing (`beta` and `gamma` would
otherwise be read as SymPy's special functions); `reposelect.proofs.derive.parse`
does this.
"""
from __future__ import annotations

import argparse
import json
import sys


def _parser() -> argparse.ArgumentParser:
    from .derive import FAMILIES

    p = argparse.ArgumentParser(
        prog="reposelect derive",
        description="SymPy derivations of the continuous model: equilibrium conditions and closed forms.",
        epilog="JSON strings parse with sympy.sympify(s, locals={n: sympy.Symbol(n) for n in data['symbols'].split()}).",
    )
    p.add_argument("--family", choices=sorted(FAMILIES), default="linear",
                   help="schedule family (default: linear)")
    p.add_argument("--format", choices=("markdown", "latex", "json"), default="markdown",
                   help="output format (default: markdown)")
    p.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
    return p


def main(argv: list[str] | None = None) -> int:
    from .derive import FAMILIES, derive_family, to_json, to_latex, to_markdown

    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    fam = FAMILIES[args.family]
    results = derive_family(fam.name)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(fam, results), indent=2) + "\n")
    elif args.format == "latex":
        sys.stdout.write(to_latex(fam, results))
    else:
        sys.stdout.write(to_markdown(fam, results))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
