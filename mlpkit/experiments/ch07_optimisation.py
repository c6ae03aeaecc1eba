"""Chapter 7's experiments: gradient noise against batch size, SGD on a two-parameter loss
surface (one run or many at once), and learning-rate schedules on the digits.

A two-parameter loss l(theta) = 0.5 (theta - theta*)^T H (theta - theta*) with an
elongated, rotated H is the smallest picture of the slides' update
theta <- theta - alpha v, v = grad + beta v: too small a rate crawls, too large a rate
diverges (alpha > 2 / lambda_max), and momentum changes both. The trajectories are made by
`mlpkit.SGD` itself, on a `Parameter` of two entries (or of S x 2 entries for S
independent runs at once: SGD's update is element-wise, so the runs do not interact).
"""

import numpy as np

from .._validate import as_float_array, check_int, check_real
from ..data import digits
from ..layers import MLP
from ..losses import SoftmaxCrossEntropy
from ..module import Parameter
from ..optim import SGD
from ..training import fit


class Quadratic2D:
    """l(theta) = 0.5 (theta - minimum)^T H (theta - minimum), H with eigenvalues
    ``curvatures`` along axes rotated by ``angle`` degrees.

    Parameters
    ----------
    curvatures : array_like of shape (2,)
        The two positive eigenvalues of H.
    angle : float
        Rotation of the eigenvectors, in degrees.
    minimum : array_like of shape (2,)
        theta*.
    """

    def __init__(self, curvatures=(1.0, 10.0), angle=30.0, minimum=(0.0, 0.0)):
        lam = as_float_array(curvatures, "curvatures", ndim=1)
        if lam.shape != (2,) or np.any(lam <= 0):
            raise ValueError(f"curvatures: expected two positive eigenvalues, got {lam}")
        a = np.deg2rad(check_real(angle, "angle"))
        R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        self.H = R @ np.diag(lam) @ R.T
        self.curvatures = lam
        self.minimum = as_float_array(minimum, "minimum", ndim=1)

    def loss(self, theta):
        """Loss at ``theta``, an ndarray of shape (..., 2); returns shape (...)."""
        d = np.asarray(theta, dtype=float) - self.minimum
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.H, d)

    def grad(self, theta):
        """Gradient H (theta - theta*) at ``theta`` of shape (..., 2); same shape."""
        return (np.asarray(theta, dtype=float) - self.minimum) @ self.H

    @property
    def max_stable_lr(self):
        """Gradient descent converges iff alpha < 2 / lambda_max."""
        return 2.0 / float(self.curvatures.max())


def trajectory(
    surface, start, lr, momentum=0.0, nesterov=False, steps=50, schedule=None, noise=0.0, seed=0, limit=1e6
):
    """Run `mlpkit.SGD` on a 2-D surface and return the visited points.

    Parameters
    ----------
    surface : Quadratic2D
        Or any object with ``grad(theta)``.
    start : array_like of shape (2,) or (S, 2)
        The first point; S rows run S independent trajectories at once.
    lr, momentum, nesterov, schedule
        As in `mlpkit.SGD`.
    steps : int
        Number of updates.
    noise : float
        Standard deviation (>= 0) of Gaussian noise added to each gradient entry (a
        stand-in for the mini-batch noise of SGD).
    seed : int or Generator
        Seeds the noise.
    limit : float
        Stop early once some ``abs(theta)`` exceeds it (divergence).

    Returns
    -------
    ndarray of shape (m, 2) or (m, S, 2)
        The points theta_0, theta_1, ..., with m <= steps + 1.
    """
    try:
        start = np.asarray(start, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"start: expected an array of shape (2,) or (S, 2), got {start!r}") from None
    if start.shape[-1:] != (2,) or start.ndim > 2:
        raise ValueError(f"start: expected shape (2,) or (S, 2), got {start.shape}")
    start = as_float_array(start, "start", ndim=start.ndim)
    steps = check_int(steps, "steps", low=0)
    noise = check_real(noise, "noise", low=0.0)
    rng = np.random.default_rng(seed)
    theta = Parameter(start.copy(), name="theta")
    opt = SGD([theta], lr=lr, momentum=momentum, nesterov=nesterov, schedule=schedule)
    path = [theta.value.copy()]
    for _ in range(steps):
        theta.grad[...] = surface.grad(theta.value) + noise * rng.standard_normal(start.shape)
        opt.step()
        path.append(theta.value.copy())
        if not np.all(np.abs(theta.value) < limit):
            break
    return np.array(path)


