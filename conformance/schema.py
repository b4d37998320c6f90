"""The published JSON Schema of the wire format (conformance/schema/wire.schema.json, spec/conformance.md 10.3)."""
from __future__ import annotations

import functools
import json
from decimal import Decimal

from .suite import SCHEMA

MANIFEST_SCHEMA = SCHEMA.parent / "manifest.schema.json"

DEFS = ("case", "outcome", "error", "dealer_report")


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    """The wire format's JSON Schema."""
    return json.loads(SCHEMA.read_text("utf-8"))


@functools.lru_cache(maxsize=None)
def validator(definition: str):
    """A jsonschema validator for one definition of the schema ("case", "outcome", ...)."""
    import jsonschema

    full = schema()
    sub = {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": f"#/$defs/{definition}"}
    cls = jsonschema.validators.validator_for(full)
    cls.check_schema(full)
    return cls(sub)


def parse_for_schema(data: bytes):
    """Parse JSON the way a strict validator should see it: JSON numbers with a fraction or
    exponent stay `Decimal` (never an integer), so `1.5` and `1e1` are not volumes."""
    return json.loads(data.decode("utf-8"), parse_float=Decimal)


def errors(doc, definition: str) -> list[str]:
    """Schema violations of `doc` against one definition, as 'path: message' lines ([] = valid)."""
    out = []
    for e in sorted(validator(definition).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        path = ".".join(map(str, e.absolute_path)) or "$"
        out.append(f"{path}: {e.message}")
    return out


@functools.lru_cache(maxsize=None)
def manifest_validator():
    """A jsonschema validator for the suite's manifest (SUITE.json)."""
    import jsonschema

    full = json.loads(MANIFEST_SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(full)
    cls.check_schema(full)
    return cls(full)


def manifest_errors(man: dict) -> list[str]:
    """The manifest's schema errors, one line each."""
    return [f"{'.'.join(map(str, e.absolute_path)) or '$'}: {e.message}" for e in manifest_validator().iter_errors(man)]
