"""Tests of mlpkit._validate: the boundary checks every public function relies on."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import _validate as V

# -- check_dtype ---------------------------------------------------------------------


@pytest.mark.parametrize("dt", [np.float32, np.float64, "float32", "float64", np.dtype("f8")])
def test_check_dtype_accepts_floats(dt):
    assert V.check_dtype(dt) in (np.dtype(np.float32), np.dtype(np.float64))


@pytest.mark.parametrize("dt", [np.int64, np.float16, "complex128", bool])
def test_check_dtype_rejects_other_dtypes(dt):
    with pytest.raises(TypeError, match="dtype: expected np.float32 or np.float64"):
        V.check_dtype(dt)


def test_check_dtype_rejects_non_dtype_and_names_argument():
    with pytest.raises(TypeError, match="mydt: expected"):
        V.check_dtype(object(), name="mydt")


# -- as_float_array ------------------------------------------------------------------


def test_as_float_array_converts_lists_and_ints():
    out = V.as_float_array([[1, 2], [3, 4]], "X")
    assert out.dtype == np.float64 and out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[1.0, 2.0], [3.0, 4.0]])
    assert out.flags.c_contiguous and out.flags.writeable


def test_as_float_array_float32_and_never_modifies_input():
    x = np.arange(6.0).reshape(2, 3)
    out = V.as_float_array(x, "X", dtype=np.float32)
    assert out.dtype == np.float32
    out[0, 0] = 99
    assert x[0, 0] == 0.0


def test_as_float_array_readonly_input_gives_writeable_copy():
    x = np.ones((2, 2))
    x.flags.writeable = False
    out = V.as_float_array(x, "X")
    assert out.flags.writeable
    out[0, 0] = 5
    assert x[0, 0] == 1


def test_as_float_array_fortran_input_becomes_c_contiguous():
    x = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    out = V.as_float_array(x, "X")
    assert out.flags.c_contiguous
    np.testing.assert_array_equal(out, x)


@pytest.mark.parametrize(
    "bad, exc, words",
    [
        (None, TypeError, ["X:", "2-D"]),
        ("abc", TypeError, ["X:", "2-D"]),
        (np.array([[True, False]]), TypeError, ["X:", "real numbers", "bool"]),
        (np.array([["a", "b"]]), TypeError, ["X:", "real numbers"]),
        (np.array([[1 + 2j]]), TypeError, ["X:", "complex"]),
        (np.zeros(3), ValueError, ["X:", "2-D", "1-D"]),
        (np.zeros((0, 3)), ValueError, ["X:", "non-empty", "(0, 3)"]),
        (np.array([[1.0, np.nan]]), ValueError, ["X:", "finite", "1 NaN"]),
        (np.array([[np.inf, -np.inf]]), ValueError, ["X:", "finite", "2 NaN or infinite"]),
        ([[1, 2], [3]], ValueError, ["X:", "could not convert"]),
    ],
)
def test_as_float_array_rejects(bad, exc, words):
    with pytest.raises(exc) as info:
        V.as_float_array(bad, "X")
    for w in words:
        assert w in str(info.value)


def test_as_float_array_column_count_and_empty_allowed():
    with pytest.raises(ValueError, match=r"X: expected 4 columns \(features\), got shape \(2, 3\)"):
        V.as_float_array(np.zeros((2, 3)), "X", n_features=4)
    assert V.as_float_array(np.zeros((0, 3)), "X", allow_empty=True).shape == (0, 3)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_as_float_array_overflow_on_conversion_is_reported():
    big = np.array([[1e300]])
    with pytest.raises(ValueError, match="after conversion to float32"):
        V.as_float_array(big, "X", dtype=np.float32)


@given(st.lists(st.lists(st.integers(-1000, 1000), min_size=3, max_size=3), min_size=1, max_size=5))
def test_as_float_array_property_values_kept(rows):
    out = V.as_float_array(rows, "X")
    np.testing.assert_array_equal(out, np.array(rows, dtype=float))


# -- as_labels -----------------------------------------------------------------------


def test_as_labels_ok():
    out = V.as_labels(np.array([0, 2, 1], dtype=np.uint8), "y", n=3, n_classes=3)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, [0, 2, 1])
    assert V.as_labels([0, 5], "y").tolist() == [0, 5]


@pytest.mark.parametrize(
    "bad, kw, exc, words",
    [
        (None, {}, TypeError, ["y:", "integer class labels"]),
        ("01", {}, TypeError, ["y:", "integer class labels"]),
        (np.array([0.0, 1.0]), {}, TypeError, ["y:", "integer", "float64"]),
        (np.array([True, False]), {}, TypeError, ["y:", "bool"]),
        (np.array([[0, 1]]), {}, ValueError, ["y:", "1-D", "(1, 2)"]),
        (np.array([], dtype=int), {}, ValueError, ["y:", "at least one label"]),
        (np.array([0, 1]), {"n": 3}, ValueError, ["y:", "expected 3 labels", "got 2"]),
        (np.array([0, 3]), {"n_classes": 3}, ValueError, ["y:", "[0, 3)", "0 to 3"]),
        (np.array([-1, 1]), {}, ValueError, ["y:", "[0, C)", "-1"]),
        ([[0], [1, 2]], {}, ValueError, ["y:", "integer class labels"]),
    ],
)
def test_as_labels_rejects(bad, kw, exc, words):
    with pytest.raises(exc) as info:
        V.as_labels(bad, "y", **kw)
    for w in words:
        assert w in str(info.value)


# -- check_real / check_int / check_seed ---------------------------------------------


def test_check_real_intervals():
    assert V.check_real(1, "lr") == 1.0 and isinstance(V.check_real(1, "lr"), float)
    assert V.check_real(0.0, "lam", low=0.0) == 0.0
    with pytest.raises(ValueError, match=r"lr: expected a value in \(0.0, inf\], got 0.0"):
        V.check_real(0.0, "lr", low=0.0, low_open=True)
    with pytest.raises(ValueError, match=r"m: expected a value in \[0.0, 1.0\), got 1.0"):
        V.check_real(1.0, "m", low=0.0, high=1.0, high_open=True)
    with pytest.raises(ValueError, match=r"m: expected a value in \[-inf, 1.0\], got 2.0"):
        V.check_real(2.0, "m", high=1.0)
    with pytest.raises(ValueError, match="lr: expected a finite number, got nan"):
        V.check_real(float("nan"), "lr")
    with pytest.raises(ValueError, match="finite"):
        V.check_real(float("inf"), "lr")
    for bad in (True, "0.1", None, np.array([0.1]), 1j):
        with pytest.raises(TypeError, match="lr: expected a real number"):
            V.check_real(bad, "lr")


def test_check_int_intervals():
    assert V.check_int(np.int32(3), "epochs", low=1) == 3
    with pytest.raises(ValueError, match=r"epochs: expected an integer in \[1, inf\], got 0"):
        V.check_int(0, "epochs", low=1)
    with pytest.raises(ValueError, match=r"k: expected an integer in \[-inf, 5\], got 6"):
        V.check_int(6, "k", high=5)
    for bad in (1.0, True, "3", None):
        with pytest.raises(TypeError, match="epochs: expected an integer"):
            V.check_int(bad, "epochs")


def test_check_seed():
    g = np.random.default_rng(1)
    assert V.check_seed(g) is g
    a = V.check_seed(7).random(3)
    b = V.check_seed(np.int64(7)).random(3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, np.random.default_rng(7).random(3))
    for bad in (1.5, True, "1", None):
        with pytest.raises(TypeError, match="seed: expected a non-negative int or a np.random.Generator"):
            V.check_seed(bad)
    with pytest.raises(
        ValueError, match="seed: expected a non-negative int or a np.random.Generator, got -1"
    ):
        V.check_seed(-1)  # the right type, a wrong value: ValueError, as numpy says


def test_describe_names_shape_and_dtype():
    assert V._describe(np.zeros((2, 3), dtype=np.float32)) == "array of shape (2, 3) and dtype float32"
    assert V._describe([1]) == "list"
