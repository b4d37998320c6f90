"""Command-line options shared by every `reposelect` command: an option keeps one spelling
for one thing across commands (`--json` prints JSON, `--out FILE` writes a results file,
`--against REV` compares with a git revision, `--variant`, `--log`, `--timeout`), and an
earlier spelling users may have scripted keeps working, with one line on standard error
that names the current one. A checker ends the same way everywhere (`report_problems`).
"""
from __future__ import annotations

import argparse
import sys


class _Renamed(argparse.Action):
    """An earlier spelling of an option: it sets the current option's destination and prints
    one line on standard error naming the current spelling."""

    def __init__(self, option_strings, dest, current: str = "", **kwargs):
        super().__init__(option_strings, dest, **kwargs)
        self.current = current

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog}: {option_string} is deprecated; use {self.current}", file=sys.stderr)
        setattr(namespace, self.dest, values)


def renamed(parser: argparse.ArgumentParser, old: str, current: str, **kwargs) -> None:
    """Accept `old` as an earlier spelling of `current` (an option `parser` already has): the
    value goes where `current`'s goes, with a one-line deprecation notice. `kwargs` are the
    old option's own (`metavar`, `type`)."""
    action = next(a for a in parser._actions if current in a.option_strings)
    parser.add_argument(old, action=_Renamed, current=current, dest=action.dest, default=argparse.SUPPRESS,
                        help=f"deprecated spelling of {current}", **kwargs)


def report_problems(problems: list[str], summary: str) -> int:
    """The end of a checker command: each problem as one line on standard error, then `summary`
    on standard output; the exit status is 1 when there is a problem, else 0."""
    for msg in problems:
        print(msg, file=sys.stderr)
    print(summary)
    return 1 if problems else 0
