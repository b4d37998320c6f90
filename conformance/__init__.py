"""The conformance suite of the wire format (spec/conformance.md, chapter 10).

- `recipes`: the hand-written case recipes; `generate`: recipes + the reference -> vectors/;
- `suite`: loading vectors and the comparison that defines conformance (10.1);
- `runner`: drive any implementation over JSON Lines, report, JUnit XML, skip lists;
- `schema`: the published JSON Schemas; `check`, `coverage`: lint and line coverage;
- `fuzz`: differential fuzzing against the reference; `pack`: the release archive;
- `index`, `bench`, `cli` (`reposelect conform`).

Data: vectors/, schema/, registry.json, GUIDE.md, mutants/ (deliberately wrong
implementations), adapters/ (Node.js examples).
"""

if __name__ != "reposelect.conformance":  # one import name, so one copy of every class
    raise ImportError(
        f"import this package as reposelect.conformance (it was imported as {__name__!r}); "
        "from a checkout, install it with ./dev.sh (pip install -e .)"
    )

