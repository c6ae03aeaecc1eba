"""Tests of mlpkit.training: fit against an independent mini-batch loop, reproducibility,
early stopping, divergence, float32, the digits benchmark, and bad inputs."""

import numpy as np
import pytest

from mlpkit import (
    L1,
    L2,
    MLP,
    SGD,
    DivergenceError,
    History,
    MeanSquaredError,
    Newton,
    Parameter,
    Sequential,
    SoftmaxCrossEntropy,
    Tanh,
    accuracy,
    fit,
    flat_params,
    inverse_decay,
)
from mlpkit import data as D


@pytest.fixture(scope="module")
def digits_split():
    X, y = D.digits()
    return D.train_valid_test_split(X, y, seed=0)


def _blobs(n=40, d=3, C=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, C, n)
    X = rng.standard_normal((n, d)) + 2.0 * np.eye(C, d)[y]
    return X, y


def _softmax_regression_by_hand(W, b, X, y, lr, epochs, batch_size, seed, lam=0.0):
    """Mini-batch SGD on a linear softmax model with numpy's closed-form gradient, shuffling
    exactly as fit documents it: one rng.permutation(n) per epoch from default_rng(seed)."""
    rng = np.random.default_rng(seed)
    n, C = len(X), W.shape[0]
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for s in range(0, n, batch_size):
            idx = order[s : s + batch_size]
            Xb, E = X[idx], np.eye(C)[y[idx]]
            A = Xb @ W.T + b
            P = np.exp(A - A.max(axis=1, keepdims=True))
            P /= P.sum(axis=1, keepdims=True)
            total += -np.sum(np.log(np.sum(P * E, axis=1)))
            G = (P - E) / len(idx)  # -(e(y) - f(x)), averaged
            W = W - lr * (G.T @ Xb + 2 * lam * W)
            b = b - lr * G.sum(axis=0)
        losses.append(total / n)
    return W, b, losses


