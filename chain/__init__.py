"""The contract on an Ethereum Virtual Machine (spec/chain.md, chapter 11).

`contracts/` holds the Solidity sources; `artifacts/` the bytecode the pinned compiler
made from them. This package is their client: it connects to an embedded in-process EVM
(py-evm through eth-tester, the default) or to a JSON-RPC node, encodes wire cases into
the selection contract's calldata, and maps its answers and reverts back onto the wire
format (chapter 6). The reference depends on none of it.
"""

if __name__ != "reposelect.chain":  # one import name, so one copy of every class
    raise ImportError(
        f"import this package as reposelect.chain (it was imported as {__name__!r}); "
        "from a checkout, install it with ./dev.sh (pip install -e .)"
    )
