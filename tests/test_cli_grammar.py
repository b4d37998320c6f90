"""One command-line grammar: every argument of every command has help text, and an earlier
spelling of a renamed option still works, printing one line that names the current one.

Each command's parser is obtained the way `--help` reaches it (argparse's `print_help`
intercepted), so the commands implemented in other packages are walked too, with each of
their subcommands.
"""
import argparse
import contextlib
import importlib
import types

import pytest

from reposelect import cli
from reposelect.chain import cli as chain_cli
from reposelect.reference.protocol import audit_cli


class _Caught(Exception):
    def __init__(self, parser):
        self.parser = parser


@contextlib.contextmanager
def _help_hands_over_the_parser():
    saved = argparse.ArgumentParser.print_help

    def grab(self, file=None):
        raise _Caught(self)

    argparse.ArgumentParser.print_help = grab
    try:
        yield
    finally:
        argparse.ArgumentParser.print_help = saved


def _parser_of_command(name: str) -> argparse.ArgumentParser:
    with _help_hands_over_the_parser(), pytest.raises(_Caught) as caught:
        if name in cli.EXTERNAL:
            importlib.import_module(cli.EXTERNAL[name][0]).main(["--help"])
        else:
            cli._parser().parse_args([name, "--help"])
    return caught.value.parser


def _walk(prog: str, parser: argparse.ArgumentParser):
    """(command, argument, action) for every argument of `parser` and its subcommands."""
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            helps = {c.dest: c.help for c in action._choices_actions}  # the subcommands given help
            for sub in action.choices:
                yield prog, sub, types.SimpleNamespace(help=helps.get(sub), option_strings=[])
            for sub, subparser in action.choices.items():
                yield from _walk(f"{prog} {sub}", subparser)
            continue
        yield prog, "/".join(action.option_strings) or action.metavar or action.dest, action


COMMANDS = ["demo", "select", "serve", "bench", *cli.EXTERNAL]


def test_every_command_is_walked():
    top = {a.dest for a in cli._parser()._actions}
    assert "command" in top
    names = set(next(a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction)).choices)
    assert names == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_of_every_command_has_help(command):
    args = list(_walk(f"reposelect {command}", _parser_of_command(command)))
    assert args, command
    missing = [f"{prog} {name}" for prog, name, action in args if not (action.help or "").strip()]
    assert not missing, "arguments without help text:\n" + "\n".join(missing)


def test_the_walk_finds_an_argument_without_help():
    p = argparse.ArgumentParser(prog="x")
    sub = p.add_subparsers(dest="c")
    sub.add_parser("y").add_argument("FILE")
    assert [(prog, name, a.help) for prog, name, a in _walk("x", p)] == [("x", "y", None), ("x y", "FILE", None)]


#: command parser, earlier spelling, current spelling, value, destination
RENAMED = [
    (lambda: cli._parser(), ["bench", "--write", "m.json"], "--out", "out", "m.json"),
    (lambda: chain_cli._parser(), ["gas", "--json", "g.json"], "--out", "out", "g.json"),
    (audit_cli.parser, ["--bench", "--modes", "ipa,bits"], "--range-proof", "range_proof", "ipa,bits"),
    (audit_cli.parser, ["--bench", "--baseline", "abc123"], "--against", "against", "abc123"),
]


@pytest.mark.parametrize("make, argv, current, dest, value", RENAMED, ids=[r[1][-2] for r in RENAMED])
def test_an_earlier_spelling_still_works_with_one_line_naming_the_current(make, argv, current, dest, value, capsys):
    args = make().parse_args(argv)
    assert getattr(args, dest) == value
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and f"{argv[-2]} is deprecated; use {current}" in err[0], err
    # the current spelling: the same value, nothing on standard error
    new = make().parse_args([current if a == argv[-2] else a for a in argv])
    assert getattr(new, dest) == value and capsys.readouterr().err == ""


def test_the_defaults_are_those_of_the_current_option():
    args = audit_cli.parser().parse_args([])
    assert args.range_proof == "ipa" and args.against is None
    assert cli._parser().parse_args(["bench"]).out is None


def test_the_same_option_names_for_the_same_things():
    """`--json` prints JSON (never names a file), `--out FILE` writes one, `--against REV`
    compares with a git revision; `--variant`, `--log` and `--timeout` are spelled so wherever
    they appear."""
    seen: dict[str, list[tuple[str, argparse.Action]]] = {}
    for command in COMMANDS:
        for prog, _name, action in _walk(f"reposelect {command}", _parser_of_command(command)):
            for opt in action.option_strings:
                seen.setdefault(opt, []).append((prog, action))
    current = {o: [(p, a) for p, a in uses if "deprecated" not in (a.help or "")] for o, uses in seen.items()}
    assert all(a.nargs == 0 for _, a in current["--json"]), "--json is a flag wherever it appears"
    assert all(a.metavar == "FILE" for _, a in current["--out"])
    assert all(a.metavar == "REV" for _, a in current["--against"])
    for old in ("--write", "--baseline", "--modes"):
        assert all("deprecated" in (a.help or "") for _, a in seen[old]), old
    assert {p for p, _ in current["--variant"]} >= {"reposelect select", "reposelect serve", "reposelect prove"}
    assert {p for p, _ in current["--log"]} == {"reposelect session", "reposelect audit"}
    assert {p for p, _ in current["--timeout"]} >= {"reposelect prove", "reposelect conform run"}
