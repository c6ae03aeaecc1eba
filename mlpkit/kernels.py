"""Networks as kernels: the empirical neural tangent kernel and the linearised network.

Gradient descent on theta moves the output at x by (for a small step of size lr)

    f(x; theta - lr grad) - f(x; theta) ~ -lr sum_i Theta(x, x_i) dl/df(x_i),
    Theta(x, x') = J(x) J(x')^T,    J(x) = df(x; theta)/dtheta   (a row of P numbers),

so the network learns like a kernel machine with kernel Theta, the empirical neural
tangent kernel (Jacot, Gabriel and Hongler, 2018). When Theta barely changes during
training ("lazy training"), the network behaves like its first-order Taylor expansion
around the initial theta_0 (Lee et al., 2019),

    f_lin(x; theta) = f(x; theta_0) + J_0(x) (theta - theta_0),

a model that is linear in theta. `NTKLinear` and `ntk_mlp` give the parameterisation
in which that limit is reached as the width grows: W_ij ~ N(0, 1) and a = W h / sqrt(H_{k-1}) + beta b.
"""

import numpy as np

from ._validate import as_float_array, check_dtype, check_inputs, check_int, check_net, check_real, check_seed
from .layers import Linear, Sequential, stack_layers
from .module import flat_grads, flat_params, set_flat_params


def standard_normal(shape, rng, dtype=np.float64):
    """W_ij ~ N(0, 1), whatever the layer's size (the NTK parameterisation scales in the forward pass)."""
    return rng.standard_normal(size=shape).astype(dtype)


class NTKLinear(Linear):
    """a = W h / sqrt(H_{k-1}) + beta b, with W_ij ~ N(0, 1) and b = 0 at initialisation.

    The same function class as `Linear`; only the scale of the parameters (and hence
    of their gradients and of the kernel) differs, so that the NTK has a limit as the
    width grows (Jacot et al., 2018).
    """

    def __init__(self, n_in, n_out, beta=1.0, seed=0, dtype=np.float64):
        super().__init__(n_in, n_out, init=standard_normal, seed=seed, dtype=dtype)
        self.beta = check_real(beta, "beta", low=0.0)
        self.scale = 1.0 / np.sqrt(self.n_in)

    def forward(self, h):
        """h : (n, H_{k-1}) -> a : (n, H_k)."""
        self.h = h
        return self.scale * (h @ self.W.T) + self.beta * self.b  # a = W h / sqrt(H_{k-1}) + beta b

    def backward(self, grad_a):
        """grad_W = grad_a^T h / sqrt(H_{k-1}), grad_b = beta sum grad_a, grad_h = grad_a W / sqrt(H_{k-1})"""
        self.grad_W = self.scale * (grad_a.T @ self.h)
        self.grad_b = self.beta * grad_a.sum(axis=0)
        return self.scale * (grad_a @ self.W)

    def config(self):
        return {**super().config(), "beta": self.beta}


def ntk_mlp(sizes, activation="tanh", beta=1.0, seed=0, dtype=np.float64):
    """A multilayer network of `NTKLinear` layers: ``sizes = [d, H_1, ..., H_L, C]``.

    Returns a `Sequential` (with ``predict``, ``predict_proba``); hidden layers use ``activation``.
    """
    rng = check_seed(seed)
    dtype = check_dtype(dtype)
    _, modules = stack_layers(
        sizes, activation, lambda n_in, n_out: NTKLinear(n_in, n_out, beta=beta, seed=rng, dtype=dtype)
    )
    return Sequential(*modules)


