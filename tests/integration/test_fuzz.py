"""Fuzzing mlpkit's public API with hypothesis: every call either works correctly or
raises ValueError/TypeError whose message names the argument.

Inputs are drawn from a deliberately hostile space: random shapes (empty included);
dtypes float64, float32, float16, int, bool, object, complex and strings; NaN and Inf;
non-contiguous and read-only arrays; nested lists instead of arrays; labels as floats,
strings or out of range; hyper-parameters outside their range or of the wrong type.

The contract checked by `outcome`:
- an exception must be ValueError or TypeError (never IndexError, AttributeError,
  ZeroDivisionError, FloatingPointError from inside) whose message names the argument;
- a result must be right: its shape and its values are compared with an independent
  numpy/scipy reference computed from the float64 version of the input, and an input
  that can not be valid (NaN, complex, wrong shape...) must not have produced one;
- the caller's arrays are never modified.

Examples per function are set with ``settings(max_examples=...)`` below (see EXAMPLES);
the whole file runs in well under a minute.
"""

import numpy as np
import pytest
import scipy.special
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit import attack, features, kernels, landscape, prune

# Number of hypothesis examples per public function: more for the cheap elementwise functions,
# fewer where every example trains or allocates a network.
EXAMPLES = {
    "softmax/log_softmax": 200,
    "one_hot": 150,
    "accuracy": 150,
    "relative_error": 150,
    "numerical_gradient": 60,
    "set_flat_params": 100,
    "MLP.forward/predict/predict_proba/score": 150,
    "SoftmaxCrossEntropy": 150,
    "MeanSquaredError": 150,
    "MLP()": 150,
    "Linear()": 100,
    "hyper-parameters (SGD, L1, L2, schedules, LeakyReLU)": 250,
    "fit (data)": 60,
    "fit (hyper-parameters)": 80,
    "gradcheck": 40,
    "attack.fgsm/random_sign_noise": 60,
    "landscape.interpolate": 40,
    "prune.magnitude_masks": 80,
    "kernels.kernel_regression": 80,
    "features.RandomFeatures": 60,
    "Conv1D": 80,
}


def fuzz(name):
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------- strategies

KINDS = ["float64", "float32", "float16", "int64", "int32", "bool", "object", "complex128", "str"]
LAYOUTS = ["C", "F", "strided", "readonly", "list"]


class Drawn:
    """An input together with what it is: its kind, intended shape, layout and finiteness."""

    def __init__(self, value, kind, shape, layout, finite):
        self.value, self.kind, self.shape, self.layout, self.finite = value, kind, shape, layout, finite

    @property
    def real(self):
        return self.kind in ("float64", "float32", "float16", "int64", "int32")

    def as64(self):
        return np.asarray(self.value, dtype=np.float64) if self.real else None

    def snapshot(self):
        return None if self.layout == "list" else np.array(self.value, copy=True)

    def unchanged(self, snap):
        if snap is None:
            return True
        now = np.asarray(self.value)
        if self.kind == "object":  # object arrays of floats: compare as floats, NaN equal to NaN
            now, snap = now.astype(np.float64), snap.astype(np.float64)
        return np.array_equal(now, snap, equal_nan=self.kind != "str")

    def __repr__(self):
        return f"Drawn({self.kind}, shape={self.shape}, layout={self.layout}, finite={self.finite})"


