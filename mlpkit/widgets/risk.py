"""Chapter 2 helpers and demo: surrogate losses, and structural risk minimisation.

``surrogate_losses`` evaluates the 0-1 loss and its smooth stand-ins as functions of the
margin m = y s (y in {-1, +1}, s the score). ``srm_figure`` trains a small network on
noisy two-moons data with the objective

    (1/T) sum_t l(f(x_t; theta), y_t) + lambda Omega(theta),   Omega = sum_k ||W^(k)||_F^2,

and draws its decision regions for one lambda; ``srm_demo`` puts a slider on lambda.
"""
import numpy as np

from .._validate import check_int, check_real, check_seed
from . import interactive_figure


def surrogate_losses(margin):
    """The 0-1 loss and three surrogates of the margin m = y s.

    Parameters
    ----------
    margin : array-like, any shape

    Returns
    -------
    dict of arrays shaped like ``margin``:
        ``"0-1"``: 1 if m <= 0 else 0;  ``"hinge"``: max(0, 1 - m);
        ``"cross-entropy"``: log2(1 + exp(-m)) (logistic loss in bits, equal to 1 at m = 0);
        ``"squared"``: (1 - m)^2.
    """
    if isinstance(margin, (str, bytes)) or np.asarray(margin).dtype.kind not in "iuf":
        raise TypeError(f"margin: expected real numbers, got {type(margin).__name__}")
    m = np.asarray(margin, dtype=np.float64)
    if not np.all(np.isfinite(m)):
        raise ValueError(f"margin: expected finite values, got {int(np.sum(~np.isfinite(m)))} NaN or infinite")
    return {
        "0-1": (m <= 0).astype(np.float64),
        "hinge": np.maximum(0.0, 1.0 - m),
        # log(1 + e^{-m}) = logaddexp(0, -m) never overflows; divide by log 2 for bits
        "cross-entropy": np.logaddexp(0.0, -m) / np.log(2.0),
        "squared": (1.0 - m) ** 2,
    }


def train_regularised(lam, n=100, noise=0.3, width=64, epochs=300, seed=0):
    """Train MLP([2, width, width, 2], tanh) on noisy moons with the L2 regulariser lambda.

    Parameters
    ----------
    lam : float >= 0, lambda
    n : int >= 10 training points;  noise : float >= 0;  width : int >= 1;  epochs : int >= 1
    seed : int (data, initial weights, order of examples)

    Returns
    -------
    net : MLP;  X : (n, 2);  y : (n,);  history : History
    """
    from ..data import moons
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    from ..optim import SGD
    from ..regularizers import L2
    from ..training import fit

    lam = check_real(lam, "lam", low=0.0)
    n = check_int(n, "n", low=10)
    noise = check_real(noise, "noise", low=0.0)
    width = check_int(width, "width", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    check_seed(seed)
    X, y = moons(n=n, noise=noise, seed=seed)
    net = MLP([2, width, width, 2], activation="tanh", seed=seed)
    opt = SGD(net.parameters(), lr=0.1, momentum=0.9)
    history = fit(net, SoftmaxCrossEntropy(), opt, X, y, epochs=epochs, batch_size=20,
                  regularizer=L2(lam), seed=seed)
    return net, X, y, history


def weight_norm(net):
    """Omega(theta) = sum_k ||W^(k)||_F^2 over the weights (biases excluded)."""
    return float(sum(np.sum(p.value ** 2) for p in net.parameters() if p.decay))


def srm_figure(lam=0.0, epochs=300, seed=0, ax=None):
    """Decision regions of the network trained by `train_regularised` with this lambda.

    The title gives lambda, the data term (mean training cross-entropy) and Omega(theta).
    Returns the axes.
    """
    from ..losses import SoftmaxCrossEntropy
    from ..plot import decision_regions

    net, X, y, _ = train_regularised(lam, epochs=epochs, seed=seed)
    data_term = SoftmaxCrossEntropy().forward(net.forward(X), y)
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(4.5, 4))
    decision_regions(net, X, y, ax=ax, resolution=120)
    ax.set_title(f"$\\lambda$ = {lam:g}: risk {data_term:.2f}, $\\Omega$ = {weight_norm(net):.1f}", fontsize=10)
    return ax


def srm_demo():
    """A log-scale slider on lambda; redraws `srm_figure`."""
    import ipywidgets as widgets
    slider = widgets.FloatLogSlider(value=1e-3, base=10, min=-5, max=0, step=0.25, description="lambda")
    return interactive_figure(srm_figure, figsize=(4.5, 4), lam=slider)
