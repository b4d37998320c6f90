"""Connecting to an EVM: the embedded one (py-evm, in process) or a JSON-RPC node.

`connect()` returns a `Chain`: a web3 handle, funded unlocked accounts, and `deploy`
for the committed artifacts. The embedded chain has the 30,000,000 block gas limit of
Ethereum mainnet, so what fits here fits one mainnet block.
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reposelect.reference.errors import ReposelectError

if TYPE_CHECKING:  # web3 is imported when a chain is connected, not with this module
    from web3 import Web3
    from web3.contract import Contract

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
#: The block gas limit of the embedded chain (Ethereum mainnet's).
BLOCK_GAS_LIMIT = 30_000_000


class ChainError(ReposelectError):
    """The chain could not be reached (code `rpc_unreachable`, a transport code: status 74) or did
    something a client cannot recover from (`chain_error`)."""

    default_code = "chain_error"


def _causes(e: BaseException):
    """`e` and the exceptions it was raised from or while handling, outermost first."""
    seen: set[int] = set()
    inner: BaseException | None = e
    while inner is not None and id(inner) not in seen:
        seen.add(id(inner))
        yield inner
        inner = inner.__cause__ or inner.__context__


def _reason(e: BaseException) -> str:
    """The innermost cause of a transport failure, as its system says it ("Connection refused"),
    rather than the layers of client wrappers around it."""
    said = [c.strerror for c in _causes(e) if isinstance(c, OSError) and c.strerror]
    return said[0] if said else " ".join(str(e).split())


def unreachable(rpc: str, e: BaseException, what: str) -> ChainError | None:
    """`rpc_unreachable` ("`what` `rpc`: the cause") when the failure `e` of a call to the node at
    `rpc` is its transport (an `OSError` among its causes: refused, reset, timed out), else None."""
    if not any(isinstance(c, OSError) for c in _causes(e)):
        return None
    return ChainError("rpc_unreachable", f"{what} {rpc}: {_reason(e)}")


def artifact(name: str) -> dict:
    """The compiled artifact of contract `name` (abi, bytecode, compiler, settings)."""
    return json.loads((ARTIFACTS / f"{name}.json").read_text())


@dataclass
class Chain:
    w3: Web3
    accounts: list
    embedded: bool
    url: str | None = None

    def contract(self, name: str, address: str) -> Contract:
        a = artifact(name)
        return self.w3.eth.contract(address=self.w3.to_checksum_address(address), abi=a["abi"])

    def deploy(self, name: str, *args, sender=None) -> Contract:
        """Deploy `name` from the committed artifact; return the contract handle."""
        a = artifact(name)
        factory = self.w3.eth.contract(abi=a["abi"], bytecode=a["bytecode"])
        tx = factory.constructor(*args).transact({"from": sender or self.accounts[0]})
        receipt = self.w3.eth.wait_for_transaction_receipt(tx)
        if receipt["status"] != 1:
            raise ChainError(f"deploying {name} failed")
        address = receipt["contractAddress"]
        assert address is not None  # a deployment that succeeded created a contract
        return self.contract(name, address)


def deploy_contracts(chain: Chain) -> dict[str, str]:
    """Deploy every contract (Transparent bound to this Selection); return name -> address."""
    sel = chain.deploy("Selection")
    return {"Selection": sel.address, "SessionLog": chain.deploy("SessionLog").address,
            "Transparent": chain.deploy("Transparent", sel.address).address}


def connect(rpc: str | None = None) -> Chain:
    """The embedded EVM (rpc None) or the JSON-RPC node at `rpc` (accounts unlocked by the node)."""
    from web3 import Web3

    if rpc is None:
        from eth_tester import EthereumTester, PyEVMBackend
        from web3 import EthereumTesterProvider

        params = PyEVMBackend.generate_genesis_params(overrides={"gas_limit": BLOCK_GAS_LIMIT})
        tester = EthereumTester(PyEVMBackend(genesis_parameters=params))
        w3 = Web3(EthereumTesterProvider(tester))
        return Chain(w3, list(w3.eth.accounts), True)
    w3 = Web3(Web3.HTTPProvider(rpc, request_kwargs={"timeout": 120}))
    try:
        accounts = list(w3.eth.accounts)
    except Exception as e:  # noqa: BLE001 - any failure here means the same to the user
        raise ChainError("rpc_unreachable", f"cannot reach a JSON-RPC node at {rpc}: {_reason(e)}") from None
    if not accounts:
        raise ChainError(f"the node at {rpc} has no unlocked accounts")
    return Chain(w3, accounts, False, rpc)
