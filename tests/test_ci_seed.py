"""Hypothesis runs from a known seed in every process: fixed in CI, printed in the report header
everywhere, so a failing run replays with the same seed."""
import os

from hypothesis import core

from conftest import CI_SEED


def test_hypothesis_runs_from_a_known_seed(pytestconfig):
    seed = pytestconfig.getoption("hypothesis_seed")
    assert seed is not None and core.global_force_seed == int(seed)  # set in this (worker) process too
    if os.environ.get("CI") and not os.environ.get("HYPOTHESIS_SEED"):
        assert core.global_force_seed == CI_SEED


def test_the_seed_is_printed_in_the_report_header(pytestconfig):
    from conftest import pytest_report_header

    seed = pytestconfig.getoption("hypothesis_seed")
    assert pytest_report_header(pytestconfig) == (
        f"hypothesis seed: {seed} (replay: HYPOTHESIS_SEED={seed} ./dev.sh test, or pytest --hypothesis-seed={seed})")
