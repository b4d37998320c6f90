"""Transport bug: the process hangs (never answers) on a case with theta = 0.75."""
import sys
import time

from _common import Pipeline, dumps, lines

p = Pipeline()
for line in lines():
    if b'"theta":"0.75"' in line:
        time.sleep(3600)
    sys.stdout.write(dumps(p.answer(line)) + "\n")
    sys.stdout.flush()
