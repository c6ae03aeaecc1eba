"""Tests of mlpkit/experiments/ch01_multilayer_network.py: the toy runs and the digit runs."""

import numpy as np
import pytest

from mlpkit.experiments import ch01_multilayer_network as E

from _helpers import check_raises


def test_train_toy_network_fits_moons_and_is_deterministic():
    net, X, y, hist = E.train_toy_network(width=8, depth=1, dataset="moons", epochs=60, seed=0)
    assert net.sizes == [2, 8, 2]
    assert X.shape == (200, 2) and y.shape == (200,)
    assert net.score(X, y) > 0.9
    E._toy_run.cache_clear()
    net2, *_ = E.train_toy_network(width=8, depth=1, dataset="moons", epochs=60, seed=0)
    assert net2 is not net
    np.testing.assert_array_equal(net.linears[0].W, net2.linears[0].W)


def test_toy_runs_are_cached_and_their_data_read_only():
    first = E.train_toy_network(width=3, depth=1, dataset="xor", epochs=5, seed=1)
    again = E.train_toy_network(width=3, depth=1, dataset="xor", epochs=5, seed=1)
    assert again[0] is first[0]
    with pytest.raises(ValueError):
        first[1][0, 0] = 1.0


def test_depth_zero_is_a_linear_classifier():
    net, X, y, _ = E.train_toy_network(width=5, depth=0, dataset="xor", epochs=5)
    assert net.sizes == [2, 2]


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"width": 0}, ValueError, ["width"]),
        ({"depth": -1}, ValueError, ["depth"]),
        ({"depth": 1.5}, TypeError, ["depth"]),
        ({"activation": "swish"}, ValueError, ["activation", "swish"]),
        ({"dataset": "mnist"}, ValueError, ["dataset", "mnist"]),
        ({"lr": 0.0}, ValueError, ["lr"]),
        ({"seed": -1}, ValueError, ["seed"]),
    ],
)
def test_train_toy_network_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, E.train_toy_network, **kwargs)


def test_toy_accuracies_one_per_seed_and_seed_zero_is_the_single_run():
    accs = E.toy_accuracies(width=1, depth=1, dataset="circles", seeds=(0, 1, 2))
    assert accs.shape == (3,)
    net, X, y, _ = E.train_toy_network(width=1, depth=1, dataset="circles", seed=0)
    assert accs[0] == net.score(X, y)
    assert np.all(accs < 0.8)  # one straight step cannot enclose a disc
    check_raises(ValueError, ["seeds"], E.toy_accuracies, seeds=())
    check_raises(TypeError, ["seeds[1]"], E.toy_accuracies, seeds=(0, 1.5))


def test_single_unit_accuracy_finds_the_best_threshold():
    y = np.array([0, 0, 1, 1, 0])
    H = np.array([[-0.9, 0.5], [-0.5, 0.4], [0.2, 0.3], [0.7, -0.2], [0.1, -0.3]])
    best, per_unit = E.single_unit_accuracy(H, y)
    # unit 0 sorted: y = 0 0 0 | 1 1 -> 5/5; unit 1 sorted: y = 0 1 1 | 0 0, class 1 below -> 4/5
    np.testing.assert_allclose(per_unit, [1.0, 0.8])
    assert best == 1.0
    # flipping the labels leaves the best accuracy unchanged (either orientation counts)
    assert E.single_unit_accuracy(H, 1 - y)[0] == 1.0
    check_raises(ValueError, ["y"], E.single_unit_accuracy, H, np.array([0, 1, 2, 1, 0]))
    check_raises(ValueError, ["H, y"], E.single_unit_accuracy, H[:, 0], y)


def test_digits_runs_shapes_and_learning():
    runs = E.digits_runs(seeds=(0, 1), epochs=3)
    assert runs["train_loss"].shape == runs["valid_loss"].shape == (2, 3)
    assert runs["test_acc"].shape == (2,) and np.all(runs["test_acc"] > 0.8)
    assert np.all(runs["train_loss"][:, -1] < runs["train_loss"][:, 0])
    assert not np.array_equal(runs["valid_loss"][0], runs["valid_loss"][1])  # the seeds differ
    with pytest.raises(ValueError):
        runs["test_acc"][0] = 0.0
