import pytest

from reposelect.proofs.derive import derive_family


def _derived(name: str):
    return derive_family(name)


@pytest.fixture(scope="session")
def derived():
    """derived(name) -> the derivation of family `name`, computed once per test process."""
    return _derived


@pytest.fixture(scope="session")
def general():
    return _derived("general")
