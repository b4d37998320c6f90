"""The command line under stream faults and usage errors (spec/wire.md 6.5-6.6): answers are
always writable, a broken pipe ends quietly, a closed or full stream is one line on standard
error, a usage error is status 64 with one line, and an overlong line costs bounded memory."""
import io
import json
import os
import subprocess
import sys
import tracemalloc

import pytest

from wire_example import WIRE_EXAMPLE
from reposelect import cli
from reposelect.reference.limits import (COMPACT_CASE_BYTES, DECIMAL_BYTES, MAX_CASE_BYTES, MAX_CASE_COMMAS,
                                         MAX_FRAC_DIGITS, MAX_INT_DIGITS, MAX_INT_LITERAL_DIGITS, MAX_N, VOLUME_BYTES,
                                         compact_case_bytes)
from reposelect.reference.transport import answer
from reposelect.reference.transport import read_line, select_file, serve

GOOD = json.dumps(WIRE_EXAMPLE).encode()
SURROGATE_KEY = b'{"\\ud800":1,"grid":[0,1],"mm":{"rates":["1"],"hurdle":"0"},"rm":{"rates":["2"],"hurdle":"0"}}'


def run(*args, stdin=b"", shell_redirect=""):
    if shell_redirect:
        cmd = " ".join([sys.executable, "-m", "reposelect", *args]) + " " + shell_redirect
        return subprocess.run(["bash", "-c", cmd], input=stdin, capture_output=True, timeout=120)
    return subprocess.run([sys.executable, "-m", "reposelect", *args], input=stdin, capture_output=True, timeout=120)


def one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return text.strip()


def test_a_lone_surrogate_key_is_answered_and_the_stream_goes_on():
    p = run("serve", stdin=SURROGATE_KEY + b"\n" + GOOD + b"\n")
    assert p.returncode == 0 and p.stderr == b""
    lines = p.stdout.splitlines()
    assert len(lines) == 2 and all(line.isascii() for line in lines)
    first = json.loads(lines[0])["error"]
    assert (first["code"], first["path"]) == ("schema", "\ud800")
    assert json.loads(lines[1])["index"] == 2
    p = run("select", "-", stdin=SURROGATE_KEY)
    assert p.returncode == 2 and p.stderr == b"" and json.loads(p.stdout)["error"]["path"] == "\ud800"


def test_answers_are_ascii_escaped_json():
    doc = dict(json.loads(GOOD), **{"gr\u00efd": [0, 1]})
    out = io.StringIO()
    serve(io.BytesIO(json.dumps(doc, ensure_ascii=False).encode()), out)
    assert out.getvalue().isascii() and json.loads(out.getvalue())["error"]["path"] == "gr\u00efd"


