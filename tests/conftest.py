import os
import random

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")

#: CI runs every Hypothesis test from this seed, so a failure there replays anywhere with
#: `HYPOTHESIS_SEED=N ./dev.sh test` (or `pytest --hypothesis-seed=N`); elsewhere a fresh seed
#: each run finds more, and is printed the same way.
CI_SEED = 20261201


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if config.getoption("hypothesis_seed", None) is None:
        env = os.environ.get("HYPOTHESIS_SEED")
        seed = int(env) if env else CI_SEED if os.environ.get("CI") else random.SystemRandom().randrange(2**32)
        config.option.hypothesis_seed = str(seed)


def pytest_report_header(config):
    seed = config.getoption("hypothesis_seed", None)
    return f"hypothesis seed: {seed} (replay: HYPOTHESIS_SEED={seed} ./dev.sh test, or pytest --hypothesis-seed={seed})"
