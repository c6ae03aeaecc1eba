"""The chapter 13 widget: drawing the slide's triptych."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.attack import fgsm
from mlpkit.experiments.ch13_adversarial import trained_digits_model
from mlpkit.widgets import adversarial as aw


def test_triptych_shows_the_image_the_perturbation_and_the_result():
    fig, axes = plt.subplots(1, 3)
    aw.adversarial_figure(eps=0.1, index=0, model="MLP", seed=0, ax=axes)
    net, X_test, y_test = trained_digits_model("MLP", 0)
    x_adv = fgsm(net, X_test[:1], y_test[:1], 0.1)
    np.testing.assert_allclose(axes[0].images[0].get_array().ravel(), X_test[0])
    np.testing.assert_allclose(axes[2].images[0].get_array().ravel(), x_adv[0])
    assert f"predicts {net.predict(x_adv)[0]}" in axes[2].get_title()
    assert axes[2].title.get_color() == "C2"  # the MLP of seed 0 is fooled on image 0 at 0.1
    assert "(wrong)" in axes[2].get_title() and "(wrong)" not in axes[0].get_title()  # not by colour alone
    plt.close(fig)


def test_bad_knobs_raise():
    with pytest.raises(ValueError, match="eps"):
        aw.adversarial_figure(eps=2.0)
    with pytest.raises(ValueError, match="index"):
        aw.adversarial_figure(index=597)
    with pytest.raises(ValueError, match="ax"):
        fig, ax = plt.subplots(1, 2)
        aw.adversarial_figure(ax=ax)
    plt.close("all")


def test_demo_has_eps_image_model_and_seed():
    demo = aw.adversarial_demo()
    assert [w._kwarg for w in demo.kwargs_widgets] == ["eps", "index", "model", "seed"]
    plt.close("all")
