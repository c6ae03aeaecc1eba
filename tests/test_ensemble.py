"""Tests of mlpkit.ensemble: S seeds trained as one must be S separate runs.

Member i of ``SeedEnsemble(sizes, seeds)`` starts from exactly the weights of
``MLP(sizes, seed=seeds[i])``, computes what that MLP computes, and `fit_seeds` trains it
as ``fit(..., seed=seed)`` trains the MLP alone (same batch order for every member).
"""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.ensemble import SeedCrossEntropy, SeedEnsemble, fit_seeds

from _helpers import check_raises, fd_grad, grad_err


@pytest.fixture(scope="module")
def digits():
    X, y = mk.data.digits()
    return X[:300], y[:300]


def _blobs(n=45, d=5, C=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, C, n)
    X = rng.standard_normal((n, d)) + 2.0 * np.eye(C, d)[y]
    return X, y


CONFIGS = [
    ([5, 3], "tanh", "glorot_uniform"),  # no hidden layer: the output layer is the fused one
    ([5, 8, 3], "tanh", "glorot_uniform"),
    ([5, 7, 6, 3], "relu", "he_normal"),
    ([5, 4, 4, 4, 3], "sigmoid", "he_uniform"),
]


@pytest.mark.parametrize("sizes, activation, init", CONFIGS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_members_start_from_exactly_the_weights_of_mlp(sizes, activation, init, dtype):
    seeds = [0, 11, 3]
    ens = SeedEnsemble(sizes, seeds, activation=activation, init=init, dtype=dtype)
    assert len(ens) == ens.n_members == 3 and ens.seeds == seeds
    params = ens.parameters()
    assert [p.name for p in params] == [f"{w}{k}" for k in range(1, len(sizes)) for w in "Wb"]
    for i, s in enumerate(seeds):
        net = mk.MLP(sizes, activation=activation, init=init, seed=s, dtype=dtype)
        for p, q in zip(net.parameters(), params, strict=True):
            assert q.value.shape == (3, *p.value.shape) and q.value.dtype == np.dtype(dtype)
            np.testing.assert_array_equal(q.value[i], p.value)  # bit for bit


def test_weights_are_regularised_and_biases_are_not():
    """The stacked parameters keep their MLP's flags: L2 over the ensemble = sum over members."""
    seeds = [1, 2]
    ens = SeedEnsemble([5, 8, 3], seeds)
    for p in ens.parameters():
        p.value += 0.5  # biases nonzero too, so that a wrongly regularised bias would show
    members = [ens.member(i) for i in range(2)]
    lam = 0.3
    assert mk.L2(lam).penalty(ens.parameters()) == pytest.approx(
        sum(mk.L2(lam).penalty(m.parameters()) for m in members), rel=1e-12
    )
    for p in ens.parameters():
        p.grad[...] = 0.0
    mk.L2(lam).add_grad(ens.parameters())
    for p in ens.parameters():
        if p.name.startswith("W"):
            np.testing.assert_allclose(p.grad, 2 * lam * p.value)
        else:
            assert not p.grad.any()


@pytest.mark.parametrize("sizes, activation, init", CONFIGS)
def test_forward_and_backward_are_each_members_own(sizes, activation, init):
    X, y = _blobs(n=9)
    seeds = [4, 0, 9]
    ens = SeedEnsemble(sizes, seeds, activation=activation, init=init)
    loss = SeedCrossEntropy()
    logits = ens.forward(X)
    assert logits.shape == (3, 9, 3)
    value = loss.forward(logits, y)
    grad_x = ens.backward(loss.backward())
    assert grad_x.shape == (3, 9, 5)
    for i, s in enumerate(seeds):
        net = mk.MLP(sizes, activation=activation, init=init, seed=s)
        one = mk.SoftmaxCrossEntropy()
        np.testing.assert_allclose(logits[i], net.forward(X), rtol=1e-12, atol=1e-14)
        assert loss.losses[i] == pytest.approx(one.forward(net.forward(X), y), rel=1e-12)
        np.testing.assert_allclose(grad_x[i], net.backward(one.backward()), rtol=1e-12, atol=1e-15)
        for p, q in zip(net.parameters(), ens.parameters(), strict=True):  # not divided by S
            np.testing.assert_allclose(q.grad[i], p.grad, rtol=1e-12, atol=1e-15)
    assert value == pytest.approx(np.sum(loss.losses))
    assert ens.backward(loss.backward(), need_grad_input=False) is None


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_backprop_matches_finite_differences(activation):
    """forward returns L = sum of the member losses and backward its gradient: centred differences agree."""
    X, y = _blobs(n=6)
    ens = SeedEnsemble([5, 4, 3, 3], [2, 0], activation=activation)
    for p in ens.parameters():
        p.value += 0.1  # nonzero biases; ReLU kinks are still far from every a at this size
    loss = SeedCrossEntropy()

    def L():
        return loss.forward(ens.forward(X), y)

    L()
    ens.backward(loss.backward())
    for p in ens.parameters():
        assert grad_err(p.grad, fd_grad(L, p.value)) < 1e-7, p.name
    assert max(mk.gradcheck(ens, SeedCrossEntropy(), X, y).values()) < 1e-7


def test_gradients_are_overwritten_not_accumulated():
    X, y = _blobs(n=9)
    ens = SeedEnsemble([5, 8, 3], [0, 1])
    loss = SeedCrossEntropy()
    loss.forward(ens.forward(X), y)
    ens.backward(loss.backward())
    first = [p.grad.copy() for p in ens.parameters()]
    loss.forward(ens.forward(X), y)
    ens.backward(loss.backward())
    for g, p in zip(first, ens.parameters(), strict=True):
        np.testing.assert_array_equal(g, p.grad)


@pytest.mark.parametrize(
    "sizes, activation, batch_size, opt_kwargs, lam",
    [
        ([64, 32, 10], "tanh", 32, dict(lr=0.1, momentum=0.9), 0.0),
        ([64, 16, 12, 10], "relu", 50, dict(lr=0.05, momentum=0.9, nesterov=True), 1e-3),
        ([64, 10], "tanh", 7, dict(lr=0.02, schedule=mk.inverse_decay(0.01)), 0.0),
    ],
)
def test_fit_seeds_equals_separate_fits(digits, sizes, activation, batch_size, opt_kwargs, lam):
    """The contract: member i after fit_seeds == MLP(seed=seeds[i]) after fit, same settings and order."""
    X, y = digits
    Xv, yv = mk.data.digits()[0][300:400], mk.data.digits()[1][300:400]
    seeds, epochs, order_seed = [0, 5, 2], 3, 7
    reg = mk.L2(lam) if lam else None
    ens = SeedEnsemble(sizes, seeds, activation=activation)
    opt = mk.SGD(ens.parameters(), **opt_kwargs)
    hist = fit_seeds(
        ens,
        opt,
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        regularizer=reg,
        X_valid=Xv,
        y_valid=yv,
        seed=order_seed,
    )
    assert opt.t == epochs * int(np.ceil(len(X) / batch_size))
    for key in ("train_loss", "train_acc", "valid_loss", "valid_acc"):
        assert np.array(hist[key]).shape == (epochs, 3)
    for i, s in enumerate(seeds):
        net = mk.MLP(sizes, activation=activation, seed=s)
        h = mk.fit(
            net,
            mk.SoftmaxCrossEntropy(),
            mk.SGD(net.parameters(), **opt_kwargs),
            X,
            y,
            epochs=epochs,
            batch_size=batch_size,
            regularizer=reg,
            X_valid=Xv,
            y_valid=yv,
            seed=order_seed,
        )
        for p, q in zip(net.parameters(), ens.member(i).parameters(), strict=True):
            np.testing.assert_allclose(q.value, p.value, rtol=1e-10, atol=1e-12)
        for key in ("train_loss", "valid_loss"):
            np.testing.assert_allclose(np.array(hist[key])[:, i], h[key], rtol=1e-10)
        for key in ("train_acc", "valid_acc"):
            np.testing.assert_array_equal(np.array(hist[key])[:, i], h[key])
        np.testing.assert_allclose(hist["lr"], h["lr"])


def test_the_batch_order_comes_from_fit_seeds_seed_not_from_the_members(digits):
    X, y = digits
    runs = []
    for order_seed in (0, 0, 1):
        ens = SeedEnsemble([64, 16, 10], [3, 4])
        fit_seeds(ens, mk.SGD(ens.parameters(), lr=0.1), X, y, epochs=1, seed=order_seed)
        runs.append(mk.flat_params(ens))
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.allclose(runs[0], runs[2])


def test_float32_trains_in_float32_and_stays_close_to_separate_fits(digits):
    X, y = digits
    X32 = X.astype(np.float32)
    seeds = [0, 1, 2]
    ens = SeedEnsemble([64, 32, 10], seeds, dtype=np.float32)
    assert all(p.value.dtype == np.float32 for p in ens.parameters())
    before = ens.score(X32, y)
    hist = fit_seeds(ens, mk.SGD(ens.parameters(), lr=0.1, momentum=0.9), X32, y, epochs=2, seed=0)
    assert all(p.value.dtype == np.float32 and p.grad.dtype == np.float32 for p in ens.parameters())
    assert ens.forward(X32[:4]).dtype == np.float32
    after = ens.score(X32, y)
    assert np.all(after > before + 0.3) and np.all(after > 0.8)
    for i, s in enumerate(seeds):
        net = mk.MLP([64, 32, 10], seed=s, dtype=np.float32)
        h = mk.fit(
            net,
            mk.SoftmaxCrossEntropy(),
            mk.SGD(net.parameters(), lr=0.1, momentum=0.9),
            X32,
            y,
            epochs=2,
            seed=0,
        )
        np.testing.assert_allclose(mk.flat_params(ens.member(i)), mk.flat_params(net), atol=1e-3)
        np.testing.assert_allclose(np.array(hist["train_loss"])[:, i], h["train_loss"], rtol=1e-3)


def test_member_round_trip(digits):
    X, y = digits
    ens = SeedEnsemble([64, 16, 10], [8, 1, 5], activation="relu", init="he_normal")
    fit_seeds(ens, mk.SGD(ens.parameters(), lr=0.05, momentum=0.9), X, y, epochs=2, seed=3)
    scores = ens.score(X, y)
    losses = ens.loss(X, y)
    proba = ens.predict_proba(X)
    assert scores.shape == losses.shape == (3,) and proba.shape == (3, 300, 10)
    np.testing.assert_allclose(proba.sum(axis=-1), 1.0)
    np.testing.assert_array_equal(ens.predict(X), proba.argmax(axis=-1))
    for i in range(3):
        net = ens.member(i)
        assert type(net) is mk.MLP and net.sizes == [64, 16, 10] and net.dtype == np.float64
        np.testing.assert_array_equal(net.predict(X), ens.predict(X)[i])
        assert net.score(X, y) == scores[i]
        np.testing.assert_allclose(net.predict_proba(X), proba[i], rtol=1e-12, atol=1e-15)
        assert mk.SoftmaxCrossEntropy().forward(net.forward(X), y) == pytest.approx(losses[i], rel=1e-12)
        for p, q in zip(net.parameters(), ens.parameters(), strict=True):
            np.testing.assert_array_equal(p.value, q.value[i])
    np.testing.assert_array_equal(mk.flat_params(ens.member(-1)), mk.flat_params(ens.member(2)))
    copy = ens.member(0)
    copy.parameters()[0].value[...] = 0.0  # a copy: the ensemble keeps its weights
    assert np.any(ens.parameters()[0].value[0] != 0.0)


def test_seed_cross_entropy_is_the_sum_of_the_members_losses():
    rng = np.random.default_rng(0)
    logits, y = rng.standard_normal((4, 6, 3)) * 5, rng.integers(0, 3, 6)
    loss = SeedCrossEntropy()
    value = loss.forward(logits, y)
    grad = loss.backward()
    singles = [mk.SoftmaxCrossEntropy() for _ in range(4)]
    expected = [one.forward(logits[s], y) for s, one in enumerate(singles)]
    np.testing.assert_allclose(loss.losses, expected, rtol=1e-13)
    assert value == pytest.approx(np.sum(expected), rel=1e-13)
    np.testing.assert_allclose(grad, np.stack([one.backward() for one in singles]), rtol=1e-13, atol=1e-16)


def test_divergence_names_the_member(digits):
    X, y = digits
    ens = SeedEnsemble([64, 16, 10], [7, 3])
    ens.parameters()[2].value[1, 0, 0] = np.inf  # W2 of member 1 (seed 3) only
    with np.errstate(all="ignore"):
        with pytest.raises(
            mk.DivergenceError,
            match=r"member\(s\) \[1\] \(seeds \[3\]\) .* in epoch 1 "
            r".* learning rate 0.1",
        ) as info:
            fit_seeds(ens, mk.SGD(ens.parameters(), lr=0.1), X, y, epochs=3)
    assert info.value.epoch == 1 and len(info.value.history) == 0
    assert np.all(np.isfinite(ens.parameters()[2].value[0]))  # member 0 is untouched by member 1's inf


def test_on_epoch_can_stop_training(digits):
    X, y = digits
    ens = SeedEnsemble([64, 16, 10], [0, 1])
    seen = []
    hist = fit_seeds(
        ens,
        mk.SGD(ens.parameters(), lr=0.1),
        X,
        y,
        epochs=5,
        on_epoch=lambda epoch, history, e: seen.append(e) or epoch == 2,
    )
    assert len(hist) == 2 and seen == [ens, ens]


def test_bad_arguments_to_seed_ensemble():
    check_raises(TypeError, ["seeds", "range(5)"], SeedEnsemble, [4, 3], 5)
    check_raises(TypeError, ["seeds"], SeedEnsemble, [4, 3], "012")
    check_raises(ValueError, ["seeds", "at least one"], SeedEnsemble, [4, 3], [])
    check_raises(ValueError, ["seeds", "distinct"], SeedEnsemble, [4, 3], [1, 2, 1])
    check_raises(ValueError, ["seeds[1]", "non-negative int"], SeedEnsemble, [4, 3], [1, -2])
    check_raises(TypeError, ["seeds[0]"], SeedEnsemble, [4, 3], [1.5])
    check_raises(TypeError, ["seeds[0]"], SeedEnsemble, [4, 3], [True])
    check_raises(ValueError, ["sizes"], SeedEnsemble, [4], [0])
    check_raises(ValueError, ["activation"], SeedEnsemble, [4, 3], [0], activation="swish")
    check_raises(TypeError, ["dtype"], SeedEnsemble, [4, 3], [0], dtype=np.int32)
    ens = SeedEnsemble([4, 3], [0, 1])
    check_raises(ValueError, ["i", "[-2, 1]"], ens.member, 2)
    check_raises(TypeError, ["i"], ens.member, 0.0)
    check_raises(ValueError, ["X", "4 columns"], ens.score, np.zeros((2, 5)), [0, 1])
    check_raises(ValueError, ["y", "[0, 3)"], ens.score, np.zeros((2, 4)), [0, 3])
    check_raises(ValueError, ["y", "2 labels"], ens.score, np.zeros((2, 4)), [0, 1, 2])
    check_raises(ValueError, ["X", "NaN"], ens.predict, np.full((2, 4), np.nan))
    check_raises(ValueError, ["X", "4 columns"], ens.forward, np.zeros((2, 5)))
    check_raises(ValueError, ["X", "NaN"], ens.forward, np.full((2, 4), np.nan))
    check_raises(TypeError, ["X"], ens.forward, np.zeros((2, 4), dtype=bool))


def test_bad_arguments_to_fit_seeds():
    X, y = _blobs()
    ens = SeedEnsemble([5, 4, 3], [0, 1])
    opt = mk.SGD(ens.parameters(), lr=0.1)
    check_raises(TypeError, ["ens", "mlpkit.fit"], fit_seeds, mk.MLP([5, 3]), opt, X, y, 1)
    check_raises(TypeError, ["opt"], fit_seeds, ens, "sgd", X, y, 1)
    other = mk.MLP([5, 4, 3])
    check_raises(
        ValueError, ["opt", "ens.parameters()"], fit_seeds, ens, mk.SGD(other.parameters(), lr=0.1), X, y, 1
    )
    check_raises(ValueError, ["epochs"], fit_seeds, ens, opt, X, y, 0)
    check_raises(ValueError, ["batch_size"], fit_seeds, ens, opt, X, y, 1, batch_size=0)
    check_raises(ValueError, ["X", "5 columns"], fit_seeds, ens, opt, X[:, :4], y, 1)
    check_raises(ValueError, ["y", "45 labels"], fit_seeds, ens, opt, X, y[:-1], 1)
    check_raises(TypeError, ["y", "integer"], fit_seeds, ens, opt, X, y.astype(float), 1)
    check_raises(ValueError, ["y", "[0, 3)"], fit_seeds, ens, opt, X, y + 1, 1)
    check_raises(ValueError, ["X_valid, y_valid"], fit_seeds, ens, opt, X, y, 1, X_valid=X)
    check_raises(ValueError, ["X_valid"], fit_seeds, ens, opt, X, y, 1, X_valid=X[:, :2], y_valid=y)
    check_raises(TypeError, ["regularizer"], fit_seeds, ens, opt, X, y, 1, regularizer=0.1)
    check_raises(TypeError, ["on_epoch"], fit_seeds, ens, opt, X, y, 1, on_epoch=3)
    check_raises(TypeError, ["seed"], fit_seeds, ens, opt, X, y, 1, seed=1.5)


def test_bad_arguments_to_seed_cross_entropy():
    loss = SeedCrossEntropy()
    check_raises(RuntimeError, ["backward() called before forward"], loss.backward)
    check_raises(ValueError, ["logits", "3-D"], loss.forward, np.zeros((4, 3)), [0, 1, 2, 0])
    check_raises(ValueError, ["y", "4 labels"], loss.forward, np.zeros((2, 4, 3)), [0, 1])
    check_raises(ValueError, ["y", "[0, 3)"], loss.forward, np.zeros((2, 2, 3)), [0, 3])
    check_raises(ValueError, ["logits", "finite"], loss.forward, np.full((2, 2, 3), np.inf), [0, 1])
