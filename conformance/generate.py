"""The generator: recipes + the reference -> conformance/vectors (spec/conformance.md 10.2, 10.7).

Nothing under vectors/ is written by hand. `regenerate` rebuilds every vector in
memory, compares it with the committed files and classifies the differences:

* an input or expected answer of an existing id changed: needs a **major** bump (spec/index.md,
  Versioning: a major release changes the outcome or the code of some case);
* an id disappeared (retired): needs at least a **minor** bump;
* new ids, or descriptions, section lists and error messages only: needs at least a **patch**
  bump (a patch release "adds conformance vectors for behaviour already specified"; an error's
  message is informative, spec/conformance.md 10.1, so rewording it changes no verdict).

It writes only when `reposelect.reference.version.SPEC_VERSION` moved up by at least the needed level
since the suite was last generated (recorded in vectors/SUITE.json), or with `force`.
Ids come from registry.json: a new recipe key gets the next id, a removed key's id is
retired there and never reused.
"""
from __future__ import annotations

import functools
import gzip
import json
import pathlib
import shutil
from dataclasses import dataclass, field

from reposelect.reference.version import SPEC_VERSION
from reposelect.reference.game import equilibria_definitional
from reposelect.reference.transport import answer
from reposelect.reference.wire import parse_case

from .recipes import GROUPS, by_key
from .suite import GZIP_ABOVE, REGISTRY, SUITE_FILE, VECTORS, read_input

LEVELS = ("none", "patch", "minor", "major")


def _ver(v: str) -> tuple[int, int, int]:
    a, b, c = (int(x) for x in v.split("."))
    return a, b, c


def bump_level(old: str, new: str) -> str:
    """How far `new` moved up from `old`: none, patch, minor or major (or 'down')."""
    o, n = _ver(old), _ver(new)
    if n < o:
        return "down"
    if n == o:
        return "none"
    if n[0] > o[0]:
        return "major"
    if n[1] > o[1]:
        return "minor"
    return "patch"


def load_registry(path: pathlib.Path = REGISTRY) -> dict:
    """The registry of vector ids (conformance/registry.json)."""
    if path.exists():
        return json.loads(path.read_text("utf-8"))
    return {"note": "ids are assigned once by `reposelect conform regen` and never reused",
            "next": 1, "ids": {}, "retired": {}}


def assign_ids(registry: dict, keys: list[str]) -> dict:
    """A new registry where every key has an id; ids of vanished keys move to 'retired'."""
    reg = json.loads(json.dumps(registry))
    have = {k: i for i, k in reg["ids"].items()}
    for key in keys:
        if key not in have:
            new_id = f"V{reg['next']:04d}"
            reg["next"] += 1
            reg["ids"][new_id] = key
            have[key] = new_id
    keyset = set(keys)
    for i, k in list(reg["ids"].items()):
        if k not in keyset:
            reg["retired"][i] = k
            del reg["ids"][i]
    reg["ids"] = dict(sorted(reg["ids"].items()))
    reg["retired"] = dict(sorted(reg["retired"].items()))
    return reg


@dataclass
class Built:
    """One vector built from its recipe: id, group, manifest entry, input and expected answer."""

    id: str
    group: str
    manifest: dict
    input: bytes
    expected: dict


def _check_recipe_output(key: str, group: str, data: bytes, expected: dict) -> None:
    if b"\n" in data or data.endswith(b"\r"):
        raise ValueError(f"{key}: a JSON Lines input cannot contain a newline or end in CR")
    if group.startswith("errors."):
        code = group.split(".", 1)[1]
        got = expected.get("error", {}).get("code")
        if got != code:
            raise ValueError(f"{key}: the reference answers {got!r}, the group expects {code!r}")
    elif group == "precedence":
        if "error" not in expected:
            raise ValueError(f"{key}: a precedence case must be rejected")
    elif "error" in expected:
        raise ValueError(f"{key}: the reference rejects a case of group {group}: {expected['error']}")
    else:
        case = parse_case(data)
        if case.n <= 60 and list(equilibria_definitional(case)) != expected["equilibria"]:
            raise ValueError(f"{key}: fast and definitional equilibria disagree")


@functools.lru_cache(maxsize=None)
def _built(key: str) -> tuple[bytes, str]:
    """A recipe's input and the reference's answer (JSON text), checked; cached per process."""
    r = by_key()[key]
    data = r.build()
    expected = answer(data)
    _check_recipe_output(key, r.group, data, expected)
    return data, json.dumps(expected)


def build_all(registry: dict) -> tuple[list[Built], dict]:
    """Build every vector from the recipes with the reference; returns (the vectors, the registry with any new ids)."""
    recipes = by_key()
    reg = assign_ids(registry, list(recipes))
    out = []
    for vid, key in reg["ids"].items():
        r = recipes[key]
        data, text = _built(key)
        expected = json.loads(text)
        man = {"id": vid, "description": r.description, "group": r.group, "sections": list(r.sections),
               "spec_version": SPEC_VERSION, "recipe": key}
        if not r.schema_expressible:
            man["json_schema"] = "not_expressible"
        out.append(Built(vid, r.group, man, data, expected))
    return out, reg


