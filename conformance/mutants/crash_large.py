"""Transport bug: the process dies (uncaught exception) on any case with N above 5,000."""
import json

from _common import Pipeline, dumps, lines
import sys

p = Pipeline()
for line in lines():
    try:
        n = len(json.loads(line)["grid"]) - 1
    except (ValueError, KeyError, TypeError):
        n = 0
    if n > 5000:
        raise MemoryError(f"cannot allocate tables for N = {n}")
    sys.stdout.write(dumps(p.answer(line)) + "\n")
    sys.stdout.flush()
