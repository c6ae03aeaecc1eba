"""Chapter 14's experiments: how lazily a network of width H trains, over seeds.

`lazy_training` trains the chapter's network, one tanh hidden layer of width H in the NTK
parameterisation (`mlpkit.kernels.ntk_mlp`), by full-batch gradient descent on the mean
squared error of 20 points of y = sin(2x), and trains its linearisation around theta_0,

    f_lin(x; theta) = f(x; theta_0) + J_0(x) (theta - theta_0),

with the same learning rate and number of steps (in closed form, with the kernel at
initialisation: `mlpkit.kernels.kernel_gradient_descent`). It returns both functions on a
grid, the kernel-regression limit t -> infinity, the relative changes of the weights and of
the kernel, ||theta_T - theta_0|| / ||theta_0|| and ||Theta_T - Theta_0||_F / ||Theta_0||_F,
and the kernel-target alignment before and after training. `lazy_sweep` runs it for several
widths and seeds and `lazy_slopes` fits the log-log slope of each quantity, one per seed.
"""

from typing import NamedTuple

import numpy as np

from .._validate import check_int, check_real
from ._common import read_only_cache

__all__ = [
    "WIDTHS",
    "LazyRun",
    "regression_data",
    "lazy_training",
    "lazy_sweep",
    "lazy_slopes",
    "alignment",
    "OneHidden",
    "init_one_hidden",
    "one_hidden_forward",
    "one_hidden_ntk",
    "relu_ntk_limit",
    "sphere_data",
    "ntk_convergence",
    "train_one_hidden",
    "clipped_error",
    "BoundRun",
    "RADII",
    "SCALES",
    "apriori_bound",
    "scale_sweep",
]

WIDTHS = (16, 32, 64, 128, 256, 512, 1024)  # the widget's slider: each run well under a second


class LazyRun(NamedTuple):
    """A network of one width trained by gradient descent, and its trained linearisation."""

    x_grid: np.ndarray  #: (61,) inputs on [-3, 3]
    f0: np.ndarray  #: (61,) f(x; theta_0)
    f_net: np.ndarray  #: (61,) the trained network
    f_lin: np.ndarray  #: (61,) the trained linearisation (kernel gradient descent with Theta_0)
    f_kreg: np.ndarray  #: (61,) its limit t -> infinity (kernel regression, ridge 1e-6)
    ntk_eigenvalues: np.ndarray  #: (20,) eigenvalues of Theta_0 on the training points, ascending
    weight_change: float  #: ||theta_T - theta_0|| / ||theta_0||
    kernel_change: float  #: ||Theta_T - Theta_0||_F / ||Theta_0||_F on the training points
    net_lin: float  #: ||f_net - f_lin|| / ||f_net - f0|| on the grid
    gap: float  #: max over the grid of |f_net - f_lin|
    train_mse: float  #: mean squared error of the trained network on the training points
    train_mse_lin: float  #: the same for the trained linearisation
    alignment0: float  #: kernel-target alignment of Theta_0
    alignment: float  #: kernel-target alignment of Theta_T


def regression_data():
    """The chapter's data.

    Returns
    -------
    X : ndarray of shape (20, 1)
        Sorted inputs in [-2, 2), drawn from seed 0.
    y : ndarray of shape (20,)
        Targets sin(2 X[:, 0]).
    X_grid : ndarray of shape (61, 1)
        The evaluation grid on [-3, 3].
    """
    rng = np.random.default_rng(0)
    X = np.sort(rng.uniform(-2, 2, size=(20, 1)), axis=0)
    return X, np.sin(2 * X[:, 0]), np.linspace(-3, 3, 61)[:, None]


def alignment(K, y):
    """Kernel-target alignment y^T K y / (||K||_F ||y||^2).

    Parameters
    ----------
    K : ndarray of shape (n, n)
        A kernel matrix on the training points.
    y : ndarray of shape (n,)
        The targets.

    Returns
    -------
    float
    """
    return float(y @ K @ y / (np.linalg.norm(K) * (y @ y)))


