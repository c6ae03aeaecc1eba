"""Adversarial examples: gradients with respect to the input, and the attacks built on them.

Backpropagation does not stop at W^(1): one more step of the chain rule gives the
gradient of the loss with respect to the input itself,

    grad_x l(f(x), y) = W^(1)T grad_{a^(1)} l,

which is what ``net.backward`` returns. The fast gradient sign method (Goodfellow,
Shlens and Szegedy, 2015) moves every input entry by eps in the direction that
increases the loss,

    x_adv = clip(x + eps sign(grad_x l(f(x), y)), lo, hi),

the largest first-order increase of the loss within the max-norm ball ||x_adv - x||_inf <= eps.
Iterating small steps and projecting back into the ball (Madry et al., 2018) finds
stronger perturbations of the same size.
"""

import numpy as np

from ._validate import as_float_array, as_labels, check_inputs, check_int, check_real, check_seed
from .losses import SoftmaxCrossEntropy


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


def pgd(net, X, y, eps, steps=10, step_size=None, loss=None, clip=(0.0, 1.0)):
    """Iterated FGSM, projected back into the max-norm ball of radius eps after each step.

        x_{t+1} = Proj_{||x - x_0||_inf <= eps, lo <= x <= hi}(x_t + step_size sign(grad_x l(f(x_t), y)))

    Starts at x_0 = X (no random start, so the result is deterministic).

    Parameters
    ----------
    eps : float >= 0
    steps : int >= 1
    step_size : float > 0, optional
        Default 2.5 eps / steps (Madry et al., 2018), so the walk can reach the ball's edge.

    Returns
    -------
    X_adv : (n, d) array with ||X_adv - X||_inf <= eps
    """
    eps = check_real(eps, "eps", low=0.0)
    steps = check_int(steps, "steps", low=1)
    step_size = (
        2.5 * eps / steps if step_size is None else check_real(step_size, "step_size", low=0.0, low_open=True)
    )
    clip = _check_clip(clip)
    X, y = _check_net_inputs(net, X, y)
    X_adv = X.copy()
    for _ in range(steps):
        X_adv = X_adv + step_size * np.sign(input_gradient(net, X_adv, y, loss))
        X_adv = np.clip(X_adv, X - eps, X + eps)  # back into the ball
        if clip is not None:
            X_adv = np.clip(X_adv, *clip)
    return X_adv


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


__all__ = ["input_gradient", "fgsm", "pgd", "random_sign_noise"]
