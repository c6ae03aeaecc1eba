"""Chapter 16's experiments: the L2-regularised loss of a one-hidden-layer ReLU network.

The network has no biases (a constant input coordinate plays the bias):
``f(x) = a . relu(W x)``, with ``W`` of shape (H, d) and ``a`` of shape (H,). On N points
``X`` (N, d), ``y`` (N,) its L2-regularised loss is

    L(W, a) = (1/N) ||relu(X W^T) a - y||^2 + (lam/2) (||W||_F^2 + ||a||^2).

Three views of it, after Jacot, Golikov, Hongler and Gabriel (2022):

- `profile_cost`: for a fixed hidden representation ``Z = W X^T`` (H, N), the smallest
  ``W`` is ``Z (X^T)^+`` and the best ``a`` solves a ridge problem, so the loss minimised
  over the weights is a function of ``Z`` alone, ``C(Z) <= L(W, a)``;
- `rebalance` and `group_cost`: rescaling neuron j by ``(c w_j, a_j / c)`` leaves ``f``
  unchanged, and the smallest L2 cost over ``c`` is ``lam ||w_j|| |a_j|``: at balanced
  points (``||w_j|| = |a_j|``) the L2 loss equals the group-lasso loss of
  ``b_j = |a_j| w_j``;
- `prox_train`: proximal gradient descent on that group-lasso loss, which sets whole
  neurons exactly to zero, and `count_neurons`, which counts those left.
"""

import numpy as np

from .._validate import check_int, check_real, check_seed

__all__ = [
    "init_net",
    "forward",
    "l2_loss",
    "gd_weight_decay",
    "profile_cost",
    "xor_data",
    "distance_ratio",
    "rebalance",
    "group_cost",
    "imbalance",
    "random_problem",
    "prox_group",
    "prox_train",
    "count_neurons",
    "sparsity_sweep",
]


def init_net(d, width, scale=1.0, seed=0):
    """``W ~ N(0, scale^2 / d)``, ``a ~ N(0, scale^2 / width)``; returns ``(W, a)``."""
    rng = check_seed(seed)
    d, width = check_int(d, "d", low=1), check_int(width, "width", low=1)
    return rng.normal(0, scale / np.sqrt(d), (width, d)), rng.normal(0, scale / np.sqrt(width), width)


def forward(W, a, X):
    """``relu(X W^T) a``, the outputs (N,) of the network on the rows of ``X`` (N, d)."""
    return np.maximum(X @ W.T, 0) @ a


def l2_loss(W, a, X, y, lam):
    """``L(W, a)``: mean squared error plus ``lam/2`` times the squared norm of all weights."""
    return float(np.mean((forward(W, a, X) - y) ** 2) + lam / 2 * (np.sum(W**2) + np.sum(a**2)))


def gd_weight_decay(W, a, X, y, lam, lr=0.05, steps=3000, record=()):
    """Full-batch gradient descent on `l2_loss` (weight decay ``lam``).

    Parameters
    ----------
    W : ndarray of shape (H, d)
    a : ndarray of shape (H,)
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,)
    lam, lr : float
    steps : int
    record : iterable of int
        Steps after which to keep a copy of ``(W, a)``.

    Returns
    -------
    W, a : the trained weights.
    snapshots : dict
        ``{step: (W, a)}`` for each step in ``record`` (step 0 is the start).
    """
    lam, lr = check_real(lam, "lam", low=0.0), check_real(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=0)
    W, a = np.array(W, dtype=float), np.array(a, dtype=float)
    n, record = len(y), set(record)
    snapshots = {0: (W.copy(), a.copy())} if 0 in record else {}
    for t in range(1, steps + 1):
        A = X @ W.T
        S = np.maximum(A, 0)
        e = 2 * (S @ a - y) / n
        ga = S.T @ e + lam * a
        gW = (np.outer(e, a) * (A > 0)).T @ X + lam * W
        W -= lr * gW
        a -= lr * ga
        if t in record:
            snapshots[t] = (W.copy(), a.copy())
    return W, a, snapshots


def profile_cost(Z, X, y, lam):
    """``C(Z)``: the L2-regularised loss minimised over all weights that give the representation Z.

    ``C(Z) = (lam/2) [tr(Z (X X^T)^+ Z^T) + y^T (K + (N lam / 2) I)^{-1} y]`` with
    ``K = relu(Z)^T relu(Z)``: the first term is ``(lam/2) ||W||^2`` of the smallest ``W``
    with ``W X^T = Z``, the second the ridge problem in ``a`` (its data term plus its
    penalty).

    Parameters
    ----------
    Z : ndarray of shape (H, N)
        Hidden pre-activations of the N training points (in the row space of ``X^T``).
    X : ndarray of shape (N, d)
    y : ndarray of shape (N,)
    lam : float
        Positive.
    """
    lam = check_real(lam, "lam", low=0.0, low_open=True)
    n = len(y)
    S = np.maximum(Z, 0)
    first = np.trace(Z @ np.linalg.pinv(X @ X.T) @ Z.T)
    ridge = y @ np.linalg.solve(S.T @ S + n * lam / 2 * np.eye(n), y)
    return float(lam / 2 * (first + ridge))


