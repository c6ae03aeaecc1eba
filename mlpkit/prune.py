"""Magnitude pruning and lottery tickets (Frankle and Carbin 2019).

The slides' algorithm to identify a winning ticket:

1. randomly initialise a network f(x; theta_0);
2. train it for j iterations, arriving at theta_j;
3. prune p% of the parameters in theta_j, creating a mask m;
4. reset the remaining parameters to their values in theta_0: the ticket f(x; m * theta_0).

Repeating 2-4, each round pruning p% of the weights that remain, is *iterative
magnitude pruning*. Masks are lists of boolean arrays, one per `Parameter` of the
network (True = kept). Only weight matrices are pruned, each layer separately; biases
are never pruned. `MaskedOptimizer` keeps pruned weights exactly zero during training.
"""

import numpy as np

from ._validate import as_float_array, check_int, check_net, check_real
from .module import flat_params, set_flat_params
from .optim import Optimizer


def _check_masks(masks, params, name="masks"):
    if not isinstance(masks, (list, tuple)):
        raise TypeError(
            f"{name}: expected a list of boolean arrays (one per parameter), got {type(masks).__name__}"
        )
    if len(masks) != len(params):
        raise ValueError(f"{name}: expected {len(params)} masks (one per parameter), got {len(masks)}")
    out = []
    for i, (m, p) in enumerate(zip(masks, params)):
        m = np.asarray(m)
        if m.dtype != bool:
            raise TypeError(f"{name}[{i}]: expected a boolean array, got dtype {m.dtype}")
        if m.shape != p.value.shape:
            raise ValueError(f"{name}[{i}]: expected shape {p.value.shape} (like {p.name}), got {m.shape}")
        out.append(m)
    return out


def full_masks(net):
    """Masks that keep everything: the unpruned network."""
    return [np.ones(p.value.shape, dtype=bool) for p in check_net(net)]


def magnitude_masks(net, fraction, masks=None):
    """Prune ``fraction`` of the remaining weights of each layer, those of smallest |W_ij|.

    Parameters
    ----------
    net : Module
    fraction : float in [0, 1)
        The slides' p%, as a fraction, of the weights still kept in each weight matrix.
    masks : list of bool arrays, optional
        The current masks (iterative pruning); the unpruned network if None.

    Returns
    -------
    list of bool arrays, shaped like ``net.parameters()``; biases are all True.
    """
    params = check_net(net)
    fraction = check_real(fraction, "fraction", low=0.0, high=1.0, high_open=True)
    masks = full_masks(net) if masks is None else _check_masks(masks, params)
    new = []
    for p, m in zip(params, masks):
        m = m.copy()
        if p.regularize and p.value.ndim >= 2:
            kept = np.flatnonzero(m)
            n_prune = int(round(fraction * kept.size))
            if n_prune:
                # stable sort: ties broken by position, so masks are reproducible
                order = np.argsort(np.abs(p.value.ravel()[kept]), kind="stable")
                m.ravel()[kept[order[:n_prune]]] = False
        new.append(m)
    return new


def apply_masks(net, masks):
    """Zero the pruned entries of every parameter, in place: theta <- m * theta."""
    params = check_net(net)
    masks = _check_masks(masks, params)
    for p, m in zip(params, masks):
        p.value[~m] = 0.0


def fraction_remaining(masks, net=None):
    """Fraction of weight entries kept (biases excluded when ``net`` is given)."""
    if net is not None:
        params = check_net(net)
        masks = _check_masks(masks, params)
        masks = [m for m, p in zip(masks, params) if p.regularize and p.value.ndim >= 2]
    if not masks:
        raise ValueError("masks: expected at least one mask, got none")
    kept = sum(int(np.count_nonzero(m)) for m in masks)
    return kept / sum(m.size for m in masks)


def rewind(net, theta0, masks):
    """Step 4: reset the kept parameters to their initial values, theta <- m * theta_0."""
    params = check_net(net)
    theta0 = as_float_array(theta0, "theta0", ndim=1, dtype=params[0].value.dtype)
    total = sum(p.value.size for p in params)
    if theta0.size != total:
        raise ValueError(
            f"theta0: expected a vector of {total} values (flat_params of the network), got {theta0.size}"
        )
    set_flat_params(net, theta0)
    apply_masks(net, masks)


class MaskedOptimizer(Optimizer):
    """Wrap an optimiser so that pruned weights stay exactly zero through training.

    Before each step the gradients of pruned entries are zeroed (so momentum never
    builds up there); after it the pruned values are zeroed again.

    Parameters
    ----------
    opt : Optimizer (SGD, Newton, ...)
    masks : list of bool arrays, one per ``opt.params``
    """

    def __init__(self, opt, masks):
        if not isinstance(opt, Optimizer):
            raise TypeError(
                f"opt: expected an Optimizer such as SGD(net.parameters(), lr=0.1), got {type(opt).__name__}"
            )
        self.opt = opt
        self.params = opt.params
        self.masks = _check_masks(masks, self.params)
        for p, m in zip(self.params, self.masks):
            p.value[~m] = 0.0

    @property
    def lr(self):
        return self.opt.lr

    @property
    def t(self):
        return self.opt.t

    @property
    def current_lr(self):
        return getattr(self.opt, "current_lr", self.opt.lr)

    def step(self, closure=None):
        for p, m in zip(self.params, self.masks):
            p.grad[~m] = 0.0
        out = self.opt.step(closure)
        for p, m in zip(self.params, self.masks):
            p.value[~m] = 0.0
        return out

    def __repr__(self):
        return f"MaskedOptimizer({self.opt!r})"


def iterative_magnitude_pruning(net, train, rounds, fraction=0.2, theta0=None):
    """Frankle and Carbin's iterative magnitude pruning, rounds of steps 2-4.

    Parameters
    ----------
    net : Module, at its initialisation theta_0 (or pass ``theta0``)
    train : callable(net, masks) -> float
        Trains ``net`` in place with the masks kept applied (e.g. with `MaskedOptimizer`)
        and returns a score (e.g. test accuracy).
    rounds : int >= 1
    fraction : float in (0, 1)
        p: the fraction of the remaining weights pruned each round.

    Returns
    -------
    list of dicts, one per trained network (the dense one first):
    ``{"remaining": fraction of weights kept, "score": train's result, "masks": masks}``.
    The network is left trained with the last masks.
    """
    check_net(net)
    if not callable(train):
        raise TypeError(f"train: expected a callable(net, masks) -> score, got {train!r}")
    rounds = check_int(rounds, "rounds", low=1)
    fraction = check_real(fraction, "fraction", low=0.0, high=1.0, low_open=True, high_open=True)
    theta0 = flat_params(net) if theta0 is None else as_float_array(theta0, "theta0", ndim=1)
    masks = full_masks(net)
    results = []
    for r in range(rounds + 1):
        rewind(net, theta0, masks)  # step 4 (step 1 for r = 0)
        score = train(net, masks)  # step 2
        results.append({"remaining": fraction_remaining(masks, net), "score": score, "masks": masks})
        if r < rounds:
            masks = magnitude_masks(net, fraction, masks)  # step 3
    return results


__all__ = [
    "full_masks",
    "magnitude_masks",
    "apply_masks",
    "fraction_remaining",
    "rewind",
    "MaskedOptimizer",
    "iterative_magnitude_pruning",
]