@st.composite
def arrays(draw, shapes, kinds=KINDS, specials=True, lo=-5.0, hi=5.0):
    """An array-like of one of ``kinds``, with a shape from ``shapes``, in some memory layout."""
    shape = tuple(draw(shapes))
    kind = draw(st.sampled_from(kinds))
    n = int(np.prod(shape))
    vals = np.array(
        draw(st.lists(st.floats(lo, hi, allow_nan=False, width=32), min_size=n, max_size=n)), dtype=np.float64
    ).reshape(shape)
    finite = True
    if (
        specials
        and n
        and kind in ("float64", "float32", "float16", "complex128", "object")
        and draw(st.booleans())
    ):
        i = draw(st.integers(0, n - 1))
        vals.reshape(-1)[i] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
        finite = False
    if kind == "str":
        arr = vals.astype(str)
    elif kind == "object":
        arr = vals.astype(object)
    elif kind.startswith("int"):
        arr = np.round(vals).astype(kind)
    elif kind == "bool":
        arr = vals > 0
    else:
        arr = vals.astype(kind)
    arr = np.asarray(arr)  # comparisons of 0-d arrays give numpy scalars
    layout = draw(st.sampled_from(LAYOUTS))
    if layout == "list" and kind in ("object", "float16", "float32"):
        kind = "float64"  # .tolist() gives Python floats: a list of numbers, as a user would write
    if layout == "F":
        arr = np.array(arr, order="F")  # keeps 0-d arrays 0-d (asfortranarray would not)
    elif layout == "strided":  # a non-contiguous view of a larger array
        big = np.repeat(arr[..., None], 2, axis=-1) if arr.ndim else arr
        arr = big[..., 0] if arr.ndim else big
    elif layout == "readonly":
        arr = arr.copy()
        arr.flags.writeable = False
    elif layout == "list":
        arr = arr.tolist()
    return Drawn(arr, kind, shape, layout, finite)


def shape2(rows=None, cols=None):
    rows = st.integers(0, 6) if rows is None else rows
    cols = st.integers(0, 5) if cols is None else cols
    return st.tuples(rows, cols)


any_shape = st.one_of(
    st.tuples(),
    st.tuples(st.integers(0, 5)),
    shape2(),
    st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
)

# Scalars of every sort for hyper-parameters: in range, out of range, non-finite, wrong type.
scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2.0, 2.0),
    st.integers(-3, 10**6),
    st.sampled_from(
        [
            0,
            1,
            0.0,
            1.0,
            0.5,
            0.999,
            1e-12,
            1e300,
            -0.0,
            True,
            False,
            None,
            "0.1",
            [0.1],
            np.float32(0.1),
            np.int64(3),
            np.float64(np.nan),
            complex(1, 0),
        ]
    ),
)


def outcome(fn, names, *args, **kwargs):
    """Call ``fn``: return (True, result), or (False, message) if it raised ValueError/TypeError
    naming one of ``names``. Any other exception fails the test."""
    try:
        return True, fn(*args, **kwargs)
    except (ValueError, TypeError) as err:
        msg = str(err)
        assert any(name in msg for name in names), f"message does not name {names}: {msg!r}"
        return False, msg


def tol(dtype):
    return {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-5}.get(np.dtype(dtype), 1e-11)


def ref_forward(net, X):
    """The MLP's logits recomputed independently in float64 from its parameters."""
    g = {
        "tanh": np.tanh,
        "relu": lambda a: np.maximum(a, 0),
        "sigmoid": scipy.special.expit,
        "identity": lambda a: a,
    }[net.activation]
    h = X
    lins = net.linears
    for k, lin in enumerate(lins):
        h = h @ lin.W.astype(np.float64).T + lin.b.astype(np.float64)
        if k < len(lins) - 1:
            h = g(h)
    return h


# ---------------------------------------------------------------- softmax & co.


@fuzz("softmax/log_softmax")
@given(arrays(any_shape, lo=-50, hi=50), st.sampled_from(["softmax", "log_softmax"]))
def test_softmax_and_log_softmax(a, which):
    snap = a.snapshot()
    ok, out = outcome(getattr(mk, which), ["a:"], a.value)
    assert a.unchanged(snap)
    if not ok:
        return
    assert a.real and a.finite and len(a.shape) >= 1 and a.shape[-1] > 0, a
    ref = getattr(scipy.special, which)(a.as64(), axis=-1)
    assert out.shape == a.shape
    assert out.dtype.kind == "f"
    assert np.allclose(out, ref, rtol=tol(out.dtype), atol=tol(out.dtype)), (out, ref)


