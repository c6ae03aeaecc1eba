"""Adversarial examples: gradients with respect to the input, and the attacks built on them.

Backpropagation does not stop at W^(1): one more step of the chain rule gives the
gradient of the loss with respect to the input itself,

    grad_x l(f(x), y) = W^(1)T grad_{a^(1)} l,

which is what ``net.backward`` returns. The fast gradient sign method (Goodfellow,
Shlens and Szegedy, 2015) moves every input entry by eps in the direction that
increases the loss,

    x_adv = clip(x + eps sign(grad_x l(f(x), y)), lo, hi),

the largest first-order increase of the loss within the max-norm ball ||x_adv - x||_inf <= eps.
Iterating small sign steps from x and projecting back into the ball is the basic iterative
method (BIM, Kurakin, Goodfellow and Bengio, 2017): `bim`. Projected gradient descent
(PGD, Madry et al., 2018) runs the same iteration from a random point of the ball, several
times, and keeps the worst case: `pgd`. Both find stronger perturbations of the same size.
"""

import numpy as np

from ._validate import as_float_array, as_labels, check_inputs, check_int, check_real, check_seed
from .losses import SoftmaxCrossEntropy, log_softmax


def _check_net_inputs(net, X, y):
    X = check_inputs(net, X)
    y = as_labels(y, "y", n=X.shape[0])
    return X, y


def _check_clip(clip):
    if clip is None:
        return None
    try:
        lo, hi = clip
    except (TypeError, ValueError):
        raise TypeError(f"clip: expected None or a pair (lo, hi), got {clip!r}") from None
    lo, hi = check_real(lo, "clip[0]"), check_real(hi, "clip[1]")
    if not lo < hi:
        raise ValueError(f"clip: expected lo < hi, got ({lo}, {hi})")
    return lo, hi


def input_gradient(net, X, y, loss=None):
    """grad_x l(f(x), y) for every row of X: the gradient of each example's own loss.

    Parameters
    ----------
    net : Module (e.g. `MLP`), mapping (n, d) inputs to (n, C) logits
    X : (n, d) array
    y : (n,) int labels in [0, C)
    loss : SoftmaxCrossEntropy (default) or another loss averaged over the batch

    Returns
    -------
    grad : (n, d) array
        Row i is dl(f(x_i), y_i)/dx_i. The loss is a mean over the batch, so the
        backward pass is scaled by n to undo the 1/n. (The parameters' ``.grad`` are
        overwritten as a side effect.)
    """
    X, y = _check_net_inputs(net, X, y)
    loss = SoftmaxCrossEntropy() if loss is None else loss
    loss.forward(net.forward(X), y)
    return X.shape[0] * net.backward(loss.backward())


def fgsm(net, X, y, eps, loss=None, clip=(0.0, 1.0)):
    """The fast gradient sign method: x + eps sign(grad_x l), clipped to the valid range.

    Parameters
    ----------
    net : Module
    X : ndarray of shape (n, d)
    y : (n,) int labels
    eps : float >= 0
        Size of the step in every input entry (the max-norm of the perturbation).
    loss : optional, default SoftmaxCrossEntropy()
    clip : (lo, hi) or None
        Valid range of the inputs ((0, 1) for `mlpkit.data.digits` images).

    Returns
    -------
    X_adv : (n, d) array
    """
    eps = check_real(eps, "eps", low=0.0)
    clip = _check_clip(clip)
    X, y = _check_net_inputs(net, X, y)
    X_adv = X + eps * np.sign(input_gradient(net, X, y, loss))
    return X_adv if clip is None else np.clip(X_adv, *clip)


def _step_size(eps, steps, step_size):
    if step_size is None:
        return 2.5 * eps / steps
    return check_real(step_size, "step_size", low=0.0, low_open=True)


def _iterate(net, X, X_start, y, eps, steps, step_size, loss, clip):
    """Projected sign steps from X_start, kept in the eps-ball around X and in the clip range."""
    X_adv = X_start
    for _ in range(steps):
        X_adv = X_adv + step_size * np.sign(input_gradient(net, X_adv, y, loss))
        X_adv = np.clip(X_adv, X - eps, X + eps)  # back into the ball
        if clip is not None:
            X_adv = np.clip(X_adv, *clip)
    return X_adv


