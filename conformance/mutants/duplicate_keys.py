"""Bug: a key given twice is accepted (the last one wins), as many JSON parsers do by default."""
from _common import run
from reposelect.reference.wire import _Obj


def last_key_wins(pairs):
    return _Obj(pairs)  # no record of the keys given twice


run("wire._pairs_hook", last_key_wins)