def lazy_training(width=64, lr=0.5, steps=400, seed=0):
    """Train ``ntk_mlp([1, width, 1], seed=seed)`` and its linearisation on `regression_data`.

    Parameters
    ----------
    width : int
        H, the number of hidden units, in [1, 8192].
    lr : float
        Learning rate of full-batch gradient descent, > 0 (the chapter's 0.5).
    steps : int
        Gradient steps, in [1, 10000] (the chapter's 400).
    seed : int
        Seed of the initial weights, >= 0.

    Returns
    -------
    LazyRun
        Cached: the same arguments give the same object, whose arrays are read-only.
    """
    width = check_int(width, "width", low=1, high=8192)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=1, high=10_000)
    seed = check_int(seed, "seed", low=0)
    return _lazy_training(width, lr, steps, seed)


@read_only_cache(maxsize=64)
def _lazy_training(width, lr, steps, seed):
    from ..kernels import empirical_ntk, kernel_gradient_descent, kernel_regression, ntk_mlp
    from ..losses import MeanSquaredError
    from ..module import flat_params
    from ..optim import SGD

    X, y, X_grid = regression_data()
    net = ntk_mlp([1, width, 1], seed=seed)
    theta0, K0, K0_grid = flat_params(net), empirical_ntk(net, X), empirical_ntk(net, X_grid, X)
    f0, f0_train = net.forward(X_grid)[:, 0], net.forward(X)[:, 0]
    # The linearisation trained by gradient descent, in function space (eq-ch14-kernel-gd).
    f_lin = f0 + kernel_gradient_descent(K0, y - f0_train, K0_grid, lr=lr, steps=steps)
    f_lin_train = f0_train + kernel_gradient_descent(K0, y - f0_train, K0, lr=lr, steps=steps)
    f_kreg = f0 + kernel_regression(K0, y - f0_train, K0_grid, ridge=1e-6)
    loss, opt = MeanSquaredError(), SGD(net.parameters(), lr=lr)
    for _ in range(steps):  # full-batch gradient descent: fit(..., batch_size=len(X)) without the bookkeeping
        loss.forward(net.forward(X), y[:, None])
        net.backward(loss.backward())  # overwrites every gradient
        opt.step()
    f_net = net.forward(X_grid)[:, 0]
    K_T = empirical_ntk(net, X)
    return LazyRun(
        x_grid=X_grid[:, 0],
        f0=f0,
        f_net=f_net,
        f_lin=f_lin,
        f_kreg=f_kreg,
        ntk_eigenvalues=np.linalg.eigvalsh(K0),
        weight_change=float(np.linalg.norm(flat_params(net) - theta0) / np.linalg.norm(theta0)),
        kernel_change=float(np.linalg.norm(K_T - K0) / np.linalg.norm(K0)),
        net_lin=float(np.linalg.norm(f_net - f_lin) / np.linalg.norm(f_net - f0)),
        gap=float(np.max(np.abs(f_net - f_lin))),
        train_mse=float(np.mean((net.forward(X)[:, 0] - y) ** 2)),
        train_mse_lin=float(np.mean((f_lin_train - y) ** 2)),
        alignment0=alignment(K0, y),
        alignment=alignment(K_T, y),
    )


QUANTITIES = (
    "weight_change",
    "kernel_change",
    "net_lin",
    "gap",
    "train_mse",
    "train_mse_lin",
    "alignment0",
    "alignment",
)


