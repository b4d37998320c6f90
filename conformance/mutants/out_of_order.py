"""Transport bug: answers to smallest_volume cases are held back and written after the next answer."""
from _common import original, run
from reposelect.reference.limits import MAX_CASE_BYTES

read_line = original("transport.read_line")
held: list = []  # a smallest_volume line waiting for the next one
due: list = []  # a held line to hand out now


def reordered(inp, limit=MAX_CASE_BYTES):
    if due:
        return due.pop()
    try:
        line = read_line(inp, limit)
    except EOFError:
        if held:
            return held.pop()
        raise
    if not held and line is not None and b'"tie_break":"smallest_volume"' in line:
        held.append(line)
        return reordered(inp, limit)
    if held:
        due.append(held.pop())
    return line


run("transport.read_line", reordered)
