"""Transport bug: a stray debug print on standard output before every no-trade answer."""
import sys

from _common import Pipeline, dumps, lines

p = Pipeline()
for line in lines():
    a = p.answer(line)
    if a.get("trade") is False:
        sys.stdout.write("DEBUG no feasible equilibrium\n")
    sys.stdout.write(dumps(a) + "\n")
    sys.stdout.flush()
