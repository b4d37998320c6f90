"""`reposelect conform check`: lint the suite and measure what it exercises (spec/conformance.md 10.5).

Checks: ids unique and registered; folder = group/id; descriptions one short line and
unique; sections cite existing spec sections; spec versions not ahead of the code; every
input and expected file agrees with the JSON Schema; the reference reproduces every
expected file exactly; SUITE.json counts match; the recipes regenerate the same vectors.
Then prints the reference's line coverage by the vectors.
"""
from __future__ import annotations

import json
import pathlib
import re

from reposelect.reference.version import SPEC_VERSION
from reposelect.reference.transport import answer

from .recipes import GROUPS
from .suite import GZIP_ABOVE, REGISTRY, SUITE_FILE, VECTORS, load_vectors

MAX_DESCRIPTION = 110
SECTION = re.compile(r"spec/([a-z_]+\.md) (\d+(?:\.\d+)*)")
SPEC_DIR = pathlib.Path(__file__).resolve().parents[1] / "spec"


def _spec_sections(spec_dir: pathlib.Path = SPEC_DIR) -> dict[str, set[str]]:
    """Numbered headings per spec file ('## 6.4 Errors' -> '6.4'; '# 6 Wire' -> '6')."""
    out: dict[str, set[str]] = {}
    if not spec_dir.is_dir():
        return out
    for f in spec_dir.glob("*.md"):
        nums = set()
        for line in f.read_text("utf-8").splitlines():
            m = re.match(r"#{1,6}\s+(?:Chapter\s+)?(\d+(?:\.\d+)*)\.?\s", line)
            if m:
                nums.add(m.group(1))
        out[f.name] = nums
    return out


