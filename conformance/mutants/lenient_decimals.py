"""Bug: decimal strings are parsed leniently (Python's Decimal syntax: "1e3", "+1", ".5", " 1.5" pass)."""
import re

from _common import run

PYTHON_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")

run("decimals.PLAIN_DECIMAL", PYTHON_DECIMAL)
