"""The vectors: lint clean, reproducible, complete per group, and in agreement with the JSON Schema."""
import json
import shutil

import pytest

from reposelect.reference.version import SPEC_VERSION
from reposelect.conformance import generate, schema as sch
from reposelect.conformance.check import lint
from reposelect.conformance.recipes import RECIPES
from reposelect.conformance.suite import VECTORS, load_vectors
from reposelect.reference.errors import ERROR_CODES
from reposelect.reference.wire import parse_case

VECTORS_ALL = load_vectors()


def test_lint_is_clean_and_the_reference_reproduces_every_expected_file():
    problems, notes = lint(inputs_schema=False)  # the schema agreement of inputs: the tests below
    assert problems == []
    assert not any("missing" in n for n in notes), notes  # spec/model.md, contract.md, wire.md exist: sections checked


def test_every_group_and_every_error_code_is_covered():
    groups = {}
    for v in VECTORS_ALL:
        groups.setdefault(v.group, []).append(v)
    for g in ("selection", "equilibria", "hurdles", "tie_breaks", "theta", "edge", "large", "precedence"):
        assert len(groups.get(g, [])) >= 4, g
    for code in ERROR_CODES:
        vs = groups.get(f"errors.{code}", [])
        assert len(vs) >= 3, code
        assert all(v.expected["error"]["code"] == code for v in vs)
    # malformed JSON lines as raw bytes: invalid UTF-8 and an empty line are among them
    raw = [v.input for v in groups["errors.invalid_json"]]
    assert b"" in raw and any(b"\xff" in r for r in raw)
    # large N
    assert max(len(parse_case(v.input).grid) - 1 for v in groups["large"]) == 10_000
    # edge cases of the issue: N = 1, flat schedules, nothing feasible, optimum excluded by a hurdle
    recipes = {v.manifest["recipe"] for v in VECTORS_ALL}
    for key in ("edge/n1-trade", "edge/flat-schedules", "hurdles/nothing-feasible", "hurdles/optimum-excluded"):
        assert key in recipes


def test_every_rejection_names_a_code_and_a_path():
    for v in VECTORS_ALL:
        if v.is_error:
            e = v.expected["error"]
            assert e["code"] in ERROR_CODES and isinstance(e["path"], str) and e["path"]


def test_ids_are_stable_and_never_reused():
    reg = generate.load_registry()
    keys = [r.key for r in RECIPES]
    # reordering recipes does not move ids
    assert generate.assign_ids(reg, list(reversed(keys)))["ids"] == reg["ids"]
    # a removed recipe retires its id; a new recipe gets a fresh one, never the retired id
    dropped = keys[0]
    reg2 = generate.assign_ids(reg, keys[1:])
    old_id = next(i for i, k in reg["ids"].items() if k == dropped)
    assert reg2["retired"][old_id] == dropped and old_id not in reg2["ids"]
    reg3 = generate.assign_ids(reg2, keys[1:] + ["selection/brand-new"])
    new_id = next(i for i, k in reg3["ids"].items() if k == "selection/brand-new")
    assert new_id != old_id and new_id not in reg["ids"] and int(new_id[1:]) == reg["next"]
    # even re-adding the dropped key gets a new id
    reg4 = generate.assign_ids(reg3, keys)
    assert next(i for i, k in reg4["ids"].items() if k == dropped) != old_id


def test_bump_levels():
    assert generate.bump_level("0.1.0", "0.1.0") == "none"
    assert generate.bump_level("0.1.0", "0.1.1") == "patch"
    assert generate.bump_level("0.1.3", "0.2.0") == "minor"
    assert generate.bump_level("0.9.0", "1.0.0") == "major"
    assert generate.bump_level("0.2.0", "0.1.9") == "down"


@pytest.fixture()
def suite_copy(tmp_path):
    root = tmp_path / "vectors"
    shutil.copytree(VECTORS, root)
    reg = tmp_path / "registry.json"
    shutil.copy(generate.REGISTRY, reg)
    return root, reg


def test_regen_is_a_no_op_on_the_committed_vectors(suite_copy):
    root, reg = suite_copy
    lines = []
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 0
    assert "up to date" in lines[-1]


