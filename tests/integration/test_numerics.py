"""Numerical faults: extreme inputs, divergence, and float32 against float64.

- softmax, log_softmax, the softmax cross-entropy and every activation at |a| ~ 1e4 (and
  1e300 where the function is meant to cope) give finite values and gradients, with no
  overflow warning, and the values the mathematics says;
- a learning rate far too large stops `fit` with DivergenceError naming the epoch and the
  learning rate, carrying the history of the epochs completed before;
- float32 and float64 networks agree to float32 precision: forward pass, gradients and a
  short training run.
"""

import warnings

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.activations import ACTIVATIONS
from mlpkit.data import moons

BIG = [1e4, 1e300]


@pytest.fixture(autouse=True)
def no_floating_point_warnings():
    """Overflow or invalid-value warnings are failures here, not noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield


@pytest.mark.parametrize("big", BIG)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_and_log_softmax_at_extreme_scores(big, dtype):
    if dtype == np.float32 and big > 1e30:
        pytest.skip("1e300 is not a float32")
    a = np.array([[big, 0.0, -big], [-big, -big, -big], [big, big, 0.0]], dtype=dtype)
    p = mk.softmax(a)
    logp = mk.log_softmax(a)
    assert p.dtype == dtype and logp.dtype == dtype
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(logp))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]], atol=1e-7)
    # log-probabilities keep what the probabilities round to 0: log softmax = a - logsumexp(a)
    assert logp[0, 0] == 0.0 and logp[0, 1] == -big and logp[0, 2] == pytest.approx(-2 * big)
    assert np.allclose(logp[1], -np.log(3.0))
    assert logp[2, 2] == pytest.approx(-big - np.log(2.0), rel=1e-6)


@pytest.mark.parametrize("big", BIG)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_loss_and_gradient_are_finite(big, dtype):
    if dtype == np.float32 and big > 1e30:
        pytest.skip("1e300 is not a float32")
    logits = np.array([[big, 0.0, -big], [big, 0.0, -big], [0.0, -big, big]], dtype=dtype)
    y = np.array([0, 2, 1])  # right with certainty, wrong by 2 big, wrong by 2 big
    loss = mk.SoftmaxCrossEntropy()
    value = loss.forward(logits, y)
    assert np.isfinite(value)
    assert value == pytest.approx((0.0 + 2 * big + 2 * big) / 3, rel=1e-6)
    grad = loss.backward()
    assert grad.dtype == dtype and np.all(np.isfinite(grad))
    expected = (np.array([[1, 0, 0], [1, 0, 0], [0, 0, 1]]) - np.eye(3)[y]) / 3
    assert np.allclose(grad, expected, atol=1e-7)


@pytest.mark.parametrize("big", [1e4, -1e4])
def test_cross_entropy_through_a_network_with_huge_weights(big):
    net = mk.MLP([2, 3, 2], activation="tanh", seed=0)
    for lin in net.linears:
        lin.W = lin.W * abs(big)
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [0.5, 0.25]])
    y = np.array([0, 1, 1])
    loss = mk.SoftmaxCrossEntropy()
    value = loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    assert np.isfinite(value)
    assert np.all(np.isfinite(mk.flat_grads(net)))


def _activation_grid(dtype, big):
    return np.array([[-big, -1.0, 0.0, 1.0, big]], dtype=dtype)


@pytest.mark.parametrize("name", sorted(set(ACTIVATIONS) - {"linear", "leakyrelu"}))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_activations_at_1e4(name, dtype):
    module = ACTIVATIONS[name]()
    a = _activation_grid(dtype, 1e4)
    h = module.forward(a)
    grad = module.backward(np.ones_like(a))
    assert h.dtype == dtype and grad.dtype == dtype
    assert np.all(np.isfinite(h)) and np.all(np.isfinite(grad))
    assert np.all(np.isfinite(type(module).g(a))) and np.all(np.isfinite(type(module).g_prime(a)))
    # the saturated limits the formulas promise
    limits = {
        "sigmoid": ((0, 0), (1, 0)),
        "tanh": ((-1, 0), (1, 0)),
        "relu": ((0, 0), (1e4, 1)),
        "leaky_relu": ((-100, 0.01), (1e4, 1)),
        "gelu": ((0, 0), (1e4, 1)),
        "identity": ((-1e4, 1), (1e4, 1)),
    }
    (h_lo, g_lo), (h_hi, g_hi) = limits[name]
    assert h[0, 0] == pytest.approx(h_lo, abs=1e-6) and grad[0, 0] == pytest.approx(g_lo, abs=1e-6)
    assert h[0, -1] == pytest.approx(h_hi, rel=1e-6) and grad[0, -1] == pytest.approx(g_hi, abs=1e-6)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "identity"])
def test_activations_at_1e300(name):
    # GELU is left out: its tanh approximation computes a + 0.044715 a^3, and a^3 overflows
    # float64 (max ~1.8e308) for |a| above ~1e102; no network in the course gets near that.
    module = ACTIVATIONS[name]()
    a = _activation_grid(np.float64, 1e300)
    h = module.forward(a)
    grad = module.backward(np.ones_like(a))
    assert np.all(np.isfinite(h)) and np.all(np.isfinite(grad))
    assert np.all(np.isfinite(type(module).g_prime(a)))


def test_sigmoid_is_exact_in_its_tails():
    a = np.array([-745.0, -40.0, 40.0, 745.0])
    s = mk.Sigmoid.g(a)
    assert s[1] == pytest.approx(np.exp(-40.0), rel=1e-12)  # not 1 - 1 = 0: the small tail is kept
    assert s[2] == 1.0 and s[0] > 0.0 and s[3] == 1.0


# ---------------------------------------------------------------- divergence


def _toy():
    X, y = moons(n=60, noise=0.1, seed=0)
    return X, y


def test_divergence_in_a_later_epoch_names_it_and_keeps_the_history():
    X, y = _toy()
    net = mk.MLP([2, 8, 2], activation="relu", seed=0)
    opt = mk.SGD(net.parameters(), lr=0.1)

    def too_large_after_two(epoch, history, net):
        if epoch == 2:
            opt.lr = 1e12  # the rate is raised far too high from the third epoch on

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(mk.DivergenceError) as info:
            mk.fit(
                net,
                mk.SoftmaxCrossEntropy(),
                opt,
                X,
                y,
                epochs=20,
                batch_size=10,
                seed=0,
                on_epoch=too_large_after_two,
            )
    err = info.value
    msg = str(err)
    assert err.epoch >= 3 and f"epoch {err.epoch}" in msg  # it ran at 0.1 for two epochs
    assert "1e+12" in msg and "learning rate" in msg
    assert isinstance(err, FloatingPointError)
    assert len(err.history) == err.epoch - 1  # every completed epoch, none after
    assert err.history["epoch"] == list(range(1, err.epoch))
    assert err.history["lr"][:2] == [0.1, 0.1] and set(err.history["lr"][2:]) <= {1e12}
    assert all(np.isfinite(err.history["train_loss"]))


@pytest.mark.parametrize("loss", [mk.SoftmaxCrossEntropy(), mk.MeanSquaredError()], ids=repr)
def test_divergence_from_the_start_with_each_loss(loss):
    X, y = _toy()
    net = mk.MLP([2, 16, 2], activation="identity", seed=0)
    opt = mk.SGD(net.parameters(), lr=1e6)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(mk.DivergenceError) as info:
            mk.fit(net, loss, opt, X, y, epochs=50, batch_size=60)
    err = info.value
    assert f"epoch {err.epoch}" in str(err) and "1e+06" in str(err)
    assert len(err.history) == err.epoch - 1


# ---------------------------------------------------------------- float32 against float64


def _pair(sizes=(2, 16, 16, 2), activation="tanh"):
    n64 = mk.MLP(list(sizes), activation=activation, seed=3, dtype=np.float64)
    n32 = mk.MLP(list(sizes), activation=activation, seed=3, dtype=np.float32)
    mk.set_flat_params(n32, mk.flat_params(n64).astype(np.float32))
    # float32 parameters are the float64 ones rounded: use those exact values in both
    mk.set_flat_params(n64, mk.flat_params(n32).astype(np.float64))
    return n64, n32


def _rel(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-3))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "gelu"])
def test_float32_and_float64_forward_and_gradients_agree(activation):
    X, y = _toy()
    n64, n32 = _pair(activation=activation)
    out64 = n64.forward(X)
    out32 = n32.forward(X.astype(np.float32))
    assert out32.dtype == np.float32
    assert _rel(out32, out64) < 1e-5
    grads = {}
    for net, Xd in ((n64, X), (n32, X.astype(np.float32))):
        loss = mk.SoftmaxCrossEntropy()
        loss.forward(net.forward(Xd), y)
        net.backward(loss.backward())
        grads[net.dtype] = [p.grad.copy() for p in net.parameters()]
    for g32, g64 in zip(grads[np.dtype(np.float32)], grads[np.dtype(np.float64)], strict=True):
        assert g32.dtype == np.float32
        assert _rel(g32, g64) < 1e-4


def test_float32_and_float64_short_training_runs_agree():
    X, y = _toy()
    n64, n32 = _pair()
    hists = {}
    for net in (n64, n32):
        opt = mk.SGD(net.parameters(), lr=0.1, momentum=0.9)
        hists[net.dtype] = mk.fit(net, mk.SoftmaxCrossEntropy(), opt, X, y, epochs=5, batch_size=10, seed=0)
    h64, h32 = hists[np.dtype(np.float64)], hists[np.dtype(np.float32)]
    assert np.allclose(h32["train_loss"], h64["train_loss"], rtol=1e-4, atol=1e-5)
    assert h32["train_acc"] == h64["train_acc"]
    assert all(p.value.dtype == np.float32 for p in n32.parameters())
    assert _rel(mk.flat_params(n32), mk.flat_params(n64)) < 1e-4
    assert np.array_equal(n32.predict(X), n64.predict(X))
