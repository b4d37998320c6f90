"""Every argument of the `reposelect` command line and its help text, read from the argparse
parsers themselves (docs/generate.py renders the Command line page from it; tests/docs checks
that no argument goes without help).

The commands that live in other packages build their parser inside their `main(argv)`; asking
each for `--help` with argparse's `print_help` intercepted hands over the parser, and each of
its subcommands is asked the same way, so a subcommand with a parser of its own is found too.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Argument:
    command: str      # "reposelect conform run"
    name: str         # "--impl" or "FILE"
    help: str | None  # None when the argument has no help text


class _Caught(Exception):
    def __init__(self, parser):
        self.parser = parser


@contextlib.contextmanager
def _intercept_help():
    saved = argparse.ArgumentParser.print_help

    def grab(self, file=None):
        raise _Caught(self)
    argparse.ArgumentParser.print_help = grab
    try:
        yield
    finally:
        argparse.ArgumentParser.print_help = saved


def _parser_of(main, argv: list[str]):
    """The parser that `main(argv + ['--help'])` prints its help from (None if it prints none)."""
    with _intercept_help():
        try:
            main([*argv, "--help"])
        except _Caught as c:
            return c.parser
        except SystemExit:
            return None
    return None


def _subcommands(parser) -> dict:
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            return dict(a.choices)
    return {}


def _arguments(parser, command: str) -> list[Argument]:
    out = []
    for a in parser._actions:
        if isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)) or a.help == argparse.SUPPRESS:
            continue
        name = "/".join(a.option_strings) if a.option_strings else (a.metavar or a.dest)
        text = (a.help or "").strip() or None
        out.append(Argument(command, str(name), text))
    return out


def parsers() -> dict[str, argparse.ArgumentParser]:
    """"reposelect CMD [SUB]" -> its parser, for every command and subcommand."""
    from reposelect import cli

    top = cli._parser()
    found: dict[str, argparse.ArgumentParser] = {"reposelect": top}

    def walk(path: list[str], main, parser) -> None:
        found["reposelect " + " ".join(path)] = parser
        for sub, sub_parser in _subcommands(parser).items():
            own = _parser_of(main, [*path[1:], sub]) if main else None
            walk([*path, sub], main, own or sub_parser)

    for name, sub_parser in _subcommands(top).items():
        if name in cli.EXTERNAL:
            module = importlib.import_module(cli.EXTERNAL[name][0])
            parser = _parser_of(module.main, [])
            if parser is None:
                raise RuntimeError(f"`reposelect {name} --help` printed no argparse help")
            walk([name], module.main, parser)
        else:
            walk([name], None, sub_parser)
    return found


def arguments() -> list[Argument]:
    """Every argument of every command and subcommand (not -h/--help)."""
    out = []
    for command, parser in parsers().items():
        if command == "reposelect":
            continue
        out.extend(_arguments(parser, command))
    return out


def without_help() -> list[str]:
    """'reposelect serve --variant', ... : the arguments whose help text is missing."""
    return [f"{a.command} {a.name}" for a in arguments() if a.help is None]
