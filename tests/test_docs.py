"""The Examples in the core modules' docstrings run, and show what they say."""

import doctest
import importlib

import pytest

CORE = ["mlpkit.layers", "mlpkit.losses", "mlpkit.optim", "mlpkit.training"]


@pytest.mark.parametrize("name", CORE)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no Examples"
    assert result.failed == 0
