"""Transport bug: the process dies (uncaught exception) on any case with N above 5,000."""
import json

from _common import original, run

answer = original("transport.answer")


def answer_or_die(data, policy):
    try:
        n = len(json.loads(data)["grid"]) - 1
    except (ValueError, KeyError, TypeError):
        n = 0
    if n > 5000:
        raise MemoryError(f"cannot allocate tables for N = {n}")
    return answer(data, policy)


run("transport.answer", answer_or_die)
