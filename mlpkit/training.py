"""The training loop: the slides' SGD over epochs, in mini-batches.

    for each epoch (one pass over all examples, in a seeded random order):
        for each mini-batch (x, y):
            Delta = -grad l(f(x; theta), y) - lambda grad Omega(theta)
            theta <- theta + alpha Delta

`fit` adds what a practitioner needs around that loop: a validation set, early
stopping with patience (the slides' "look ahead"), a `History` of per-epoch
metrics, an optional progress bar, and a clear error when the loss diverges.
"""

import math

import numpy as np

from ._validate import as_float_array, as_labels, as_targets, check_int, check_net, check_seed
from .module import flat_params, set_flat_params
from .optim import Optimizer


class DivergenceError(FloatingPointError):
    """The training loss became NaN or infinite. ``.history`` holds the epochs completed
    before it happened, ``.epoch`` the (1-based) epoch in which it happened."""

    def __init__(self, message, history, epoch):
        super().__init__(message)
        self.history = history
        self.epoch = epoch


class History:
    """Per-epoch metrics of a `fit` call, as lists indexed by epoch (``h["valid_loss"]``).

    Keys: ``epoch`` (1-based), ``train_loss`` (mean mini-batch loss over the epoch,
    without the regulariser), ``train_acc`` (classification only), ``valid_loss`` and
    ``valid_acc`` (with a validation set), ``lr`` (the rate at the epoch's last update).
    ``best_epoch`` is the epoch of lowest validation loss; ``stopped_early`` says
    whether patience ran out.
    """

    def __init__(self):
        self.metrics = {}
        self.best_epoch = None
        self.stopped_early = False

    def append(self, **values):
        for key, value in values.items():
            self.metrics.setdefault(key, []).append(value)

    def __getitem__(self, key):
        try:
            return self.metrics[key]
        except KeyError:
            raise KeyError(f"history has no metric {key!r}; it has {sorted(self.metrics)}") from None

    def __contains__(self, key):
        return key in self.metrics

    def keys(self):
        return self.metrics.keys()

    def __len__(self):
        return len(self.metrics.get("epoch", []))

    def last(self, key):
        return self[key][-1]

    def __repr__(self):
        last = {
            k: (round(v[-1], 4) if isinstance(v[-1], float) else v[-1]) for k, v in self.metrics.items() if v
        }
        return f"History({len(self)} epochs, last={last}, best_epoch={self.best_epoch})"


def accuracy(y_true, y_pred):
    """Fraction of equal entries of two label vectors."""
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred", n=y_true.shape[0])
    return float(np.mean(y_true == y_pred))


def _progress_bar(total, enabled):
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # a plain text line per epoch instead
        return None
    return tqdm(total=total, desc="fit", unit="epoch", leave=False)


