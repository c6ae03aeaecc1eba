"""Chapter 9's experiment (mlpkit/experiments/ch09_regularisation.py): weight decay on noisy moons."""
import numpy as np
import pytest

from mlpkit.experiments import ch09_regularisation as ex


def test_weight_decay_shrinks_the_weights():
    free, _ = ex.train_with_weight_decay(0.0, epochs=50)
    decayed, _ = ex.train_with_weight_decay(1e-2, epochs=50)
    assert ex.squared_weight_norm(decayed) < 0.9 * ex.squared_weight_norm(free)


def test_squared_weight_norm_counts_weights_not_biases():
    net, _ = ex.train_with_weight_decay(0.0, epochs=1)
    by_hand = sum(float(np.sum(layer.W ** 2)) for layer in net.linears)
    assert ex.squared_weight_norm(net) == pytest.approx(by_hand, rel=1e-12)


def test_task_sizes_and_fresh_test_points():
    X, y, X_test, y_test = ex.moons_task(n=30, seed=3)
    assert X.shape == (30, 2) and y.shape == (30,) and X_test.shape == (1000, 2) and y_test.shape == (1000,)
    assert not np.allclose(X_test[:30], X)


def test_same_seed_same_network():
    a, _ = ex.train_with_weight_decay(1e-3, epochs=20, seed=1)
    b, _ = ex.train_with_weight_decay(1e-3, epochs=20, seed=1)
    np.testing.assert_array_equal(a.linears[0].W, b.linears[0].W)


@pytest.mark.parametrize("kwargs, word", [({"lam": -1.0}, "lam"), ({"lam": 0.1, "n": 2}, "n"),
                                          ({"lam": 0.1, "epochs": 0}, "epochs")])
def test_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        ex.train_with_weight_decay(**kwargs)