@pytest.mark.parametrize("batch_size, lam", [(1, 0.0), (7, 0.0), (40, 0.0), (8, 0.01)])
def test_fit_equals_an_independent_minibatch_loop(batch_size, lam):
    X, y = _blobs()
    net = MLP([3, 3], seed=1)
    W0, b0 = net.linears[0].W.copy(), net.linears[0].b.copy()
    opt = SGD(net.parameters(), lr=0.3)
    h = fit(
        net,
        SoftmaxCrossEntropy(),
        opt,
        X,
        y,
        epochs=4,
        batch_size=batch_size,
        seed=3,
        regularizer=L2(lam) if lam else None,
    )
    W, b, losses = _softmax_regression_by_hand(W0, b0, X, y, 0.3, 4, batch_size, 3, lam)
    np.testing.assert_allclose(net.linears[0].W, W, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(net.linears[0].b, b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h["train_loss"], losses, rtol=1e-10)
    assert opt.t == 4 * int(np.ceil(40 / batch_size))


def test_history_records_what_it_says():
    X, y = _blobs(n=30)
    Xv, yv = _blobs(n=20, seed=1)
    net = MLP([3, 5, 3], seed=0)
    loss = SoftmaxCrossEntropy()
    initial_loss = loss.forward(net.forward(X), y)
    initial_acc = net.score(X, y)
    opt = SGD(net.parameters(), lr=0.5, schedule=inverse_decay(1.0))
    h = fit(net, loss, opt, X, y, epochs=3, batch_size=30, X_valid=Xv, y_valid=yv)
    assert isinstance(h, History) and len(h) == 3
    assert h["epoch"] == [1, 2, 3]
    # full batch: epoch 1's training metrics are those of the initial network
    assert h["train_loss"][0] == pytest.approx(initial_loss, rel=1e-12)
    assert h["train_acc"][0] == pytest.approx(initial_acc)
    # validation metrics are those of the network after the epoch
    assert h.last("valid_loss") == pytest.approx(
        SoftmaxCrossEntropy().forward(net.forward(Xv), yv), rel=1e-12
    )
    assert h.last("valid_acc") == pytest.approx(net.score(Xv, yv))
    # lr is the rate of the epoch's last update: 0.5 / (1 + t), t = 0, 1, 2
    assert h["lr"] == pytest.approx([0.5, 0.25, 0.5 / 3])
    assert h.best_epoch == int(np.argmin(h["valid_loss"])) + 1
    assert set(h.keys()) == {"epoch", "train_loss", "train_acc", "valid_loss", "valid_acc", "lr"}
    assert "valid_acc" in h and "nope" not in h
    with pytest.raises(KeyError, match="history has no metric 'nope'"):
        h["nope"]
    assert repr(h).startswith("History(3 epochs, last={'epoch': 3")


def test_fit_is_bit_reproducible_for_a_seed():
    X, y = _blobs(n=50)

    def train(seed):
        net = MLP([3, 8, 3], seed=0)
        opt = SGD(net.parameters(), lr=0.2, momentum=0.9)
        h = fit(
            net, SoftmaxCrossEntropy(), opt, X, y, epochs=5, batch_size=8, seed=seed, regularizer=L1(1e-3)
        )
        return flat_params(net), h["train_loss"]

    a, la = train(7)
    b, lb = train(7)
    c, lc = train(8)
    assert np.array_equal(a, b) and la == lb  # bit for bit
    assert not np.array_equal(a, c)  # the seed does order the examples


def test_fit_with_a_generator_seed_and_no_global_state():
    X, y = _blobs()
    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    net = MLP([3, 3], seed=0)
    fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=2, seed=np.random.default_rng(3))
    net2 = MLP([3, 3], seed=0)
    fit(net2, SoftmaxCrossEntropy(), SGD(net2, lr=0.1), X, y, epochs=2, seed=3)
    np.testing.assert_array_equal(flat_params(net), flat_params(net2))
    assert np.array_equal(np.random.get_state()[1], state)  # the global generator untouched


def test_digits_tanh_mlp_reaches_95_percent(digits_split):
    X_tr, y_tr, X_va, y_va, X_te, y_te = digits_split
    net = MLP([64, 32, 10], activation="tanh", seed=0)
    opt = SGD(net.parameters(), lr=0.1, momentum=0.9)
    h = fit(
        net,
        SoftmaxCrossEntropy(),
        opt,
        X_tr,
        y_tr,
        epochs=15,
        batch_size=32,
        seed=0,
        X_valid=X_va,
        y_valid=y_va,
    )
    test_acc = net.score(X_te, y_te)
    assert test_acc >= 0.95, test_acc
    assert accuracy(y_te, net.predict(X_te)) == test_acc
    assert h["train_loss"][-1] < h["train_loss"][0] / 5


def test_early_stopping_restores_the_best_epoch(digits_split):
    X_tr, y_tr, X_va, y_va, _, _ = digits_split
    X, y = X_tr[:200], y_tr[:200].copy()
    y[:60] = (y[:60] + 3) % 10  # label noise: the validation loss turns up
    snapshots = {}

    def record(epoch, history, net):
        snapshots[epoch] = flat_params(net)

    for restore in (True, False):
        snapshots.clear()
        net = MLP([64, 64, 10], seed=0)
        opt = SGD(net.parameters(), lr=0.2, momentum=0.9)
        h = fit(
            net,
            SoftmaxCrossEntropy(),
            opt,
            X,
            y,
            epochs=200,
            batch_size=20,
            X_valid=X_va,
            y_valid=y_va,
            patience=10,
            restore_best=restore,
            seed=0,
            on_epoch=record,
        )
        best = int(np.argmin(h["valid_loss"])) + 1
        assert h.best_epoch == best
        assert h.stopped_early and len(h) == best + 10 < 200
        assert min(h["valid_loss"][best:]) >= h["valid_loss"][best - 1]
        if restore:
            np.testing.assert_array_equal(flat_params(net), snapshots[best])
            assert SoftmaxCrossEntropy().forward(net.forward(X_va), y_va) == pytest.approx(
                min(h["valid_loss"])
            )
        else:
            np.testing.assert_array_equal(flat_params(net), snapshots[len(h)])


