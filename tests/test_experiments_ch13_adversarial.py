"""Chapter 13's experiments: trained digit classifiers and the attacks on them."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.attack import fgsm
from mlpkit.experiments import ch13_adversarial as ex


def test_split_is_the_first_1200_digits():
    X_train, y_train, X_test, y_test = ex.digits_split()
    X, y = mk.data.digits()
    assert X_train.shape == (1200, 64) and X_test.shape == (597, 64)
    np.testing.assert_array_equal(X_test, X[1200:])
    np.testing.assert_array_equal(y_train, y[:1200])
    with pytest.raises(ValueError):
        X_test[0, 0] = 1.0  # cached: read-only


@pytest.mark.parametrize("model, sizes", [("softmax regression", [64, 10]), ("MLP", [64, 64, 10])])
def test_model_is_the_course_recipe(model, sizes):
    X_train, y_train, X_test, y_test = ex.digits_split()
    net = mk.MLP(sizes, activation="tanh", seed=1)
    mk.fit(
        net,
        mk.SoftmaxCrossEntropy(),
        mk.SGD(net.parameters(), lr=0.1, momentum=0.9),
        X_train,
        y_train,
        epochs=30,
        batch_size=32,
        seed=1,
    )
    cached, X_t, y_t = ex.trained_digits_model(model, seed=1)
    np.testing.assert_array_equal(mk.flat_params(cached), mk.flat_params(net))
    assert ex.trained_digits_model(model, seed=1)[0] is cached
    assert cached.score(X_t, y_t) > 0.88


def test_seeds_give_different_models():
    a, b = ex.trained_digits_model("MLP", 0)[0], ex.trained_digits_model("MLP", 1)[0]
    assert not np.array_equal(mk.flat_params(a), mk.flat_params(b))


def test_accuracy_curves_measure_the_attacks():
    net, X_test, y_test = ex.trained_digits_model("MLP", 0)
    curves = ex.accuracy_curves(net, eps_grid=(0.0, 0.1))
    assert set(curves) == set(ex.ATTACKS)
    clean = net.score(X_test, y_test)
    assert all(c[0] == clean for c in curves.values())
    assert curves["FGSM"][1] == net.score(fgsm(net, X_test, y_test, 0.1), y_test)
    assert curves["BIM (10 steps)"][1] < curves["FGSM"][1] < curves["random signs"][1]
    assert curves["PGD (10 steps, 5 starts)"][1] <= curves["BIM (10 steps)"][1] + 0.005


def test_adversarial_training_is_goodfellows_objective_per_mini_batch():
    """The first update equals one SGD step on 0.5 J(clean) + 0.5 J(FGSM of the batch)."""
    X_train, y_train, _, _ = ex.digits_split()
    net = ex._adversarially_trained_mlp.__wrapped__(0.1, 3, 1, batch_size=1200)  # one full-batch update
    ref = mk.MLP([64, 64, 10], activation="tanh", seed=3)
    order = np.random.default_rng(3).permutation(1200)
    Xb, yb = X_train[order], y_train[order]
    X_adv = fgsm(ref, Xb, yb, 0.1)
    loss = mk.SoftmaxCrossEntropy()
    grads = []
    for X in (Xb, X_adv):
        loss.forward(ref.forward(X), yb)
        ref.backward_params(loss.backward())
        grads.append([p.grad.copy() for p in ref.parameters()])
    for p, g_clean, g_adv in zip(ref.parameters(), *grads, strict=True):
        p.value -= 0.1 * (0.5 * g_clean + 0.5 * g_adv)
    np.testing.assert_allclose(mk.flat_params(net), mk.flat_params(ref), atol=1e-12)


def test_adversarial_training_buys_robustness_at_its_eps():
    robust = ex.adversarially_trained_mlp(0.1, seed=0)
    standard, X_test, y_test = ex.trained_digits_model("MLP", 0)
    assert ex.adversarially_trained_mlp(0.1, seed=0) is robust
    rob = robust.score(fgsm(robust, X_test, y_test, 0.1), y_test)
    std = standard.score(fgsm(standard, X_test, y_test, 0.1), y_test)
    assert rob > std + 0.1


def test_attack_results_shapes_and_transfer():
    r = ex.attack_results(seeds=(0, 1), eps_grid=(0.0, 0.1), adversarial_seeds=1)
    assert r["transfer"].shape == (2, 3, 3) and r["transfer_random"].shape == (2, 3)
    assert r["curves"]["MLP"]["FGSM"].shape == (2, 2)
    assert r["curves"]["adversarially trained"]["FGSM"].shape == (1, 2)
    # the white-box entries are the curves' FGSM at eps 0.1
    assert r["transfer"][0, 1, 1] == r["curves"]["MLP"]["FGSM"][0, 1]
    assert r["transfer"][1, 2, 2] == r["curves"]["MLP"]["FGSM"][0, 1]  # seed 1's "other MLP" is seed 0's


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: ex.trained_digits_model("CNN"), "model"),
        (lambda: ex.trained_digits_model("MLP", seed=-1), "seed"),
        (lambda: ex.adversarially_trained_mlp(eps=1.5), "eps"),
        (lambda: ex.attack_results(seeds=(0,)), "seeds"),
        (lambda: ex.attack_results(seeds=(0, 1), adversarial_seeds=3), "adversarial_seeds"),
    ],
)
def test_bad_arguments_raise_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()
