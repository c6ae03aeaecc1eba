"""Tests of mlpkit.optim: SGD (plain, momentum, Nesterov) on quadratics against the theory."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MLP, SGD, Parameter
from mlpkit.optim import Optimizer

from _helpers import quad_setup


def run(opt, fill_grad, steps):
    norms = []
    for _ in range(steps):
        fill_grad()
        opt.step()
        norms.append(np.linalg.norm(opt.params[0].value))
    return np.array(norms)


@given(
    eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=5),
    lr=st.floats(0.01, 0.19),
    seed=st.integers(0, 1000),
    steps=st.integers(1, 30),
)
def test_gradient_descent_on_quadratic_is_the_closed_form(eigs, lr, seed, steps):
    """theta_t = (I - alpha A)^t theta_0 exactly (up to rounding)."""
    p, A, fill = quad_setup(eigs, seed)
    theta0 = p.value.copy()
    run(SGD([p], lr=lr), fill, steps)
    expected = np.linalg.matrix_power(np.eye(len(eigs)) - lr * A, steps) @ theta0
    np.testing.assert_allclose(p.value, expected, rtol=1e-9, atol=1e-12)


def test_gradient_descent_rate_is_max_one_minus_alpha_lambda():
    mu, L = 1.0, 10.0
    for lr, rate in [(0.05, 1 - 0.05 * mu), (2 / (mu + L), (L - mu) / (L + mu)), (0.19, 0.19 * L - 1)]:
        p, A, fill = quad_setup([mu, 3.0, L], seed=1)
        norms = run(SGD([p], lr=lr), fill, 400)
        measured = (norms[399] / norms[199]) ** (1 / 200)
        assert measured == pytest.approx(rate, abs=2e-3), lr
    # beyond alpha = 2 / L the iterates diverge
    p, A, fill = quad_setup([mu, L], seed=1)
    norms = run(SGD([p], lr=2.05 / L), fill, 200)
    assert norms[-1] > 1e3 * norms[0]


def test_heavy_ball_is_the_momentum_recurrence():
    """v_t = g_t + beta v_{t-1}, theta <- theta - alpha v_t is Polyak's
    theta_{t+1} = theta_t - alpha g_t + beta (theta_t - theta_{t-1})."""
    p, A, fill = quad_setup([0.5, 2.0, 7.0], seed=3)
    alpha, beta = 0.1, 0.8
    prev = cur = p.value.copy()
    opt = SGD([p], lr=alpha, momentum=beta)
    for _ in range(50):
        fill()
        opt.step()
        prev, cur = cur, cur - alpha * (A @ cur) + beta * (cur - prev)
        np.testing.assert_allclose(p.value, cur, rtol=1e-10, atol=1e-13)


def test_momentum_envelope_decays_like_sqrt_beta():
    """In 1-D with complex characteristic roots, |theta_t| oscillates inside C sqrt(beta)^t."""
    lam, alpha, beta = 1.0, 0.1, 0.9
    assert (1 + beta - alpha * lam) ** 2 < 4 * beta  # complex roots z, |z| = sqrt(beta)
    p = Parameter(np.array([1.0]))
    opt = SGD([p], lr=alpha, momentum=beta)
    traj = []
    for _ in range(300):
        p.grad[...] = lam * p.value
        opt.step()
        traj.append(abs(p.value[0]))
    traj = np.array(traj)
    env1, env2 = traj[100:160].max(), traj[200:260].max()
    assert (env2 / env1) ** (1 / 100) == pytest.approx(math.sqrt(beta), abs=2e-3)


def test_momentum_speeds_up_an_ill_conditioned_quadratic():
    """Optimal heavy ball converges at (sqrt(k)-1)/(sqrt(k)+1) per step, gradient descent at (k-1)/(k+1)."""
    mu, L = 1.0, 100.0
    kappa = L / mu
    eigs = np.geomspace(mu, L, 6)
    p, A, fill = quad_setup(eigs, seed=2)
    gd = run(SGD([p], lr=2 / (mu + L)), fill, 400)
    p, A, fill = quad_setup(eigs, seed=2)
    alpha = 4 / (math.sqrt(L) + math.sqrt(mu)) ** 2
    beta = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    hb = run(SGD([p], lr=alpha, momentum=beta), fill, 400)
    gd_rate = (gd[399] / gd[199]) ** (1 / 200)
    hb_rate = (hb[150] / hb[50]) ** (1 / 100)
    assert gd_rate == pytest.approx((kappa - 1) / (kappa + 1), abs=2e-3)
    # double roots at the extreme eigenvalues add a factor t: allow a little above the rate
    assert (
        (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) - 1e-3
        <= hb_rate
        <= (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) + 0.02
    )
    # reaching 1e-8 of the start: heavy ball within 1.5x its theoretical count (~92 steps),
    # gradient descent (theory: ~910 steps) still above 1e-4 after 400
    hb_theory = math.log(1e8) / -math.log((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    assert int(np.argmax(hb < 1e-8 * hb[0])) < 1.5 * hb_theory
    assert gd[-1] > 1e-4 * gd[0]


def test_momentum_on_constant_gradient_multiplies_the_step_by_one_over_one_minus_beta():
    p = Parameter(np.zeros(2))
    g = np.array([1.0, -2.0])
    opt = SGD([p], lr=0.1, momentum=0.75)
    for _ in range(200):
        p.grad[...] = g
        before = p.value.copy()
        opt.step()
    np.testing.assert_allclose(before - p.value, 0.1 * g / (1 - 0.75), rtol=1e-12)


def test_nesterov_recurrence_and_convergence():
    p, A, fill = quad_setup([1.0, 5.0, 20.0], seed=4)
    alpha, beta = 0.04, 0.9
    theta, v = p.value.copy(), np.zeros(3)
    opt = SGD([p], lr=alpha, momentum=beta, nesterov=True)
    for _ in range(30):
        fill()
        opt.step()
        g = A @ theta
        v = beta * v + g
        theta = theta - alpha * (g + beta * v)
        np.testing.assert_allclose(p.value, theta, rtol=1e-10, atol=1e-13)
    norms = run(opt, fill, 300)
    assert norms[-1] < 1e-10


def test_sgd_float32_and_module_params():
    net = MLP([2, 3, 2], dtype=np.float32, seed=0)
    opt = SGD(net, lr=0.1, momentum=0.5)  # a Module is accepted for its parameters
    assert opt.params == net.parameters()
    for p in net.parameters():
        p.grad[...] = 1.0
    opt.step()
    assert all(p.value.dtype == np.float32 for p in net.parameters())
    assert all(v.dtype == np.float32 for v in opt.velocity)
    assert opt.t == 1
    assert repr(opt) == "SGD(lr=0.1, momentum=0.5, nesterov=False)"
    with pytest.raises(NotImplementedError):
        Optimizer(net.parameters(), lr=0.1).step()


def test_sgd_bad_inputs():
    p = [Parameter(np.zeros(2))]
    for lr in (0, 0.0, -0.1):
        with pytest.raises(ValueError, match=r"lr: expected a value in \(0.0, inf\]"):
            SGD(p, lr=lr)
    with pytest.raises(ValueError, match="lr: expected a finite number, got nan"):
        SGD(p, lr=float("nan"))
    with pytest.raises(ValueError, match="lr: expected a finite number, got inf"):
        SGD(p, lr=float("inf"))
    with pytest.raises(TypeError, match="lr: expected a real number"):
        SGD(p, lr="0.1")
    with pytest.raises(ValueError, match=r"momentum: expected a value in \[0.0, 1.0\), got 1.0"):
        SGD(p, lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="momentum: expected a value"):
        SGD(p, lr=0.1, momentum=-0.5)
    with pytest.raises(TypeError, match="nesterov: expected True or False"):
        SGD(p, lr=0.1, momentum=0.9, nesterov=1)
    with pytest.raises(ValueError, match="nesterov: Nesterov momentum needs momentum > 0"):
        SGD(p, lr=0.1, nesterov=True)
    with pytest.raises(TypeError, match="schedule: expected a function of the step t"):
        SGD(p, lr=0.1, schedule=0.5)
    with pytest.raises(ValueError, match="params: expected at least one Parameter, got none"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[0\]: expected a Parameter .* got ndarray"):
        SGD([np.zeros(2)], lr=0.1)
