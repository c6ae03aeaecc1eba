"""Self-checks for chapter 13's exercises (adversarial examples).

Each checker takes the student's function, calls it on small random networks and inputs
drawn from `draw_rng` and compares with the reference computed here, never shown.
"""

import numpy as np

from ..attack import fgsm, input_gradient
from ..layers import MLP
from ._check import Feedback, call, compare, draw_rng, exercise


def _problem(rng, n=12):
    d, h, C = int(rng.integers(5, 10)), int(rng.integers(4, 9)), int(rng.integers(3, 6))
    net = MLP([d, h, C], activation="tanh", seed=int(rng.integers(0, 2**31)))
    X = rng.uniform(0.0, 1.0, size=(n, d))
    return net, X, rng.integers(0, C, n), C


@exercise("ex-ch13-targeted")
def ex_ch13_targeted(targeted_fgsm):
    """Your ``targeted_fgsm(net, X, target, eps)``: one signed step of size eps that makes
    ``net`` predict the classes ``target``, clipped to [0, 1]."""
    rng = draw_rng()
    net, X, target, _ = _problem(rng)
    eps = float(rng.uniform(0.05, 0.3))
    got = call(targeted_fgsm, net, X, target, eps, name="targeted_fgsm(net, X, target, eps)")
    g = input_gradient(net, X, target)
    expected = np.clip(X - eps * np.sign(g), 0.0, 1.0)
    got_arr = np.asarray(got, dtype=float) if got is not None else None
    if got_arr is not None and got_arr.shape == X.shape:
        if np.allclose(got_arr, np.clip(X + eps * np.sign(g), 0.0, 1.0)):
            raise Feedback(
                "this step increases the loss of the target class: step against its gradient, "
                "to make the target more likely"
            )
        if np.allclose(got_arr, X - eps * np.sign(g)):
            raise Feedback("clip the result to the valid pixel range [0, 1]")
        if np.allclose(got_arr, np.clip(X - eps * g, 0.0, 1.0)):
            raise Feedback("move every pixel by exactly eps: use the sign of the gradient, not the gradient")
    compare(got, expected, name="targeted_fgsm(net, X, target, eps)")
    return "the targeted sign step on a random network and 12 random images"


@exercise("ex-ch13-l2")
def ex_ch13_l2(min_l2_step):
    """Your ``min_l2_step(W, b, x, y, c)``: the smallest perturbation eta (Euclidean norm)
    that puts ``x + eta`` on the boundary where the logits of classes y and c are equal,
    for softmax regression with weights W (C, d) and biases b (C,)."""
    rng = draw_rng()
    for _trial in range(5):
        C, d = int(rng.integers(3, 8)), int(rng.integers(4, 12))
        W, b, x = rng.normal(size=(C, d)), rng.normal(size=C), rng.uniform(0, 1, d)
        y, c = (int(v) for v in rng.choice(C, 2, replace=False))
        got = call(min_l2_step, W, b, x, y, c, name="min_l2_step(W, b, x, y, c)")
        dw, m = W[c] - W[y], (W[c] - W[y]) @ x + b[c] - b[y]
        expected = -m * dw / (dw @ dw)
        got_arr = np.asarray(got, dtype=float) if got is not None else None
        if got_arr is not None and got_arr.shape == expected.shape:
            if np.allclose(got_arr, -m * dw / np.linalg.norm(dw)):
                raise Feedback(
                    "the step has the right direction but the wrong length: the margin changes by "
                    "dw . eta, so divide by ||w_c - w_y||^2, not ||w_c - w_y||"
                )
            if np.allclose(got_arr, -m * np.sign(dw) / np.abs(dw).sum()):
                raise Feedback(
                    "that is the sign step (smallest max-norm); the smallest Euclidean step follows w_c - w_y"
                )
        compare(got, expected, name="min_l2_step(W, b, x, y, c)")
        margin_after = dw @ (x + np.asarray(got, dtype=float)) + b[c] - b[y]
        if abs(margin_after) > 1e-8:
            raise Feedback("x + eta is not on the boundary: the two logits still differ")
    return "lands exactly on the boundary, along w_c - w_y, for 5 random models"


@exercise("ex-ch13-eps-train")
def ex_ch13_eps_train(fgsm_accuracy):
    """Your ``fgsm_accuracy(net, X, y, eps)``: the fraction of the examples ``net`` classifies
    correctly after an FGSM perturbation of size eps (clipped to [0, 1])."""
    rng = draw_rng()
    net, X, y, _ = _problem(rng, n=40)
    for eps in (0.0, float(rng.uniform(0.05, 0.15)), float(rng.uniform(0.3, 0.6))):
        got = call(fgsm_accuracy, net, X, y, eps, name=f"fgsm_accuracy(net, X, y, {eps:.2f})")
        predicted = net.predict(fgsm(net, X, y, eps))
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"fgsm_accuracy should return one number, got {got!r:.60}") from None
        expected = np.mean(predicted == y)
        if not np.isclose(got, expected):
            if np.isclose(got, 1 - expected):
                raise Feedback("that is the error rate: return the fraction classified correctly")
            if np.isclose(got, len(y) * expected):
                raise Feedback("return a fraction (a mean), not a count")
        compare(got, expected, name=f"fgsm_accuracy(net, X, y, {eps:.2f})")
    return "the accuracy under FGSM at three eps on a random network"


__all__ = ["ex_ch13_targeted", "ex_ch13_l2", "ex_ch13_eps_train"]
