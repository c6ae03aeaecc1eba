"""Tests of mlpkit.optim: SGD (plain, momentum, Nesterov) on quadratics against the theory,
the finite-difference Hessian, and Newton's method (one step on a quadratic, quadratic
convergence on a convex problem)."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import L2, MLP, SGD, Linear, Newton, Parameter, SoftmaxCrossEntropy
from mlpkit import numerical_hessian as hessian
from mlpkit.optim import Optimizer


def quad_setup(eigs, seed=0):
    """f(theta) = 1/2 theta^T A theta with A = Q diag(eigs) Q^T; returns (p, A, grad_fn)."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((len(eigs), len(eigs))))
    A = Q @ np.diag(eigs) @ Q.T
    p = Parameter(rng.standard_normal(len(eigs)))

    def fill_grad():
        p.grad[...] = A @ p.value
        return 0.5 * float(p.value @ A @ p.value)

    return p, A, fill_grad


def run(opt, fill_grad, steps):
    norms = []
    for _ in range(steps):
        fill_grad()
        opt.step()
        norms.append(np.linalg.norm(opt.params[0].value))
    return np.array(norms)


@given(eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=5), lr=st.floats(0.01, 0.19),
       seed=st.integers(0, 1000), steps=st.integers(1, 30))
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
    assert (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) - 1e-3 <= hb_rate <= (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1) + 0.02
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


# -- Hessian and Newton ----------------------------------------------------------------

@given(eigs=st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=6), seed=st.integers(0, 1000))
def test_hessian_of_a_quadratic_is_A(eigs, seed):
    p, A, fill = quad_setup(eigs, seed)
    theta = p.value.copy()
    H = hessian([p], fill)
    np.testing.assert_allclose(H, A, atol=1e-8)
    np.testing.assert_array_equal(p.value, theta)  # restored
    np.testing.assert_allclose(p.grad, A @ theta, rtol=1e-12, atol=1e-14)  # gradients left at theta


def _softmax_problem(seed=0, n=60, d=4, C=3, lam=0.05):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, C, n)
    lin = Linear(d, C, init="zeros")
    loss, reg = SoftmaxCrossEntropy(), L2(lam)

    def closure():
        value = loss.forward(lin.forward(X), y) + reg.penalty([lin.weight])
        lin.backward(loss.backward())
        reg.add_grad([lin.weight])
        return value

    return lin, X, y, closure


def test_hessian_of_softmax_regression_matches_the_closed_form():
    lin, X, y, closure = _softmax_problem(seed=1)
    rng = np.random.default_rng(5)
    lin.W = 0.5 * rng.standard_normal(lin.W.shape)
    H = hessian([lin.weight], closure)
    # d^2/dW^2 of mean CE: (1/n) sum_i (diag(p_i) - p_i p_i^T) kron (x_i x_i^T); plus 2 lam I from L2
    logits = X @ lin.W.T + lin.b
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    expected = sum(np.kron(np.diag(P[i]) - np.outer(P[i], P[i]), np.outer(X[i], X[i])) for i in range(len(X))) / len(X)
    expected += 2 * 0.05 * np.eye(expected.shape[0])
    np.testing.assert_allclose(H, expected, atol=1e-8)
    assert np.all(np.linalg.eigvalsh(H) > 0)  # convex: positive definite with L2


@given(eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=6), seed=st.integers(0, 1000))
def test_newton_solves_a_quadratic_in_one_step(eigs, seed):
    p, A, fill = quad_setup(eigs, seed)
    theta0 = p.value.copy()
    opt = Newton([p], damping=0.0)
    f0 = opt.step(fill)
    assert f0 == pytest.approx(0.5 * theta0 @ A @ theta0, rel=1e-12)  # the loss before the step
    assert np.linalg.norm(p.value) < 1e-7 * np.linalg.norm(theta0)  # the minimum is theta = 0
    np.testing.assert_allclose(opt.last_hessian, A, atol=1e-8)
    assert opt.t == 1


def test_newton_converges_quadratically_on_softmax_regression():
    lin, X, y, closure = _softmax_problem(seed=0)
    opt = Newton([lin.weight], damping=0.0)
    values, grads = [], []
    for _ in range(7):
        values.append(closure())
        grads.append(np.linalg.norm(lin.grad_W))
        opt.step(closure)
    gaps = np.array(values) - values[-1]
    # the loss gap squares at each step (up to a constant), until it hits rounding
    pairs = [(a, b) for a, b in zip(gaps, gaps[1:]) if a > 1e-12 and b > 1e-14]
    assert len(pairs) >= 2
    for a, b in pairs:
        assert b <= a ** 2, (a, b)
        assert math.log(b) / math.log(a) > 1.8
    assert gaps[4] < 1e-12 and grads[4] < 1e-8
    # gradient descent at a reasonable rate is still far away after as many steps
    lin2, _, _, closure2 = _softmax_problem(seed=0)
    gd = SGD([lin2.weight], lr=1.0)
    for _ in range(4):
        closure2()
        gd.step()
    assert closure2() - values[-1] > 1e-4


def test_newton_damping_and_lr():
    p, A, fill = quad_setup([1.0, 4.0], seed=7)
    theta0 = p.value.copy()
    Newton([p], damping=1.0, lr=0.5).step(fill)
    expected = theta0 - 0.5 * np.linalg.solve(A + np.eye(2), A @ theta0)
    np.testing.assert_allclose(p.value, expected, rtol=1e-7, atol=1e-10)


def test_newton_bad_inputs():
    p, A, fill = quad_setup([1.0, 2.0])
    with pytest.raises(ValueError, match="closure: Newton.step needs a closure"):
        Newton([p]).step()
    with pytest.raises(ValueError, match=r"params: Newton builds a P x P Hessian; expected at most 5000 parameters, got 5001"):
        Newton([Parameter(np.zeros(5001))])
    with pytest.raises(ValueError, match="damping: expected a value"):
        Newton([p], damping=-1.0)
    with pytest.raises(ValueError, match=r"lr: expected a value in \(0.0, inf\]"):
        Newton([p], lr=0.0)
    with pytest.raises(ValueError, match=r"eps: expected a value in \(0.0, inf\]"):
        hessian([p], fill, eps=0.0)
    flat = Parameter(np.ones(2))

    def no_curvature():
        flat.grad[...] = 1.0
        return 0.0

    with pytest.raises(np.linalg.LinAlgError, match="damped Hessian is singular; increase damping"):
        Newton([flat], damping=0.0).step(no_curvature)