def test_on_epoch_can_stop_training():
    X, y = _blobs()
    net = MLP([3, 3], seed=0)
    h = fit(
        net,
        SoftmaxCrossEntropy(),
        SGD(net, lr=0.1),
        X,
        y,
        epochs=50,
        on_epoch=lambda epoch, history, net: epoch == 3,
    )
    assert len(h) == 3 and not h.stopped_early


def test_divergence_error_names_epoch_and_rate_and_carries_history():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((32, 4))
    t = X @ rng.standard_normal((4, 1))
    net = MLP([4, 1], seed=0)
    opt = SGD(net.parameters(), lr=50.0)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(DivergenceError) as info:
            fit(net, MeanSquaredError(), opt, X, t, epochs=500, batch_size=8, seed=0)
    err = info.value
    assert isinstance(err, FloatingPointError)
    assert err.epoch >= 2 and len(err.history) == err.epoch - 1
    assert f"in epoch {err.epoch}" in str(err) and "learning rate 50" in str(err)
    assert "smaller learning rate" in str(err)
    # the completed epochs' losses were growing
    losses = err.history["train_loss"]
    assert losses[-1] > 1e10 * losses[0]


def test_regression_with_mse_fits_a_linear_map():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 3))
    W = rng.standard_normal((2, 3))
    T = X @ W.T + 0.5
    net = MLP([3, 2], seed=0)
    h = fit(
        net,
        MeanSquaredError(),
        SGD(net, lr=0.1, momentum=0.5),
        X,
        T,
        epochs=60,
        batch_size=16,
        X_valid=X[:8],
        y_valid=T[:8],
    )
    np.testing.assert_allclose(net.linears[0].W, W, atol=1e-4)
    np.testing.assert_allclose(net.linears[0].b, 0.5, atol=1e-4)
    assert "train_acc" not in h and "valid_acc" not in h
    # 1-D float targets for a single output
    net1 = MLP([3, 1], seed=0)
    h1 = fit(net1, MeanSquaredError(), SGD(net1, lr=0.1), X, T[:, 0], epochs=30)
    assert h1.last("train_loss") < 1e-3


def test_mse_classifier_with_integer_labels():
    X, y = _blobs(n=60)
    net = MLP([3, 8, 3], seed=0)
    h = fit(net, MeanSquaredError(), SGD(net, lr=0.2, momentum=0.9), X, y, epochs=40, batch_size=10)
    assert "train_acc" in h and h.last("train_acc") > 0.9


def test_float32_training_agrees_with_float64(digits_split):
    X_tr, y_tr, _, _, X_te, y_te = digits_split
    out = {}
    for dtype in (np.float32, np.float64):
        net = MLP([64, 32, 10], seed=0, dtype=dtype)
        h = fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1, momentum=0.9), X_tr, y_tr, epochs=2, seed=0)
        assert all(p.value.dtype == dtype for p in net.parameters())
        out[dtype] = (flat_params(net).astype(np.float64), np.array(h["train_loss"]), net.predict(X_te))
    t32, l32, p32 = out[np.float32]
    t64, l64, p64 = out[np.float64]
    assert np.max(np.abs(t32 - t64)) / np.max(np.abs(t64)) < 1e-4  # ~1e3 updates of float32 rounding
    np.testing.assert_allclose(l32, l64, rtol=1e-4)
    assert np.mean(p32 == p64) > 0.99
    assert not np.array_equal(t32, t64)  # really computed in float32


