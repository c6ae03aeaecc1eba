"""The loss landscape l(theta): lines, planes, curvature and sharpness around a point.

    line:      l((1 - alpha) theta0 + alpha theta1)          (Goodfellow, Vinyals and Saxe 2015)
    plane:     l(theta + alpha d1 + beta d2)                  (Li et al. 2018, filter-normalised d)
    Hessian:   H = grad^2 l(theta), eigenvalues, saddle index = fraction of them < 0
    H v:       (grad l(theta + r v) - grad l(theta - r v)) / (2 r)
    sharpness: top eigenvalue of H (power iteration on H v), and the loss increase
               under random perturbations of a given relative size (Keskar et al. 2017)

Every function takes ``(net, loss, X, y)``, evaluates the mean loss over all of X, and
puts the network's parameters back as they were before returning (the gradients it
leaves are those of the last evaluation).
"""

import numpy as np

from ._validate import as_float_array, as_targets, check_inputs, check_int, check_net, check_real, check_seed
from .gradcheck import numerical_hessian
from .module import Module, flat_grads, flat_params, set_flat_params


def _check(net, loss, X, y):
    check_net(net)
    if not (hasattr(loss, "forward") and hasattr(loss, "backward")):
        raise TypeError(f"loss: expected a loss such as SoftmaxCrossEntropy(), got {type(loss).__name__}")
    X = check_inputs(net, X)
    n_outputs = net.forward(X[:1]).shape[1]
    y, _ = as_targets(loss, y, X.shape[0], n_outputs, X.dtype)
    return X, y


def _vector(v, name, size):
    v = as_float_array(v, name, ndim=1)
    if v.size != size:
        raise ValueError(
            f"{name}: expected a vector of {size} values (one per parameter entry), got {v.size}"
        )
    return v


def _loss_at(net, loss, X, y, theta):
    set_flat_params(net, theta)
    return float(loss.forward(net.forward(X), y))


def _grad_at(net, loss, X, y, theta):
    set_flat_params(net, theta)
    loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    return flat_grads(net).astype(np.float64)


def loss_value(net, loss, X, y):
    """The mean loss l(f(X; theta), y) at the network's current parameters."""
    X, y = _check(net, loss, X, y)
    return float(loss.forward(net.forward(X), y))


def gradient(net, loss, X, y):
    """grad_theta l at the current parameters, as a (P,) vector in `flat_params` order."""
    X, y = _check(net, loss, X, y)
    return _grad_at(net, loss, X, y, flat_params(net))


def interpolate(net, loss, X, y, theta0, theta1, alphas=None):
    """Loss along the straight line theta(alpha) = (1 - alpha) theta0 + alpha theta1.

    Parameters
    ----------
    theta0, theta1 : (P,) arrays, e.g. the initial and the trained parameters
    alphas : 1-D array, optional
        Where to evaluate; default 41 points from -0.25 to 1.25.

    Returns
    -------
    alphas : ndarray of shape (m,)
    losses : ndarray of shape (m,)
    """
    X, y = _check(net, loss, X, y)
    saved = flat_params(net)
    theta0 = _vector(theta0, "theta0", saved.size)
    theta1 = _vector(theta1, "theta1", saved.size)
    alphas = np.linspace(-0.25, 1.25, 41) if alphas is None else as_float_array(alphas, "alphas", ndim=1)
    try:
        losses = np.array([_loss_at(net, loss, X, y, (1 - a) * theta0 + a * theta1) for a in alphas])
    finally:
        set_flat_params(net, saved)
    return alphas, losses


def random_direction(net, normalization="filter", seed=0):
    """A random Gaussian direction d in parameter space, (P,) in `flat_params` order.

    ``normalization="filter"`` rescales each row of each weight matrix (the incoming
    weights of one unit) to the norm of that row of W; ``"layer"`` rescales each whole
    matrix; both set the bias entries of d to zero (Li et al. 2018). ``None`` keeps the
    raw Gaussian vector.
    """
    if normalization not in ("filter", "layer", None):
        raise ValueError(f"normalization: expected 'filter', 'layer' or None, got {normalization!r}")
    if not isinstance(net, Module) or not net.parameters():
        raise TypeError(f"net: expected a mlpkit Module with parameters, got {type(net).__name__}")
    rng = check_seed(seed)
    parts = []
    for p in net.parameters():
        d = rng.standard_normal(p.value.shape)
        if normalization is not None:
            if not p.regularize or p.value.ndim < 2:
                d = np.zeros_like(d)
            elif normalization == "filter":
                d *= np.linalg.norm(p.value, axis=1, keepdims=True) / (
                    np.linalg.norm(d, axis=1, keepdims=True) + 1e-12
                )
            else:
                d *= np.linalg.norm(p.value) / (np.linalg.norm(d) + 1e-12)
        parts.append(d.ravel())
    return np.concatenate(parts)


def plane(net, loss, X, y, d1=None, d2=None, span=1.0, n=21, normalization="filter", seed=0):
    """Loss on the plane theta + alpha d1 + beta d2 through the current parameters.

    Parameters
    ----------
    d1, d2 : (P,) arrays, optional
        Directions; drawn one after the other with `random_direction` from ``seed`` if not given.
    span : float > 0
        alpha and beta run over [-span, span].
    n : int >= 2
        Grid points per axis.

    Returns
    -------
    alphas : ndarray of shape (n,)
    betas : ndarray of shape (n,)
    losses : ndarray of shape (n, n), ``losses[j, i]`` at (alphas[i], betas[j])
    """
    X, y = _check(net, loss, X, y)
    span = check_real(span, "span", low=0.0, low_open=True)
    n = check_int(n, "n", low=2)
    saved = flat_params(net)
    rng = check_seed(seed)
    d1 = random_direction(net, normalization, rng) if d1 is None else _vector(d1, "d1", saved.size)
    d2 = random_direction(net, normalization, rng) if d2 is None else _vector(d2, "d2", saved.size)
    grid = np.linspace(-span, span, n)
    losses = np.empty((n, n))
    try:
        for j, b in enumerate(grid):
            for i, a in enumerate(grid):
                losses[j, i] = _loss_at(net, loss, X, y, saved + a * d1 + b * d2)
    finally:
        set_flat_params(net, saved)
    return grid, grid.copy(), losses