def lazy_sweep(
    widths=(16, 32, 64, 128, 256, 512, 1024, 2048, 4096), seeds=(0, 1, 2, 3, 4), lr=0.5, steps=400
):
    """`lazy_training` for every width and seed.

    Parameters
    ----------
    widths : sequence of int
        The widths H.
    seeds : sequence of int
        The seeds of the initial weights.
    lr : float
        Learning rate, as in `lazy_training`.
    steps : int
        Gradient steps, as in `lazy_training`.

    Returns
    -------
    dict of str to ndarray of shape (len(widths), len(seeds))
        One array per scalar field of `LazyRun` (``"weight_change"``, ``"kernel_change"``,
        ``"net_lin"``, ``"gap"``, ``"train_mse"``, ``"train_mse_lin"``, ``"alignment0"``,
        ``"alignment"``); row i is width ``widths[i]``, column j seed ``seeds[j]``.
    """
    widths = [check_int(w, "widths", low=1, high=8192) for w in widths]
    seeds = [check_int(s, "seeds", low=0) for s in seeds]
    if not widths or not seeds:
        raise ValueError("widths, seeds: expected at least one of each")
    runs = [[lazy_training(w, lr, steps, s) for s in seeds] for w in widths]
    return {q: np.array([[getattr(r, q) for r in row] for row in runs]) for q in QUANTITIES}


def lazy_slopes(widths, values, min_width=128):
    """Log-log slope of each seed's column of ``values`` against the width, fitted for H >= min_width.

    Parameters
    ----------
    widths : sequence of int
        The widths H, one per row of ``values``.
    values : ndarray of shape (len(widths), n_seeds)
        A positive quantity per width and seed (a field of `lazy_sweep`).
    min_width : int
        The narrowest width in the fit (the lazy regime; narrower nets move their kernel).

    Returns
    -------
    ndarray of shape (n_seeds,)
        The slope d log(value) / d log(H), one per seed.
    """
    widths = np.asarray(widths, dtype=float)
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[0] != widths.size or np.any(values <= 0):
        raise ValueError(
            f"values: expected positive values of shape ({widths.size}, n_seeds), got {values.shape}"
        )
    keep = widths >= min_width
    if keep.sum() < 2:
        raise ValueError(f"min_width: expected at least two widths >= {min_width}")
    return np.polyfit(np.log(widths[keep]), np.log(values[keep]), 1)[0]


# --- The infinite-width kernel, a-priori bounds and the output scale (one hidden layer, closed form) ---


class OneHidden(NamedTuple):
    """The parameters of ``ntk_mlp([d, H, 1], activation)``, for closed-form gradients."""

    W: np.ndarray  #: (H, d) first-layer weights, N(0, 1) at initialisation
    b: np.ndarray  #: (H,) first-layer biases, 0 at initialisation
    v: np.ndarray  #: (H,) output weights, N(0, 1) at initialisation
    b2: float  #: output bias, 0 at initialisation


_ACTIVATIONS = {
    "relu": (lambda a: np.maximum(a, 0.0), lambda a: (a > 0).astype(float)),
    "tanh": (np.tanh, lambda a: 1.0 - np.tanh(a) ** 2),
}


def init_one_hidden(d, width, activation="relu", seed=0):
    """The initial parameters of ``ntk_mlp([d, width, 1], activation, seed=seed)`` (the same draw).

    Parameters
    ----------
    d, width : int
        Input dimension and width H.
    activation : {"relu", "tanh"}
    seed : int

    Returns
    -------
    OneHidden
    """
    from ..kernels import ntk_mlp
    from ..layers import Linear

    first, second = [m for m in ntk_mlp([d, width, 1], activation, seed=seed).layers if isinstance(m, Linear)]
    return OneHidden(first.W.copy(), first.b.copy(), second.W[0].copy(), float(second.b[0]))


def _hidden(p, X, activation):
    """Pre-activations A (n, H) of the NTK parameterisation with beta = 1."""
    return X @ p.W.T / np.sqrt(X.shape[1]) + p.b


def one_hidden_forward(p, X, activation="relu", alpha=1.0):
    """alpha f(x; theta) for the parameters ``p``: (n, d) -> (n,)."""
    g, _ = _ACTIVATIONS[activation]
    return alpha * (g(_hidden(p, X, activation)) @ p.v / np.sqrt(p.W.shape[0]) + p.b2)


