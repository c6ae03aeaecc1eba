"""Several seeds of one network, trained as one: the slides' equations with a seed axis.

A result about training ("momentum helps", "the test error is 3.1 +- 0.4 %") is only a
result if it holds over several random initialisations. `SeedEnsemble` holds S copies of
``MLP(sizes, activation, init, seed=s, dtype)``, one per seed s, and trains them together:

* every W and b gets a leading seed axis: member s owns ``W[s]`` of shape (H_k, H_{k-1})
  and ``b[s]`` of shape (H_k,), exactly the matrices its own `MLP` would hold;
* every hidden quantity gets one too: a, h and their gradients are (S, n, H_k), and the
  slides' lines read the same for each s:  A_s = H_s W_s^T + b_s,  H_s = g(A_s);
* the first layer is fused: all members read the same mini-batch x, so their S weight
  matrices stacked row-wise are one (S H_1, d) matrix, and A = X W^T + b is one matrix
  product for all of them (the other layers multiply S small matrices, one per member).

The members do not interact: the loss is each member's own mean cross-entropy, and each
member's gradient is the gradient of its own loss (not divided by S). So training the
ensemble with `fit_seeds` and ``SGD(ens.parameters(), ...)`` gives each member exactly
the updates that ``fit(MLP(..., seed=s), SoftmaxCrossEntropy(), SGD(...), X, y,
seed=seed)`` would give it, up to rounding (about 1e-15 per update in float64).

What the seeds vary, and what they share: ``seeds`` (one per member) seed the initial
weights only. The order of the mini-batches comes from ``fit_seeds(..., seed=...)``
and is the same for every member (the order ``fit(..., seed=...)`` would use). A spread
over members is therefore a spread over initialisations at one fixed batch order, which
can be narrower than that of runs ``fit(MLP(..., seed=s), ..., seed=s)`` varying both; to
vary the order too, train further ensembles with other ``fit_seeds`` seeds.

Example
-------
>>> import mlpkit as mk
>>> from mlpkit.ensemble import SeedEnsemble, fit_seeds
>>> X, y = mk.data.digits()
>>> ens = SeedEnsemble([64, 64, 10], seeds=range(5))
>>> opt = mk.SGD(ens.parameters(), lr=0.1, momentum=0.9)
>>> history = fit_seeds(ens, opt, X, y, epochs=3, seed=0)
>>> ens.score(X, y)            # one accuracy per member, shape (5,)    # doctest: +SKIP
>>> ens.member(2)              # an ordinary MLP holding member 2's weights   # doctest: +SKIP
"""

import copy
import math
import numbers

import numpy as np

from ._validate import as_float_array, as_labels, check_int, check_seed
from .activations import get_activation
from .layers import MLP
from .losses import Loss
from .module import Module
from .optim import Optimizer
from .training import DivergenceError, History


class SeedLinear(Module):
    """S linear layers side by side, one per member: a_s = b_s + W_s h_s.

    ``W`` is (S, H_k, H_{k-1}) and ``b`` is (S, H_k); a batch of hidden values h is
    (S, n, H_{k-1}), one (n, H_{k-1}) block per member, and a is (S, n, H_k).
    Built by `SeedEnsemble` from its members' `Parameter` objects.
    """

    def __init__(self, weight, bias):
        self.weight, self.bias = weight, bias

    @property
    def W(self):
        return self.weight.value

    @property
    def b(self):
        return self.bias.value

    @property
    def grad_W(self):
        return self.weight.grad

    @property
    def grad_b(self):
        return self.bias.grad

    def parameters(self):
        return [self.weight, self.bias]

    def forward(self, h):
        """h : (S, n, H_{k-1}) -> a : (S, n, H_k)."""
        self.h = h
        return h @ self.W.transpose(0, 2, 1) + self.b[:, None, :]  # A_s = H_s W_s^T + b_s

    def backward(self, grad_a, need_grad_input=True):
        """grad_a : (S, n, H_k) -> grad_h : (S, n, H_{k-1}); fills grad_W and grad_b."""
        np.matmul(grad_a.transpose(0, 2, 1), self.h, out=self.weight.grad)  # grad_W_s = grad_a_s^T h_s
        grad_a.sum(axis=1, out=self.bias.grad)  # grad_b_s = grad_a_s summed over the batch
        if not need_grad_input:
            return None
        # grad_h is laid out in memory as h is (after the first layer: the fused columns, n rows
        # of S H values), so that g's backward and the first layer's grad_W never copy it.
        grad_h = np.empty_like(self.h)
        np.matmul(grad_a, self.W, out=grad_h)  # grad_h_s = grad_a_s W_s  (the slide's W^T grad_a)
        return grad_h