def hessian(net, loss, X, y, eps=1e-5):
    """The (P, P) Hessian of the mean loss at the current parameters.

    Centred differences of backprop gradients, column by column (`mlpkit.gradcheck.numerical_hessian`):
    2P gradient evaluations, so for networks of at most a few hundred parameters.
    """
    X, y = _check(net, loss, X, y)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    saved = flat_params(net)
    params = net.parameters()

    def closure():
        value = loss.forward(net.forward(X), y)
        net.backward(loss.backward())
        return value

    try:
        return numerical_hessian(params, closure, eps)
    finally:
        set_flat_params(net, saved)


def hvp(net, loss, X, y, v, eps=1e-4):
    """The Hessian-vector product H v without forming H: two gradient evaluations.

    H v ~ (grad l(theta + r v) - grad l(theta - r v)) / (2 r), with r = eps / ||v|| so that
    the step in parameter space has length eps whatever the scale of v.
    """
    X, y = _check(net, loss, X, y)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    saved = flat_params(net)
    v = _vector(v, "v", saved.size)
    norm = np.linalg.norm(v)
    if norm == 0.0:
        return np.zeros_like(v)
    try:
        return _hvp(net, loss, X, y, saved, v, eps / norm)
    finally:
        set_flat_params(net, saved)


def _hvp(net, loss, X, y, theta, v, r):
    g_plus = _grad_at(net, loss, X, y, theta + r * v)
    g_minus = _grad_at(net, loss, X, y, theta - r * v)
    return (g_plus - g_minus) / (2.0 * r)


def eigenvalues(net, loss, X, y, eps=1e-5):
    """The Hessian's eigenvalues in ascending order, (P,) array."""
    return np.linalg.eigvalsh(hessian(net, loss, X, y, eps))


def saddle_index(net, loss, X, y, tol=1e-6, eps=1e-5):
    """The index of a critical point: the fraction of the Hessian's eigenvalues below -tol.

    0 at a local minimum, 1 at a local maximum, in between at a saddle (Dauphin et al. 2014).
    """
    tol = check_real(tol, "tol", low=0.0)
    lam = eigenvalues(net, loss, X, y, eps)
    return float(np.mean(lam < -tol))


def top_eigenvalue(net, loss, X, y, iters=100, tol=1e-6, seed=0, eps=1e-4):
    """The eigenvalue of largest magnitude of the Hessian, by power iteration on H v.

    v <- H v / ||H v||, repeated until the Rayleigh quotient v^T H v changes by less than
    ``tol`` (relative). At a minimum this is the largest eigenvalue: the sharpness.

    Returns
    -------
    lam : float
    v : (P,) unit eigenvector
    """
    X, y = _check(net, loss, X, y)
    iters = check_int(iters, "iters", low=1)
    tol = check_real(tol, "tol", low=0.0)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    rng = check_seed(seed)
    saved = flat_params(net)
    v = rng.standard_normal(saved.size)
    v /= np.linalg.norm(v)
    lam = 0.0
    try:
        for _ in range(iters):
            Hv = _hvp(net, loss, X, y, saved, v, eps)
            new = float(v @ Hv)  # Rayleigh quotient, v has unit norm
            norm = np.linalg.norm(Hv)
            if norm == 0.0:
                return 0.0, v
            v = Hv / norm
            if abs(new - lam) <= tol * max(abs(new), 1e-12):
                lam = new
                break
            lam = new
    finally:
        set_flat_params(net, saved)
    return lam, v


def perturbed_loss(net, loss, X, y, radius=0.05, n_samples=20, seed=0):
    """Mean loss increase under random perturbations of relative size ``radius``.

    Each sample draws a Gaussian direction u and evaluates l(theta + radius ||theta|| u / ||u||)
    - l(theta). A flat minimum barely changes; a sharp one rises.

    Returns
    -------
    float, the mean increase over ``n_samples`` directions.
    """
    X, y = _check(net, loss, X, y)
    radius = check_real(radius, "radius", low=0.0, low_open=True)
    n_samples = check_int(n_samples, "n_samples", low=1)
    rng = check_seed(seed)
    saved = flat_params(net)
    scale = radius * np.linalg.norm(saved)
    try:
        base = _loss_at(net, loss, X, y, saved)
        rises = []
        for _ in range(n_samples):
            u = rng.standard_normal(saved.size)
            rises.append(_loss_at(net, loss, X, y, saved + scale * u / np.linalg.norm(u)) - base)
    finally:
        set_flat_params(net, saved)
    return float(np.mean(rises))


def sharpness(net, loss, X, y, radius=0.05, n_samples=20, seed=0):
    """Both measures of sharpness: ``{"top_eigenvalue": ..., "perturbed_loss": ...}``."""
    lam, _ = top_eigenvalue(net, loss, X, y, seed=seed)
    return {"top_eigenvalue": lam, "perturbed_loss": perturbed_loss(net, loss, X, y, radius, n_samples, seed)}


__all__ = [
    "loss_value",
    "gradient",
    "interpolate",
    "random_direction",
    "plane",
    "hessian",
    "hvp",
    "eigenvalues",
    "saddle_index",
    "top_eigenvalue",
    "perturbed_loss",
    "sharpness",
]
