"""The vectors on disk: loading, and comparing an answer with the expected one (spec/conformance.md 10.2-10.4).

Layout (one folder per case)::

    conformance/vectors/SUITE.json                  suite version, spec version, counts
    conformance/vectors/<group>/<id>/manifest.json  id, description, group, sections, spec_version
    conformance/vectors/<group>/<id>/input.jsonl    the line's raw bytes (no newline), or
    conformance/vectors/<group>/<id>/input.jsonl.gz the same, gzip-compressed (large cases)
    conformance/vectors/<group>/<id>/expected.json  the outcome, or {"error": {"code", "path", "message"}}
"""
from __future__ import annotations

import fnmatch
import gzip
import json
import pathlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE / "vectors"
SCHEMA = HERE / "schema" / "wire.schema.json"
REGISTRY = HERE / "registry.json"
SUITE_FILE = "SUITE.json"
#: Inputs above this size are stored gzip-compressed.
GZIP_ABOVE = 64 * 1024

OUTCOME_DECIMALS = ("r_mm", "r_rm", "r_bd", "spread", "joint_profit")


@dataclass
class Vector:
    """One conformance vector as loaded: id, group, description, spec sections, version, input and expected answer."""

    id: str
    group: str
    description: str
    sections: list[str]
    spec_version: str
    input: bytes
    expected: dict
    path: pathlib.Path | None = None
    manifest: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        """Whether the expected answer is an error object."""
        return "error" in self.expected


def read_input(folder: pathlib.Path) -> bytes:
    """A vector's input bytes (input.jsonl, or its gzipped form)."""
    p = folder / "input.jsonl"
    if p.exists():
        return p.read_bytes()
    return gzip.decompress((folder / "input.jsonl.gz").read_bytes())


def load_vectors(root: pathlib.Path = VECTORS, select: list[str] | None = None) -> list[Vector]:
    """Every vector under `root`, in id order; `select` keeps ids/groups matching any glob."""
    out = []
    for m in sorted(root.glob("*/*/manifest.json")):
        folder = m.parent
        man = json.loads(m.read_text("utf-8"))
        v = Vector(
            id=man["id"], group=man["group"], description=man["description"], sections=list(man["sections"]),
            spec_version=man["spec_version"], input=read_input(folder),
            expected=json.loads((folder / "expected.json").read_text("utf-8")), path=folder, manifest=man,
        )
        if select and not any(fnmatch.fnmatchcase(v.id, g) or fnmatch.fnmatchcase(v.group, g)
                              or fnmatch.fnmatchcase(f"{v.group}/{v.id}", g) for g in select):
            continue
        out.append(v)
    out.sort(key=lambda v: v.id)
    return out


def suite_info(root: pathlib.Path = VECTORS) -> dict:
    """The suite's manifest (SUITE.json); empty when there is none."""
    p = root / SUITE_FILE
    return json.loads(p.read_text("utf-8")) if p.exists() else {}


# Comparison ------------------------------------------------------------------------------------
def _dec(x):
    if not isinstance(x, str):
        return None
    try:
        d = Decimal(x)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def compare(expected: dict, actual) -> list[str]:
    """Differences between the expected and the actual answer, as readable lines ([] = equal).

    Decimal strings compare by value ("4.50" equals "4.5"); an error compares by code and
    path, never by message. Keys the expected answer lacks are ignored (the spec may add
    fields); a missing key or a value of the wrong JSON type is a difference.
    """
    diffs: list[str] = []
    if not isinstance(actual, dict):
        return [f"expected a JSON object, got {json.dumps(actual)[:200]}"]
    if "error" in expected:
        e = expected["error"]
        a = actual.get("error")
        if not isinstance(a, dict):
            return [f"expected error {e['code']} at {e['path']}, got an outcome: {_short(actual)}"]
        for k in ("code", "path"):
            if a.get(k) != e[k]:
                diffs.append(f"error.{k}: expected {json.dumps(e[k])}, got {json.dumps(a.get(k))}")
        if diffs and "message" in a:
            diffs.append(f"(actual message: {str(a.get('message'))[:200]})")
        return diffs
    if "error" in actual:
        a = actual["error"] if isinstance(actual["error"], dict) else {}
        return [f"expected an outcome (trade={json.dumps(expected['trade'])}, index={expected['index']}), "
                f"got error {a.get('code')!r} at {a.get('path')!r}: {str(a.get('message'))[:200]}"]
    for k, ev in expected.items():
        if k not in actual:
            diffs.append(f"{k}: missing (expected {_short(ev)})")
            continue
        av = actual[k]
        if k in OUTCOME_DECIMALS:
            if ev is None:
                if av is not None:
                    diffs.append(f"{k}: expected null, got {_short(av)}")
            elif not isinstance(av, str):
                diffs.append(f"{k}: expected the decimal string {json.dumps(ev)}, got {_short(av)} (not a string)")
            elif _dec(av) is None or _dec(av) != Decimal(ev):
                diffs.append(f"{k}: expected {json.dumps(ev)}, got {json.dumps(av)}")
        elif isinstance(ev, list):
            if not isinstance(av, list) or any(isinstance(x, bool) for x in av) or av != ev:
                diffs.append(f"{k}: {_list_diff(ev, av)}")
        elif isinstance(ev, bool) or isinstance(av, bool):
            if type(av) is not type(ev) or av != ev:
                diffs.append(f"{k}: expected {json.dumps(ev)}, got {_short(av)}")
        elif av != ev or type(av) is not type(ev):
            diffs.append(f"{k}: expected {json.dumps(ev)}, got {_short(av)}")
    return diffs


def _short(v, limit: int = 120) -> str:
    s = json.dumps(v)
    return s if len(s) <= limit else s[:limit] + f"... ({len(s)} chars)"


def _list_diff(ev: list, av) -> str:
    if not isinstance(av, list):
        return f"expected a list, got {_short(av)}"
    es, as_ = set(ev), set(x for x in av if isinstance(x, int))
    missing, extra = sorted(es - as_), sorted(as_ - es)
    parts = []
    if missing:
        parts.append(f"missing {_short(missing, 80)}")
    if extra:
        parts.append(f"unexpected {_short(extra, 80)}")
    if not parts:
        parts.append("same elements in a different order or with repeats")
    head = f"expected {_short(ev, 80)}, got {_short(av, 80)}"
    return head + " (" + "; ".join(parts) + ")"
