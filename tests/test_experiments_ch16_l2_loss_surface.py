"""Chapter 16's experiments: the representation cost, rebalancing and the proximal method."""

import numpy as np

from mlpkit.experiments import ch16_l2_loss_surface as l2


def test_profile_cost_is_attained_by_min_norm_weights_and_ridge():
    X, y = l2.random_problem(10, seed=1)
    W, a = l2.init_net(3, 12, seed=2)
    lam = 0.05
    Z = W @ X.T
    S = np.maximum(Z, 0)
    a_star = S @ np.linalg.solve(S.T @ S + len(y) * lam / 2 * np.eye(len(y)), y)
    W_min = Z @ np.linalg.pinv(X.T)
    C = l2.profile_cost(Z, X, y, lam)
    assert np.isclose(l2.l2_loss(W_min, a_star, X, y, lam), C)
    assert C <= l2.l2_loss(W, a, X, y, lam)
    # perturbing a or W away from the optimum can only raise L
    assert l2.l2_loss(W_min, a_star + 1e-3, X, y, lam) > C


def test_rebalance_keeps_function_and_reaches_group_cost():
    X, y = l2.random_problem(8, seed=3)
    W, a = l2.init_net(3, 20, scale=2.0, seed=4)
    W[0], a[1] = 0.0, 0.0
    Wb, ab = l2.rebalance(W, a)
    assert np.allclose(l2.forward(Wb, ab, X), l2.forward(W, a, X))
    assert np.allclose(np.linalg.norm(Wb, axis=1), np.abs(ab))
    assert np.isclose(l2.l2_loss(Wb, ab, X, y, 0.1), l2.group_cost(W, a, X, y, 0.1))
    assert l2.group_cost(W, a, X, y, 0.1) <= l2.l2_loss(W, a, X, y, 0.1)


def test_weight_decay_shrinks_imbalance_at_the_flow_rate():
    X, y = l2.xor_data(seed=0)
    W0, a0 = l2.init_net(3, 30, seed=0)
    W, a, snaps = l2.gd_weight_decay(W0, a0, X, y, 0.02, lr=0.02, steps=1000, record=(0, 500))
    ratio = np.abs(l2.imbalance(W, a)).sum() / np.abs(l2.imbalance(W0, a0)).sum()
    assert abs(ratio - np.exp(-2 * 0.02 * 0.02 * 1000)) < 0.05
    assert set(snaps) == {0, 500}


def test_prox_group_zeroes_short_rows_and_shrinks_long_ones():
    B = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])
    out = l2.prox_group(B, 1.0)
    assert np.allclose(out, [[2.4, 3.2], [0, 0], [0, 0]])


def test_prox_train_objective_settles_and_merging_never_costs():
    X, y = l2.random_problem(6, seed=0)
    X, y = X[None], y[None]
    _, _, obj_short = l2.prox_train(X, y, 1e-2, width=40, steps=2000, momentum_steps=1000, seed=1)
    B, s, obj_long = l2.prox_train(X, y, 1e-2, width=40, steps=3000, momentum_steps=2000, seed=1)
    assert abs(obj_short[0] - obj_long[0]) < 0.02 * obj_long[0]
    active, merged, Bm, sm = l2.count_neurons(B[0], s, X[0])
    assert 0 < merged <= active <= 40
    f = np.maximum(X[0] @ Bm.T, 0) @ sm
    merged_obj = np.mean((f - y[0]) ** 2) + 1e-2 * np.linalg.norm(Bm, axis=1).sum()
    assert merged_obj <= obj_long[0] + 1e-12


def test_distance_ratio_is_zero_for_collapsed_classes():
    R = np.array([[0.0], [0.0], [1.0], [1.0]])
    assert l2.distance_ratio(R, np.array([1, 1, -1, -1])) == 0.0
