"""The public log: an append-only, hash-chained list of entries in SQLite (spec/protocol.md 9.3).

It models the chain. Entry `seq` (1, 2, ...) stores its body (canonical JSON
text), the previous entry's hash and its own hash

    hash_seq = SHA-256("reposelect/log/v1" || hash_{seq-1} || seq as 8 bytes || body)

with hash_0 = 32 zero bytes. Anyone holding the file can recompute the chain
(`verify_chain`). An append is one SQLite transaction (`BEGIN IMMEDIATE` ...
`COMMIT`): a crash or error before the commit leaves the log exactly as it was, so
a log never verifies while holding half of a write. A batch (`append_many`) is
one transaction too.

Every party talks to the log through the small interface `AppendOnlyLog` (append a
batch of entries, read the stored entries, read the head); `PublicLog` is its SQLite
implementation, and another store (a chain) implements the same three methods and
gets the chain verification, the per-session view and the audit for free.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import LogError

LOG_DOMAIN = b"reposelect/log/v1"
GENESIS = b"\x00" * 32

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq  INTEGER PRIMARY KEY,
    prev BLOB NOT NULL,
    hash BLOB NOT NULL,
    body TEXT NOT NULL
)
"""


def canonical(obj) -> str:
    """Canonical JSON text: sorted keys, no spaces, ASCII only."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(prev: bytes, seq: int, body: str) -> bytes:
    """The hash chaining an entry to its predecessor (spec/protocol.md 9.3)."""
    return hashlib.sha256(LOG_DOMAIN + prev + seq.to_bytes(8, "big") + body.encode("utf-8")).digest()


@dataclass(frozen=True)
class Entry:
    """One entry of the public log: sequence number, previous hash, own hash and body."""

    seq: int
    prev: bytes
    hash: bytes
    body: dict

    @property
    def kind(self) -> str:
        """The entry's kind (open, attestation, submission, reject, outcome, instruction)."""
        return self.body.get("kind", "")

    @property
    def session(self) -> str:
        """The id of the session the entry belongs to."""
        return self.body.get("session", "")


def check_bodies(bodies) -> list[str]:
    """The canonical texts of entry bodies to append; `LogError` if one is not an object
    with string `kind` and `session`. Every implementation calls it before writing."""
    out = []
    for b in bodies:
        if not isinstance(b, dict) or not isinstance(b.get("kind"), str) or not isinstance(b.get("session"), str):
            raise LogError("log_entry", "an entry body must be an object with string kind and session", "body")
        out.append(canonical(b))
    return out


