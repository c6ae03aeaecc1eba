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