def one_hidden_ntk(p, X1, X2=None, activation="relu", alpha=1.0):
    """The empirical NTK of alpha f(x; theta), in closed form: (n1, d), (n2, d) -> (n1, n2).

    alpha^2 [ (1/H) sum_j g(a_j) g(a'_j) + (1/H) sum_j v_j^2 g'(a_j) g'(a'_j) (x.x'/d + 1) + 1 ],
    the same as `mlpkit.kernels.empirical_ntk` of the network (tested), without one
    backward pass per example.
    """
    X2 = X1 if X2 is None else X2
    g, dg = _ACTIVATIONS[activation]
    A1, A2 = _hidden(p, X1, activation), _hidden(p, X2, activation)
    D1, D2 = dg(A1) * p.v, dg(A2) * p.v
    H, d = p.W.shape
    return alpha**2 * ((g(A1) @ g(A2).T + (D1 @ D2.T) * (X1 @ X2.T / d + 1.0)) / H + 1.0)


def relu_ntk_limit(X1, X2=None):
    """The infinite-width NTK of ``ntk_mlp([d, H, 1], "relu")`` (beta = 1, biases 0 at start).

    With u = x.x'/d, |x| |x'| / d = s and t the angle between x and x' (the arc-cosine
    kernels of Cho and Saul, 2009):

        Theta_inf(x, x') = s (sin t + (pi - t) cos t) / (2 pi) + (pi - t) / (2 pi) (u + 1) + 1.

    Parameters
    ----------
    X1 : ndarray of shape (n1, d)
    X2 : ndarray of shape (n2, d), optional (default X1)

    Returns
    -------
    ndarray of shape (n1, n2)
    """
    X2 = X1 if X2 is None else X2
    d = X1.shape[1]
    n1, n2 = np.linalg.norm(X1, axis=1), np.linalg.norm(X2, axis=1)
    cos = np.clip((X1 @ X2.T) / np.outer(n1, n2), -1.0, 1.0)
    t = np.arccos(cos)
    s = np.outer(n1, n2) / d
    return (
        s * (np.sin(t) + (np.pi - t) * cos) / (2 * np.pi)
        + (np.pi - t) / (2 * np.pi) * (X1 @ X2.T / d + 1)
        + 1
    )


def sphere_data(n, d=5, labels="true", seed=0):
    """n points uniform on the unit sphere in R^d and their targets.

    Parameters
    ----------
    n, d : int
    labels : {"true", "random"}
        "true": y = sqrt(d) x_1 / 2 (a linear function of the input, of standard deviation 1/2);
        "random": y = +-1/2, each with probability 1/2, independent of x.
    seed : int

    Returns
    -------
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
    """
    n, d, seed = check_int(n, "n", low=1), check_int(d, "d", low=1), check_int(seed, "seed", low=0)
    if labels not in ("true", "random"):
        raise ValueError(f"labels: expected 'true' or 'random', got {labels!r}")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    y = np.sqrt(d) * X[:, 0] / 2 if labels == "true" else rng.choice([-0.5, 0.5], size=n)
    return X, y


def ntk_convergence(widths=(16, 64, 256, 1024, 4096), seeds=(0, 1, 2, 3, 4), n=40, d=5):
    """||Theta_0(H) - Theta_inf||_F / ||Theta_inf||_F on n points of the sphere, per width and seed.

    Returns
    -------
    ndarray of shape (len(widths), len(seeds))
    """
    X, _ = sphere_data(n, d, seed=0)
    K_inf = relu_ntk_limit(X)
    out = np.empty((len(widths), len(seeds)))
    for i, H in enumerate(widths):
        for j, s in enumerate(seeds):
            K = one_hidden_ntk(init_one_hidden(d, check_int(H, "widths", low=1), "relu", seed=s), X)
            out[i, j] = np.linalg.norm(K - K_inf) / np.linalg.norm(K_inf)
    return out