def bumped(level: str) -> str:
    """SPEC_VERSION moved up by one `level` (patch, minor, major)."""
    a, b, c = map(int, SPEC_VERSION.split("."))
    return {"patch": f"{a}.{b}.{c + 1}", "minor": f"{a}.{b + 1}.0", "major": f"{a + 1}.0.0"}[level]


def test_regen_fails_on_an_unannounced_change_and_force_restores(suite_copy, monkeypatch):
    root, reg = suite_copy
    before = {w.id: w.spec_version for w in load_vectors(root)}
    v = next(v for v in load_vectors(root) if v.group == "tie_breaks")
    exp = root / v.group / v.id / "expected.json"
    original = exp.read_bytes()
    doc = json.loads(original)
    doc["index"] = 99
    exp.write_text(json.dumps(doc))
    lines = []
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 1
    assert any(v.id in line and "changed" in line for line in lines)
    assert "needs a major" in lines[-1]
    assert exp.read_text() == json.dumps(doc)  # nothing written
    # a minor bump does not announce a changed answer either
    monkeypatch.setattr(generate, "SPEC_VERSION", bumped("minor"))
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 1
    # a major bump does, and the vector is rewritten (with the new spec version in its manifest)
    monkeypatch.setattr(generate, "SPEC_VERSION", bumped("major"))
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 0
    assert exp.read_bytes() == original
    man = json.loads((root / v.group / v.id / "manifest.json").read_text())
    assert man["spec_version"] == bumped("major")
    others = [w for w in load_vectors(root) if w.id != v.id]
    assert all(w.spec_version == before[w.id] for w in others)  # unchanged vectors keep theirs


def test_a_reworded_error_message_is_a_patch_change(suite_copy, monkeypatch):
    """The message is informative (spec/conformance.md 10.1): rewording it needs a patch bump, not a major one."""
    root, reg = suite_copy
    v = next(v for v in load_vectors(root) if v.is_error)
    exp = root / v.group / v.id / "expected.json"
    doc = json.loads(exp.read_text())
    doc["error"]["message"] = "an older wording"
    exp.write_text(json.dumps(doc))
    lines = []
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 1
    assert any(line.startswith("  metadata") and v.id in line for line in lines) and "needs a patch" in lines[-1]
    monkeypatch.setattr(generate, "SPEC_VERSION", bumped("patch"))
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 0
    assert json.loads(exp.read_text())["error"]["message"] != "an older wording"


def test_regen_added_vector_needs_a_patch_bump(suite_copy, monkeypatch):
    root, reg = suite_copy
    v = load_vectors(root)[0]
    shutil.rmtree(root / v.group / v.id)  # as if its recipe were new
    lines = []
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 1
    assert "needs a patch" in lines[-1]
    monkeypatch.setattr(generate, "SPEC_VERSION", bumped("patch"))
    assert generate.regenerate(root=root, registry_path=reg, out=lines.append) == 0
    assert (root / v.group / v.id / "expected.json").exists()


def test_lint_catches_a_broken_suite(tmp_path):
    root = tmp_path / "vectors"
    small = [v for v in VECTORS_ALL if v.group == "tie_breaks"]
    for v in small:
        shutil.copytree(v.path, root / v.group / v.id)
    shutil.copy(VECTORS / "SUITE.json", root / "SUITE.json")
    vs = load_vectors(root)
    a, b = vs[0], vs[1]
    man = json.loads((b.path / "manifest.json").read_text())
    man["description"] = a.description
    man["sections"] = ["spec/model.md 99.9"]
    (b.path / "manifest.json").write_text(json.dumps(man))
    man_a = json.loads((a.path / "manifest.json").read_text())
    man_a["color"] = "red"
    (a.path / "manifest.json").write_text(json.dumps(man_a))
    (a.path / "expected.json").write_text(json.dumps({"error": {"code": "schema", "message": "x", "path": "$"}}))
    problems, _ = lint(root, regen=False)
    text = "\n".join(problems)
    assert f"description duplicates {a.id}" in text
    assert "99.9 has no such numbered heading" in text
    assert f"{a.id} ({a.group}): the reference answers" in text
    assert "manifest.json fails manifest.schema.json" in text and "color" in text
    assert f"SUITE.json counts {len(VECTORS_ALL)} vectors, found {len(vs)}" in text


