"""Weight initialisers: ``init(shape, rng, dtype) -> array``.

Biases start at zero. Weights must not all be zero (with tanh every gradient is then
zero: a saddle point) nor all equal (hidden units stay identical: symmetry is never
broken). The slides' recipe samples W_ij ~ U[-b, b] with b = sqrt(6) / sqrt(H_k + H_{k-1})
(Glorot and Bengio, 2010).
"""

import numpy as np

from ._validate import check_real


def zeros(shape, rng=None, dtype=np.float64):
    return np.zeros(shape, dtype=dtype)


def constant(value):
    """An initialiser that fills every entry with ``value`` (to show why symmetry must be broken).

    Parameters
    ----------
    value : float
        A finite real number (TypeError for a non-number or a bool, ValueError for NaN/Inf).

    Returns
    -------
    init : callable
        ``init(shape, rng=None, dtype=np.float64) -> ndarray of shape shape``.
    """
    value = check_real(value, "value")

    def init(shape, rng=None, dtype=np.float64):
        return np.full(shape, value, dtype=dtype)

    init.__name__ = f"constant({value})"
    return init


def uniform(scale):
    """U[-scale, scale], whatever the layer's size (a naive recipe to compare against).

    Parameters
    ----------
    scale : float > 0
        Half-width of the interval (TypeError for a non-number, ValueError for scale <= 0 or NaN/Inf).

    Returns
    -------
    init : callable
        ``init(shape, rng, dtype=np.float64) -> ndarray of shape shape``.
    """
    scale = check_real(scale, "scale", low=0.0, low_open=True)

    def init(shape, rng, dtype=np.float64):
        return rng.uniform(-scale, scale, size=shape).astype(dtype)

    init.__name__ = f"uniform({scale})"
    return init


def glorot_uniform(shape, rng, dtype=np.float64):
    """U[-b, b] with b = sqrt(6) / sqrt(H_k + H_{k-1}); ``shape = (H_k, H_{k-1})``."""
    fan_out, fan_in = shape
    b = np.sqrt(6.0) / np.sqrt(fan_out + fan_in)
    return rng.uniform(-b, b, size=shape).astype(dtype)


def scaled_glorot(gain):
    """U[-gain b, gain b] with the slides' b = sqrt(6) / sqrt(H_k + H_{k-1}).

    ``gain = 1`` is the slides' recipe (`glorot_uniform`); other gains scale every weight,
    which chapter 11 uses to show how the initial scale shrinks or blows up the signals.

    Parameters
    ----------
    gain : float > 0
        The multiple of b (TypeError for a non-number, ValueError for gain <= 0 or NaN/Inf).

    Returns
    -------
    init : callable
        ``init(shape, rng, dtype=np.float64) -> ndarray of shape shape``, named
        ``"glorot_uniform x <gain>"``.
    """
    gain = check_real(gain, "gain", low=0.0, low_open=True)

    def init(shape, rng, dtype=np.float64):
        return (gain * glorot_uniform(shape, rng, np.float64)).astype(dtype)

    init.__name__ = f"glorot_uniform x {gain:g}"
    return init


def he_normal(shape, rng, dtype=np.float64):
    """N(0, 2 / H_{k-1}): keeps the variance of ReLU activations constant (He et al., 2015)."""
    fan_in = shape[1]
    return (rng.standard_normal(size=shape) * np.sqrt(2.0 / fan_in)).astype(dtype)


def he_uniform(shape, rng, dtype=np.float64):
    """U[-b, b] with b = sqrt(6 / H_{k-1}): the same variance as `he_normal`."""
    fan_in = shape[1]
    b = np.sqrt(6.0 / fan_in)
    return rng.uniform(-b, b, size=shape).astype(dtype)


INITIALIZERS = {
    "zeros": zeros,
    "glorot_uniform": glorot_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}


def get_initializer(init):
    """Resolve a name from `INITIALIZERS` or pass a callable through."""
    if callable(init):
        return init
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    raise ValueError(
        f"init: expected one of {sorted(INITIALIZERS)} or a callable init(shape, rng, dtype), got {init!r}"
    )