class SharedInputSeedLinear(SeedLinear):
    """The first layer: every member reads the same x, so the members' layers fuse into one.

    Stacked row-wise, the S matrices W_s (H_1, d) are one (S H_1, d) matrix (a reshape,
    no copy), and the slide's a = b + W x is one product for all members. Its columns
    s H_1 .. (s+1) H_1 - 1 are member s's a_s; the output is returned as the (S, n, H_1)
    view of them. Input x : (n, d), shared.
    """

    def forward(self, x):
        """x : (n, d) -> a : (S, n, H_1)."""
        S, H, d = self.W.shape
        self.x = x
        A = x @ self.W.reshape(S * H, d).T + self.b.reshape(S * H)  # A = X W^T + b, all members fused
        return A.reshape(-1, S, H).transpose(1, 0, 2)  # column block s -> a_s (a view)

    def backward(self, grad_a, need_grad_input=True):
        """grad_a : (S, n, H_1) -> grad_x : (S, n, d), one per member; fills grad_W and grad_b."""
        S, H, d = self.W.shape
        G = grad_a.transpose(1, 0, 2).reshape(-1, S * H)  # back to the fused columns (n, S H_1), a view
        np.matmul(G.T, self.x, out=self.weight.grad.reshape(S * H, d))  # grad_W = grad_a^T x, all members
        G.sum(axis=0, out=self.bias.grad.reshape(S * H))  # grad_b = grad_a summed over the batch
        if not need_grad_input:  # training never needs the gradient with respect to the data
            return None
        return grad_a @ self.W  # grad_x_s = grad_a_s W_s


def _check_seeds(seeds):
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool):
        raise TypeError(
            f"seeds: expected a list of int seeds, one per member (e.g. range({seeds})), "
            f"got the single int {seeds}"
        )
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds: expected a list of int seeds, one per member, got {seeds!r}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds: expected at least one seed, got an empty list")
    for i, s in enumerate(seeds):
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"seeds[{i}]: expected a non-negative int, got {s!r}")
        if s < 0:
            raise ValueError(f"seeds[{i}]: expected a non-negative int, got {s!r}")
    seeds = [int(s) for s in seeds]
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds: expected distinct seeds (equal seeds train identical members), got {seeds}")
    return seeds


def _stacked(templates, name):
    """One `Parameter` holding the members' values of one W (or b) along a new first axis.

    It is a copy of member 0's Parameter object, so it keeps its flags (weights are
    regularised, biases are exempt), with the stacked value and a zero gradient.
    """
    p = copy.copy(templates[0])
    p.value = np.ascontiguousarray(np.stack([t.value for t in templates]))
    p.grad = np.zeros_like(p.value)
    p.name = name
    return p