def test_fit_with_newton_uses_the_closure():
    X, y = _blobs(n=20)
    net = MLP([3, 3], seed=0)
    h = fit(
        net,
        SoftmaxCrossEntropy(),
        Newton(net.parameters(), damping=1e-2),
        X,
        y,
        epochs=3,
        batch_size=20,
        regularizer=L2(0.01),
    )
    assert h["train_loss"][-1] < h["train_loss"][0]


def test_progress_output(capsys):
    X, y = _blobs()
    net = MLP([3, 3], seed=0)
    pytest.importorskip("tqdm")
    fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=2, progress=True)
    captured = capsys.readouterr()
    assert "fit" in captured.err  # tqdm's bar, on stderr in a terminal
    net = MLP([3, 3], seed=0)
    fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=2, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_without_tqdm_prints_lines(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    X, y = _blobs()
    net = MLP([3, 3], seed=0)
    fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=2, progress=True)
    out = capsys.readouterr().out
    assert "epoch 1/2  train_loss" in out and "epoch 2/2" in out


def test_accuracy():
    assert accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    with pytest.raises(ValueError, match="y_pred: expected 4 labels"):
        accuracy([0, 1, 2, 2], [0, 1])
    with pytest.raises(TypeError, match="y_true: expected integer class labels"):
        accuracy([0.5], [0])


def _bad(**changes):
    X, y = _blobs(n=10)
    net = MLP([3, 3], seed=0)
    args = dict(net=net, loss=SoftmaxCrossEntropy(), opt=SGD(net, lr=0.1), X=X, y=y, epochs=1)
    args.update(changes)
    return args


@pytest.mark.parametrize(
    "changes, exc, words",
    [
        ({"net": "net"}, TypeError, ["net: expected a mlpkit Module"]),
        ({"loss": "ce"}, TypeError, ["loss: expected a loss"]),
        ({"opt": 0.1}, TypeError, ["opt: expected an Optimizer"]),
        (
            {"opt": SGD([Parameter(np.zeros(2))], lr=0.1)},
            ValueError,
            ["opt: expected an optimiser over net.parameters()"],
        ),
        ({"epochs": 0}, ValueError, ["epochs: expected an integer in [1, inf], got 0"]),
        ({"epochs": 2.5}, TypeError, ["epochs: expected an integer"]),
        ({"batch_size": 0}, ValueError, ["batch_size: expected an integer in [1, inf]"]),
        ({"patience": 3}, ValueError, ["patience: early stopping needs a validation set"]),
        (
            {"patience": 0, "X_valid": np.zeros((2, 3)), "y_valid": [0, 1]},
            ValueError,
            ["patience: expected an integer"],
        ),
        ({"regularizer": 0.1}, TypeError, ["regularizer: expected L2(lam) or L1(lam)"]),
        ({"on_epoch": 1}, TypeError, ["on_epoch: expected a callable"]),
        ({"seed": -1}, ValueError, ["seed: expected a non-negative int"]),
        ({"X": np.zeros((10, 4))}, ValueError, ["X: expected 3 columns"]),
        ({"X": np.full((10, 3), np.nan)}, ValueError, ["X: expected finite values", "30 NaN"]),
        ({"X": np.full((10, 3), np.inf)}, ValueError, ["X: expected finite values"]),
        ({"X": np.zeros((0, 3)), "y": np.zeros(0, dtype=int)}, ValueError, ["X: expected a non-empty array"]),
        ({"X": np.zeros(3)}, ValueError, ["X: expected a 2-D array"]),
        ({"X": np.zeros((10, 3), dtype=bool)}, TypeError, ["X: expected an array of real numbers"]),
        ({"y": np.arange(10) % 4}, ValueError, ["y: expected labels in [0, 3)", "0 to 3"]),
        ({"y": -np.ones(10, dtype=int)}, ValueError, ["y: expected labels in [0, 3)"]),
        ({"y": np.zeros(10)}, TypeError, ["y: expected integer class labels", "float64"]),
        ({"y": np.zeros(9, dtype=int)}, ValueError, ["y: expected 10 labels"]),
        ({"X_valid": np.zeros((2, 3))}, ValueError, ["X_valid, y_valid: expected both or neither"]),
        ({"y_valid": [0, 1]}, ValueError, ["X_valid, y_valid: expected both or neither"]),
        ({"X_valid": np.zeros((2, 4)), "y_valid": [0, 1]}, ValueError, ["X_valid: expected 3 columns"]),
        (
            {"X_valid": np.zeros((2, 3)), "y_valid": [0, 5]},
            ValueError,
            ["y_valid: expected labels in [0, 3)"],
        ),
        ({"X_valid": np.zeros((2, 3)), "y_valid": [0]}, ValueError, ["y_valid: expected 2 labels"]),
        (
            {"X_valid": np.zeros((2, 3)), "y_valid": [0.0, 1.0]},
            TypeError,
            ["y_valid: expected integer class labels"],
        ),
        ({"X_valid": [[0, 0, np.nan]], "y_valid": [0]}, ValueError, ["X_valid: expected finite values"]),
    ],
)
def test_fit_bad_inputs(changes, exc, words):
    args = _bad(**changes)
    with pytest.raises(exc) as info:
        fit(**args)
    for w in words:
        assert w in str(info.value)


