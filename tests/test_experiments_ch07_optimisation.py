"""Tests of mlpkit/experiments/ch07_optimisation.py: the 2-D surface, SGD trajectories on it
(one or many runs at once), the gradient-noise measurement and the schedule runs."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit import schedules
from mlpkit.experiments import ch07_optimisation as E


def test_quadratic_gradient_against_finite_differences():
    surface = E.Quadratic2D(curvatures=(1.0, 10.0), angle=30.0, minimum=(0.5, -1.0))
    theta = np.array([1.3, 0.2])
    numeric = mk.numerical_gradient(lambda: surface.loss(theta), theta)
    assert mk.relative_error(surface.grad(theta), numeric) < 1e-8
    assert np.allclose(np.linalg.eigvalsh(surface.H), [1.0, 10.0])
    assert surface.max_stable_lr == pytest.approx(0.2)


def test_trajectory_converges_below_and_diverges_above_two_over_lambda_max():
    surface = E.Quadratic2D()
    ok = E.trajectory(surface, (-2.5, 2.0), lr=0.19, steps=200)
    assert ok.shape == (201, 2) and surface.loss(ok[-1]) < 1e-6
    bad = E.trajectory(surface, (-2.5, 2.0), lr=0.25, steps=1000)
    assert len(bad) < 1001 and np.all(np.isfinite(bad))  # stopped at the limit, no overflow


def test_trajectory_is_mlpkit_sgd_with_momentum():
    surface = E.Quadratic2D()
    path = E.trajectory(surface, (1.0, 1.0), lr=0.05, momentum=0.5, steps=2)
    v1 = surface.grad(path[0])
    assert np.allclose(path[1], path[0] - 0.05 * v1)
    v2 = surface.grad(path[1]) + 0.5 * v1
    assert np.allclose(path[2], path[1] - 0.05 * v2)


def test_many_runs_at_once_are_independent_runs():
    surface = E.Quadratic2D()
    starts = np.array([[1.0, 1.0], [-2.0, 0.5], [0.3, -1.0]])
    together = E.trajectory(surface, starts, lr=0.05, momentum=0.7, steps=25)
    for s, start in enumerate(starts):
        alone = E.trajectory(surface, start, lr=0.05, momentum=0.7, steps=25)
        np.testing.assert_allclose(together[:, s], alone, rtol=1e-12, atol=1e-14)


def test_noise_is_seeded():
    surface = E.Quadratic2D()
    a = E.trajectory(surface, (1.0, 1.0), lr=0.05, steps=20, noise=1.0, seed=3)
    b = E.trajectory(surface, (1.0, 1.0), lr=0.05, steps=20, noise=1.0, seed=3)
    c = E.trajectory(surface, (1.0, 1.0), lr=0.05, steps=20, noise=1.0, seed=4)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_decay_beats_the_constant_noise_floor():
    surface = E.Quadratic2D(curvatures=(1.0, 4.0))
    _, constant = E.noisy_final_losses(surface, (-2.5, 2.0), 0.1, None, steps=1000, runs=8, seed=1)
    curve, decayed = E.noisy_final_losses(
        surface, (-2.5, 2.0), 0.1, schedules.inverse_decay(1 / 50), steps=1000, runs=8, seed=1
    )
    assert curve.shape == (1001,) and decayed.shape == (8,)
    assert decayed.mean() < constant.mean() / 4


def test_gradient_noise_matches_the_formula():
    X, y = mk.data.digits()
    net = mk.MLP([64, 16, 10], activation="tanh", seed=0)
    noise = E.gradient_noise(
        net, mk.SoftmaxCrossEntropy(), X[:300], y[:300], [1, 16, 300], n_batches=60, seeds=(0, 1)
    )
    measured, predicted = noise["measured"], noise["predicted"]
    assert measured.shape == (2, 3) and np.all(measured[:, 2] < 1e-20) and predicted[2] == 0.0  # whole set
    assert np.all(np.abs(np.log(measured[:, :2] / predicted[:2])) < 0.3)
    assert noise["g_full"].shape == (64 * 16 + 16 + 16 * 10 + 10,)


def test_schedule_run_one_cycle_trains():
    loss, acc = E.schedule_run(schedules.one_cycle(2 * 19), lr=0.2, epochs=2, n_train=600)
    assert loss < 1.0 and acc > 0.8


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: E.Quadratic2D(curvatures=(1.0, -1.0)), "curvatures"),
        (lambda: E.trajectory(E.Quadratic2D(), (0.0, 1.0), lr=0.0), "lr"),
        (lambda: E.trajectory(E.Quadratic2D(), (0.0, 1.0), lr=0.1, steps=-1), "steps"),
        (lambda: E.trajectory(E.Quadratic2D(), (0.0, 1.0), lr=0.1, noise=-1.0), "noise"),
        (lambda: E.trajectory(E.Quadratic2D(), "start", lr=0.1), "start"),
        (lambda: E.trajectory(E.Quadratic2D(), (0.0, 1.0, 2.0), lr=0.1), "start"),
        (lambda: E.noisy_final_losses(E.Quadratic2D(), (0.0, 1.0), 0.1, None, runs=0), "runs"),
    ],
)
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
