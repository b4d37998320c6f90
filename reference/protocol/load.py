"""Many processes running sessions against one public log at once (spec/protocol.md 9.3).

    reposelect audit --load PROCS,SESSIONS [--log DB] [--json]

`run_load` starts PROCS writer processes (`python -m reposelect.reference.protocol.load`),
each running SESSIONS whole sessions on the same SQLite log, and kills one of them with
SIGKILL in the middle of the batch that posts an outcome and its two instructions.
Each writer keeps a journal of the entries the log acknowledged and of its parties'
saved state. Then it checks that

* every writer but the killed one finished, and none printed a raw SQLite error such
  as "database is locked";
* the log holds exactly the acknowledged entries: none lost, none twice, none of the
  killed batch;
* the killed writer's session is rebuilt from its parties' saved state and finished,
  and the writer, restarted, runs the sessions it had left;
* the whole log audits clean: all PROCS x SESSIONS sessions, the recovered one included.
"""
from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal

from reposelect.reference.types import DEFAULT_THETA, DEFAULT_TIE_BREAK, ROLES, DealerReport, Role

from .audit import audit_log
from .log import AppendOnlyLog, Entry, PublicLog
from .roles import Dealer, Enclave, cosign_open, new_session_body

GRID = (0, 50, 100, 150)


def reports(rng: random.Random) -> tuple[DealerReport, DealerReport]:
    """A random pair of valid dealer reports on `GRID` (monotone, two decimals)."""
    a = sorted(rng.randrange(400, 460) for _ in GRID[1:])
    b = sorted((rng.randrange(440, 520) for _ in GRID[1:]), reverse=True)
    d = lambda c: Decimal(c).scaleb(-2)  # noqa: E731
    return (DealerReport(Role.MM, GRID, tuple(map(d, a)), d(rng.randrange(0, 20))),
            DealerReport(Role.RM, GRID, tuple(map(d, b)), d(rng.randrange(0, 20))))


class JournalLog(AppendOnlyLog):
    """A log that writes every acknowledged entry's hash to a journal file, and can be
    armed to kill its own process in the middle of the next multi-entry batch."""

    def __init__(self, inner: PublicLog, journal):
        self.inner, self.journal, self.kill_next_batch = inner, journal, False

    def append_many(self, bodies: list[dict]) -> list[Entry]:
        """Append the entries (killing this process inside a batch when asked) and journal their hashes."""
        fault = None
        if self.kill_next_batch and len(bodies) > 1:
            fault = lambda i: os.kill(os.getpid(), signal.SIGKILL) if i == 1 else None  # noqa: E731
        out = self.inner.append_many(bodies, _fault=fault)
        self.note({"entries": [e.hash.hex() for e in out]})
        return out

    def note(self, record: dict) -> None:
        """Write one record to the journal, flushed."""
        self.journal.write(json.dumps(record) + "\n")
        self.journal.flush()

    def rows(self, after: int = 0):
        """The log's rows after sequence number `after`."""
        return self.inner.rows(after)

    def head(self) -> bytes:
        """The hash of the log's last entry."""
        return self.inner.head()


def worker(path: str, journal_path: str, index: int, sessions: int, kill_at: int) -> None:
    """Run `sessions` sessions on the log at `path`; at session `kill_at` (-1: never) die
    in the middle of the outcome batch. `index` seeds the reports."""
    rng = random.Random(index)
    with open(journal_path, "a") as journal, PublicLog(path) as inner:
        log = JournalLog(inner, journal)
        for j in range(sessions):
            mm, rm = reports(rng)
            enclave, d_mm, d_rm = Enclave(), Dealer(mm), Dealer(rm)
            body = new_session_body(GRID, DEFAULT_THETA, DEFAULT_TIE_BREAK, {"mm": d_mm.public, "rm": d_rm.public})
            sid = log.append(cosign_open(body, d_mm, d_rm)).session
            enclave.attest(log, sid)
            d_mm.submit(log, sid)
            d_rm.submit(log, sid)
            log.note({"session": sid, "enclave": enclave.to_state(), "mm": d_mm.to_state(), "rm": d_rm.to_state()})
            log.kill_next_batch = j == kill_at
            out, errors = enclave.step(log, sid)
            if out is None or errors:
                raise SystemExit(f"session {sid[:16]} did not conclude: {errors}")
            for d in (d_mm, d_rm):
                d.receive(log, sid)
            log.note({"done": sid})


@dataclass
class LoadResult:
    """What a load run did and found: sessions completed and recovered, entries, audit and problems."""

    procs: int
    sessions: int
    entries: int = 0
    completed: int = 0
    recovered: int = 0
    audited_ok: int = 0
    audit_ok: bool = False
    problems: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    floor_wall_s: float = 0.0
    peak_rss_kib: int = 0  # the largest writer's peak resident memory

    @property
    def ok(self) -> bool:
        """Every session audits clean and nothing was lost or doubled."""
        return self.audit_ok and not self.problems


def _spawn(path: str, journal: str, index: int, sessions: int, kill_at: int, errfile):
    return subprocess.Popen([sys.executable, "-m", "reposelect.reference.protocol.load", path, journal,
                             str(index), str(sessions), str(kill_at)], stdout=subprocess.DEVNULL, stderr=errfile)


def _run_writers(folder: str, path: str, writers: list[tuple[int, int, int]], timeout_s: float):
    """Start writers (index, sessions, kill_at) on `path`, wait for them; return
    [(index, returncode, stderr text, journal path)]."""
    runs = []
    for i, sessions, kill_at in writers:
        journal, err = os.path.join(folder, f"journal{i}.jsonl"), open(os.path.join(folder, f"stderr{i}.txt"), "w")
        runs.append((i, _spawn(path, journal, i, sessions, kill_at, err), err, journal))
    deadline, out = time.monotonic() + timeout_s, []
    for i, proc, err, journal in runs:
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        err.close()
        with open(err.name) as f:
            out.append((i, proc.returncode, f.read(), journal))
    return out