@fuzz("one_hot")
@given(
    arrays(st.one_of(st.tuples(st.integers(0, 6)), shape2()), lo=-2, hi=6, specials=False),
    st.one_of(st.integers(-1, 7), st.sampled_from([2.0, None, "3", True])),
)
def test_one_hot(y, n_classes):
    snap = y.snapshot()
    ok, out = outcome(mk.one_hot, ["y:", "n_classes:"], y.value, n_classes)
    assert y.unchanged(snap)
    if not ok:
        return
    assert y.kind.startswith("int") and len(y.shape) == 1 and y.shape[0] > 0, y
    labels = np.asarray(y.value)
    assert labels.min() >= 0 and labels.max() < n_classes
    assert np.array_equal(out, np.eye(n_classes)[labels])


@fuzz("accuracy")
@given(
    arrays(st.tuples(st.integers(0, 6)), lo=-1, hi=4, specials=False),
    arrays(st.tuples(st.integers(0, 6)), lo=-1, hi=4, specials=False),
)
def test_accuracy(y_true, y_pred):
    ok, out = outcome(mk.accuracy, ["y_true:", "y_pred:"], y_true.value, y_pred.value)
    if not ok:
        return
    a, b = np.asarray(y_true.value), np.asarray(y_pred.value)
    assert a.dtype.kind in "iu" and b.dtype.kind in "iu" and a.shape == b.shape and a.size > 0
    assert a.min() >= 0 and b.min() >= 0
    assert out == pytest.approx(np.mean(a == b))


@fuzz("relative_error")
@given(
    arrays(any_shape, kinds=["float64", "float32", "int64"], specials=False),
    arrays(any_shape, kinds=["float64", "float32", "int64"], specials=False),
)
def test_relative_error_never_broadcasts(a, b):
    ok, out = outcome(mk.relative_error, ["numeric:"], a.value, b.value)
    # the shapes as numpy sees them: an empty nested list of shape (0, 4) is just [], shape (0,)
    shape_a, shape_b = np.shape(a.value), np.shape(b.value)
    if not ok:
        assert shape_a != shape_b
        return
    assert shape_a == shape_b, "silently broadcast two different shapes"
    x, y = a.as64(), b.as64()
    scale = max(np.max(np.abs(x), initial=0), np.max(np.abs(y), initial=0))
    assert out == (0.0 if scale == 0 else pytest.approx(np.max(np.abs(x - y)) / scale))


@fuzz("numerical_gradient")
@given(
    arrays(
        st.one_of(st.tuples(st.integers(1, 5)), shape2(st.integers(1, 4), st.integers(1, 4))),
        kinds=["float64", "float32", "int64", "object"],
        specials=False,
    ),
    st.sampled_from([1e-6, 1e-3, 0.0, -1e-6, np.nan, "x"]),
)
def test_numerical_gradient_any_layout(x, eps):
    arr = x.value

    def f():
        return float(np.sum(np.asarray(arr, dtype=np.float64) ** 2))

    ok, out = outcome(mk.numerical_gradient, ["x:", "eps:"], f, arr, eps)
    if not ok:
        return
    assert isinstance(arr, np.ndarray) and arr.dtype.kind == "f" and arr.flags.writeable
    assert out.shape == arr.shape
    expected = 2 * arr.astype(np.float64)
    # float32 too: the difference is divided by the step actually taken (x + eps rounds in float32)
    assert np.allclose(out, expected, atol=1e-5), (out, expected)


@fuzz("set_flat_params")
@given(
    arrays(st.one_of(st.tuples(st.integers(0, 30)), shape2(st.integers(1, 2), st.integers(20, 23)))),
    st.sampled_from([np.float64, np.float32]),
)
def test_set_flat_params(theta, dtype):
    net = mk.MLP([3, 4, 2], seed=0, dtype=dtype)  # 26 parameters
    before = mk.flat_params(net)
    ok, _ = outcome(mk.set_flat_params, ["theta:"], net, theta.value)
    if not ok:
        assert np.array_equal(mk.flat_params(net), before), "a refused theta changed the network"
        return
    assert theta.real and theta.finite and theta.shape == (26,)
    assert np.array_equal(mk.flat_params(net), theta.as64().astype(dtype))


# ---------------------------------------------------------------- networks and losses

