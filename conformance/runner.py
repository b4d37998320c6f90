"""The runner: drive any implementation over JSON Lines and judge its answers (spec/conformance.md 10.4).

`run(vectors, command)` starts COMMAND (shell-split, no shell), writes one case per
line on its standard input (from a writer thread, so a slow reader never deadlocks
us), and reads one answer per line from its standard output, in order. Each answer
must arrive within `timeout` seconds of the previous one. An implementation that
exits early (crash or short output), hangs, prints a line that is not one JSON
object, or answers out of order is recorded as an *error* on that case, killed
(with its whole process group) and restarted on the next case, so one bad case
never hides the rest.
"""
from __future__ import annotations

import json
import os
import queue
import shlex
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import IO
from xml.etree import ElementTree as ET

from .suite import Vector, compare

#: Extra seconds allowed for the first answer after a (re)start: interpreter start-up.
STARTUP_GRACE = 10.0
#: Stop restarting after this many starts in a row that failed on their first case (a dead
#: implementation would otherwise cost a start-up and a timeout per vector).
GIVE_UP_AFTER = 5


@dataclass
class Result:
    """The verdict on one vector: its status, the kind of failure, details and the answer given."""

    vector: Vector
    status: str  # pass | fail | error | skip
    kind: str = ""  # wrong_answer, crash, timeout, garbage, out_of_order, short, aborted, skipped
    details: list[str] = field(default_factory=list)
    actual: object = None
    seconds: float = 0.0


