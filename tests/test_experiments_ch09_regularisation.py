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
    by_hand = sum(float(np.sum(layer.W**2)) for layer in net.linears)
    assert ex.squared_weight_norm(net) == pytest.approx(by_hand, rel=1e-12)


def test_task_sizes_and_fresh_test_points():
    X, y, X_test, y_test = ex.moons_task(n=30, seed=3)
    assert X.shape == (30, 2) and y.shape == (30,) and X_test.shape == (1000, 2) and y_test.shape == (1000,)
    assert not np.allclose(X_test[:30], X)


def test_same_seed_same_network():
    a, _ = ex.train_with_weight_decay(1e-3, epochs=20, seed=1)
    ex.train_with_weight_decay.cache_clear()  # retrain, do not hand back the cached run
    b, _ = ex.train_with_weight_decay(1e-3, epochs=20, seed=1)
    assert a is not b
    np.testing.assert_array_equal(a.linears[0].W, b.linears[0].W)


@pytest.mark.parametrize(
    "kwargs, word",
    [({"lam": -1.0}, "lam"), ({"lam": 0.1, "n": 2}, "n"), ({"lam": 0.1, "epochs": 0}, "epochs")],
)
def test_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        ex.train_with_weight_decay(**kwargs)


def _regression_sets(R=3, T=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (R, T))
    return x, np.sin(2 * np.pi * x) + 0.3 * rng.standard_normal((R, T))


@pytest.mark.parametrize("hidden", [1, 8])
def test_fit_regressions_is_fit_on_each_training_set(hidden):
    import mlpkit as mk

    x, t = _regression_sets()
    grid = np.linspace(0, 1, 7)
    preds, train_mse = ex.fit_regressions(x, t, hidden, epochs=40, seeds=[3, 4, 5], x_eval=grid)
    assert preds.shape == (3, 7) and train_mse.shape == (3,)
    for r in range(3):
        net = mk.MLP([1, hidden, 1], activation="tanh", seed=3 + r)
        mk.fit(
            net,
            mk.MeanSquaredError(),
            mk.SGD(net.parameters(), lr=0.05, momentum=0.9),
            x[r][:, None],
            t[r][:, None],
            epochs=40,
            batch_size=x.shape[1],
            seed=0,
        )
        np.testing.assert_allclose(preds[r], net.forward(grid[:, None])[:, 0], rtol=0, atol=1e-12)
        assert train_mse[r] == pytest.approx(
            np.mean((net.forward(x[r][:, None])[:, 0] - t[r]) ** 2), abs=1e-12
        )


def test_fit_regressions_records_one_run_at_several_epochs():
    x, t = _regression_sets()
    preds, train_mse = ex.fit_regressions(x, t, 4, epochs=[5, 30], x_eval=np.linspace(0, 1, 5))
    assert preds.shape == (2, 3, 5) and train_mse.shape == (2, 3)
    at_30, mse_30 = ex.fit_regressions(x, t, 4, epochs=30, x_eval=np.linspace(0, 1, 5))
    np.testing.assert_array_equal(preds[1], at_30)
    np.testing.assert_array_equal(train_mse[1], mse_30)
    assert np.all(mse_30 < train_mse[0])  # 25 more updates lower every training error


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"hidden": 0}, "hidden"),
        ({"epochs": [5, 5]}, "epochs"),
        ({"lr": 0.0}, "lr"),
        ({"seeds": [0]}, "seeds"),
        ({"momentum": 1.0}, "momentum"),
    ],
)
def test_fit_regressions_bad_arguments(kwargs, word):
    x, t = _regression_sets()
    args = {"hidden": 2, "epochs": 3} | kwargs
    with pytest.raises(ValueError, match=word):
        ex.fit_regressions(x, t, **args)


def test_fit_regressions_targets_must_match_inputs():
    x, t = _regression_sets()
    with pytest.raises(ValueError, match="t:"):
        ex.fit_regressions(x, t[:, :-1], 2, epochs=3)


def test_weight_decay_runs_are_cached_and_read_only():
    a = ex.train_with_weight_decay(1e-3, epochs=5)
    b = ex.train_with_weight_decay(1e-3, epochs=5)
    assert a[0] is b[0]
    assert (
        ex.train_with_weight_decay(lam=1e-3, n=60, hidden=64, epochs=5, seed=0)[0] is a[0]
    )  # same run, spelled out
    with pytest.raises(ValueError):
        a[1][0][0, 0] = 1.0
