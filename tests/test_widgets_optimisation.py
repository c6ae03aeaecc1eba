"""Tests of mlpkit/widgets/optimisation.py: chapter 7's 2-D loss surface and trajectories."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpkit as mk
from mlpkit.widgets import optimisation as W


def teardown_function():
    plt.close("all")


def test_quadratic_gradient_against_finite_differences():
    surface = W.Quadratic2D(curvatures=(1.0, 10.0), angle=30.0, minimum=(0.5, -1.0))
    theta = np.array([1.3, 0.2])
    numeric = mk.numerical_gradient(lambda: surface.loss(theta), theta)
    assert mk.relative_error(surface.grad(theta), numeric) < 1e-8
    assert np.allclose(np.linalg.eigvalsh(surface.H), [1.0, 10.0])
    assert surface.max_stable_lr == pytest.approx(0.2)


def test_trajectory_converges_below_and_diverges_above_two_over_lambda_max():
    surface = W.Quadratic2D()
    ok = W.trajectory(surface, (-2.5, 2.0), lr=0.19, steps=200)
    assert ok.shape == (201, 2) and surface.loss(ok[-1]) < 1e-6
    bad = W.trajectory(surface, (-2.5, 2.0), lr=0.25, steps=1000)
    assert len(bad) < 1001 and np.all(np.isfinite(bad))  # stopped at the limit, no overflow


def test_trajectory_is_mlpkit_sgd_with_momentum():
    surface = W.Quadratic2D()
    path = W.trajectory(surface, (1.0, 1.0), lr=0.05, momentum=0.5, steps=2)
    v1 = surface.grad(path[0])
    assert np.allclose(path[1], path[0] - 0.05 * v1)
    v2 = surface.grad(path[1]) + 0.5 * v1
    assert np.allclose(path[2], path[1] - 0.05 * v2)


def test_noise_is_seeded():
    surface = W.Quadratic2D()
    a = W.trajectory(surface, (1.0, 1.0), lr=0.05, steps=20, noise=1.0, seed=3)
    b = W.trajectory(surface, (1.0, 1.0), lr=0.05, steps=20, noise=1.0, seed=3)
    assert np.array_equal(a, b)


def test_figure_draws_and_reports_divergence():
    ax = W.learning_rate_figure(lr=0.21, momentum=0.0, steps=30)
    assert "diverges" in ax.get_title()
    ax = W.learning_rate_figure(lr=0.15, momentum=0.0, steps=30)
    assert "loss" in ax.get_title()


@pytest.mark.parametrize("call, name", [
    (lambda: W.Quadratic2D(curvatures=(1.0, -1.0)), "curvatures"),
    (lambda: W.trajectory(W.Quadratic2D(), (0.0, 1.0), lr=0.0), "lr"),
    (lambda: W.trajectory(W.Quadratic2D(), (0.0, 1.0), lr=0.1, steps=-1), "steps"),
    (lambda: W.trajectory(W.Quadratic2D(), (0.0, 1.0), lr=0.1, noise=-1.0), "noise"),
    (lambda: W.trajectory(W.Quadratic2D(), "start", lr=0.1), "start"),
])
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
