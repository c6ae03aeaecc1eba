"""Chapter 13 demo: the slides' triptych (correctly classified, difference, badly classified).

``adversarial_figure`` perturbs one 8x8 digit with the fast gradient sign method and
draws the image, the perturbation (magnified to the full grey range) and the perturbed
image, each titled with the class the network predicts and its probability.
``adversarial_demo`` puts sliders on eps and on which image.
"""
import functools

import numpy as np

from .._validate import check_int, check_real
from . import interactive_figure

MODELS = ("softmax regression", "MLP")


@functools.lru_cache(maxsize=None)
def trained_digits_model(model="softmax regression", seed=0):
    """A classifier of the 8x8 digits trained on the first 1200 images (cached).

    Returns
    -------
    net : MLP, ``[64, 10]`` (softmax regression) or ``[64, 64, 10]`` (tanh MLP)
    X_test : (597, 64) array in [0, 1];  y_test : (597,) int labels (the other images)
    """
    from ..data import digits
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    from ..optim import SGD
    from ..training import fit

    if model not in MODELS:
        raise ValueError(f"model: expected one of {MODELS}, got {model!r}")
    X, y = digits()
    sizes = [64, 10] if model == "softmax regression" else [64, 64, 10]
    net = MLP(sizes, activation="tanh", seed=seed)
    fit(net, SoftmaxCrossEntropy(), SGD(net.parameters(), lr=0.1, momentum=0.9), X[:1200], y[:1200],
        epochs=30, batch_size=32, seed=seed)
    return net, X[1200:], y[1200:]


def adversarial_figure(eps=0.1, index=0, model="softmax regression", ax=None):
    """Draw one test digit, its FGSM perturbation of size eps, and the perturbed digit.

    Parameters
    ----------
    eps : float in [0, 1], the max-norm of the perturbation (pixels are in [0, 1])
    index : int, which test image (0 .. 596)
    model : ``"softmax regression"`` or ``"MLP"``
    ax : sequence of 3 matplotlib axes, optional

    Returns
    -------
    The three axes.
    """
    from ..attack import fgsm

    eps = check_real(eps, "eps", low=0.0, high=1.0)
    net, X_test, y_test = trained_digits_model(model)
    index = check_int(index, "index", low=0, high=X_test.shape[0] - 1)
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(1, 3, figsize=(7.5, 2.9))
    if len(ax) != 3:
        raise ValueError(f"ax: expected 3 axes, got {len(ax)}")
    x, y = X_test[index:index + 1], y_test[index:index + 1]
    x_adv = fgsm(net, x, y, eps)
    p, p_adv = net.predict_proba(x)[0], net.predict_proba(x_adv)[0]
    diff = (x_adv - x)[0]
    scale = np.max(np.abs(diff))
    colour = {True: "black", False: "tab:red"}  # a wrong prediction is titled in red
    panels = [
        (x[0], "gray_r", 0.0, 1.0, f"label {y[0]}: predicts {p.argmax()}\n(p = {p.max():.2f})",
         colour[bool(p.argmax() == y[0])]),
        (diff, "RdBu_r", -(scale or 1.0), scale or 1.0, f"difference, magnified\n(max |change| = {scale:.2f})",
         "black"),
        (x_adv[0], "gray_r", 0.0, 1.0, f"eps = {eps:.2f}: predicts {p_adv.argmax()}\n(p = {p_adv.max():.2f})",
         colour[bool(p_adv.argmax() == y[0])]),
    ]
    for a, (image, cmap, lo, hi, title, title_colour) in zip(ax, panels):
        a.imshow(image.reshape(8, 8), cmap=cmap, vmin=lo, vmax=hi)
        a.set_title(title, fontsize=9, color=title_colour)
        a.set_xticks([])
        a.set_yticks([])
    return ax


def adversarial_demo():
    """Sliders for eps and the test image, a menu for the model; redraws `adversarial_figure`."""
    import ipywidgets as widgets

    return interactive_figure(adversarial_figure, figsize=(7.5, 2.9), subplots=(1, 3),
        eps=widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01, description="eps"),
        index=widgets.IntSlider(value=0, min=0, max=596, description="image"),
        model=widgets.Dropdown(options=list(MODELS), value="softmax regression", description="model"),
    )


__all__ = ["trained_digits_model", "adversarial_figure", "adversarial_demo"]