def train_one_hidden(p, X, y, activation="relu", alpha=1.0, lr=0.5, steps=400):
    """Full-batch gradient descent on (1/n) sum (alpha f(x_i) - y_i)^2 with learning rate lr / alpha^2.

    The rate lr / alpha^2 makes the first step in function space independent of alpha (the
    kernel of alpha f is alpha^2 Theta), so that alpha changes only how far the parameters
    must move (Chizat et al., 2019). Returns the trained `OneHidden`.
    """
    g, dg = _ACTIVATIONS[activation]
    W, b, v, b2 = p.W.copy(), p.b.copy(), p.v.copy(), p.b2
    (n, d), H = X.shape, W.shape[0]
    rate = lr / alpha**2
    for _ in range(steps):
        A = X @ W.T / np.sqrt(d) + b
        G = g(A)
        e = 2 * alpha * (alpha * (G @ v / np.sqrt(H) + b2) - y) / n  # dL/d(f), times alpha
        dA = np.outer(e, v) * dg(A) / np.sqrt(H)
        v -= rate * (G.T @ e) / np.sqrt(H)
        b2 -= rate * e.sum()
        W -= rate * (dA.T @ X) / np.sqrt(d)
        b -= rate * dA.sum(axis=0)
    return OneHidden(W, b, v, b2)


def clipped_error(f, y):
    """The loss of the bound: mean of min(|f - y|, 1), 1-Lipschitz in f and in [0, 1]."""
    return float(np.mean(np.minimum(np.abs(f - y), 1.0)))


class BoundRun(NamedTuple):
    """An a-priori kernel bound against the trained network (`apriori_bound`)."""

    bound: float  #: train loss of f_lin + 2 B' sqrt(tr Theta_0) / n + confidence (B' = B up to RADII)
    complexity: float  #: 2 B sqrt(tr Theta_0) / n, with B = ||theta_T - theta_0|| of the linearisation
    complexity_limit: float  #: the same for steps -> infinity: 2 sqrt(r0^T Theta_0^-1 r0 tr Theta_0) / n
    train_lin: float  #: clipped error of the trained linearisation on the training points (a priori)
    train_net: float  #: clipped error of the trained network on the training points (measured)
    test_net: float  #: clipped error of the trained network on the test points (measured)
    test_lin: float  #: clipped error of the trained linearisation on the test points
    gap: float  #: mean |f_net - f_lin| on the test points
    kernel_change: float  #: ||Theta_T - Theta_0||_F / ||Theta_0||_F on the training points


SCALES = (
    1 / np.sqrt(512),
    0.25,
    1.0,
    4.0,
)  #: output scales of `scale_sweep`: mean-field at width 512 to lazy
RADII = 1.1 ** np.arange(-100, 101)  #: the grid of radii of the union bound (201 values)