def xor_data(n_per_corner=10, noise=0.15, seed=0):
    """Points around the corners (+-1, +-1), target +1 on one diagonal and -1 on the other.

    A constant 1 is appended to each input (the bias). Returns ``X`` (4 n, 3) and ``y`` (4 n,).
    """
    rng = check_seed(seed)
    n = check_int(n_per_corner, "n_per_corner", low=1)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    X = np.repeat(corners, n, axis=0) + noise * rng.standard_normal((4 * n, 2))
    return np.hstack([X, np.ones((4 * n, 1))]), np.repeat([1.0, 1.0, -1.0, -1.0], n)


def distance_ratio(R, y):
    """Mean distance between points of equal target over that between points of different targets.

    Parameters
    ----------
    R : ndarray of shape (N, k)
        One representation per row (inputs, or hidden activations).
    y : ndarray of shape (N,)
    """
    D = np.linalg.norm(R[:, None, :] - R[None, :, :], axis=-1)
    same = y[:, None] == y[None, :]
    off = ~np.eye(len(y), dtype=bool)
    return float(D[same & off].mean() / D[~same].mean())


def rebalance(W, a):
    """Rescale each neuron to ``||w_j|| = |a_j|`` without changing the function.

    Neuron j becomes ``(c_j w_j, a_j / c_j)`` with ``c_j^2 = |a_j| / ||w_j||`` (a neuron with
    ``w_j = 0`` or ``a_j = 0`` computes nothing and becomes zero).
    """
    nw, na = np.linalg.norm(W, axis=1), np.abs(a)
    live = (nw > 0) & (na > 0)
    c = np.zeros_like(nw)
    c[live] = np.sqrt(na[live] / nw[live])
    a_new = np.zeros_like(a, dtype=float)
    a_new[live] = a[live] / c[live]
    return W * c[:, None], a_new


def group_cost(W, a, X, y, lam):
    """Mean squared error plus ``lam sum_j ||w_j|| |a_j|``: the L2 loss at the balanced point."""
    return float(np.mean((forward(W, a, X) - y) ** 2) + lam * np.sum(np.linalg.norm(W, axis=1) * np.abs(a)))


def imbalance(W, a):
    """``||w_j||^2 - a_j^2`` per neuron (H,): zero for a balanced network."""
    return np.sum(W**2, axis=1) - a**2


def random_problem(N, d=2, seed=0):
    """``N`` Gaussian inputs in R^d with a constant 1 appended, and N Gaussian targets."""
    rng = check_seed(seed)
    N = check_int(N, "N", low=1)
    X = rng.standard_normal((N, check_int(d, "d", low=1)))
    return np.hstack([X, np.ones((N, 1))]), rng.standard_normal(N)


def prox_group(B, t):
    """The proximal step of ``t sum_j ||b_j||``: each row shrunk by ``t`` in norm, or set to zero.

    ``b_j <- b_j max(0, 1 - t / ||b_j||)`` for the rows ``b_j`` of ``B`` (..., H, d).
    """
    norm = np.linalg.norm(B, axis=-1, keepdims=True)
    return B * np.maximum(0.0, 1.0 - t / np.maximum(norm, 1e-300))