def _read_journal(path: str):
    """(acknowledged entry hashes, saved states by session, finished sessions)."""
    acked, states, done = [], {}, set()
    with open(path) as f:
        for line in f:
            rec = json.loads(line)
            acked.extend(rec.get("entries", ()))
            if "enclave" in rec:
                states[rec["session"]] = rec
            if "done" in rec:
                done.add(rec["done"])
    return acked, states, done


def run_load(procs: int, sessions: int, path: str | None = None, kill: bool = True,
             timeout_s: float = 1800.0, floor: bool = True) -> LoadResult:
    """Run the load and check it (see the module's docstring)."""
    res = LoadResult(procs, sessions)
    kill_at = sessions // 2 if kill else -1
    with tempfile.TemporaryDirectory(prefix="reposelect-load-") as folder:
        path = path or os.path.join(folder, "log.sqlite")
        if floor:  # the same work per writer, one writer alone on its own log, measured in the same run
            alone = os.path.join(folder, "floor")
            os.mkdir(alone)
            t = time.monotonic()
            _run_writers(alone, os.path.join(alone, "log.sqlite"), [(0, sessions, -1)], timeout_s)
            res.floor_wall_s = time.monotonic() - t
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.monotonic()
        runs = _run_writers(folder, path, [(i, sessions, kill_at if i == 0 else -1) for i in range(procs)], timeout_s)
        res.wall_s = time.monotonic() - t
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        res.cpu_s = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        res.peak_rss_kib = cpu1.ru_maxrss
        acked: list[str] = []
        pending: list[dict] = []
        for i, code, err, journal in runs:
            killed = kill and i == 0
            if "database is locked" in err or "OperationalError" in err or "Traceback" in err:
                res.problems.append(f"writer {i} printed an error: {err.strip().splitlines()[-1]}")
            if code != (-signal.SIGKILL if killed else 0):
                res.problems.append(f"writer {i} exited with status {code}")
            got, states, done = _read_journal(journal)
            acked.extend(got)
            res.completed += len(done)
            pending.extend(st for sid, st in states.items() if sid not in done)
        with open(os.path.join(folder, "recovery.jsonl"), "w") as journal, PublicLog(path) as inner:
            log = JournalLog(inner, journal)
            for st in pending:  # the killed writer's session: every party restarts from its saved state
                sid = st["session"]
                out, errors = Enclave.from_state(st["enclave"]).step(log, sid)
                if out is None or errors:
                    res.problems.append(f"session {sid[:16]} could not be finished after the restart: {errors}")
                    continue
                for role in ROLES:
                    Dealer.from_state(st[role]).receive(log, sid)
                res.recovered += 1
        acked.extend(_read_journal(os.path.join(folder, "recovery.jsonl"))[0])
        if kill and sessions - kill_at - 1 > 0:  # the killed writer restarts and runs the sessions it had left
            (i, code, err, journal), = _run_writers(folder, path, [(procs, sessions - kill_at - 1, -1)], timeout_s)
            if code != 0 or err.strip():
                res.problems.append(f"the restarted writer exited with status {code}: {err.strip()[-200:]}")
            got, _, done = _read_journal(journal)
            acked.extend(got)
            res.completed += len(done)
        with PublicLog(path) as log:
            stored = [e.hash.hex() for e in log.verify_chain()]
            if len(stored) != len(set(stored)) or sorted(stored) != sorted(acked):
                lost, extra = set(acked) - set(stored), set(stored) - set(acked)
                res.problems.append(f"log holds {len(stored)} entries, writers were acknowledged {len(acked)}: "
                                    f"{len(lost)} lost, {len(extra)} not acknowledged")
            audit = audit_log(log)
            res.entries = audit.entries
            res.audited_ok = sum(s.ok for s in audit.sessions)
            res.audit_ok = audit.ok and len(audit.sessions) == procs * sessions
            for s in audit.sessions:
                if s.error is not None:
                    res.problems.append(f"session {s.session[:16]} fails the audit: {s.error.code} at {s.error.path}")
        if res.completed + res.recovered != procs * sessions:
            res.problems.append(f"{res.completed} sessions completed and {res.recovered} recovered, "
                                f"of {procs * sessions}")
    return res


def print_load(res: LoadResult, out=print) -> None:
    """Print a load run's result as a few lines."""
    out(f"Load: {res.procs} writer processes x {res.sessions} sessions on one SQLite log, "
        f"writer 0 killed (SIGKILL) inside an outcome batch")
    out(f"  sessions completed by their writer: {res.completed} (the killed writer's remaining ones after "
        f"its restart); finished by the killed session's restarted parties: {res.recovered}")
    out(f"  log: {res.entries} entries, each acknowledged exactly once; audit: {res.audited_ok} of "
        f"{res.procs * res.sessions} sessions verify")
    out("  time (wall s, CPU s of all writers; floor = one writer alone running the same sessions, same run):")
    out("     procs  sessions   wall s    CPU s  floor s  ratio")
    ratio = res.wall_s / res.floor_wall_s if res.floor_wall_s else float("nan")
    out(f"  {res.procs:>8}  {res.procs * res.sessions:>8}  {res.wall_s:>7.1f}  {res.cpu_s:>7.1f}  "
        f"{res.floor_wall_s:>7.1f}  {ratio:>5.2f}")
    for p in res.problems:
        out(f"  FAIL {p}")
    out("PASS" if res.ok else "FAIL")


if __name__ == "__main__":  # a writer process
    worker(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