NETS = {
    (dt, act): mk.MLP([3, 5, 4], activation=act, seed=1, dtype=dt)
    for dt in (np.float64, np.float32)
    for act in ("tanh", "relu", "sigmoid", "identity")
}


@fuzz("MLP.forward/predict/predict_proba/score")
@given(
    arrays(st.one_of(shape2(st.integers(0, 5), st.integers(2, 4)), any_shape), lo=-3, hi=3),
    st.sampled_from(sorted(NETS, key=str)),
    st.sampled_from(["predict", "predict_proba", "score", "hidden"]),
    st.integers(0, 5),
)
def test_network_entry_points(X, key, method, n_labels):
    net = NETS[key]
    snap = X.snapshot()
    y = np.arange(n_labels) % 4
    args = (X.value, y) if method == "score" else (X.value,)
    ok, out = outcome(getattr(net, method), ["X:", "y:"], *args)
    assert X.unchanged(snap)
    if not ok:
        return
    assert X.real and X.finite and X.shape[1:] == (3,) and len(X.shape) == 2 and X.shape[0] > 0, X
    ref = ref_forward(net, X.as64())
    t = tol(net.dtype) * 10
    if method == "predict_proba":
        assert out.shape == ref.shape and out.dtype == net.dtype
        assert np.allclose(out, scipy.special.softmax(ref, axis=1), atol=t)
    elif method == "predict":
        assert out.shape == (X.shape[0],)
        top = np.take_along_axis(ref, out[:, None], axis=1)[:, 0]
        assert np.all(top >= ref.max(axis=1) - t)  # the argmax, up to float ties
    elif method == "score":
        assert len(y) == X.shape[0]
        assert 0.0 <= out <= 1.0
        assert (
            abs(out - np.mean(np.argmax(ref, axis=1) == y)) <= 1.0 / len(y) + 1e-12
            if net.dtype == np.float32
            else out == pytest.approx(np.mean(np.argmax(ref, axis=1) == y))
        )
    else:
        assert out[-1].shape == ref.shape and np.allclose(out[-1], ref, atol=t)


@fuzz("SoftmaxCrossEntropy")
@given(
    arrays(st.one_of(shape2(st.integers(0, 5), st.integers(0, 4)), any_shape), lo=-30, hi=30),
    arrays(st.one_of(st.tuples(st.integers(0, 5)), shape2()), lo=-1, hi=4, specials=False),
)
def test_softmax_cross_entropy(logits, y):
    loss = mk.SoftmaxCrossEntropy()
    snap = logits.snapshot()
    ok, out = outcome(loss.forward, ["logits:", "y:"], logits.value, y.value)
    assert logits.unchanged(snap)
    if not ok:
        return
    labels = np.asarray(y.value)
    assert logits.real and len(logits.shape) == 2 and labels.dtype.kind in "iu"
    assert labels.shape == (logits.shape[0],) and labels.min() >= 0 and labels.max() < logits.shape[1]
    if not logits.finite:  # NaN/Inf logits give a non-finite loss: how fit detects divergence
        return
    ref = -np.mean(scipy.special.log_softmax(logits.as64(), axis=1)[np.arange(len(labels)), labels])
    assert out == pytest.approx(ref, rel=1e-2 if logits.kind == "float16" else 1e-5, abs=1e-6)
    grad = loss.backward()
    assert grad.shape == logits.shape and np.all(np.isfinite(grad))


