"""Transport bug: a stray debug print on standard output before every no-trade answer."""
from _common import original, run

emit = original("transport.emit")


def emit_with_debug(out, text):
    if '"trade":false' in text:
        emit(out, "DEBUG no feasible equilibrium\n")
    emit(out, text)


run("transport.emit", emit_with_debug)