class SeedEnsemble(Module):
    """S networks ``MLP(sizes, activation, init, seed=s, dtype)``, one per seed s, as one module.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, H_1, ..., H_L, C]``, as for `MLP`.
    seeds : sequence of distinct non-negative int
        One seed per member; member i starts from exactly the weights ``MLP(sizes, ...,
        seed=seeds[i])`` draws. They seed the initialisation only (see `fit_seeds` for
        the batch order, which all members share).
    activation, init, dtype
        As for `MLP`.

    Shapes: input X is (n, d), shared by all members; ``forward`` returns the logits
    (S, n, C), member i's in ``[i]``. Every parameter has a leading seed axis: ``W{k}``
    is (S, H_k, H_{k-1}), ``b{k}`` is (S, H_k) (see `parameters`), so any optimiser
    that updates entry by entry (`SGD`, with momentum and a schedule) updates each
    member as if it were alone. Train with `fit_seeds`; `mlpkit.fit` trains a single
    network and does not accept an ensemble.
    """

    def __init__(self, sizes, seeds, activation="tanh", init="glorot_uniform", dtype=np.float64):
        self.seeds = _check_seeds(seeds)
        # The members themselves draw their weights (and check sizes, activation, init, dtype):
        members = [MLP(sizes, activation=activation, init=init, seed=s, dtype=dtype) for s in self.seeds]
        self.sizes = list(members[0].sizes)
        self.activation, self.init = activation, init  # as given, to build `member` networks alike
        per_member = [m.parameters() for m in members]  # [W1, b1, W2, b2, ...] for each member
        n_layers = len(self.sizes) - 1
        self.layers = []  # [linear, g, linear, g, ..., linear], as in the members
        for k in range(1, n_layers + 1):
            W = _stacked([params[2 * k - 2] for params in per_member], f"W{k}")
            b = _stacked([params[2 * k - 1] for params in per_member], f"b{k}")
            self.layers.append((SharedInputSeedLinear if k == 1 else SeedLinear)(W, b))
            if k < n_layers:
                self.layers.append(get_activation(activation))  # h = g(a), entry by entry

    # -- the module ------------------------------------------------------------------

    def forward(self, X):
        """X : (n, d) -> logits a^(L+1) : (S, n, C), member i's in ``[i]``.

        X is checked (finite, d columns) and converted to the ensemble's dtype.
        """
        return self._forward(self._check_X(X))

    def _forward(self, X):
        """`forward` without the check of X, for `fit_seeds`, which checks X once per call."""
        a = X
        for layer in self.layers:
            a = layer.forward(a)  # a^(k) = b^(k) + W^(k) h^(k-1), then h^(k) = g(a^(k))
        return a

    def backward(self, grad, need_grad_input=True):
        """grad of the logits (S, n, C) -> grad of the input (S, n, d), one per member.

        Fills every parameter's grad (overwritten, not accumulated). With
        ``need_grad_input=False`` the last product (the gradient with respect to the data,
        which training never needs) is skipped and None is returned.
        """
        for layer in reversed(self.layers[1:]):
            grad = layer.backward(grad)
        return self.layers[0].backward(grad, need_grad_input=need_grad_input)

    def parameters(self):
        """[W1, b1, W2, b2, ...], each with the seed axis first: W{k} (S, H_k, H_{k-1}), b{k} (S, H_k)."""
        return [p for layer in self.layers for p in layer.parameters()]

    def config(self):
        activation = self.activation if isinstance(self.activation, str) else self.activation.__name__
        return {"sizes": self.sizes, "seeds": self.seeds, "activation": activation, "dtype": self.dtype.name}

    @property
    def n_members(self):
        """S, the number of members (seeds)."""
        return len(self.seeds)

    def __len__(self):
        return len(self.seeds)

    @property
    def dtype(self):
        return self.layers[0].W.dtype

    @property
    def n_inputs(self):
        return self.sizes[0]

    # -- prediction and scores, one per member ---------------------------------------

    def _check_X(self, X, name="X"):
        return as_float_array(X, name, ndim=2, dtype=self.dtype, n_features=self.sizes[0])

    def predict_proba(self, X):
        """f(x) = softmax(a^(L+1)) of every member: (n, d) -> (S, n, C), rows sum to 1."""
        a = self._forward(self._check_X(X))
        z = np.exp(a - a.max(axis=-1, keepdims=True))  # exp(a_c), each row scaled by exp(-max_c a_c)
        return z / z.sum(axis=-1, keepdims=True)  # softmax(a)_c = exp(a_c) / sum_c' exp(a_c')

    def predict(self, X):
        """Each member's most probable class: (n, d) -> (S, n) int64."""
        return np.argmax(self._forward(self._check_X(X)), axis=-1)

    def score(self, X, y):
        """Each member's classification accuracy on (X, y): an array of S values in [0, 1]."""
        X = self._check_X(X)
        y = as_labels(y, "y", n=X.shape[0], n_classes=self.sizes[-1])
        return np.mean(self._forward(X).argmax(axis=-1) == y, axis=1)

    def loss(self, X, y):
        """Each member's mean cross-entropy on (X, y): an array of S values."""
        X = self._check_X(X)
        y = as_labels(y, "y", n=X.shape[0], n_classes=self.sizes[-1])
        loss = SeedCrossEntropy()
        loss._forward(self._forward(X), y)
        return loss.losses

    def member(self, i):
        """Member i (seed ``seeds[i]``) as an ordinary `MLP`, holding a copy of its current weights."""
        i = check_int(i, "i", low=-len(self.seeds), high=len(self.seeds) - 1)
        net = MLP(
            self.sizes, activation=self.activation, init=self.init, seed=self.seeds[i], dtype=self.dtype
        )
        for p, q in zip(net.parameters(), self.parameters(), strict=True):
            p.value[...] = q.value[i]
        return net


