"""Transport bug: the process hangs (never answers) on a case with theta = 0.75."""
import time

from _common import original, run

answer = original("transport.answer")


def answer_or_hang(data, policy):
    if b'"theta":"0.75"' in data:
        time.sleep(3600)
    return answer(data, policy)


run("transport.answer", answer_or_hang)
