"""One benchmark measurement in a fresh process (run by `reposelect bench`, never imported by it).

    python benchrun.py KIND INPUT [ROOT]

KIND is what to time on the file INPUT:

* ``floor``: ``json.load`` of the case plus ``Decimal()`` of every rate (the least any
  implementation in Python must do to read the case exactly);
* ``select``: ``reposelect select INPUT`` as the transport runs it (read the bytes, parse,
  validate, equilibria, select, serialise), the answer written to the null device;
* ``serve_floor``: for every line of a JSON Lines file, ``json.loads`` plus ``Decimal()`` of
  every rate;
* ``serve``: ``reposelect serve`` on that file, the answers written to the null device.

With ROOT the reposelect code is imported from that source tree (a checkout of an earlier
revision) instead of the installed one, so one run can time before and after side by side.

Prints one JSON object: CPU seconds and wall seconds of the timed part, the peak resident
memory of the whole process (KiB), and the machine's one-minute load average at the start
and end. Before `select` and `serve` are timed, one tiny case is answered, so first-call
costs (imports done on first use) are not counted, for either revision. This file imports nothing from reposelect before ROOT is set up.
"""
from __future__ import annotations

import importlib.util
import json
import os
import resource
import sys
import time
from decimal import Decimal


def use_root(root: str) -> None:
    """Import `reposelect` and `reposelect.reference` from the source tree `root`."""
    for name, folder in (("reposelect", "reposelect"), ("reposelect.reference", "reference")):
        where = os.path.join(root, folder)
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(where, "__init__.py"), submodule_search_locations=[where])
        assert spec is not None and spec.loader is not None  # a .py path always has a spec with a source loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        if "." in name:
            setattr(sys.modules[name.rsplit(".", 1)[0]], name.rsplit(".", 1)[1], mod)


def floor(path: str):
    with open(path, "rb") as f:
        doc = json.load(f)
    return doc, [Decimal(x) for x in doc["mm"]["rates"]], [Decimal(x) for x in doc["rm"]["rates"]]


def serve_floor(path: str):
    kept = []
    with open(path, "rb") as f:
        for line in f:
            doc = json.loads(line)
            kept.append(([Decimal(x) for x in doc["mm"]["rates"]], [Decimal(x) for x in doc["rm"]["rates"]]))
    return kept


def peak_kib() -> int:
    """Peak resident memory of this process in KiB: VmHWM of this program's own address space
    on Linux (ru_maxrss would also count the parent that started it, from before the exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


WARM_UP = b'{"grid": [0, 10], "mm": {"rates": ["4.30"], "hurdle": "0"}, "rm": {"rates": ["4.70"], "hurdle": "0"}}'


def main(argv: list[str]) -> int:
    kind, path = argv[0], argv[1]
    if len(argv) > 2:
        use_root(argv[2])
    sink = open(os.devnull, "w")
    if kind == "floor":
        work = lambda: floor(path)  # noqa: E731
    elif kind == "serve_floor":
        work = lambda: serve_floor(path)  # noqa: E731
    elif kind == "select":
        from reposelect.reference.wire import answer
        from reposelect.transport import select_file

        answer(WARM_UP)  # first-call costs (lazy imports, compiled patterns) stay out of the timing

        work = lambda: select_file(path, out=sink)  # noqa: E731
    elif kind == "serve":
        from reposelect.reference.wire import answer
        from reposelect.transport import serve

        answer(WARM_UP)

        def work():
            with open(path, "rb") as f:
                return serve(f, sink)
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    load0 = os.getloadavg()[0]
    c0, w0 = time.process_time(), time.perf_counter()
    result = work()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    peak = peak_kib()
    del result
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_kib": peak, "load": [load0, os.getloadavg()[0]]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
