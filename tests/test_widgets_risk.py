"""Tests of mlpkit/widgets/risk.py: surrogate losses and the structural-risk demo."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit.widgets import risk as R

from _helpers import check_raises


def teardown_function():
    plt.close("all")


@given(st.floats(min_value=-50, max_value=50))
def test_surrogates_upper_bound_the_zero_one_loss(m):
    losses = R.surrogate_losses(m)
    for name in ("hinge", "cross-entropy", "squared"):
        assert losses[name] >= losses["0-1"] - 1e-12, name


def test_surrogate_values_at_known_margins():
    losses = R.surrogate_losses(np.array([-1.0, 0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(losses["0-1"], [1, 1, 0, 0])
    np.testing.assert_allclose(losses["hinge"], [2, 1, 0, 0])
    np.testing.assert_allclose(losses["squared"], [4, 1, 0, 1])
    np.testing.assert_allclose(losses["cross-entropy"][1], 1.0)
    # the logistic loss is log2(1 + e^{-m}) and stays finite for very negative margins
    assert np.isfinite(R.surrogate_losses(-1e4)["cross-entropy"])


def test_surrogate_losses_reject_bad_margins():
    check_raises(TypeError, ["margin"], R.surrogate_losses, "a")
    check_raises(ValueError, ["margin", "NaN"], R.surrogate_losses, [0.0, np.nan])


def test_regulariser_shrinks_the_weights():
    small = R.weight_norm(R.train_regularised(0.0, epochs=30)[0])
    large = R.weight_norm(R.train_regularised(0.1, epochs=30)[0])
    assert large < small


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"lam": -1.0}, ValueError, ["lam"]),
    ({"lam": 0.0, "n": 5}, ValueError, ["n"]),
    ({"lam": 0.0, "width": 0}, ValueError, ["width"]),
    ({"lam": "big"}, TypeError, ["lam"]),
])
def test_train_regularised_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, R.train_regularised, **kwargs)


def test_srm_figure_and_demo():
    ax = R.srm_figure(lam=0.01, epochs=5)
    assert "lambda" in ax.get_title() and "Omega" in ax.get_title()
    demo = R.srm_demo()
    slider = demo.children[0]
    for value in (slider.min, slider.max):
        slider.value = 10.0 ** value
    demo.update()