class SeedCrossEntropy(Loss):
    """Each member's mean softmax cross-entropy, l_s = mean over the batch of -log f_s(x)_y.

    ``forward(logits, y)`` takes the logits (S, n, C) of a `SeedEnsemble` and the labels
    (n,) shared by all members, stores the S member losses in ``.losses`` and returns
    their sum, L = l_1 + ... + l_S. ``backward()`` returns dL/dlogits, shape (S, n, C):
    since member s's logits appear in l_s only, block s is the gradient of member s's own
    loss, (f_s(x) - e(y)) / n, not divided by S, so that each member's update is the one
    it would get alone. (The sum, not the mean, keeps forward and backward one function
    and its gradient, as `mlpkit.gradcheck` expects; ``.losses`` holds the S values.)
    """

    def forward(self, logits, y):
        """logits : (S, n, C) float array, y : (n,) int labels in [0, C) -> the sum of the S losses."""
        if not isinstance(logits, np.ndarray) or logits.ndim != 3 or logits.dtype.kind != "f":
            logits = as_float_array(logits, "logits", ndim=3)
        if not np.all(np.isfinite(logits)):
            raise ValueError("logits: expected finite values, got NaN or infinite entries")
        y = as_labels(y, "y", n=logits.shape[1], n_classes=logits.shape[2])
        return self._forward(logits, y)

    def _forward(self, logits, y):
        """`forward` without the checks, for `fit_seeds`, which checks all labels once per call."""
        n = y.shape[0]
        z = logits - logits.max(axis=-1, keepdims=True)  # log-sum-exp trick, per member and row
        exp_z = np.exp(z)
        sum_exp = exp_z.sum(axis=-1)
        exp_z /= sum_exp[:, :, None]
        self.f, self.y = exp_z, y  # f_s(x) = softmax(a_s), cached for backward
        log_f_y = z[:, np.arange(n), y] - np.log(sum_exp)  # log f_s(x)_y = z_y - log sum_c exp(z_c)
        self.losses = -log_f_y.sum(axis=1) / n  # l_s = mean of -log f_s(x)_y
        return float(self.losses.sum())  # L = l_1 + ... + l_S

    def backward(self):
        """(f_s(x) - e(y)) / n for each member s: shape (S, n, C)."""
        if not hasattr(self, "f"):
            raise RuntimeError("backward() called before forward(logits, y)")
        n = self.f.shape[1]
        grad = self.f.copy()
        grad[:, np.arange(n), self.y] -= 1.0  # grad_a = -(e(y) - f(x)), each member
        grad /= n  # mean over the batch
        return grad


