"""The proofs: SymPy derivations (`derive`) and Z3 proofs of the claims of chapter 7
(`claims`, `encoding`, `unbounded`, `runner`, `prove_cli`)."""

if __name__ != "reposelect.proofs":  # one import name, so one copy of every class
    raise ImportError(
        f"import this package as reposelect.proofs (it was imported as {__name__!r}); "
        "from a checkout, install it with ./dev.sh (pip install -e .)"
    )
