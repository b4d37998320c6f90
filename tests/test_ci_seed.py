"""Hypothesis runs from a known seed in every process: fixed in CI (tests/conftest.py), printed in
the report header everywhere, so a failing run replays with the same seed."""
import os

from hypothesis import core

#: The fixed CI seed of tests/conftest.py (CI_SEED).
CI_SEED = 20261201


def test_hypothesis_runs_from_a_known_seed(pytestconfig):
    seed = pytestconfig.getoption("hypothesis_seed")
    assert seed is not None and core.global_force_seed == int(seed)  # set in this (worker) process too
    if os.environ.get("CI") and not os.environ.get("HYPOTHESIS_SEED"):
        assert core.global_force_seed == CI_SEED


def test_the_seed_is_printed_in_the_report_header(pytestconfig):
    seed = pytestconfig.getoption("hypothesis_seed")
    headers = pytestconfig.hook.pytest_report_header(config=pytestconfig, start_path=pytestconfig.rootpath)
    want = f"hypothesis seed: {seed} (replay: HYPOTHESIS_SEED={seed} ./dev.sh test, or pytest --hypothesis-seed={seed})"
    assert want in [h for group in headers for h in ([group] if isinstance(group, str) else group)]
