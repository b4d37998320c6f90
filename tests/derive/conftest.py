import functools

import pytest

from reposelect.proofs.derive import FAMILIES, derive


@functools.lru_cache(maxsize=None)
def _derived(name: str):
    return derive(FAMILIES[name])


@pytest.fixture(scope="session")
def derived():
    """derived(name) -> the derivation of family `name`, computed once per test process."""
    return _derived


@pytest.fixture(scope="session")
def general():
    return _derived("general")
