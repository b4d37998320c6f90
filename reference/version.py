"""The version of the specification (spec/) that this reference implements.

The conformance suite stamps it on every vector it generates (spec/conformance.md 10.5).
"""

SPEC_VERSION = "0.2.0"
