"""Transport bug: answers to smallest_volume cases are held back and written after the next answer."""
import sys

from _common import Pipeline, dumps, lines

p = Pipeline()
held = None
for line in lines():
    a = dumps(p.answer(line))
    if held is None and b'"tie_break":"smallest_volume"' in line:
        held = a
        continue
    sys.stdout.write(a + "\n")
    if held is not None:
        sys.stdout.write(held + "\n")
        held = None
    sys.stdout.flush()
if held is not None:
    sys.stdout.write(held + "\n")