@pytest.mark.slow  # about 3 s
@fuzz("MeanSquaredError")
@given(
    arrays(st.one_of(shape2(st.integers(0, 5), st.integers(0, 3)), any_shape)),
    arrays(
        st.one_of(st.tuples(st.integers(0, 5)), shape2(st.integers(0, 5), st.integers(0, 3))), lo=-1, hi=3
    ),
)
def test_mean_squared_error(pred, y):
    loss = mk.MeanSquaredError()
    ok, out = outcome(loss.forward, ["pred:", "y:"], pred.value, y.value)
    if not ok:
        return
    assert pred.real and len(pred.shape) == 2 and pred.shape[0] > 0 and pred.shape[1] > 0, pred
    P = pred.as64()
    ya = np.asarray(y.value)
    if ya.ndim == 1 and ya.dtype.kind in "iu" and P.shape[1] > 1:
        target = np.eye(P.shape[1])[ya]
    else:
        assert y.real
        target = y.as64().reshape(P.shape)  # must have had exactly the predictions' shape
        assert ya.shape == P.shape or (ya.shape == (P.shape[0],) and P.shape[1] == 1), "silent broadcast"
    if pred.finite and y.finite:
        assert out == pytest.approx(np.mean((P - target) ** 2), rel=1e-2 if pred.kind == "float16" else 1e-6)
        assert loss.backward().shape == P.shape


# ---------------------------------------------------------------- constructors and hyper-parameters