class Impl:
    """One running implementation process."""

    def __init__(self, command: str):
        self.argv = shlex.split(command)
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
                                     start_new_session=True)
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None  # both are pipes (PIPE above)
        self.stdin: IO[bytes] = stdin
        self.stdout: IO[bytes] = stdout
        self.lines: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._writer: threading.Thread | None = None

    def _read(self):
        try:
            for line in self.stdout:
                self.lines.put(line)
        except (OSError, ValueError):
            pass
        self.lines.put(None)

    def feed(self, payloads: list[bytes]) -> None:
        """Write every line, then close stdin (in a thread)."""
        def w():
            try:
                for p in payloads:
                    self.stdin.write(p + b"\n")
                    self.stdin.flush()
                self.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
        self._writer = threading.Thread(target=w, daemon=True)
        self._writer.start()

    def send(self, payload: bytes) -> bool:
        """Write one line (keeping stdin open); False if the process is gone."""
        try:
            self.stdin.write(payload + b"\n")
            self.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def next_line(self, timeout: float):
        """The next output line (bytes), None at end of output; raises queue.Empty on timeout."""
        return self.lines.get(timeout=timeout)

    def stderr_tail(self, limit: int = 600) -> str:
        """The last `limit` characters the process wrote on standard error."""
        try:
            self.err.seek(0, os.SEEK_END)
            size = self.err.tell()
            self.err.seek(max(0, size - limit))
            return self.err.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def kill(self) -> int | None:
        """Kill the process and its group; return its exit status."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        try:
            rc = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            rc = None
        for s in (self.stdin, self.stdout):
            try:
                s.close()
            except (OSError, ValueError):
                pass
        return rc

    def close(self) -> int | None:
        """Wait briefly for a clean exit after end of input, then make sure it is gone."""
        try:
            return self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return self.kill()
        finally:
            self.err.close()


def _decode(line: bytes):
    text = line.decode("utf-8")
    obj = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"{c} is not JSON")))
    return obj


def run(vectors: list[Vector], command: str, timeout: float = 10.0, skips: dict[str, str] | None = None) -> list[Result]:
    """Run `vectors` against `command`; one `Result` per vector, in the given order.

    The vectors in `skips` (id -> reason) are not sent. The rest go to one process in a
    stream; after a case that forces a restart (crash, hang, garbage, out of order), a new
    process gets the cases after it, until every case is answered or the implementation
    fails `GIVE_UP_AFTER` times in a row on the first case after a start."""
    skips = skips or {}
    results = {i: Result(v, "skip", "skipped", [skips[v.id]]) for i, v in enumerate(vectors) if v.id in skips}
    todo = [i for i, v in enumerate(vectors) if v.id not in skips]
    pos = 0
    streak = 0  # consecutive (re)starts that failed on their very first case
    while pos < len(todo):
        if streak >= GIVE_UP_AFTER:
            results.update(_aborted(vectors, todo[pos:], streak))
            break
        try:
            impl = Impl(command)
        except OSError as e:
            results.update({i: Result(vectors[i], "error", "crash", [f"cannot start {command!r}: {e}"]) for i in todo[pos:]})
            break
        used = _run_batch(impl, command, vectors, todo[pos:], timeout, results)
        impl.close()
        if used is None:
            break
        streak = streak + 1 if used == 1 else 0
        pos += used
    return [results[i] if i in results else Result(vectors[i], "error", "short", ["no answer"]) for i in range(len(vectors))]


def _aborted(vectors: list[Vector], rest: list[int], streak: int) -> dict[int, Result]:
    """The cases not run once the implementation keeps failing right after a start."""
    why = f"not run: the implementation failed {streak} times in a row on the first case after a start"
    return {i: Result(vectors[i], "error", "aborted", [why]) for i in rest}


def _run_batch(impl: Impl, command: str, vectors: list[Vector], batch: list[int], timeout: float,
               results: dict[int, Result]) -> int | None:
    """Stream the cases `batch` (indices into `vectors`) to one started process and record a
    result per case answered. Returns how many cases were used when the process must be
    restarted after the last of them, or None when every case of the batch was answered."""
    impl.feed([vectors[i].input for i in batch])
    last = time.perf_counter()
    for n, i in enumerate(batch):
        v = vectors[i]
        try:
            line = impl.next_line(timeout + (STARTUP_GRACE if n == 0 else 0.0))
        except queue.Empty:
            rc = impl.kill()
            results[i] = Result(v, "error", "timeout", [f"no answer within {timeout:g} s (the implementation hangs); killed (exit {rc}) and restarted"])
            return n + 1
        now = time.perf_counter()
        dt, last = now - last, now
        if line is None:
            results[i] = _ended(impl, v, n, len(batch), dt)
            return n + 1
        results[i], restart = _judge(impl, command, vectors, batch, n, line, timeout, dt)
        if restart:
            return n + 1
    return None


def _ended(impl: Impl, v: Vector, n: int, size: int, dt: float) -> Result:
    """The result of a case the process closed its output before answering (a crash, or short output)."""
    rc = impl.kill()
    tail = impl.stderr_tail()
    kind = "crash" if rc not in (0, None) else "short"
    what = (f"the implementation exited with status {rc} before answering this case"
            if kind == "crash" else f"the implementation closed its output after {n} answer(s) of {size} (short output)")
    det = [what + "; restarted on the next case"]
    if tail:
        det.append("stderr tail: " + tail.replace("\n", "\n    "))
    return Result(v, "error", kind, det, seconds=dt)


def _judge(impl: Impl, command: str, vectors: list[Vector], batch: list[int], n: int, line: bytes, timeout: float,
           dt: float) -> tuple[Result, bool]:
    """The result of the answer `line` to the n-th case of `batch`, and whether the process must
    be restarted after it (garbage, or an answer that may be out of order)."""
    v = vectors[batch[n]]
    try:
        actual = _decode(line.rstrip(b"\r\n"))
        if not isinstance(actual, dict):
            raise ValueError("not a JSON object")
    except (UnicodeDecodeError, ValueError) as e:
        impl.kill()
        return Result(v, "error", "garbage",
                      [f"the answer line is not one JSON object ({e}): {line[:200]!r}; restarted on the next case"], seconds=dt), True
    diffs = compare(v.expected, actual)
    if not diffs:
        return Result(v, "pass", actual=actual, seconds=dt), False
    other = _matches_neighbour(vectors, batch, n, actual)
    if other is None:
        return Result(v, "fail", "wrong_answer", diffs, actual=actual, seconds=dt), False
    # The wrong answer is a neighbour's expected one: out of order, or a plain wrong answer
    # that happens to look like it? Ask again with this case alone.
    impl.kill()
    alone = _isolated(command, v, timeout)
    if isinstance(alone, dict) and not compare(v.expected, alone):
        return Result(v, "error", "out_of_order",
                      [f"the answer in the stream is the expected answer of {other.id} ({other.description}), "
                       "while this case alone is answered correctly: answers out of order, skipped or "
                       "repeated; restarted on the next case"] + diffs, actual=actual, seconds=dt), True
    same = ["(the same wrong answer when this case runs alone)"] if alone == actual else []
    return Result(v, "fail", "wrong_answer", diffs + same, actual=actual, seconds=dt), True


def _isolated(command, v, timeout):
    """The answer to `v` from a fresh process that gets only this case (None if none)."""
    try:
        impl = Impl(command)
    except OSError:
        return None
    impl.feed([v.input])
    try:
        line = impl.next_line(timeout + STARTUP_GRACE)
        return _decode(line.rstrip(b"\r\n")) if line is not None else None
    except (queue.Empty, UnicodeDecodeError, ValueError):
        return None
    finally:
        impl.kill()
        impl.close()


def _matches_neighbour(vectors, batch, n, actual, window: int = 3):
    own = vectors[batch[n]].expected
    for d in range(1, window + 1):
        for m in (n + d, n - d):
            if 0 <= m < len(batch):
                other = vectors[batch[m]]
                if other.expected != own and not compare(other.expected, actual) and compare(own, actual):
                    return other
    return None


# Reporting -----------------------------------------------------------------------------------------------
STATUSES = ("pass", "fail", "error", "skip")


def summary_table(results: list[Result]) -> str:
    """Pass, fail, error and skip counts per group and in total, as a table."""
    groups: dict[str, dict[str, int]] = {}
    for r in results:
        counts = groups.setdefault(r.vector.group, dict.fromkeys(STATUSES, 0))
        counts[r.status] += 1
    width = max([len(g) for g in groups] + [5])
    lines = [f"{'group':<{width}}  {'pass':>5} {'fail':>5} {'error':>5} {'skip':>5}"]
    tot = dict.fromkeys(STATUSES, 0)
    for g in sorted(groups):
        c = groups[g]
        for s in STATUSES:
            tot[s] += c[s]
        lines.append(f"{g:<{width}}  {c['pass']:>5} {c['fail']:>5} {c['error']:>5} {c['skip']:>5}")
    lines.append(f"{'total':<{width}}  {tot['pass']:>5} {tot['fail']:>5} {tot['error']:>5} {tot['skip']:>5}")
    return "\n".join(lines)


def _input_preview(data: bytes, limit: int = 300) -> str:
    s = repr(data[:limit])[2:-1]
    return s + (f" ... ({len(data)} bytes)" if len(data) > limit else "")


def failure_report(r: Result) -> str:
    """A failed or errored vector: its id, input, expected and actual answers and the details."""
    v = r.vector
    exp = json.dumps(v.expected, ensure_ascii=True)
    act = json.dumps(r.actual, ensure_ascii=True) if r.actual is not None else "(none)"
    lines = [
        f"{r.status.upper()} {v.id} [{v.group}] {r.kind}: {v.description}",
        f"  sections: {', '.join(v.sections)}",
        f"  input:    {_input_preview(v.input)}",
        f"  expected: {exp[:300]}{' ...' if len(exp) > 300 else ''}",
        f"  actual:   {act[:300]}{' ...' if len(act) > 300 else ''}",
    ]
    lines += [f"  - {d}" for d in r.details]
    return "\n".join(lines)


def report(results: list[Result], out=print, brief: bool = False) -> None:
    """Per failure its report (with `brief`, one line: id, kind, description), then the summary."""
    bad = [r for r in results if r.status in ("fail", "error")]
    for r in bad:
        if brief:
            out(f"{r.status.upper()} {r.vector.id} [{r.vector.group}] {r.kind}: {r.vector.description}")
        else:
            out(failure_report(r))
            out("")
    out(summary_table(results))
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    verdict = "PASS" if not bad else "FAIL"
    out(f"{verdict}: {counts['pass']} passed, {counts['fail']} failed, {counts['error']} errors, {counts['skip']} skipped "
        f"of {len(results)} vectors")


def junit_xml(results: list[Result], name: str = "reposelect-conformance") -> bytes:
    """The results as JUnit XML, one test suite per group."""
    root = ET.Element("testsuites", name=name)
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.vector.group, []).append(r)
    for g in sorted(groups):
        rs = groups[g]
        ts = ET.SubElement(root, "testsuite", name=g, tests=str(len(rs)),
                           failures=str(sum(r.status == "fail" for r in rs)),
                           errors=str(sum(r.status == "error" for r in rs)),
                           skipped=str(sum(r.status == "skip" for r in rs)),
                           time=f"{sum(r.seconds for r in rs):.3f}")
        for r in rs:
            tc = ET.SubElement(ts, "testcase", classname=f"conformance.{g}", name=f"{r.vector.id} {r.vector.description}",
                               time=f"{r.seconds:.3f}")
            if r.status == "fail":
                el = ET.SubElement(tc, "failure", message="; ".join(r.details)[:500], type=r.kind)
                el.text = failure_report(r)
            elif r.status == "error":
                el = ET.SubElement(tc, "error", message="; ".join(r.details)[:500], type=r.kind)
                el.text = failure_report(r)
            elif r.status == "skip":
                ET.SubElement(tc, "skipped", message="; ".join(r.details)[:500])
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def read_skips(path: str, known: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """A skip list: one `ID reason...` per line, `#` starts a comment. Returns (skips, warnings)."""
    skips, warnings = {}, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            parts = line.split(None, 1)
            vid = parts[0]
            reason = parts[1].strip() if len(parts) > 1 else ""
            if not reason:
                warnings.append(f"{path}:{n}: {vid} has no reason")
                reason = "(no reason given)"
            if known is not None and vid not in known:
                warnings.append(f"{path}:{n}: unknown vector id {vid}")
            skips[vid] = reason
    return skips, warnings