def jacobian(net, X, output=None):
    """Per-example gradients of the outputs with respect to theta (in `flat_params` order).

    Parameters
    ----------
    net : Module mapping (n, d) to (n, C)
    X : (n, d) array
    output : int, optional
        Which output f_c to differentiate. By default: the only one if C = 1, else all.

    Returns
    -------
    J : (n, P) array if a single output is differentiated, else (n, C, P).
        J[i, c] = d f_c(x_i; theta) / d theta. (One backward pass per example and
        output; the parameters' ``.grad`` are overwritten as a side effect.)
    """
    check_net(net)
    X = check_inputs(net, X)
    n_outputs = net.forward(X[:1]).shape[1]
    if output is not None:
        output = check_int(output, "output", low=0, high=n_outputs - 1)
    outputs = [output] if output is not None else list(range(n_outputs))
    P = flat_params(net).size
    J = np.empty((X.shape[0], len(outputs), P), dtype=np.float64)
    for i in range(X.shape[0]):
        net.forward(X[i : i + 1])
        for j, c in enumerate(outputs):
            e_c = np.zeros((1, n_outputs), dtype=X.dtype)
            e_c[0, c] = 1.0
            net.backward(e_c)
            J[i, j] = flat_grads(net)
    return J[:, 0] if len(outputs) == 1 else J


def empirical_ntk(net, X1, X2=None, output=None):
    """Theta(x, x') = J(x) J(x')^T at the network's current parameters.

    Parameters
    ----------
    net : Module
    X1 : ndarray of shape (n1, d)
    X2 : ndarray of shape (n2, d), optional (default X1)
    output : int, optional
        With several outputs and no ``output``, the kernel of each output is averaged
        over the outputs (in the wide limit they are all equal, and the cross terms vanish).

    Returns
    -------
    Theta : (n1, n2) array
    """
    J1 = jacobian(net, X1, output)
    J2 = J1 if X2 is None else jacobian(net, X2, output)
    if J1.ndim == 2:
        return J1 @ J2.T
    return np.einsum("icp,jcp->ij", J1, J2) / J1.shape[1]


def _check_kernel_problem(K_train, y_train, K_test, symmetric=False):
    """K_train (n, n), y_train (n,) or (n, k), K_test (m, n), as float arrays."""
    K_train = as_float_array(K_train, "K_train", ndim=2)
    n = K_train.shape[0]
    if K_train.shape != (n, n) or (symmetric and not np.allclose(K_train, K_train.T)):
        kind = "a symmetric square" if symmetric else "a square"
        raise ValueError(f"K_train: expected {kind} matrix, got shape {K_train.shape}")
    y_arr = np.asarray(y_train)
    y_train = as_float_array(y_arr, "y_train", ndim=1 if y_arr.ndim == 1 else 2)
    if y_train.shape[0] != n:
        raise ValueError(f"y_train: expected {n} targets (one per row of K_train), got {y_train.shape[0]}")
    K_test = as_float_array(K_test, "K_test", ndim=2, n_features=n)
    return K_train, y_train, K_test


def kernel_regression(K_train, y_train, K_test, ridge=0.0):
    """Kernel ridge regression: predictions K_test (K_train + ridge I)^{-1} y_train.

    Parameters
    ----------
    K_train : (n, n) array, the kernel between training points
    y_train : (n,) or (n, k) array of targets
    K_test : (m, n) array, the kernel between test and training points
    ridge : float >= 0
        0 interpolates the training targets exactly (if K_train is invertible).

    Returns
    -------
    (m,) or (m, k) array
    """
    K_train, y_train, K_test = _check_kernel_problem(K_train, y_train, K_test)
    n = K_train.shape[0]
    ridge = check_real(ridge, "ridge", low=0.0)
    alpha = np.linalg.solve(K_train + ridge * np.eye(n), y_train)
    return K_test @ alpha


