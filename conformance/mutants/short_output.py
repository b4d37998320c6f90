"""Transport bug: the process stops (exit status 0) after 150 answers."""
from _common import original, run
from reposelect.reference.limits import MAX_CASE_BYTES

read_line = original("transport.read_line")
count = [0]


def stop_after_150(inp, limit=MAX_CASE_BYTES):
    count[0] += 1
    if count[0] > 150:
        raise EOFError  # as if the input had ended
    return read_line(inp, limit)


run("transport.read_line", stop_after_150)