class AppendOnlyLog(ABC):
    """The public log's interface (spec/protocol.md 9.3): what every party needs of a log.

    An implementation stores entries chained by `entry_hash` and provides three methods:

    * `append_many(bodies)`: append the bodies as one atomic batch (all or none), in
      order, and return their `Entry`s;
    * `rows(after)`: the stored entries with `seq > after` as `(seq, prev, hash, body
      text)`, in `seq` order, exactly as stored (untrusted: they are verified here);
    * `head()`: the hash of the last stored entry (`GENESIS` when empty).

    Verification (`verify_chain`), the per-session view (`entries`) and single appends
    are defined here once, on top of those three. `verify_chain` recomputes the whole
    chain; `entries` verifies only what is new since this reader's last read (the
    continuation must link to the hash it verified last), so a party that polls a long
    log does work proportional to what was appended, not to the log's length.
    """

    @abstractmethod
    def append_many(self, bodies: list[dict]) -> list[Entry]:
        """Append `bodies` in one atomic batch; return their entries."""

    @abstractmethod
    def rows(self, after: int = 0) -> list[tuple[int, bytes, bytes, str]]:
        """The stored entries with seq > `after` as (seq, prev, hash, canonical body text), by seq."""

    @abstractmethod
    def head(self) -> bytes:
        """The hash of the last entry, or `GENESIS` for an empty log."""

    def close(self) -> None:  # noqa: B027 - optional: a log without resources keeps this default
        """Release the log's resources (a connection, a node client); the default holds none."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def append(self, body: dict) -> Entry:
        """Append one entry and return it."""
        return self.append_many([body])[0]

    def verify_chain(self, head: bytes | None = None) -> list[Entry]:
        """Recompute the whole chain; return the entries or raise `LogError` naming the first bad one.

        `head`, if given, is a hash the caller pinned earlier (a checkpoint): it must be
        the hash of some entry, which detects truncation behind it."""
        out = _verify_rows(self.rows(), GENESIS, 1)
        if head is not None and all(e.hash != head for e in out):
            raise LogError("log_chain", f"pinned head {head.hex()} is not on the log (truncated or rewritten)", "log")
        self._seen = out
        return out

    def entries(self, session: str | None = None) -> list[Entry]:
        """The verified entries (of one session, if given): those this reader verified
        before, then the new ones, verified as a continuation of them. If the last entry
        this reader verified is no longer stored as it was, the whole chain is verified again."""
        seen = getattr(self, "_seen", None)
        if not seen:
            seen = self.verify_chain()
        else:
            last = seen[-1]
            rows = self.rows(last.seq - 1)
            if not rows or rows[0] != (last.seq, last.prev, last.hash, canonical(last.body)):
                seen = self.verify_chain()  # the stored chain changed under this reader: verify it all again
            elif len(rows) > 1:
                seen = self._seen = seen + _verify_rows(rows[1:], last.hash, last.seq + 1)
        return [e for e in seen if session is None or e.session == session]


def _verify_rows(rows, prev: bytes, expect_seq: int) -> list[Entry]:
    """Check stored rows as the continuation of the chain at (`prev`, `expect_seq`)."""
    out = []
    for seq, p, h, text in rows:
        where = f"log[{seq}]"
        if seq != expect_seq:
            raise LogError("log_chain", f"entry {expect_seq} is missing (next stored entry is {seq})", where)
        if bytes(p) != prev:
            raise LogError("log_chain", "prev hash does not equal the previous entry's hash "
                           "(an entry was removed, reordered or altered)", where)
        if entry_hash(prev, seq, text) != bytes(h):
            raise LogError("log_chain", "entry hash does not match its body (the entry was altered)", where)
        try:
            body = json.loads(text)
        except ValueError:
            raise LogError("log_entry", "entry body is not JSON", where) from None
        if not isinstance(body, dict) or canonical(body) != text:
            raise LogError("log_entry", "entry body is not canonical JSON of an object", where)
        out.append(Entry(seq, prev, bytes(h), body))
        prev, expect_seq = bytes(h), expect_seq + 1
    return out


class PublicLog(AppendOnlyLog):
    """The public log in an SQLite file (`":memory:"` for a throwaway one).

    Many processes may use one file at once: a writer waits for the write lock (SQLite's
    busy timeout, `BUSY_TIMEOUT_S`) and readers read committed entries only. A lock held
    longer than that by others is `LogError("log_busy")`, never a raw SQLite error."""

    #: How long one operation waits for another process's lock before `log_busy`.
    BUSY_TIMEOUT_S = 60.0

    def __init__(self, path: str):
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=self.BUSY_TIMEOUT_S)
        with self._busy():
            self._db.execute(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @contextmanager
    def _busy(self):
        try:
            yield
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise LogError("log_busy", f"the log {self.path} stayed locked by other processes for "
                               f"{self.BUSY_TIMEOUT_S:g} s; nothing was written", "log") from None
            raise

    # ------------------------------------------------------------ writing
    def append_many(self, bodies: list[dict], _fault=None) -> list[Entry]:
        """Append the bodies in one transaction. `_fault(i)` (tests only) is called after
        the i-th insert, inside the transaction, to simulate a crash mid-write."""
        texts = check_bodies(bodies)
        db = self._db
        with self._busy():
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev = (row[0], bytes(row[1])) if row else (0, GENESIS)
                out = []
                for i, text in enumerate(texts):
                    seq += 1
                    h = entry_hash(prev, seq, text)
                    db.execute("INSERT INTO entries (seq, prev, hash, body) VALUES (?, ?, ?, ?)", (seq, prev, h, text))
                    out.append(Entry(seq, prev, h, json.loads(text)))
                    prev = h
                    if _fault is not None:
                        _fault(i)
                db.execute("COMMIT")
                return out
            except BaseException:
                db.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------ reading
    def rows(self, after: int = 0) -> list[tuple[int, bytes, bytes, str]]:
        """(seq, prev, hash, body) of every entry after sequence number `after`, in order."""
        with self._busy():
            got = self._db.execute("SELECT seq, prev, hash, body FROM entries WHERE seq > ? ORDER BY seq",
                                   (after,)).fetchall()
        return [(seq, bytes(p), bytes(h), text) for seq, p, h, text in got]

    def head(self) -> bytes:
        """The hash of the last entry (the genesis hash on an empty log)."""
        with self._busy():
            row = self._db.execute("SELECT hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
        return bytes(row[0]) if row else GENESIS


#: Log locations that are not an SQLite path, by prefix (e.g. "chain:" for spec/chain.md 11.3).
#: Packages outside the reference register their opener here, called as `opener(location, create)`;
#: the reference imports none of them.
LOCATION_SCHEMES: dict = {}


def open_log(location: str, create: bool = True) -> AppendOnlyLog:
    """The log at `location`, as the command line names it: an SQLite file path, or a registered
    scheme. With `create` false (a reader such as the audit), a log file that does not exist
    raises `FileNotFoundError` instead of being made."""
    for prefix, opener in LOCATION_SCHEMES.items():
        if location.startswith(prefix):
            return opener(location, create)
    if not create and not os.path.exists(location):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), location)
    return PublicLog(location)