# The JSON Schema agrees with the reference's validation ------------------------------------------------
SMALL = [v for v in VECTORS_ALL if len(v.input) < 1_000_000]


def _doc(v):
    return sch.parse_for_schema(v.input)


def test_the_schema_is_a_valid_json_schema():
    import jsonschema

    full = sch.schema()
    jsonschema.validators.validator_for(full).check_schema(full)
    assert set(full["$defs"]) >= {"case", "outcome", "error", "dealer_report"}
    assert full["$defs"]["error_code"]["enum"] == list(ERROR_CODES)


def test_every_valid_vector_input_validates_against_the_schema():
    valid = [v for v in SMALL if not v.is_error]
    assert len(valid) > 50
    for v in valid:
        assert sch.errors(_doc(v), "case") == [], v.id


def test_every_schema_error_vector_fails_the_schema():
    schema_vs = [v for v in SMALL if v.is_error and v.expected["error"]["code"] == "schema"]
    assert len(schema_vs) >= 20
    inexpressible = []
    for v in schema_vs:
        try:
            doc = _doc(v)
        except ValueError:
            pytest.fail(f"{v.id}: a schema-error vector must be JSON")
        if v.manifest.get("json_schema") == "not_expressible":
            inexpressible.append(v.manifest["recipe"])
            continue
        assert sch.errors(doc, "case"), f"{v.id} {v.description} passes the schema"
    # the documented exceptions: duplicate keys, and numbers whose notation JSON Schema cannot see (1e1, 50.0)
    assert sorted(inexpressible) == ["errors.schema/duplicate-key", "errors.schema/duplicate-key-nested",
                                     "errors.schema/grid-exponent-volume", "errors.schema/grid-integral-float-volume",
                                     "precedence/duplicate-before-unknown"]
    # ... and the schema really cannot: on the JSON data model (2020-12: an integer is any number with a
    # zero fractional part) both volumes are integers, so only a parser that keeps the notation sees them
    for recipe in ("errors.schema/grid-exponent-volume", "errors.schema/grid-integral-float-volume"):
        v = next(v for v in schema_vs if v.manifest["recipe"] == recipe)
        assert sch.errors(json.loads(v.input), "case") == [], recipe
        assert sch.errors(_doc(v), "case") != [], recipe


def test_not_a_decimal_vectors_fail_the_schemas_decimal_pattern():
    checked = 0
    for v in SMALL:
        if v.is_error and v.expected["error"]["code"] == "not_a_decimal":
            assert any("does not match" in e for e in sch.errors(_doc(v), "case")), v.id
            checked += 1
    assert checked >= 10  # the loop cannot pass by finding nothing


def test_semantic_errors_pass_the_schema():
    """Codes after schema/not_a_decimal are not schema matters: such inputs are well-formed."""
    later = ERROR_CODES[ERROR_CODES.index("grid_not_starting_at_zero"):]
    checked = set()
    for v in SMALL:
        if v.is_error and v.group.startswith("errors.") and v.expected["error"]["code"] in later:
            assert sch.errors(_doc(v), "case") == [], v.id
            checked.add(v.expected["error"]["code"])
    assert checked == set(later)  # every later code was seen: the loop cannot pass by finding nothing


def test_expected_answers_and_dealer_reports_validate():
    for v in VECTORS_ALL:
        assert sch.errors(v.expected, "error" if v.is_error else "outcome") == [], v.id
    report = {"role": "mm", "grid": [0, 50, 100, 150], "rates": ["4.30", "4.32", "4.35"], "hurdle": "0.10"}
    assert sch.errors(report, "dealer_report") == []
    assert sch.errors(dict(report, role="bd"), "dealer_report")
    assert sch.errors(dict(report, rates=[4.3, 4.32, 4.35]), "dealer_report")
    # an outcome without a trade must carry nulls
    no_trade = {"trade": False, "index": 0, "volume": 0, "r_mm": "1", "r_rm": None, "r_bd": None, "spread": None,
                "joint_profit": None, "equilibria": [0], "feasible": []}
    assert sch.errors(no_trade, "outcome")