def test_fit_bad_inputs_specific_to_networks_and_regression():
    X, y = _blobs(n=10)
    seq = Sequential(Tanh())
    with pytest.raises(ValueError, match="net: expected a network with parameters"):
        fit(seq, SoftmaxCrossEntropy(), SGD([Parameter(np.zeros(1))], lr=0.1), X, y, epochs=1)
    net = MLP([3, 2], seed=0)
    with pytest.raises(ValueError, match="y: expected 10 targets"):
        fit(net, MeanSquaredError(), SGD(net, lr=0.1), X, np.zeros((9, 2)), epochs=1)
    with pytest.raises(ValueError, match="y: expected finite values"):
        fit(net, MeanSquaredError(), SGD(net, lr=0.1), X, np.full((10, 2), np.nan), epochs=1)
    with pytest.raises(ValueError, match="y_valid: expected 3 targets"):
        fit(
            net,
            MeanSquaredError(),
            SGD(net, lr=0.1),
            X,
            np.zeros((10, 2)),
            epochs=1,
            X_valid=np.zeros((3, 3)),
            y_valid=np.zeros((2, 2)),
        )


def test_divergence_with_cross_entropy_is_detected_in_the_first_epoch():
    """A NaN in the logits must surface as DivergenceError (not a validation error of the loss)."""
    X, y = _blobs(n=10)
    net = MLP([3, 4, 3], seed=0)
    net.linears[1].W[0, 0] = np.inf
    with np.errstate(invalid="ignore", over="ignore"):
        with pytest.raises(DivergenceError, match="in epoch 1 .* learning rate 0.1") as info:
            fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=3)
    assert info.value.epoch == 1 and len(info.value.history) == 0


def test_fit_calls_overridden_forward_and_backward_of_subclasses():
    """fit calls the network's and the loss's own methods, whatever their class."""
    from mlpkit import Linear

    calls = {"backward": 0, "forward": 0}

    class CountingLinear(Linear):
        def backward(self, grad_a):
            calls["backward"] += 1
            return super().backward(grad_a)

    class CountingLoss(SoftmaxCrossEntropy):
        def forward(self, logits, y):
            calls["forward"] += 1
            return super().forward(logits, y)

    X, y = D.xor(n=40, seed=0)
    net = Sequential(CountingLinear(X.shape[1], 4), Tanh(), Linear(4, 2))
    fit(net, CountingLoss(), SGD(net.parameters(), lr=0.1), X, y, epochs=2, batch_size=10)
    assert calls == {"backward": 8, "forward": 8}
