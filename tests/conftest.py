"""Fixtures and settings shared by mlpkit's tests.

Helper functions (finite differences, relative errors, ``check_raises``) live in
``tests/_helpers.py``; import them with ``from _helpers import ...``. This file only holds
what pytest itself must see: the hypothesis profiles, the figure backend and fixtures.
"""

import logging
import os
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# tests/ on sys.path, so that `from _helpers import ...` works from tests/integration/ too
# and whatever pytest's rootdir and import mode.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# No network in processes the tests start (kernels, subprocesses): Python imports
# tools/offline/sitecustomize.py at their start-up (see tests/test_offline.py). The Makefile
# sets the same PYTHONPATH; this covers a plain `pytest` run too.
_OFFLINE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "offline")
if _OFFLINE not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_OFFLINE, os.environ.get("PYTHONPATH")) if p)

try:  # tests only: no display; the notebooks keep their inline backend
    import matplotlib

    matplotlib.use("Agg")
except ImportError:  # mlpkit's core needs no matplotlib; the tests that do skip themselves
    pass

# Modest example counts keep the property tests to seconds on two cores.
# The default profile is derandomized: every run of the suite (CI included) tries the same
# examples, so a red run can be reproduced and a green one is not luck.
settings.register_profile(
    "mlpkit", max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# HYPOTHESIS_PROFILE=stress runs many more examples, to hunt for rare failures by hand.
settings.register_profile(
    "stress", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "mlpkit"))


# Tests over about 3 s (pytest --durations=30 tests -n 2 --dist loadfile) in files whose owners
# have not yet put ``@pytest.mark.slow`` on them: marked here so that ``make quick`` stays under
# a minute. Move an entry to a decorator in its own file when you next edit that file.
SLOW_ELSEWHERE = {
    "test_data.py::test_mnist1d_fresh_generation_is_local_and_restores_global_state",
    "test_data.py::test_mnist1d_cache_returns_copies_and_seeds_differ",
    "test_data.py::test_mnist1d_same_seed_regenerates_identically",
    "test_training.py::test_digits_tanh_mlp_reaches_95_percent",
    "test_widgets_initialisation.py::test_statistics_demo_runs_at_slider_extremes",
    "test_widgets_regularisation.py::test_demo_callback_runs_at_min_and_max",
    "test_widgets_network.py::test_regions_demo_runs_at_slider_extremes",
    "test_widgets_risk.py::test_srm_figure_and_demo",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("/")[-1].split("[")[0] in SLOW_ELSEWHERE:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


class _CallbackErrors(logging.Handler):
    """Collects the records ipywidgets logs when it swallows a callback's exception."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        if record.getMessage().startswith("Exception in interact callback") and record not in self.records:
            self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_swallowed_widget_errors():
    """Fail a test whose widget callback raised.

    Outside IPython, ``ipywidgets.interactive.update`` catches the callback's exception and
    only logs "Exception in interact callback" (through traitlets' logger), so a demo whose
    callback crashes would pass every test that moves its sliders. This turns such a record
    into a failure that shows the swallowed traceback.
    """
    handler = _CallbackErrors()
    loggers = [logging.getLogger(), logging.getLogger("traitlets")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    if handler.records:
        record = handler.records[0]
        trace = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        pytest.fail(f"a widget callback raised (ipywidgets swallowed it): {record.getMessage()}\n{trace}")