def noisy_final_losses(surface, start, lr, schedule, steps=2000, noise=1.0, runs=10, last=200, seed=0):
    """``runs`` noisy SGD runs from ``start``, as one S x 2 `trajectory`.

    Parameters
    ----------
    surface : Quadratic2D
    start : array_like of shape (2,)
    lr : float
        The base rate alpha.
    schedule : callable or None
        ``t -> alpha_t / alpha`` (`mlpkit.schedules`).
    steps : int
        Updates per run.
    noise : float
        Gradient noise standard deviation.
    runs : int
        Independent runs.
    last : int
        The final losses are averaged over the last ``last`` steps of each run.
    seed : int
        Seeds the noise of all runs.

    Returns
    -------
    curve : ndarray of shape (steps + 1,)
        The loss at each step, averaged over the runs.
    final : ndarray of shape (runs,)
        Each run's mean loss over its last ``last`` steps.
    """
    runs = check_int(runs, "runs", low=1)
    last = check_int(last, "last", low=1)
    start = np.tile(as_float_array(start, "start", ndim=1), (runs, 1))
    losses = surface.loss(
        trajectory(surface, start, lr, schedule=schedule, steps=steps, noise=noise, seed=seed)
    )
    return losses.mean(axis=1), losses[-last:].mean(axis=0)


def gradient_noise(net, loss, X, y, batch_sizes, n_batches=100, seeds=(0,)):
    """E ||g_B - g||^2 over random batches drawn without replacement, per batch size and seed.

    Parameters
    ----------
    net : MLP
        At its current parameters (not changed).
    loss : SoftmaxCrossEntropy
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
    batch_sizes : sequence of int
        Each in [1, n].
    n_batches : int
        Random batches per size and seed.
    seeds : sequence of int
        One independent set of batches per seed.

    Returns
    -------
    dict
        ``"measured"``: ndarray of shape (len(seeds), len(batch_sizes)), the mean squared
        distance of a batch gradient to the full-batch gradient; ``"predicted"``: ndarray of
        shape (len(batch_sizes),), tr(Sigma) / B * (n - B) / (n - 1); ``"trace_sigma"``: tr(Sigma),
        Sigma the covariance of the per-example gradients; ``"g_full"``: ndarray of shape (P,),
        the full-batch gradient.
    """
    n = len(X)
    batch_sizes = [check_int(B, "batch_sizes", low=1, high=n) for B in batch_sizes]
    n_batches = check_int(n_batches, "n_batches", low=1)
    seeds = [check_int(s, "seeds", low=0) for s in seeds]

    def grad(idx):
        loss.forward(net.forward(X[idx]), y[idx])
        net.backward(loss.backward())
        return np.concatenate([p.grad.ravel() for p in net.parameters()])

    g_full = grad(np.arange(n))
    per_example = np.array([grad([i]) for i in range(n)])
    trace_sigma = float(per_example.var(axis=0).sum())  # tr(Sigma), population variance
    measured = np.zeros((len(seeds), len(batch_sizes)))
    for i, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        for j, B in enumerate(batch_sizes):
            measured[i, j] = np.mean(
                [np.sum((grad(rng.choice(n, B, replace=False)) - g_full) ** 2) for _ in range(n_batches)]
            )
    predicted = np.array([trace_sigma / B * (n - B) / (n - 1) for B in batch_sizes])
    return {"measured": measured, "predicted": predicted, "trace_sigma": trace_sigma, "g_full": g_full}


def schedule_run(schedule, lr=0.5, seed=0, epochs=8, batch_size=32, n_train=1200, momentum=0.9):
    """Train ``MLP([64, 64, 10], "relu", seed=seed)`` on the first ``n_train`` digits with
    SGD, momentum and a learning-rate schedule; test on the rest.

    Parameters
    ----------
    schedule : callable or None
        ``t -> alpha_t / alpha`` (`mlpkit.schedules`); None is a constant rate.
    lr : float
        The peak rate alpha.
    seed : int
        Initial weights and the order of the mini-batches.
    epochs, batch_size, n_train : int
        The training budget and data.
    momentum : float
        SGD's beta.

    Returns
    -------
    train_loss : float
        The mean training loss of the last epoch.
    test_accuracy : float
    """
    X, y = digits()
    n_train = check_int(n_train, "n_train", low=1, high=len(X) - 1)
    net = MLP([64, 64, 10], activation="relu", seed=seed)
    opt = SGD(net.parameters(), lr=lr, momentum=momentum, schedule=schedule)
    history = fit(
        net,
        SoftmaxCrossEntropy(),
        opt,
        X[:n_train],
        y[:n_train],
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
    )
    return float(history["train_loss"][-1]), float(net.score(X[n_train:], y[n_train:]))


__all__ = ["Quadratic2D", "trajectory", "noisy_final_losses", "gradient_noise", "schedule_run"]