def lint(root: pathlib.Path = VECTORS, regen: bool = True, inputs_schema: bool = True) -> tuple[list[str], list[str]]:
    """(problems, notes) of the suite at `root`; `inputs_schema=False` skips the (slow) schema pass over inputs."""
    from . import schema as sch

    problems: list[str] = []
    notes: list[str] = []
    vectors = load_vectors(root)
    ids = [v.id for v in vectors]
    if len(set(ids)) != len(ids):
        problems.append(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    descs: dict[str, str] = {}
    sections = _spec_sections()
    missing_files = set()
    for v in vectors:
        where = f"{v.id} ({v.group})"
        if v.path is not None and (v.path.name != v.id or v.path.parent.name != v.group):
            problems.append(f"{where}: stored in {v.path.parent.name}/{v.path.name}, expected {v.group}/{v.id}")
        for e in sch.manifest_errors(v.manifest):
            problems.append(f"{where}: manifest.json fails manifest.schema.json: {e}")
        if v.group not in GROUPS:
            problems.append(f"{where}: unknown group")
        d = v.description
        if not d or "\n" in d or len(d) > MAX_DESCRIPTION:
            problems.append(f"{where}: description must be one line of at most {MAX_DESCRIPTION} characters")
        if d in descs:
            problems.append(f"{where}: description duplicates {descs[d]}: {d!r}")
        descs[d] = v.id
        if not v.sections:
            problems.append(f"{where}: cites no spec section")
        for s in v.sections:
            m = SECTION.fullmatch(s)
            if not m:
                problems.append(f"{where}: section {s!r} is not 'spec/FILE.md N.M'")
            elif m.group(1) not in sections:
                missing_files.add(m.group(1))
            elif m.group(2) not in sections[m.group(1)]:
                problems.append(f"{where}: {s} has no such numbered heading in spec/{m.group(1)}")
        try:
            if tuple(map(int, v.spec_version.split("."))) > tuple(map(int, SPEC_VERSION.split("."))):
                problems.append(f"{where}: spec_version {v.spec_version} is ahead of SPEC_VERSION {SPEC_VERSION}")
        except ValueError:
            problems.append(f"{where}: spec_version {v.spec_version!r} is not MAJOR.MINOR.PATCH")
        # the expected file: the reference reproduces it, and the schema accepts it
        got = answer(v.input)
        if got != v.expected:
            problems.append(f"{where}: the reference answers {json.dumps(got)[:200]}, expected.json says {json.dumps(v.expected)[:200]}")
        which = "error" if v.is_error else "outcome"
        for e in sch.errors(v.expected, which):
            problems.append(f"{where}: expected.json fails the schema's {which}: {e}")
        # the input against the schema
        if inputs_schema:
            problems += _schema_agreement(v, sch)
        if v.path is not None and len(v.input) > GZIP_ABOVE and (v.path / "input.jsonl").exists():
            problems.append(f"{where}: input above {GZIP_ABOVE} bytes should be input.jsonl.gz")
    if missing_files:
        notes.append(f"section headings not checked: spec file(s) missing: {', '.join(sorted(missing_files))}")
    # SUITE.json and the registry
    suite_path = root / SUITE_FILE
    if not suite_path.exists():
        problems.append(f"{SUITE_FILE} is missing")
    else:
        suite = json.loads(suite_path.read_text("utf-8"))
        if suite.get("vectors") != len(vectors):
            problems.append(f"{SUITE_FILE} counts {suite.get('vectors')} vectors, found {len(vectors)}")
        groups: dict[str, int] = {}
        for v in vectors:
            groups[v.group] = groups.get(v.group, 0) + 1
        if suite.get("groups") != {g: groups[g] for g in GROUPS if g in groups}:
            problems.append(f"{SUITE_FILE} group counts differ from the folders")
    if root.resolve() == VECTORS.resolve():
        reg = json.loads(REGISTRY.read_text("utf-8"))
        if set(reg["ids"]) != set(ids):
            problems.append("registry.json ids differ from the vector folders")
        if set(reg["ids"]) & set(reg["retired"]):
            problems.append("registry.json: an id is both live and retired")
        if regen:
            from .generate import compute

            _, _, diff = compute(root)
            if diff.needed != "none":
                problems.append("the recipes no longer reproduce the committed vectors: " + "; ".join(diff.lines()))
    return problems, notes


#: Inputs above this size are not run through the (slow, pure-Python) schema validator.
SCHEMA_MAX_BYTES = 1_000_000


def _schema_agreement(v, sch) -> list[str]:
    where = f"{v.id} ({v.group})"
    if len(v.input) > SCHEMA_MAX_BYTES:
        return []
    try:
        doc = sch.parse_for_schema(v.input)
    except (UnicodeDecodeError, ValueError):
        if v.expected.get("error", {}).get("code") != "invalid_json":
            return [f"{where}: input is not JSON, but the expected answer is not invalid_json"]
        return []
    errs = sch.errors(doc, "case")
    code = v.expected.get("error", {}).get("code")
    if code is None and errs:
        return [f"{where}: a valid case fails the schema: {errs[0]}"]
    if code == "schema" and not errs and v.manifest.get("json_schema") != "not_expressible":
        return [f"{where}: a schema-error case passes the JSON Schema"]
    if code == "not_a_decimal" and not errs:
        return [f"{where}: a not_a_decimal case passes the JSON Schema's decimal pattern"]
    return []


def run_check(root: pathlib.Path = VECTORS, out=print) -> int:
    """`reposelect conform check`: lint the suite and report the reference's line coverage; 1 on a problem."""
    from .coverage import measure, table

    problems, notes = lint(root)
    vectors = load_vectors(root)
    small = [v for v in vectors if len(v.input) <= GZIP_ABOVE]

    def answer_all():
        for v in small:
            answer(v.input)

    _, hit = measure(answer_all)
    tab, total = table(hit)
    out(f"{len(vectors)} vectors in {len({v.group for v in vectors})} groups, spec {SPEC_VERSION}")
    out("")
    out(f"line coverage of reposelect.reference by the {len(small)} vectors under {GZIP_ABOVE} bytes "
        "(sys.settrace, function bodies only):")
    out(tab)
    out("")
    for n in notes:
        out(f"note: {n}")
    for p in problems:
        out(f"PROBLEM: {p}")
    out(f"{'OK' if not problems else 'FAIL'}: {len(problems)} problem(s)")
    return 1 if problems else 0
