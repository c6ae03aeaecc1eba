"""A 1-D convolution layer: the same small weight vector applied at every position.

For an input with C_in channels of length L, laid out in each row as
``[channel 0 positions 0..L-1, channel 1 positions 0..L-1, ...]`` (batches as rows,
like every mlpkit layer), output channel o at position t is

    a[o, t] = b[o] + sum_c sum_k W[o, c, k] x[c, t + k]          (cross-correlation)

with x padded first: ``"valid"`` (no padding, length L - K + 1), ``"same"`` (zeros,
length L) or ``"circular"`` (the row wraps around, length L). Compared with a `Linear`
layer on the same row, the weights are shared across positions (translation
equivariance) and each output only sees K neighbours (locality): the inductive bias
of chapter 15.
"""

import numpy as np

from ._validate import check_dtype, check_int, check_seed
from .init import get_initializer, zeros
from .module import Parameter, WeightLayer

PADDINGS = ("valid", "same", "circular")


class Conv1D(WeightLayer):
    """1-D convolution, rows in and rows out.

    Parameters
    ----------
    in_channels, out_channels : int
        C_in and C_out.
    kernel_size : int
        K, the width of the window (odd for ``"same"`` and ``"circular"`` padding).
    length : int
        L, the length of each input channel; a row of the input has C_in * L entries.
    padding : {"valid", "same", "circular"}
    init : str or callable
        Initialiser (see `mlpkit.init`) called with shape (C_out, C_in * K); biases start at zero.
    seed : int or np.random.Generator
        Source of the initial weights.
    dtype : np.float32 or np.float64

    Attributes
    ----------
    W : ndarray of shape (C_out, C_in, K)
        The shared weights.
    b : ndarray of shape (C_out,)
        One bias per output channel.
    grad_W, grad_b : ndarray
        Their gradients, shaped alike.
    n_in, n_out : int
        The row sizes in and out: C_in * L and C_out * L_out.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        length,
        padding="valid",
        init="glorot_uniform",
        seed=0,
        dtype=np.float64,
    ):
        self.in_channels = check_int(in_channels, "in_channels", low=1)
        self.out_channels = check_int(out_channels, "out_channels", low=1)
        self.kernel_size = check_int(kernel_size, "kernel_size", low=1)
        self.length = check_int(length, "length", low=1)
        if padding not in PADDINGS:
            raise ValueError(f"padding: expected one of {PADDINGS}, got {padding!r}")
        self.padding = padding
        K, L = self.kernel_size, self.length
        if padding == "valid":
            if K > L:
                raise ValueError(f"kernel_size: expected at most length={L} with padding='valid', got {K}")
            self.pad, self.out_length = 0, L - K + 1
        else:
            if K % 2 == 0:
                raise ValueError(f"kernel_size: expected an odd size with padding={padding!r}, got {K}")
            if (K - 1) // 2 > L:
                raise ValueError(f"kernel_size: expected (kernel_size - 1) / 2 <= length={L}, got {K}")
            self.pad, self.out_length = (K - 1) // 2, L
        self.n_in = self.in_channels * L
        self.n_out = self.out_channels * self.out_length
        dtype = check_dtype(dtype)
        rng = check_seed(seed)
        W = np.asarray(
            get_initializer(init)((self.out_channels, self.in_channels * K), rng, dtype), dtype=dtype
        )
        if W.shape != (self.out_channels, self.in_channels * K):
            raise ValueError(
                f"init: expected it to return shape {(self.out_channels, self.in_channels * K)}, "
                f"got {W.shape}"
            )
        self.weight = Parameter(
            np.ascontiguousarray(W.reshape(self.out_channels, self.in_channels, K)), name="W", regularize=True
        )
        self.bias = Parameter(zeros((self.out_channels,), dtype=dtype), name="b", regularize=False)

    def _padded(self, x):
        p = self.pad
        if p == 0:
            return x
        if self.padding == "circular":
            return np.concatenate([x[:, :, x.shape[2] - p :], x, x[:, :, :p]], axis=2)
        return np.pad(x, ((0, 0), (0, 0), (p, p)))

    def forward(self, h):
        """h : (n, C_in * L) -> a : (n, C_out * L_out)."""
        x = self._padded(h.reshape(h.shape[0], self.in_channels, self.length))
        # windows[n, c, t, k] = x[n, c, t + k]: every position's neighbourhood, as a view.
        self.windows = np.lib.stride_tricks.sliding_window_view(x, self.kernel_size, axis=2)
        a = np.tensordot(self.windows, self.W, axes=([1, 3], [1, 2]))  # (n, L_out, C_out)
        a = a.transpose(0, 2, 1) + self.b[:, None]
        return a.reshape(h.shape[0], self.n_out)

    def backward(self, grad_a):
        """grad_a : (n, C_out * L_out) -> grad_h : (n, C_in * L); fills grad_W and grad_b.

        grad_W[o, c, k] = sum_n sum_t grad_a[n, o, t] x[n, c, t + k]
        grad_b[o]       = sum_n sum_t grad_a[n, o, t]
        grad_x[n, c, t + k] += sum_o grad_a[n, o, t] W[o, c, k]   (each input feeds K outputs)
        """
        n, K, p, L = grad_a.shape[0], self.kernel_size, self.pad, self.length
        g = grad_a.reshape(n, self.out_channels, self.out_length)
        self.weight.grad[...] = np.tensordot(g, self.windows, axes=([0, 2], [0, 2]))
        self.bias.grad[...] = g.sum(axis=(0, 2))
        grad_windows = np.tensordot(g, self.W, axes=([1], [0]))  # (n, L_out, C_in, K)
        grad_x = np.zeros((n, self.in_channels, L + 2 * p), dtype=grad_a.dtype)
        for k in range(K):
            grad_x[:, :, k : k + self.out_length] += grad_windows[:, :, :, k].transpose(0, 2, 1)
        if p:
            if self.padding == "circular":  # the padding copied both ends: send their gradients home
                grad_x[:, :, L : L + p] += grad_x[:, :, :p]
                grad_x[:, :, p : 2 * p] += grad_x[:, :, L + p :]
            grad_x = grad_x[:, :, p : p + L]
        return np.ascontiguousarray(grad_x).reshape(n, self.n_in)

    def config(self):
        return {
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "kernel_size": self.kernel_size,
            "length": self.length,
            "padding": self.padding,
            "dtype": self.W.dtype.name,
        }


__all__ = ["Conv1D", "PADDINGS"]
