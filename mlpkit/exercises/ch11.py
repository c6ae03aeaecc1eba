"""Self-checks for chapter 11's exercises (initialisation).

Each checker takes the student's functions, calls them on sizes and scales drawn from
`draw_rng` and compares with the reference computed here, never shown.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


def _numbers(values, name):
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise Feedback(f"{name} should return one number") from None


@exercise("ex-ch11-variance")
def ex_ch11_variance(uniform_variance, glorot_bound):
    """Your ``uniform_variance(b)`` (the variance of U[-b, b]) and ``glorot_bound(H_out, H_in)``.

    ``glorot_bound`` is the b of eq-ch11-recipe for a layer of shape (H_out, H_in).
    """
    rng = draw_rng()
    b = rng.uniform(0.05, 3.0, 6)
    got = _numbers([call(uniform_variance, v, name="uniform_variance(b)") for v in b], "uniform_variance(b)")
    if got.shape == b.shape:
        if np.allclose(got, b**2 / 12):
            raise Feedback("uniform_variance: the width of U[-b, b] is 2b, so (2b)^2 / 12 = b^2 / 3")
        if np.allclose(got, b / np.sqrt(3)):
            raise Feedback(
                "uniform_variance: b / sqrt(3) is the standard deviation; the variance is its square"
            )
    compare(got, b**2 / 3, name="uniform_variance(b)")

    H_out, H_in = rng.integers(5, 800, 6), rng.integers(5, 800, 6)
    got = _numbers(
        [call(glorot_bound, int(o), int(i), name="glorot_bound(H_out, H_in)") for o, i in zip(H_out, H_in)],
        "glorot_bound(H_out, H_in)",
    )
    expected = np.sqrt(6) / np.sqrt(H_out + H_in)
    if got.shape == expected.shape:
        if np.allclose(got, np.sqrt(2 / (H_out + H_in))):
            raise Feedback(
                "glorot_bound: sqrt(2 / (H_out + H_in)) is the standard deviation the recipe aims at; "
                "the bound b of U[-b, b] is sqrt(3) times larger"
            )
        if np.allclose(got, np.sqrt(6 / H_in)) or np.allclose(got, np.sqrt(6 / H_out)):
            raise Feedback("glorot_bound: the recipe uses both sizes, H_k + H_(k-1), not one of them")
        if np.allclose(got, expected**2):
            raise Feedback("glorot_bound: b = sqrt(6) / sqrt(H_out + H_in): a square root is missing")
    compare(got, expected, name="glorot_bound(H_out, H_in)")
    return "uniform_variance and glorot_bound match on 6 random scales and layer shapes"


@exercise("ex-ch11-depth")
def ex_ch11_depth(relu_std_ratio):
    """Your ``relu_std_ratio(L, c)``: the predicted std of h^(L) over the std of h^(1).

    For a ReLU network of L hidden layers of equal width whose weights have variance
    c / H_(k-1), at initialisation, by the argument of eq-ch11-variance.
    """
    rng = draw_rng()
    L = rng.integers(2, 40, 6)
    c = rng.uniform(0.5, 3.0, 6)
    got = _numbers(
        [call(relu_std_ratio, int(n), float(g), name="relu_std_ratio(L, c)") for n, g in zip(L, c)],
        "relu_std_ratio(L, c)",
    )
    expected = (c / 2) ** ((L - 1) / 2)
    if got.shape == expected.shape:
        if np.allclose(got, c ** ((L - 1) / 2)):
            raise Feedback(
                "relu_std_ratio: a ReLU zeroes half of its inputs, so each layer multiplies the "
                "second moment by c / 2, not c"
            )
        if np.allclose(got, (c / 2) ** (L - 1)):
            raise Feedback("relu_std_ratio: (c / 2)^(L - 1) is the ratio of variances; take its square root")
        if np.allclose(got, (c / 2) ** (L / 2)):
            raise Feedback("relu_std_ratio: from layer 1 to layer L there are L - 1 steps, not L")
    compare(got, expected, name="relu_std_ratio(L, c)", rtol=1e-6)
    return "relu_std_ratio matches on 6 random depths and scales"


@exercise("ex-ch11-break")
def ex_ch11_break(equal_weights_random_biases):
    """Your ``equal_weights_random_biases(sizes, c, seed)``: an `mlpkit.MLP` (tanh) whose weights all
    equal ``c`` and whose hidden biases are drawn at random (seeded by ``seed``)."""
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    from ..optim import SGD

    rng = draw_rng()
    sizes = [int(rng.integers(3, 8)), int(rng.integers(4, 9)), int(rng.integers(2, 5))]
    c = float(rng.uniform(0.02, 0.2))
    net = call(
        equal_weights_random_biases, sizes, c, int(rng.integers(1000)), name="equal_weights_random_biases"
    )
    if not isinstance(net, MLP):
        raise Feedback(f"equal_weights_random_biases should return an mlpkit MLP, got {type(net).__name__}")
    if list(net.sizes) != sizes:
        raise Feedback(f"the network has sizes {list(net.sizes)}, expected {sizes}")
    for k, lin in enumerate(net.linears, start=1):
        if not np.allclose(lin.W, c, rtol=0, atol=1e-12):
            raise Feedback(f"W{k} should have every entry equal to c = {c:.3g}")
    b1 = net.linears[0].b
    if np.ptp(b1) < 1e-6:
        raise Feedback("the first layer's biases are all equal: draw a different random bias for each unit")
    X = rng.normal(size=(20, sizes[0]))
    y = rng.integers(0, sizes[-1], 20)
    loss, sgd = SoftmaxCrossEntropy(), SGD(net.parameters(), lr=0.5)
    for _ in range(3):  # the first step moves W2 only (equal columns send no signal down); then W1 splits
        loss.forward(net.forward(X), y)
        net.backward(loss.backward())
        sgd.step()
    W1 = net.linears[0].W
    if np.abs(W1 - W1[0]).max() < 1e-12:
        raise Feedback("after 3 steps of SGD the rows of W1 are still equal: the symmetry is not broken")
    return "equal weights and distinct first-layer biases, whose rows of W1 drift apart under SGD"