def prox_train(X, y, lam, width=160, steps=3000, momentum_steps=0, scale=0.1, seed=0):
    """Proximal gradient descent on ``mse + lam sum_j ||b_j||`` for ``f(x) = sum_j s_j relu(b_j . x)``.

    The signs ``s_j`` alternate +1, -1; ``b_j = |a_j| w_j`` is neuron j's group. Each step is
    ``1 / L`` with ``L = (2/N) lambda_max((M M^T) * (X X^T))`` (``M`` the current activation
    pattern, N x H), the Lipschitz constant of the squared error's gradient within that pattern.
    Batched: ``X`` (S, N, d) and ``y`` (S, N) are S problems, one seed each.

    Parameters
    ----------
    X : ndarray of shape (S, N, d)
    y : ndarray of shape (S, N)
    lam : float
    width, steps : int
    momentum_steps : int
        The first ``momentum_steps`` steps extrapolate as FISTA does (Beck and Teboulle, 2009);
        the rest are plain proximal steps, which let shrinking neurons reach zero.
    scale : float
        Initial ``b_j ~ N(0, scale^2 / d)``.
    seed : int
        The S initial weights are drawn from ``seed``.

    Returns
    -------
    B : ndarray of shape (S, width, d)
    s : ndarray of shape (width,)
    objective : ndarray of shape (S,)
    """
    lam = check_real(lam, "lam", low=0.0)
    width, steps = check_int(width, "width", low=2), check_int(steps, "steps", low=0)
    rng = check_seed(seed)
    S_, N, d = X.shape
    B = rng.normal(0, scale / np.sqrt(d), (S_, width, d))
    s = np.where(np.arange(width) % 2 == 0, 1.0, -1.0)
    XX = X @ X.transpose(0, 2, 1)
    B_prev = B
    for t in range(steps):
        if t < momentum_steps:  # FISTA's extrapolation first, plain proximal steps after
            B, B_prev = B + t / (t + 3) * (B - B_prev), B
        A = X @ B.transpose(0, 2, 1)  # (S, N, H)
        M = (A > 0).astype(float)
        lipschitz = 2 / N * np.linalg.eigvalsh((M @ M.transpose(0, 2, 1)) * XX)[:, -1]
        lr = (1 / np.maximum(lipschitz, 1e-12))[:, None, None]
        e = 2 * (np.maximum(A, 0) @ s - y) / N  # (S, N)
        G = ((e[:, :, None] * s) * M).transpose(0, 2, 1) @ X  # (S, H, d)
        B = prox_group(B - lr * G, lr * lam)
    f = np.maximum(X @ B.transpose(0, 2, 1), 0) @ s
    objective = np.mean((f - y) ** 2, axis=1) + lam * np.linalg.norm(B, axis=-1).sum(axis=1)
    return B, s, objective


def count_neurons(B, s, X, tol=1e-3):
    """Neurons left after proximal training, raw and merged.

    Two neurons of the same sign that are active on the same training points compute, on those
    points, the function of their sum, at a group cost no larger (the triangle inequality):
    merged, they count as one.

    Parameters
    ----------
    B : ndarray of shape (H, d)
    s : ndarray of shape (H,)
    X : ndarray of shape (N, d)

    Returns
    -------
    active : int
        Neurons with ``b_j != 0``.
    merged : int
        Distinct (sign, activation pattern) pairs among them whose summed ``b`` has a norm above
        ``tol`` times the largest (so that a neuron still shrinking towards zero does not count).
    B_merged : ndarray of shape (merged, d)
    s_merged : ndarray of shape (merged,)
    """
    live = np.flatnonzero(np.linalg.norm(B, axis=1) > 0)
    groups = {}
    for j in live:
        key = (s[j], *(X @ B[j] > 0))
        groups.setdefault(key, []).append(j)
    B_m = np.array([B[idx].sum(axis=0) for idx in groups.values()]).reshape(-1, B.shape[1])
    s_m = np.array([key[0] for key in groups], dtype=float)
    norms = np.linalg.norm(B_m, axis=1)
    merged = int(np.sum(norms > tol * norms.max())) if len(norms) else 0
    return len(live), merged, B_m, s_m


def sparsity_sweep(
    Ns=(4, 6, 8, 10, 12), seeds=(0, 1, 2, 3, 4), lam=1e-2, width=160, steps=2000, momentum_steps=1000
):
    """Neurons used at the end of `prox_train` on N random points in R^2, per N and seed.

    Returns
    -------
    dict with arrays of shape (len(Ns), len(seeds)): ``active``, ``merged``, ``mse``,
    ``objective`` and ``merged_objective`` (the group loss after merging, never larger).
    """
    out = {
        k: np.zeros((len(Ns), len(seeds)))
        for k in ("active", "merged", "mse", "objective", "merged_objective")
    }
    for i, N in enumerate(Ns):
        probs = [random_problem(N, seed=sd) for sd in seeds]
        X, y = np.stack([p[0] for p in probs]), np.stack([p[1] for p in probs])
        B, s, obj = prox_train(
            X, y, lam, width=width, steps=steps, momentum_steps=momentum_steps, seed=1000 + N
        )
        for j in range(len(seeds)):
            active, merged, Bm, sm = count_neurons(B[j], s, X[j])
            f = np.maximum(X[j] @ Bm.T, 0) @ sm
            out["active"][i, j], out["merged"][i, j] = active, merged
            out["mse"][i, j] = np.mean((f - y[j]) ** 2)
            out["objective"][i, j] = obj[j]
            out["merged_objective"][i, j] = out["mse"][i, j] + lam * np.linalg.norm(Bm, axis=1).sum()
    return out
