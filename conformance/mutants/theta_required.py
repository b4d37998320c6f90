"""Bug: theta is treated as a required key (a case without it is a schema error) instead of defaulting to 0.5."""
from _common import original, run

run("wire.CASE_REQUIRED", original("wire.CASE_REQUIRED") + ("theta",))
