"""The chapter 9 widget: drawing function and demo, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.widgets import regularisation as reg


def test_weight_decay_shrinks_the_weights():
    small, _ = reg.train_with_weight_decay(0.0, epochs=50)
    large, _ = reg.train_with_weight_decay(1e-2, epochs=50)
    norm = lambda net: sum(float(np.sum(p.value ** 2)) for p in net.parameters() if p.decay)  # noqa: E731
    assert norm(large) < norm(small)


@pytest.mark.parametrize("lam", [10 ** reg.LAM_MIN_EXP, 10 ** reg.LAM_MAX_EXP])
def test_figure_draws_at_slider_ends(lam):
    fig, ax = plt.subplots()
    out = reg.regularisation_figure(lam=lam, epochs=20, ax=ax)
    assert out is ax and "lambda" in ax.get_title()
    plt.close(fig)


def test_demo_callback_runs_at_min_and_max():
    demo = reg.regularisation_demo()
    slider = demo.children[0]
    for value in (slider.min, slider.max):
        slider.value = 10 ** value
        demo.update()
    plt.close("all")


def test_bad_lambda():
    with pytest.raises(ValueError, match="lam"):
        reg.train_with_weight_decay(-1.0)
