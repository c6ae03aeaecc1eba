"""Tests of mlpkit/experiments/ch04_activations.py: gradients through deep stacks,
universal approximation by hand, and by training."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch04_activations as E


def test_step_weights_are_an_mlp():
    W1, b1, W2, b2 = E.step_weights(E.default_target, width=12, steepness=20.0)
    net = mk.MLP([1, 12, 1], activation="sigmoid")
    net.linears[0].W, net.linears[0].b = W1, b1
    net.linears[1].W, net.linears[1].b = W2, b2
    x = np.linspace(0, 1, 50)
    np.testing.assert_allclose(
        net.forward(x[:, None])[:, 0], E.sigmoid_steps(x, width=12, steepness=20.0), rtol=0, atol=1e-14
    )


def test_sup_error_falls_with_width():
    sig = [E.sup_error(lambda x, n=n: E.sigmoid_steps(x, width=n, steepness=10.0)) for n in (8, 32, 128)]
    relu = [E.sup_error(lambda x, n=n: E.relu_interpolant(x, width=n)) for n in (8, 32, 128)]
    assert sig[0] > sig[1] > sig[2] and sig[2] < 0.03
    assert relu[0] > relu[1] > relu[2] and relu[2] < 0.002


def test_hard_staircase_error_is_below_the_lipschitz_bound():
    lip = 5 * np.pi + 1  # max |f'|, attained at x = 0
    for n in (16, 64):
        err = E.sup_error(lambda x, n=n: E.sigmoid_steps(x, width=n, steepness=1000.0))
        assert 0.7 * lip / (2 * n) < err <= lip / (2 * n)


def test_relu_interpolant_is_exact_at_knots():
    knots = np.linspace(0, 1, 11)
    np.testing.assert_allclose(E.relu_interpolant(knots, width=10), E.default_target(knots), atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, name, error",
    [
        ({"width": 0}, "width", ValueError),
        ({"width": 2.5}, "width", TypeError),
        ({"steepness": 0.0}, "steepness", ValueError),
        ({"f": 3}, "f", TypeError),
        ({"lo": 1.0, "hi": 0.0}, "lo", ValueError),
    ],
)
def test_step_weights_bad_input(kwargs, name, error):
    args = {"f": E.default_target, "width": 4, "steepness": 5.0, **kwargs}
    with pytest.raises(error, match=name):
        E.step_weights(**args)


def test_sup_error_rejects_a_non_function():
    with pytest.raises(TypeError, match="approx"):
        E.sup_error(3.0)


def test_deep_gradients_vanish_for_sigmoid_and_not_for_tanh():
    sig = E.deep_gradients("sigmoid", "glorot_uniform", seed=1)["grad_W"]
    tanh = E.deep_gradients("tanh", "glorot_uniform", seed=1)["grad_W"]
    assert sig.shape == (11,) and sig[0] / sig[9] < 1e-4 and 4 < E.per_layer_factor(sig) < 5
    assert 0.1 < tanh[0] / tanh[9] < 10


def test_deep_gradients_saturation_by_biases_starves_the_first_layer():
    shifted = E.deep_gradients("tanh", "glorot_uniform", bias_shift=3.0, seed=2)
    assert np.mean(np.abs(shifted["h_last"]) > 0.99) > 0.5
    assert shifted["grad_W"][0] / shifted["grad_W"][9] < 1e-6
    scaled = E.deep_gradients("tanh", "glorot_uniform", weight_scale=8.0, seed=2)
    assert np.mean(1 - scaled["h_last"] ** 2) < 0.15 and scaled["grad_W"][0] > scaled["grad_W"][9]


def test_deep_gradients_are_seeded():
    a = E.deep_gradients("relu", "he_normal", seed=3)["grad_W"]
    b = E.deep_gradients("relu", "he_normal", seed=3)["grad_W"]
    c = E.deep_gradients("relu", "he_normal", seed=4)["grad_W"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"weight_scale": 0.0}, "weight_scale"),
        ({"seed": -1}, "seed"),
        ({"bias_shift": float("nan")}, "bias_shift"),
    ],
)
def test_deep_gradients_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        E.deep_gradients("tanh", **kwargs)


def test_training_beats_a_two_unit_network():
    wide = E.train_width(32, seed=0, epochs=100, batch_size=40, lr=0.03)
    narrow = E.train_width(2, seed=0, epochs=100, batch_size=40, lr=0.03)
    assert narrow["sup_error"] > 0.8 > 0.2 > wide["sup_error"]
    assert wide["train_mse"] < narrow["train_mse"] / 10
