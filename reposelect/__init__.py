"""reposelect: a formally specified, machine-verified contract that selects among the
equilibria of intermediated repo trade. See README.md and spec/."""

from reposelect.reference.version import SPEC_VERSION

__version__ = "0.1.0"

__all__ = ["SPEC_VERSION", "__version__"]