def test_a_broken_pipe_ends_quietly(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_bytes((GOOD + b"\n") * 20_000)
    with open(big, "rb") as inp:
        p = subprocess.Popen([sys.executable, "-m", "reposelect", "serve"], stdin=inp, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        assert json.loads(p.stdout.readline())["index"] == 2
        p.stdout.close()  # like `| head -1`
        err = p.stderr.read()
        assert p.wait(timeout=120) == cli.EX_BROKEN_PIPE
    assert err == b""


@pytest.mark.parametrize("args, redirect, message", [
    (("serve",), "<&-", "reposelect: standard input is closed"),
    (("select", "-"), "<&-", "reposelect: standard input is closed"),
    (("select", "CASE"), ">&-", "reposelect: standard output is closed"),
    (("serve",), "> /dev/full < CASE", "reposelect: cannot write standard output: No space left on device"),
    (("select", "CASE"), "> /dev/full", "reposelect: cannot write standard output: No space left on device"),
    (("demo",), "> /dev/full", "reposelect: cannot write standard output: No space left on device"),
])
def test_a_closed_or_full_stream_is_one_line_and_status_74(tmp_path, args, redirect, message):
    if redirect.startswith(">") and "dev/full" in redirect and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    case = tmp_path / "case.json"
    case.write_bytes(GOOD)
    args = tuple(str(case) if a == "CASE" else a for a in args)
    p = run(*args, shell_redirect=redirect.replace("CASE", str(case)))
    assert p.returncode == cli.EX_IOERR
    assert one_line(p.stderr) == message


USAGE = [
    ["select", "--variant", "bogus", "CASE"],
    ["select"],
    ["select", "/nonexistent/case.json"],
    ["select", "CASE", "--bogus"],
    ["serve", "--variant", "bogus"],
    ["serve", "extra"],
    ["demo", "--bogus"],
    ["bench", "--max-n", "many"],
    ["conform", "run", "--impl", ""],
    ["conform", "run", "--impl", "   "],
    ["conform", "run", "--impl", "'unbalanced"],
    ["conform", "run", "--impl", "/nonexistent/impl --serve"],
    ["conform"],
    ["conform", "run", "--impl", "reposelect serve", "--no-vectors"],
    ["conform", "run", "--impl", "reposelect serve", "--select", "no-such-group"],
    ["conform", "run", "--impl", "reposelect serve", "--skip", "/nonexistent/skip"],
    ["conform", "check", "--regen"],
    ["derive", "--bogus"],
    ["prove", "--bogus"],
    ["session", "--bogus"],
    ["audit", "--bogus"],
    ["bogus"],
    [],
]


@pytest.mark.parametrize("argv", USAGE, ids=lambda a: " ".join(a) or "(nothing)")
def test_usage_errors_are_status_64_with_one_line(tmp_path, capsys, argv):
    case = tmp_path / "case.json"
    case.write_bytes(GOOD)
    argv = [str(case) if a == "CASE" else a for a in argv]
    assert cli.main(argv) == cli.EX_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("reposelect"), err


def test_usage_error_through_the_installed_command_is_one_line():
    p = run("select", "--variant", "bogus", "-", stdin=GOOD)
    assert p.returncode == 64 and p.stdout == b""
    assert one_line(p.stderr).startswith("reposelect: unknown variant 'bogus'")


# Bounded input (spec/wire.md 6.5) ---------------------------------------------------------------
def test_the_size_limit_is_derived_from_the_other_limits():
    assert VOLUME_BYTES == 1 + MAX_INT_LITERAL_DIGITS + 1
    assert DECIMAL_BYTES == 2 + 1 + MAX_INT_DIGITS + 1 + MAX_FRAC_DIGITS + 1
    assert COMPACT_CASE_BYTES == compact_case_bytes(MAX_N) == 76_001_042
    assert MAX_CASE_BYTES == 2 * COMPACT_CASE_BYTES == 152_002_084
    assert MAX_CASE_COMMAS == 3 * MAX_N + 4
    # the widest compact case at a small N fits the bound for that N and has 3N + 4 commas
    n = 300
    wide = "-999999999999.999999999999"
    doc = {"grid": [0] + [-(10**15 + i) for i in range(n)], "mm": {"rates": [wide] * n, "hurdle": wide},
           "rm": {"rates": [wide] * n, "hurdle": wide}, "theta": wide, "tie_break": "smallest_volume"}
    text = json.dumps(doc, separators=(",", ":")).encode()
    assert len(text) <= compact_case_bytes(n) and text.count(b",") == 3 * n + 4
    assert answer(text)["error"]["code"] == "too_large"  # beyond the values' limits, not the text's


class Zeros(io.RawIOBase):
    """`size` bytes of b"0", then a newline and one good case; never held in memory at once."""

    def __init__(self, size: int):
        self.left, self.tail = size, b"\n" + GOOD + b"\n"

    def readable(self):
        return True

    def readinto(self, b):
        if self.left:
            k = min(len(b), self.left)
            b[:k] = b"0" * k
            self.left -= k
            return k
        k = min(len(b), len(self.tail))
        b[:k], self.tail = self.tail[:k], self.tail[k:]
        return k


def test_an_overlong_line_is_too_large_in_bounded_memory():
    limit = 1 << 20
    out = io.StringIO()
    tracemalloc.start()
    try:
        serve(io.BufferedReader(Zeros(40 * limit)), out, limit=limit)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["error"]["code"], first["error"]["path"]) == ("too_large", "$")
    assert second["index"] == 2
    assert peak < 8 * limit  # 40 MB went by; a few buffers of 1 MB were held


def test_read_line_keeps_lines_up_to_the_limit_and_drops_cr():
    inp = io.BytesIO(b"abc\r\n" + b"x" * 10 + b"\n" + b"y" * 11 + b"\r\nlast")
    assert read_line(inp, 10) == b"abc"
    assert read_line(inp, 10) == b"x" * 10
    assert read_line(inp, 10) is None
    assert read_line(inp, 10) == b"last"
    with pytest.raises(EOFError):
        read_line(inp, 10)


def test_select_reads_at_most_the_limit(tmp_path):
    f = tmp_path / "case.json"
    f.write_bytes(GOOD + b" " * 1000)
    out = io.StringIO()
    assert select_file(str(f), out=out, limit=len(GOOD) + 999) == 2
    assert json.loads(out.getvalue())["error"] == {"code": "too_large", "path": "$",
                                                   "message": f"the text is longer than the limit of {len(GOOD) + 999} bytes"}
    out = io.StringIO()
    assert select_file(str(f), out=out, limit=len(GOOD) + 1000) == 0
