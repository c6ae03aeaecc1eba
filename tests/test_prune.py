"""Tests of mlpkit.prune: magnitude masks, masked training, rewinding, lottery tickets."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit import prune


def _data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 5))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, y


def test_magnitude_masks_prune_smallest_weights_per_layer():
    net = mk.MLP([5, 8, 2], seed=0)
    masks = prune.magnitude_masks(net, 0.5)
    for p, m in zip(net.parameters(), masks):
        if p.regularize:
            assert np.count_nonzero(~m) == p.value.size // 2
            assert np.abs(p.value[~m]).max() <= np.abs(p.value[m]).min()
        else:
            assert m.all()  # biases untouched
    again = prune.magnitude_masks(net, 0.5, masks)  # iterative: half of what remains
    assert prune.fraction_remaining(again, net) == pytest.approx(0.25)
    assert all(np.all(a <= b) for a, b in zip(again, masks))  # pruned stays pruned


def test_pruned_weights_stay_exactly_zero_through_training():
    X, y = _data()
    net = mk.MLP([5, 8, 2], seed=0)
    masks = prune.magnitude_masks(net, 0.7)
    opt = prune.MaskedOptimizer(mk.SGD(net.parameters(), lr=0.5, momentum=0.9, nesterov=True), masks)
    for p, m in zip(net.parameters(), masks):
        assert np.all(p.value[~m] == 0.0)
    mk.fit(net, mk.SoftmaxCrossEntropy(), opt, X, y, epochs=5, batch_size=8)
    for p, m in zip(net.parameters(), masks):
        assert np.all(p.value[~m] == 0.0)
        if p.regularize:
            assert np.all(p.value[m] != 0.0)
    assert opt.t == 5 * 8


def test_rewind_resets_kept_weights_to_init():
    X, y = _data()
    net = mk.MLP([5, 8, 2], seed=0)
    theta0 = mk.flat_params(net)
    mk.fit(net, mk.SoftmaxCrossEntropy(), mk.SGD(net.parameters(), lr=0.5), X, y, epochs=2)
    masks = prune.magnitude_masks(net, 0.5)
    prune.rewind(net, theta0, masks)
    m = np.concatenate([mm.ravel() for mm in masks])
    theta = mk.flat_params(net)
    assert np.array_equal(theta[m], theta0[m]) and np.all(theta[~m] == 0.0)


def test_iterative_magnitude_pruning_rounds():
    X, y = _data()
    net = mk.MLP([5, 8, 2], seed=0)
    theta0 = mk.flat_params(net)

    def train(net, masks):
        opt = prune.MaskedOptimizer(mk.SGD(net.parameters(), lr=0.5), masks)
        mk.fit(net, mk.SoftmaxCrossEntropy(), opt, X, y, epochs=3, batch_size=16)
        return net.score(X, y)

    results = prune.iterative_magnitude_pruning(net, train, rounds=3, fraction=0.2)
    remaining = [r["remaining"] for r in results]
    assert remaining[0] == 1.0
    assert np.all(np.diff(remaining) < 0)
    assert remaining[-1] == pytest.approx(0.8**3, abs=0.03)
    final = results[-1]["masks"]
    assert all(np.all(p.value[~m] == 0.0) for p, m in zip(net.parameters(), final))
    assert not np.array_equal(mk.flat_params(net), theta0)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda net: prune.magnitude_masks(net, 1.5), "fraction"),
        (lambda net: prune.magnitude_masks("net", 0.5), "net"),
        (lambda net: prune.apply_masks(net, [np.ones(3, bool)]), "masks"),
        (lambda net: prune.apply_masks(net, [np.ones(p.shape) for p in net.parameters()]), "masks"),
        (lambda net: prune.rewind(net, np.ones(3), prune.full_masks(net)), "theta0"),
        (lambda net: prune.MaskedOptimizer("sgd", prune.full_masks(net)), "opt"),
        (lambda net: prune.iterative_magnitude_pruning(net, None, 2), "train"),
        (lambda net: prune.iterative_magnitude_pruning(net, lambda n, m: 0.0, 0), "rounds"),
    ],
)
def test_bad_inputs_name_the_argument(call, name):
    net = mk.MLP([5, 8, 2], seed=0)
    with pytest.raises((TypeError, ValueError), match=name):
        call(net)