@dataclass
class Diff:
    """How the built vectors differ from the committed ones."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # input or expected
    metadata: list[str] = field(default_factory=list)  # description, sections, group, recipe

    @property
    def needed(self) -> str:
        """The spec-version bump the difference needs: major (an answer changed), minor (removed), patch (added or metadata), none."""
        if self.changed:
            return "major"
        if self.removed:
            return "minor"
        if self.added or self.metadata:
            return "patch"
        return "none"

    def lines(self) -> list[str]:
        """The difference, one line per kind (changed, removed, added, metadata) with the ids."""
        out = []
        for name in ("changed", "removed", "added", "metadata"):
            ids = getattr(self, name)
            if ids:
                out.append(f"{name}: {len(ids)} ({', '.join(ids[:12])}{' ...' if len(ids) > 12 else ''})")
        return out


def _existing(root: pathlib.Path) -> dict[str, tuple[pathlib.Path, dict]]:
    out = {}
    for m in root.glob("*/*/manifest.json"):
        man = json.loads(m.read_text("utf-8"))
        out[man["id"]] = (m.parent, man)
    return out


def _verdict(expected: dict) -> dict:
    """What conformance compares (spec/conformance.md 10.1): an outcome, or an error's code and path."""
    if "error" in expected:
        return {"code": expected["error"]["code"], "path": expected["error"]["path"]}
    return expected


def expected_text(obj: dict) -> str:
    """ASCII-escaped JSON, like every answer of the reference (a path may hold a lone surrogate)."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n"


def manifest_text(man: dict) -> str:
    """A manifest as the JSON text written to disk."""
    return json.dumps(man, ensure_ascii=False, indent=2) + "\n"


def compute(root: pathlib.Path = VECTORS, registry_path: pathlib.Path = REGISTRY):
    """Build everything in memory and diff it against `root`. Returns (built, registry, diff)."""
    built, reg = build_all(load_registry(registry_path))
    old = _existing(root)
    diff = Diff()
    new_ids = {b.id for b in built}
    for b in built:
        if b.id not in old:
            diff.added.append(b.id)
            continue
        folder, man = old[b.id]
        same_input = read_input(folder) == b.input
        old_expected = json.loads((folder / "expected.json").read_text("utf-8"))
        if not (same_input and _verdict(old_expected) == _verdict(b.expected)):
            diff.changed.append(b.id)
        else:
            b.manifest["spec_version"] = man.get("spec_version", SPEC_VERSION)  # unchanged since then
            if man != b.manifest or folder != root / b.group / b.id or old_expected != b.expected:
                diff.metadata.append(b.id)
    diff.removed = sorted(set(old) - new_ids)
    return built, reg, diff


def write(built: list[Built], reg: dict, root: pathlib.Path = VECTORS, registry_path: pathlib.Path = REGISTRY) -> None:
    """Write the built vectors into `root` (removing folders of vectors no longer built) and the registry."""
    root.mkdir(parents=True, exist_ok=True)
    keep = set()
    for b in built:
        folder = root / b.group / b.id
        keep.add(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _put(folder / "manifest.json", manifest_text(b.manifest).encode())
        _put(folder / "expected.json", expected_text(b.expected).encode())
        if len(b.input) > GZIP_ABOVE:
            (folder / "input.jsonl").unlink(missing_ok=True)
            gz = folder / "input.jsonl.gz"
            if not gz.exists() or gzip.decompress(gz.read_bytes()) != b.input:
                gz.write_bytes(gzip.compress(b.input, compresslevel=9, mtime=0))
        else:
            (folder / "input.jsonl.gz").unlink(missing_ok=True)
            _put(folder / "input.jsonl", b.input)
    for m in list(root.glob("*/*/manifest.json")):
        if m.parent not in keep:
            shutil.rmtree(m.parent)
    for g in root.iterdir():
        if g.is_dir() and not any(g.iterdir()):
            g.rmdir()
    groups: dict[str, int] = {}
    for b in built:
        groups[b.group] = groups.get(b.group, 0) + 1
    suite = {"spec_version": SPEC_VERSION, "vectors": len(built),
             "groups": {g: groups[g] for g in GROUPS if g in groups}}
    _put(root / SUITE_FILE, (json.dumps(suite, indent=2) + "\n").encode())
    _put(registry_path, (json.dumps(reg, indent=2) + "\n").encode())


def _put(path: pathlib.Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def regenerate(force: bool = False, root: pathlib.Path = VECTORS, registry_path: pathlib.Path = REGISTRY, out=print) -> int:
    """`reposelect conform regen`: rebuild the vectors; fail on a change the spec version does not announce."""
    built, reg, diff = compute(root, registry_path)
    recorded = json.loads((root / SUITE_FILE).read_text("utf-8"))["spec_version"] if (root / SUITE_FILE).exists() else None
    needed = diff.needed
    if recorded is None:
        moved = "major"  # first generation
    else:
        moved = bump_level(recorded, SPEC_VERSION)
    for line in diff.lines():
        out("  " + line)
    if needed == "none" and recorded == SPEC_VERSION:
        out(f"vectors are up to date ({len(built)} vectors, spec {SPEC_VERSION})")
        return 0
    ok = moved != "down" and LEVELS.index(moved if moved in LEVELS else "none") >= LEVELS.index(needed)
    if not ok and not force:
        out(f"FAIL: the vectors changed (needs a {needed} spec-version bump) but SPEC_VERSION is {SPEC_VERSION} "
            f"and the suite was generated for {recorded} ({moved}); bump reposelect.reference.version.SPEC_VERSION or pass --force")
        return 1
    write(built, reg, root, registry_path)
    out(f"wrote {len(built)} vectors for spec {SPEC_VERSION}" + (" (forced)" if not ok else ""))
    return 0
