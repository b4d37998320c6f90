"""reposelect: a formally specified, machine-verified contract that selects among the
equilibria of intermediated repo trade. See README.md and spec/."""

__version__ = "0.1.0"
#: Version of the specification (spec/) this code implements.
SPEC_VERSION = "0.1.0"