def apriori_bound(
    width=256, alpha=1.0, labels="true", seed=0, n=400, n_test=500, d=5, lr=0.5, steps=100, delta=0.05
):
    """An a-priori generalisation bound from Theta_0, against the network trained on the same data.

    The class {f(.; theta_0) + J_0(.)(theta - theta_0) : ||theta - theta_0|| <= B} has empirical
    Rademacher complexity at most B sqrt(tr Theta_0) / n; for a loss that is 1-Lipschitz and in
    [0, 1], with probability 1 - delta every f in it has
    L_test(f) <= L_train(f) + 2 B sqrt(tr Theta_0) / n + 3 sqrt(log(2 K / delta) / (2 n)),
    simultaneously for the K radii of `RADII` (a union bound, so that B may be chosen after
    seeing the labels: we round it up to the grid). With B = ||theta_T - theta_0|| of the
    linearisation trained by gradient descent (closed form from Theta_0, y and f(X; theta_0)),
    everything is computed before training (Arora et al., 2019, for the limit steps -> infinity).

    Parameters
    ----------
    width : int
        H of the ReLU network ``ntk_mlp([d, H, 1], "relu")``, output multiplied by ``alpha``.
    alpha : float
        Output scale (learning rate lr / alpha^2, see `train_one_hidden`).
    labels : {"true", "random"}
        The targets of `sphere_data`.
    seed : int
        Seed of the data (training and test points) and of the initial weights.
    n, n_test, d : int
        Training points, test points, input dimension.
    lr : float
        Learning rate, before the 1 / alpha^2.
    steps : int
        Gradient steps.
    delta : float
        The bound fails with probability at most delta.

    Returns
    -------
    BoundRun
    """
    from ..kernels import kernel_gradient_descent

    X_all, y_all = sphere_data(n + n_test, d, labels, seed)
    X, y, X_test, y_test = X_all[:n], y_all[:n], X_all[n:], y_all[n:]
    p0 = init_one_hidden(d, width, "relu", seed)
    K, K_test = one_hidden_ntk(p0, X, alpha=alpha), one_hidden_ntk(p0, X_test, X, alpha=alpha)
    f0, f0_test = one_hidden_forward(p0, X, alpha=alpha), one_hidden_forward(p0, X_test, alpha=alpha)
    r0, rate = y - f0, lr / alpha**2
    f_lin = f0 + kernel_gradient_descent(K, r0, K, lr=rate, steps=steps)
    f_lin_test = f0_test + kernel_gradient_descent(K, r0, K_test, lr=rate, steps=steps)
    mu, U = np.linalg.eigh(K)  # ||theta_T - theta_0||^2 of the linearisation, in the eigenbasis
    filt = 1 - (1 - 2 * rate * mu / n) ** steps
    B = np.sqrt(np.sum(filt**2 / mu * (U.T @ r0) ** 2))
    B_grid = RADII[np.searchsorted(RADII, B)]
    complexity = 2 * B * np.sqrt(np.trace(K)) / n
    confidence = 3 * np.sqrt(np.log(2 * RADII.size / delta) / (2 * n))
    train_lin = clipped_error(f_lin, y)
    p = train_one_hidden(p0, X, y, "relu", alpha, lr, steps)
    f_test = one_hidden_forward(p, X_test, alpha=alpha)
    K_T = one_hidden_ntk(p, X, alpha=alpha)
    return BoundRun(
        bound=float(train_lin + 2 * B_grid * np.sqrt(np.trace(K)) / n + confidence),
        complexity=float(complexity),
        complexity_limit=float(2 * np.sqrt(np.sum((U.T @ r0) ** 2 / mu) * np.trace(K)) / n),
        train_lin=train_lin,
        train_net=clipped_error(one_hidden_forward(p, X, alpha=alpha), y),
        test_net=clipped_error(f_test, y_test),
        test_lin=clipped_error(f_lin_test, y_test),
        gap=float(np.mean(np.abs(f_test - f_lin_test))),
        kernel_change=float(np.linalg.norm(K_T - K) / np.linalg.norm(K)),
    )


def scale_sweep(alphas=SCALES, seeds=(0, 1, 2), width=512, lr=0.5, steps=400):
    """Relative change of the kernel during training against the output scale alpha, at one width.

    The chapter's problem (`regression_data`), tanh network ``ntk_mlp([1, width, 1])`` with its
    output multiplied by alpha, trained with lr / alpha^2 (`train_one_hidden`). alpha = 1 is the
    NTK parameterisation; alpha = 1 / sqrt(width) is the mean-field one (output ~ 1/H).

    Returns
    -------
    dict of str to ndarray of shape (len(alphas), len(seeds))
        ``"kernel_change"``: ||Theta_T - Theta_0||_F / ||Theta_0||_F on the training points;
        ``"train_mse"``: the trained network's mean squared error on them.
    """
    X, y, _ = regression_data()
    out = {
        "kernel_change": np.empty((len(alphas), len(seeds))),
        "train_mse": np.empty((len(alphas), len(seeds))),
    }
    for i, a in enumerate(alphas):
        a = check_real(a, "alphas", low=0.0, low_open=True)
        for j, s in enumerate(seeds):
            p0 = init_one_hidden(1, width, "tanh", s)
            p = train_one_hidden(p0, X, y, "tanh", a, lr, steps)
            K0, K = (
                one_hidden_ntk(p0, X, activation="tanh", alpha=a),
                one_hidden_ntk(p, X, activation="tanh", alpha=a),
            )
            out["kernel_change"][i, j] = np.linalg.norm(K - K0) / np.linalg.norm(K0)
            out["train_mse"][i, j] = np.mean((one_hidden_forward(p, X, "tanh", a) - y) ** 2)
    return out