def bim(net, X, y, eps, steps=10, step_size=None, loss=None, clip=(0.0, 1.0)):
    """The basic iterative method (Kurakin et al., 2017): iterated FGSM, projected into the ball.

        x_0 = x,
        x_{t+1} = Proj_{||x' - x||_inf <= eps, lo <= x' <= hi}(x_t + step_size sign(grad_x l(f(x_t), y)))

    Deterministic: it starts at the clean input.

    Parameters
    ----------
    net : Module
    X : ndarray of shape (n, d)
    y : (n,) int labels
    eps : float >= 0
        Radius of the max-norm ball.
    steps : int >= 1
    step_size : float > 0, optional
        Default 2.5 eps / steps (as Madry et al., 2018), so the walk can reach the ball's edge.
    loss : optional, default SoftmaxCrossEntropy()
    clip : (lo, hi) or None

    Returns
    -------
    X_adv : (n, d) array with ||X_adv - X||_inf <= eps
    """
    eps = check_real(eps, "eps", low=0.0)
    steps = check_int(steps, "steps", low=1)
    step_size = _step_size(eps, steps, step_size)
    clip = _check_clip(clip)
    X, y = _check_net_inputs(net, X, y)
    return _iterate(net, X, X.copy(), y, eps, steps, step_size, loss, clip)


def _per_example_cross_entropy(net, X, y):
    return -log_softmax(net.forward(X))[np.arange(len(y)), y]


def pgd(net, X, y, eps, steps=10, step_size=None, restarts=1, seed=0, loss=None, clip=(0.0, 1.0)):
    """Projected gradient descent with random starts (Madry et al., 2018).

    Each of ``restarts`` runs starts at a point drawn uniformly from the max-norm ball of
    radius eps around x (clipped to the valid range) and takes the projected sign steps of
    `bim`; for every example the run with the largest softmax cross-entropy at its end is kept.

    Parameters
    ----------
    net : Module
    X : ndarray of shape (n, d)
    y : (n,) int labels
    eps : float >= 0
        Radius of the max-norm ball.
    steps : int >= 1
    step_size : float > 0, optional
        Default 2.5 eps / steps (Madry et al., 2018).
    restarts : int >= 1
        Random starts; the worst case per example is kept.
    seed : int or np.random.Generator
        The random starts.
    loss : optional, default SoftmaxCrossEntropy()
        The loss whose gradient the steps follow (the restarts are compared by softmax
        cross-entropy).
    clip : (lo, hi) or None

    Returns
    -------
    X_adv : (n, d) array with ||X_adv - X||_inf <= eps
    """
    eps = check_real(eps, "eps", low=0.0)
    steps = check_int(steps, "steps", low=1)
    restarts = check_int(restarts, "restarts", low=1)
    step_size = _step_size(eps, steps, step_size)
    clip = _check_clip(clip)
    X, y = _check_net_inputs(net, X, y)
    rng = check_seed(seed)
    best, best_loss = None, None
    for _ in range(restarts):
        start = X + rng.uniform(-eps, eps, size=X.shape)
        if clip is not None:
            start = np.clip(start, *clip)
        X_adv = _iterate(net, X, start, y, eps, steps, step_size, loss, clip)
        value = _per_example_cross_entropy(net, X_adv, y)
        if best is None:
            best, best_loss = X_adv, value
        else:
            worse = value > best_loss
            best[worse], best_loss[worse] = X_adv[worse], value[worse]
    return best


def random_sign_noise(X, eps, seed=0, clip=(0.0, 1.0)):
    """The control for FGSM: x + eps s with random signs s_i = +-1, clipped.

    The same max-norm (and, before clipping, the same Euclidean norm) as an FGSM
    perturbation, but in a direction that ignores the network.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    eps : float >= 0
    seed : int or np.random.Generator
    """
    eps = check_real(eps, "eps", low=0.0)
    clip = _check_clip(clip)
    X = as_float_array(X, "X", ndim=2)
    rng = check_seed(seed)
    signs = rng.choice(np.array([-1.0, 1.0]), size=X.shape)
    X_noisy = X + eps * signs
    return X_noisy if clip is None else np.clip(X_noisy, *clip)


__all__ = ["input_gradient", "fgsm", "bim", "pgd", "random_sign_noise"]