@pytest.mark.slow  # about 11 s: allocates and runs networks of up to 1000 units per layer
@fuzz("MLP()")
@given(
    st.one_of(st.lists(scalars, min_size=0, max_size=4), scalars, st.text(max_size=3)),
    st.sampled_from(["tanh", "relu", "sigmoid", "gelu", "leaky_relu", "softmax", "", None, 3]),
    st.sampled_from([np.float64, np.float32, np.float16, np.int64, "float64", None]),
)
def test_mlp_constructor(sizes, activation, dtype):
    if isinstance(sizes, list):  # keep the valid ones small enough to allocate
        sizes = [s % 1000 if isinstance(s, (int, np.integer)) and s > 1000 else s for s in sizes]
    ok, net = outcome(mk.MLP, ["sizes", "activation:", "dtype:"], sizes, activation=activation, dtype=dtype)
    if not ok:
        return
    assert all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and 1 <= s for s in sizes)
    assert [lin.W.shape for lin in net.linears] == [
        (b, a) for a, b in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    assert net.dtype in (np.float32, np.float64)
    if max(sizes) <= 1000:
        assert net.forward(np.zeros((2, sizes[0]), dtype=net.dtype)).shape == (2, sizes[-1])


@fuzz("Linear()")
@given(scalars, scalars)
def test_linear_constructor(n_in, n_out):
    n_in, n_out = (v % 1000 if isinstance(v, (int, np.integer)) and v > 1000 else v for v in (n_in, n_out))
    ok, lin = outcome(mk.Linear, ["n_in:", "n_out:"], n_in, n_out)
    if ok:
        assert lin.W.shape == (n_out, n_in) and lin.b.shape == (n_out,) and n_in >= 1 and n_out >= 1


HYPER = {
    # name: (constructor, argument name, valid(x), what to read back)
    "SGD.lr": (
        lambda v: mk.SGD(NETS[(np.float64, "tanh")].parameters(), lr=v),
        "lr",
        lambda x: 0 < x < np.inf,
        lambda o: o.lr,
    ),
    "SGD.momentum": (
        lambda v: mk.SGD(NETS[(np.float64, "tanh")].parameters(), lr=0.1, momentum=v),
        "momentum",
        lambda x: 0 <= x < 1,
        lambda o: o.momentum,
    ),
    "L2.lam": (mk.L2, "lam", lambda x: 0 <= x < np.inf, lambda o: o.lam),
    "L1.lam": (mk.L1, "lam", lambda x: 0 <= x < np.inf, lambda o: o.lam),
    "inverse_decay": (mk.inverse_decay, "decay", lambda x: 0 <= x < np.inf, None),
    "power_decay": (mk.power_decay, "d", lambda x: 0.5 < x <= 1, None),
    "LeakyReLU.slope": (mk.LeakyReLU, "slope", lambda x: 0 <= x < 1, lambda o: o.slope),
    "warmup.steps": (mk.warmup, "steps", None, None),
    "one_cycle.pct_start": (lambda v: mk.one_cycle(100, pct_start=v), "pct_start", lambda x: 0 < x < 1, None),
}


def _real(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


@fuzz("hyper-parameters (SGD, L1, L2, schedules, LeakyReLU)")
@given(st.sampled_from(sorted(HYPER)), scalars)
def test_hyper_parameters(which, value):
    make, arg, valid, read = HYPER[which]
    ok, obj = outcome(make, [f"{arg}:"], value)
    if which == "warmup.steps":
        expect_ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1
    else:
        expect_ok = _real(value) and valid(float(value))
    assert ok == expect_ok, (which, value, obj)
    if ok and read is not None:
        assert read(obj) == float(value)
    if ok and read is None:  # a schedule: finite positive multipliers
        assert all(0 < obj(t) <= 1 + 1e-12 for t in (0, 1, 10, 1000))


# ---------------------------------------------------------------- fit


def _tiny(seed=0, n=12, d=3, classes=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, classes, size=n)


@fuzz("fit (data)")
@given(
    arrays(st.one_of(shape2(st.integers(0, 12), st.integers(2, 4)), any_shape), lo=-2, hi=2),
    arrays(
        st.one_of(st.tuples(st.integers(0, 12)), shape2(st.integers(0, 12), st.integers(1, 3))),
        lo=-1,
        hi=3,
        specials=True,
    ),
    st.booleans(),
)
def test_fit_data(X, y, classify):
    net = mk.MLP([3, 4, 3], seed=0)
    loss = mk.SoftmaxCrossEntropy() if classify else mk.MeanSquaredError()
    opt = mk.SGD(net.parameters(), lr=0.05)
    snapX, snapy = X.snapshot(), y.snapshot()
    ok, hist = outcome(mk.fit, ["X:", "y:"], net, loss, opt, X.value, y.value, epochs=2, batch_size=4)
    assert X.unchanged(snapX) and y.unchanged(snapy)
    if not ok:
        return
    assert X.real and X.finite and len(X.shape) == 2 and X.shape[1] == 3 and X.shape[0] > 0
    ya = np.asarray(y.value)
    assert ya.shape[0] == X.shape[0] and y.real and y.finite
    if classify:
        assert ya.dtype.kind in "iu" and ya.ndim == 1 and 0 <= ya.min() and ya.max() < 3
    else:
        assert ya.shape in ((X.shape[0], 3),) or (ya.ndim == 1 and ya.dtype.kind in "iu")
    assert len(hist) == 2 and all(np.isfinite(hist["train_loss"]))
    assert np.all(np.isfinite(mk.flat_params(net)))


@fuzz("fit (hyper-parameters)")
@given(epochs=scalars, batch_size=scalars, patience=st.one_of(st.none(), scalars), lr=scalars, lam=scalars)
def test_fit_hyper_parameters(epochs, batch_size, patience, lr, lam):
    X, y = _tiny()
    net = mk.MLP([3, 4, 3], seed=0)
    ok, opt = outcome(mk.SGD, ["lr:"], net.parameters(), lr=lr)
    if not ok:
        return
    ok, reg = outcome(mk.L2, ["lam:"], lam)
    if not ok:
        return
    if isinstance(epochs, (int, np.integer)) and epochs > 5:
        epochs = 5  # keep the valid runs short; 0, negatives, floats and the rest stay as drawn
    try:
        ok, hist = outcome(
            mk.fit,
            ["epochs:", "batch_size:", "patience:"],
            net,
            mk.SoftmaxCrossEntropy(),
            opt,
            X,
            y,
            epochs=epochs,
            batch_size=batch_size,
            regularizer=reg,
            patience=patience,
            X_valid=X,
            y_valid=y,
        )
    except mk.DivergenceError as err:  # a huge lr or lambda: a clear stop, never garbage
        assert "learning rate" in str(err) and "epoch" in str(err)
        return
    if not ok:
        return
    assert isinstance(epochs, (int, np.integer)) and not isinstance(epochs, bool) and epochs >= 1
    assert isinstance(batch_size, (int, np.integer)) and not isinstance(batch_size, bool) and batch_size >= 1
    assert 1 <= len(hist) <= epochs
    assert all(np.isfinite(hist["train_loss"]))


# ---------------------------------------------------------------- gradcheck and the other modules


@fuzz("gradcheck")
@given(
    arrays(st.one_of(shape2(st.integers(0, 4), st.integers(2, 4)), any_shape), lo=-1, hi=1),
    st.sampled_from([1e-6, 1e-4, 0.0, -1.0, np.nan, "1e-6", None]),
    st.one_of(st.none(), scalars),
)
def test_gradcheck(X, eps, n_entries):
    net = mk.MLP([3, 3, 2], seed=0)
    y = np.arange(X.shape[0] if X.shape else 0) % 2
    ok, errors = outcome(
        mk.gradcheck,
        ["X:", "eps:", "n_entries:", "y:"],
        net,
        mk.SoftmaxCrossEntropy(),
        X.value,
        y,
        eps=eps,
        n_entries=n_entries,
    )
    if not ok:
        return
    assert X.real and X.finite and X.shape[1:] == (3,) and X.shape[0] > 0
    assert set(errors) == {"W1", "b1", "W2", "b2"}
    if eps == 1e-6:
        assert max(errors.values()) < 1e-5, errors


NET_ATTACK = mk.MLP([4, 5, 3], seed=2)


@fuzz("attack.fgsm/random_sign_noise")
@given(
    arrays(st.one_of(shape2(st.integers(0, 4), st.integers(3, 5)), any_shape), lo=0, hi=1),
    scalars,
    st.sampled_from(["fgsm", "noise"]),
)
def test_attacks(X, eps, which):
    n = X.shape[0] if X.shape else 0
    y = np.arange(n) % 3
    if which == "fgsm":
        ok, out = outcome(attack.fgsm, ["X:", "eps:", "y:"], NET_ATTACK, X.value, y, eps)
    else:
        ok, out = outcome(attack.random_sign_noise, ["X:", "eps:"], X.value, eps)
    if not ok:
        return
    assert X.real and X.finite and len(X.shape) == 2 and X.shape[0] > 0 and _real(eps) and eps >= 0
    if which == "fgsm":
        assert X.shape[1] == 4
    X64 = X.as64()
    assert out.shape == X64.shape
    assert np.all(out >= 0) and np.all(out <= 1)
    assert np.max(np.abs(out - np.clip(X64, 0, 1)), initial=0) <= float(eps) + 1e-9


@fuzz("landscape.interpolate")
@given(
    arrays(st.one_of(st.tuples(st.integers(0, 4)), shape2(st.integers(1, 2), st.integers(1, 2))), lo=-1, hi=2)
)
def test_landscape_interpolate(alphas):
    net = mk.MLP([2, 3, 2], seed=0)
    X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
    theta0 = mk.flat_params(net)
    theta1 = theta0 + 1.0
    ok, out = outcome(
        landscape.interpolate,
        ["alphas:"],
        net,
        mk.SoftmaxCrossEntropy(),
        X,
        y,
        theta0,
        theta1,
        alphas=alphas.value,
    )
    assert np.array_equal(mk.flat_params(net), theta0), "parameters not restored"
    if not ok:
        return
    a, losses = out
    assert alphas.real and alphas.finite and len(alphas.shape) == 1 and alphas.shape[0] > 0
    assert losses.shape == a.shape == alphas.shape
    for ai, li in zip(a, losses, strict=True):
        mk.set_flat_params(net, (1 - ai) * theta0 + ai * theta1)
        assert li == pytest.approx(mk.SoftmaxCrossEntropy().forward(net.forward(X), y))
    mk.set_flat_params(net, theta0)


@fuzz("prune.magnitude_masks")
@given(scalars)
def test_prune_fraction(fraction):
    net = mk.MLP([4, 6, 3], seed=0)
    ok, masks = outcome(prune.magnitude_masks, ["fraction:"], net, fraction)
    assert ok == (_real(fraction) and 0 <= float(fraction) < 1)
    if ok:
        W = net.linears[0].W
        assert masks[0].shape == W.shape and masks[0].dtype == bool
        assert masks[0].size - masks[0].sum() == int(round(float(fraction) * W.size))
        assert np.all(masks[1]) and np.all(masks[3])  # biases are never pruned


@fuzz("kernels.kernel_regression")
@given(
    arrays(st.one_of(shape2(st.integers(0, 4), st.integers(0, 4)), any_shape), lo=-1, hi=1),
    arrays(st.one_of(st.tuples(st.integers(0, 4)), shape2(st.integers(0, 4), st.integers(1, 2)))),
    arrays(st.one_of(shape2(st.integers(0, 3), st.integers(0, 4)), any_shape)),
    st.sampled_from([0.0, 0.1, 1.0, -1.0, np.nan, "0"]),
)
def test_kernel_regression(K_train, y_train, K_test, ridge):
    Kt = K_train.value
    if K_train.real and K_train.finite and len(K_train.shape) == 2:  # make the valid ones positive definite
        Kt = K_train.as64() @ K_train.as64().T + np.eye(K_train.shape[0])
    ok, out = outcome(
        kernels.kernel_regression,
        ["K_train:", "y_train:", "K_test:", "ridge:"],
        Kt,
        y_train.value,
        K_test.value,
        ridge=ridge,
    )
    if not ok:
        return
    n = np.shape(Kt)[0]
    yv = y_train.as64()
    assert y_train.finite and K_test.finite and yv.shape[0] == n and K_test.shape[1:] == (n,)
    ref = K_test.as64() @ np.linalg.solve(np.asarray(Kt) + ridge * np.eye(n), yv)
    assert out.shape == ref.shape and np.allclose(out, ref, rtol=1e-6, atol=1e-8)


@fuzz("features.RandomFeatures")
@given(scalars, scalars, arrays(st.one_of(shape2(st.integers(0, 3), st.integers(1, 4)), any_shape)))
def test_random_features(n_in, n_features, X):
    if isinstance(n_features, (int, np.integer)) and n_features > 1000:
        n_features = 7
    if isinstance(n_in, (int, np.integer)) and n_in > 1000:
        n_in = 3
    ok, rf = outcome(features.RandomFeatures, ["n_in:", "n_features:"], n_in, n_features)
    if not ok:
        return
    ok, Phi = outcome(rf.transform, ["X:"], X.value)
    if not ok:
        return
    assert X.real and X.finite and X.shape[1:] == (n_in,) and X.shape[0] > 0
    assert Phi.shape == (X.shape[0], n_features)
    assert np.allclose(Phi, np.maximum(X.as64() @ rf.V.T + rf.c, 0))


@fuzz("Conv1D")
@given(
    st.integers(-1, 3),
    st.integers(-1, 3),
    st.integers(-1, 6),
    st.integers(-1, 7),
    st.sampled_from(["valid", "same", "circular", "full", None]),
    arrays(st.one_of(shape2(st.integers(0, 3), st.integers(0, 12)), any_shape)),
)
def test_conv1d(c_in, c_out, k, length, padding, X):
    ok, conv = outcome(
        mk.Conv1D,
        ["in_channels:", "out_channels:", "kernel_size:", "length:", "padding:"],
        c_in,
        c_out,
        k,
        length,
        padding=padding,
    )
    if not ok:
        return
    # a layer trusts its caller: the input is checked where it enters a network
    ok, out = outcome(mk.Sequential(conv).forward, ["X:"], X.value)
    if not ok:
        return
    assert isinstance(X.value, np.ndarray) and X.real and len(X.shape) == 2 and X.shape[1] == c_in * length
    assert out.shape == (X.shape[0], conv.n_out)
    if not X.finite:
        return
    # reference: a direct double loop over positions
    x = X.as64().reshape(X.shape[0], c_in, length)
    p = conv.pad
    if padding == "circular":
        x = np.concatenate([x[:, :, length - p :], x, x[:, :, :p]], axis=2) if p else x
    else:
        x = np.pad(x, ((0, 0), (0, 0), (p, p)))
    ref = np.empty((X.shape[0], c_out, conv.out_length))
    for t in range(conv.out_length):
        ref[:, :, t] = np.einsum("nck,ock->no", x[:, :, t : t + k], conv.W) + conv.b
    assert np.allclose(out, ref.reshape(X.shape[0], -1), atol=1e-9)