def fit_seeds(
    ens, opt, X, y, epochs, batch_size=32, regularizer=None, X_valid=None, y_valid=None, seed=0, on_epoch=None
):
    """Train every member of ``ens`` with mini-batch SGD on softmax cross-entropy; return a `History`.

    The loop of `mlpkit.fit`, once for all members: each epoch draws one permutation of
    the rows from ``seed`` (exactly as ``fit(..., seed=seed)`` does) and every member
    sees the same mini-batches in the same order. Member i ends where ``fit(
    ens.member(i) at the start, SoftmaxCrossEntropy(), <opt's settings>, X, y, epochs,
    batch_size, regularizer, seed=seed)`` would, up to rounding.

    Parameters
    ----------
    ens : SeedEnsemble
    opt : Optimizer over ``ens.parameters()``, usually ``SGD(ens.parameters(), lr, momentum=...)``
        Its settings (lr, momentum, schedule) apply to every member alike. ``opt.step()``
        is called without a closure (`Newton`, which needs one, is not supported).
    X : (n, d) array;  y : (n,) int labels in [0, C)
    epochs : int >= 1
    batch_size : int >= 1
    regularizer : L2 or L1, optional
        Added to every member's weight gradients, as in `fit`.
    X_valid, y_valid : arrays, optional
        Evaluated after every epoch (``valid_loss``, ``valid_acc``).
    seed : int or np.random.Generator
        Seeds the order of the examples in each epoch, shared by all members.
    on_epoch : callable(epoch, history, ens), optional
        Called after each epoch; returning True stops training.

    Returns
    -------
    History
        Per epoch: ``epoch``, ``lr`` (numbers) and ``train_loss``, ``train_acc``,
        ``valid_loss``, ``valid_acc`` (arrays of S values, one per member):
        ``np.array(history["valid_acc"])`` is (epochs, S). No early stopping: members
        would stop at different epochs; pick epochs from the history instead.

    Raises
    ------
    DivergenceError
        A member's training loss became NaN or infinite; the message names it and its seed.
    """
    if not isinstance(ens, SeedEnsemble):
        raise TypeError(
            f"ens: expected a SeedEnsemble, got {type(ens).__name__} (use mlpkit.fit for one network)"
        )
    params = ens.parameters()
    if not isinstance(opt, Optimizer):
        raise TypeError(
            f"opt: expected an Optimizer such as SGD(ens.parameters(), lr=0.1), got {type(opt).__name__}"
        )
    if [id(p) for p in opt.params] != [id(p) for p in params]:
        raise ValueError("opt: expected an optimiser over ens.parameters(), got one over other parameters")
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    if regularizer is not None and not hasattr(regularizer, "add_grad"):
        raise TypeError(f"regularizer: expected L2(lam) or L1(lam), got {type(regularizer).__name__}")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch: expected a callable(epoch, history, ens), got {on_epoch!r}")
    rng = check_seed(seed)
    C = ens.sizes[-1]
    X = ens._check_X(X)
    n = X.shape[0]
    y = as_labels(y, "y", n=n, n_classes=C)
    validate = X_valid is not None or y_valid is not None
    if validate:
        if X_valid is None or y_valid is None:
            raise ValueError("X_valid, y_valid: expected both or neither")
        X_valid = ens._check_X(X_valid, "X_valid")
        y_valid = as_labels(y_valid, "y_valid", n=X_valid.shape[0], n_classes=C)

    loss = SeedCrossEntropy()
    history = History()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)  # the batch order: one draw per epoch, shared by all members
        total_loss, correct = np.zeros(len(ens)), np.zeros(len(ens), dtype=np.int64)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            Xb, yb = X[idx], y[idx]
            logits = ens._forward(Xb)  # f(x; theta_s) for every member s
            if not math.isfinite(loss._forward(logits, yb)):  # l(f(x; theta_s), y), one per member
                bad = [i for i in range(len(ens)) if not np.isfinite(loss.losses[i])]
                raise DivergenceError(
                    f"fit_seeds: the training loss of member(s) {bad} (seeds {[ens.seeds[i] for i in bad]}) "
                    f"became {loss.losses[bad[0]]} in epoch {epoch} (update {opt.t + 1}) with learning rate "
                    f"{opt.lr:g}; try a smaller learning rate",
                    history,
                    epoch,
                )
            ens.backward(loss.backward(), need_grad_input=False)  # grad of each member's own loss
            if regularizer is not None:
                regularizer.add_grad(params)  # + lambda grad Omega(theta_s)
            lr_used = getattr(opt, "current_lr", opt.lr)
            opt.step()  # theta_s <- theta_s + alpha Delta_s, every member
            total_loss += loss.losses * len(idx)
            correct += np.count_nonzero(logits.argmax(axis=-1) == yb, axis=1)

        record = {"epoch": epoch, "train_loss": total_loss / n, "train_acc": correct / n}
        if validate:
            out = ens._forward(X_valid)
            loss._forward(out, y_valid)
            record["valid_loss"] = loss.losses.astype(np.float64)
            record["valid_acc"] = np.mean(out.argmax(axis=-1) == y_valid, axis=1)
        record["lr"] = float(lr_used)
        history.append(**record)
        if on_epoch is not None and on_epoch(epoch, history, ens):
            break
    return history


__all__ = ["SeedEnsemble", "SeedCrossEntropy", "fit_seeds", "SeedLinear", "SharedInputSeedLinear"]
