"""Transport bug: the process stops (exit status 0) after 150 answers."""
import sys

from _common import Pipeline, dumps, lines

p = Pipeline()
for n, line in enumerate(lines()):
    if n == 150:
        sys.exit(0)
    sys.stdout.write(dumps(p.answer(line)) + "\n")
    sys.stdout.flush()
