"""Random features and the minimum-norm least-squares fit (chapter 10, double descent).

A two-layer network whose first layer is drawn at random and frozen,

    phi(x) = g(V x + c),    f(x) = beta^T phi(x),

is linear in its trained weights beta (Rahimi and Recht 2007). With N features and
n training rows, least squares has a unique solution while N < n; for N >= n it
interpolates the training set in many ways, and we take the one of smallest
||beta|| (the pseudo-inverse solution, ``np.linalg.lstsq``), as Belkin et al. (2019) do.
"""

import numpy as np

from ._validate import as_float_array, check_int, check_real, check_seed

FEATURE_MAPS = {
    "relu": lambda a: np.maximum(a, 0.0),
    "tanh": np.tanh,
    "cos": np.cos,
}


class RandomFeatures:
    """phi(x) = g(V x + c) with V of shape (N, d) and c of shape (N,) drawn once and frozen.

    Parameters
    ----------
    n_in : int >= 1
        Input dimension d.
    n_features : int >= 1
        Number of features N (the width of the frozen hidden layer).
    activation : {"relu", "tanh", "cos"}
        g. With ``"cos"`` these are random Fourier features: c ~ U[0, 2 pi).
    scale : float > 0
        Rows of V are N(0, scale^2 / d) so that V x has variance about scale^2 ||x||^2 / d;
        for relu and tanh, c ~ N(0, scale^2).
    seed : int or np.random.Generator
    """

    def __init__(self, n_in, n_features, activation="relu", scale=1.0, seed=0):
        self.n_in = check_int(n_in, "n_in", low=1)
        self.n_features = check_int(n_features, "n_features", low=1)
        if activation not in FEATURE_MAPS:
            raise ValueError(f"activation: expected one of {sorted(FEATURE_MAPS)}, got {activation!r}")
        self.activation = activation
        self.scale = check_real(scale, "scale", low=0.0, low_open=True)
        rng = check_seed(seed)
        self.V = rng.standard_normal((self.n_features, self.n_in)) * (self.scale / np.sqrt(self.n_in))
        if activation == "cos":
            self.c = rng.uniform(0.0, 2 * np.pi, size=self.n_features)
        else:
            self.c = self.scale * rng.standard_normal(self.n_features)

    def transform(self, X):
        """X : (n, d) -> Phi : (n, N), row i is phi(x_i)."""
        X = as_float_array(X, "X", ndim=2, n_features=self.n_in)
        return FEATURE_MAPS[self.activation](X @ self.V.T + self.c)

    def __repr__(self):
        return f"RandomFeatures({self.n_in}, {self.n_features}, activation={self.activation!r})"


def min_norm_least_squares(Phi, Y):
    """The beta of smallest ||beta||_F among the minimisers of ||Phi beta - Y||_F^2.

    Below the interpolation threshold (N < n, full column rank) this is the ordinary
    least-squares solution; above it (N >= n, full row rank) it is the interpolating
    solution closest to zero, beta = Phi^+ Y.

    Parameters
    ----------
    Phi : (n, N) array
        Features of the training rows.
    Y : (n,) or (n, k) array
        Targets (e.g. one-hot labels e(y)).

    Returns
    -------
    beta : (N,) or (N, k) array, matching Y's dimensions
    """
    Phi = as_float_array(Phi, "Phi", ndim=2)
    Y_arr = np.asarray(Y)
    ndim = Y_arr.ndim if Y_arr.ndim in (1, 2) else 2
    Y = as_float_array(Y_arr, "Y", ndim=ndim)
    if Y.shape[0] != Phi.shape[0]:
        raise ValueError(f"Y: expected {Phi.shape[0]} rows (one per row of Phi), got {Y.shape[0]}")
    beta, *_ = np.linalg.lstsq(Phi, Y, rcond=None)
    return beta


__all__ = ["RandomFeatures", "min_norm_least_squares"]
