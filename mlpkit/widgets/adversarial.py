"""Chapter 13 demo: the slides' triptych (correctly classified, difference, badly classified).

``adversarial_figure`` perturbs one 8x8 digit with the fast gradient sign method and
draws the image, the perturbation (magnified to the full grey range) and the perturbed
image, each titled with the class the network predicts and its probability (a wrong prediction is
marked "(wrong)" and titled in the course palette's red).
``adversarial_demo`` puts sliders on eps, on which image and on the seed of the model.
The trained models come from `mlpkit.experiments.ch13_adversarial`.
"""

import numpy as np

from .._validate import check_int, check_real
from ..experiments.ch13_adversarial import MODELS, trained_digits_model
from ..plot import DIVERGING
from ._common import interactive_figure


def adversarial_figure(eps=0.1, index=0, model="softmax regression", seed=0, ax=None):
    """Draw one test digit, its FGSM perturbation of size eps, and the perturbed digit.

    Parameters
    ----------
    eps : float
        The max-norm of the perturbation, in [0, 1] (pixels are in [0, 1]).
    index : int
        Which test image, 0 to 596.
    model : str
        ``"softmax regression"`` or ``"MLP"``.
    seed : int
        Seed of the trained model (see `trained_digits_model`).
    ax : sequence of 3 matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    sequence of 3 matplotlib Axes
        The axes drawn on.
    """
    from ..attack import fgsm

    eps = check_real(eps, "eps", low=0.0, high=1.0)
    net, X_test, y_test = trained_digits_model(model, seed)
    index = check_int(index, "index", low=0, high=X_test.shape[0] - 1)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(1, 3, figsize=(7.5, 2.9))
    if len(ax) != 3:
        raise ValueError(f"ax: expected 3 axes, got {len(ax)}")
    x, y = X_test[index : index + 1], y_test[index : index + 1]
    x_adv = fgsm(net, x, y, eps)
    p, p_adv = net.predict_proba(x)[0], net.predict_proba(x_adv)[0]
    diff = (x_adv - x)[0]
    scale = np.max(np.abs(diff))
    colour = {True: "black", False: "C2"}  # a wrong prediction is titled in the cycle's red, and says so
    mark = {True: "", False: " (wrong)"}
    panels = [
        (
            x[0],
            "gray_r",
            0.0,
            1.0,
            f"label {y[0]}: predicts {p.argmax()}{mark[bool(p.argmax() == y[0])]}\n(p = {p.max():.2f})",
            colour[bool(p.argmax() == y[0])],
        ),
        (
            diff,
            DIVERGING,
            -(scale or 1.0),
            scale or 1.0,
            f"difference, magnified\n(max |change| = {scale:.2f})",
            "black",
        ),
        (
            x_adv[0],
            "gray_r",
            0.0,
            1.0,
            f"eps = {eps:.2f}: predicts {p_adv.argmax()}{mark[bool(p_adv.argmax() == y[0])]}"
            f"\n(p = {p_adv.max():.2f})",
            colour[bool(p_adv.argmax() == y[0])],
        ),
    ]
    for a, (image, cmap, lo, hi, title, title_colour) in zip(ax, panels, strict=True):
        a.imshow(image.reshape(8, 8), cmap=cmap, vmin=lo, vmax=hi)
        a.set_title(title, fontsize=9, color=title_colour)
        a.set_xticks([])
        a.set_yticks([])
    return ax


def adversarial_demo():
    """Sliders for eps, the test image and the seed, a menu for the model; redraws `adversarial_figure`."""
    import ipywidgets as widgets

    return interactive_figure(
        adversarial_figure,
        figsize=(7.5, 2.9),
        subplots=(1, 3),
        eps=widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01, description="eps"),
        index=widgets.IntSlider(value=0, min=0, max=596, description="image"),
        model=widgets.Dropdown(options=list(MODELS), value="softmax regression", description="model"),
        seed=widgets.IntSlider(value=0, min=0, max=4, description="seed", continuous_update=False),
    )


__all__ = ["adversarial_figure", "adversarial_demo"]