def kernel_gradient_descent(K_train, y_train, K_test, lr, steps):
    """Predictions after ``steps`` of gradient descent on the mean squared error, in function space.

    With u_0 = 0 on the training points and the update u <- u - lr (2/n) K_train (u - y),
    the residual after t steps is (I - lr (2/n) K_train)^t y; the test predictions are
    K_test alpha_t with, in the eigenbasis K_train = V diag(lambda) V^T,

        alpha_t = V diag((1 - (1 - lr (2/n) lambda)^t) / lambda) V^T y.

    This is exactly what the linearised network (`LinearizedNetwork.train`) computes, with
    K = Theta and y the residual y - f(X; theta_0); as t grows it tends to `kernel_regression`.

    Parameters
    ----------
    K_train : (n, n) symmetric array
    y_train : (n,) or (n, k)
    K_test : (m, n)
    lr : float > 0
    steps : int >= 1

    Returns
    -------
    (m,) or (m, k) array
    """
    K_train, y_train, K_test = _check_kernel_problem(K_train, y_train, K_test, symmetric=True)
    n = K_train.shape[0]
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=1)
    lam, V = np.linalg.eigh(K_train)
    c = lr * 2.0 / (n * (1 if y_train.ndim == 1 else y_train.shape[1]))
    decay = (1.0 - c * lam) ** steps
    # (1 - decay) / lambda, with its limit c * steps where lambda is (numerically) zero
    small = np.abs(lam) < 1e-12 * max(1.0, np.abs(lam).max())
    gain = np.where(small, c * steps, (1.0 - decay) / np.where(small, 1.0, lam))
    alpha = V @ (gain[:, None] * (V.T @ y_train.reshape(n, -1)))
    out = K_test @ alpha
    return out[:, 0] if y_train.ndim == 1 else out


class LinearizedNetwork:
    """The first-order Taylor expansion of ``net`` around its current parameters theta_0:

        f_lin(x; theta) = f(x; theta_0) + J_0(x) (theta - theta_0).

    Parameters
    ----------
    net : Module
        Its parameters at construction are theta_0 (copied; later training of ``net``
        does not change this model).
    """

    def __init__(self, net):
        check_net(net)
        self.net = net
        self.theta0 = flat_params(net)
        self.theta = self.theta0.copy()

    def _at_theta0(self, fn):
        current = flat_params(self.net)
        set_flat_params(self.net, self.theta0)
        try:
            return fn()
        finally:
            set_flat_params(self.net, current)

    def features(self, X):
        """f(X; theta_0) : (n, C) and J_0(X) : (n, C, P), evaluated at theta_0."""
        X = check_inputs(self.net, X)

        def compute():
            f0 = self.net.forward(X).astype(np.float64)
            J = jacobian(self.net, X)
            return f0, (J[:, None, :] if J.ndim == 2 else J)

        return self._at_theta0(compute)

    def predict(self, X, theta=None):
        """f_lin(X; theta) : (n, C), with ``theta`` (P,) defaulting to the trained ``self.theta``."""
        theta = (
            self.theta
            if theta is None
            else as_float_array(theta, "theta", ndim=1, n_features=self.theta0.size)
        )
        f0, J = self.features(X)
        return f0 + J @ (theta - self.theta0)

    def train(self, X, y, lr, steps):
        """Full-batch gradient descent on the mean squared error of f_lin, from theta_0.

        The same updates as ``fit(net, MeanSquaredError(), SGD(params, lr), X, y,
        epochs=steps, batch_size=len(X))`` applied to the linearised model:
        theta <- theta - lr J_0^T (2 / (n C)) (f_lin(X; theta) - y).

        Parameters
        ----------
        X : ndarray of shape (n, d)
        y : (n,) or (n, C) targets
        lr : float > 0
        steps : int >= 1

        Returns
        -------
        theta : (P,) array (also stored as ``self.theta``).
        """
        lr = check_real(lr, "lr", low=0.0, low_open=True)
        steps = check_int(steps, "steps", low=1)
        f0, J = self.features(X)
        y = np.asarray(y)
        y = as_float_array(y.reshape(-1, 1) if y.ndim == 1 else y, "y", ndim=2)
        if y.shape != f0.shape:
            raise ValueError(f"y: expected targets of shape {f0.shape} (like the outputs), got {y.shape}")
        n_entries = f0.size
        theta = self.theta0.copy()
        for _ in range(steps):
            residual = f0 + J @ (theta - self.theta0) - y  # (n, C)
            theta -= lr * (2.0 / n_entries) * np.einsum("ncp,nc->p", J, residual)
        self.theta = theta
        return theta


__all__ = [
    "standard_normal",
    "NTKLinear",
    "ntk_mlp",
    "jacobian",
    "empirical_ntk",
    "kernel_regression",
    "kernel_gradient_descent",
    "LinearizedNetwork",
]