def fit(
    net,
    loss,
    opt,
    X,
    y,
    epochs,
    *,
    batch_size=32,
    regularizer=None,
    X_valid=None,
    y_valid=None,
    patience=None,
    restore_best=True,
    seed=0,
    progress=False,
    on_epoch=None,
):
    """Train ``net`` with mini-batch SGD (or any `Optimizer`) and return a `History`.

    Parameters
    ----------
    net : Module
        Usually an `MLP`.
    loss : SoftmaxCrossEntropy or MeanSquaredError
        A `mlpkit.losses.Loss`.
    opt : Optimizer
        Over ``net.parameters()``.
    X : ndarray of shape (n, d)
        The training inputs, one example per row.
    y : ndarray of shape (n,) or (n, k)
        Integer labels, or regression targets.
    epochs : int >= 1
        Passes over the training set.
    batch_size : int >= 1
        1 gives the slides' per-example SGD; ``len(X)`` gives full-batch gradient descent.
    regularizer : L2 or L1, optional
        Its gradient is added to the weights' gradients at every update.
    X_valid : ndarray of shape (m, d), optional
        Validation inputs, evaluated after every epoch (``valid_loss``, ``valid_acc``).
    y_valid : ndarray of shape (m,) or (m, k), optional
        Their labels or targets.
    patience : int, optional
        Stop when the validation loss has not improved for this many epochs; with
        ``restore_best`` the parameters of the best epoch are put back.
    seed : int or np.random.Generator
        Seeds the order of the examples in each epoch.
    progress : bool
        Show a progress bar (tqdm: a widget in Jupyter, text in a terminal).
    on_epoch : callable, optional
        ``on_epoch(epoch, history, net)``, called after each epoch (to record weights,
        apply masks, ...). Returning True stops training.

    Returns
    -------
    History
        Per-epoch metrics.

    Examples
    --------
    >>> import mlpkit as mk
    >>> X, y = mk.data.moons(n=100, seed=0)
    >>> net = mk.MLP([2, 16, 2], seed=0)
    >>> history = mk.fit(net, mk.SoftmaxCrossEntropy(), mk.SGD(net.parameters(), lr=0.1, momentum=0.9),
    ...                  X, y, epochs=50, batch_size=10, seed=0)
    >>> len(history), history.last("train_acc") > 0.8
    (50, True)

    Raises
    ------
    DivergenceError
        The loss became NaN or infinite; the message names the epoch and learning rate,
        and the error carries the history of the completed epochs.
    """
    params = check_net(net)
    if not (hasattr(loss, "forward") and hasattr(loss, "backward")):
        raise TypeError(f"loss: expected a loss such as SoftmaxCrossEntropy(), got {type(loss).__name__}")
    if not isinstance(opt, Optimizer):
        raise TypeError(
            f"opt: expected an Optimizer such as SGD(net.parameters(), lr=0.1), got {type(opt).__name__}"
        )
    if {id(p) for p in opt.params} != {id(p) for p in params}:
        raise ValueError("opt: expected an optimiser over net.parameters(), got one over other parameters")
    epochs = check_int(epochs, "epochs", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    if patience is not None:
        patience = check_int(patience, "patience", low=1)
        if X_valid is None:
            raise ValueError("patience: early stopping needs a validation set (X_valid, y_valid)")
    if regularizer is not None and not hasattr(regularizer, "add_grad"):
        raise TypeError(f"regularizer: expected L2(lam) or L1(lam), got {type(regularizer).__name__}")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch: expected a callable(epoch, history, net), got {on_epoch!r}")
    rng = check_seed(seed)

    dtype = params[0].value.dtype
    n_in = getattr(net, "n_inputs", None)
    X = as_float_array(X, "X", ndim=2, dtype=dtype, n_features=n_in)
    n = X.shape[0]
    n_outputs = net.forward(X[:1]).shape[1]
    y, classify = as_targets(loss, y, n, n_outputs, dtype)
    validate = X_valid is not None or y_valid is not None
    if validate:
        if X_valid is None or y_valid is None:
            raise ValueError("X_valid, y_valid: expected both or neither")
        X_valid = as_float_array(X_valid, "X_valid", ndim=2, dtype=dtype, n_features=X.shape[1])
        y_valid, _ = as_targets(loss, y_valid, X_valid.shape[0], n_outputs, dtype, "y_valid")

    history = History()
    best_loss, best_theta, since_best = np.inf, None, 0
    bar = _progress_bar(epochs, progress)
    try:
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n)  # a new random order every epoch
            total_loss, correct = 0.0, 0
            for start in range(0, n, batch_size):
                idx = order[start : start + batch_size]
                Xb, yb = X[idx], y[idx]

                def closure():  # for optimizers that re-evaluate (Newton), within this batch
                    value = loss.forward(net.forward(Xb), yb)  # noqa: B023 -- called in this iteration only
                    net.backward(loss.backward())
                    if regularizer is not None:
                        regularizer.add_grad(params)
                    return value

                logits = net.forward(Xb)  # fprop: f(x; theta)
                batch_loss = loss.forward(logits, yb)  # l(f(x; theta), y)
                if not math.isfinite(batch_loss):
                    raise DivergenceError(
                        f"fit: the training loss became {batch_loss} in epoch {epoch} (update {opt.t + 1}) "
                        f"with learning rate {opt.lr:g}; try a smaller learning rate",
                        history,
                        epoch,
                    )
                net.backward_params(loss.backward())  # bprop: grad of l in every theta
                if regularizer is not None:
                    regularizer.add_grad(params)  # + lambda grad Omega(theta)
                lr_used = getattr(opt, "current_lr", opt.lr)
                opt.step(closure)  # theta <- theta + alpha Delta
                total_loss += batch_loss * len(idx)
                if classify:
                    correct += int(np.count_nonzero(logits.argmax(axis=1) == yb))

            record = {"epoch": epoch, "train_loss": total_loss / n}
            if classify:
                record["train_acc"] = correct / n
            if validate:
                out = net.forward(X_valid)
                record["valid_loss"] = float(loss.forward(out, y_valid))
                if classify:
                    record["valid_acc"] = float(np.mean(np.argmax(out, axis=1) == y_valid))
            record["lr"] = float(lr_used)
            history.append(**record)

            if validate:
                if record["valid_loss"] < best_loss:
                    best_loss, since_best = record["valid_loss"], 0
                    history.best_epoch = epoch
                    if patience is not None and restore_best:
                        best_theta = flat_params(net)
                else:
                    since_best += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{record['train_loss']:.4f}")
            elif progress:
                print(f"epoch {epoch}/{epochs}  train_loss {record['train_loss']:.4f}")
            if on_epoch is not None and on_epoch(epoch, history, net):
                break
            if patience is not None and since_best >= patience:
                history.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.close()
    if best_theta is not None and history.best_epoch != len(history):
        set_flat_params(net, best_theta)
    return history
