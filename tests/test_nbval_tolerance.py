"""The numeric tolerance of the notebook comparison (tools/nbval_tolerance.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from nbval_tolerance import texts_match  # noqa: E402
from openblas_kernels import runnable_kernels  # noqa: E402


@pytest.mark.parametrize(
    "ref, test",
    [
        ("test accuracy 0.22", "test accuracy 0.22"),
        ("test accuracy 0.22", "test accuracy 0.23"),
        ("test accuracy 0.22", "test accuracy 0.21"),
        ("mean 0.905 +- 0.012", "mean 0.906 +- 0.011"),
        ("relative error 5e-09", "relative error 6e-09"),
        ("relative error 5.1e-09", "relative error 5.2e-09"),
        ("9.99", "10.0"),  # a carry changes the width, not the value
        ("[ 0.01  0.50]", "[-0.00  0.50]"),  # a column that gains a sign
        ("-0.00", "0.00"),
    ],
)
def test_within_one_unit_of_the_last_digit(ref, test):
    assert texts_match(ref, test)


@pytest.mark.parametrize(
    "ref, test",
    [
        ("test accuracy 0.22", "test accuracy 0.25"),  # three units: a real change
        ("test accuracy 0.22", "train accuracy 0.22"),  # words are exact
        ("8 steps", "9 steps"),  # integers are exact
        ("seed 0: 0.91", "seed 1: 0.91"),
        ("5e-09", "8e-09"),
        ("0.5", "0.5 0.5"),  # a number more
        ("1.25", "1.4"),  # the coarser unit of the two, not more
    ],
)
def test_anything_else_differs(ref, test):
    assert not texts_match(ref, test)


def test_kernels_need_their_cpu_flags():
    assert runnable_kernels({"pni", "sse4_2", "avx"}) in ([], ["Prescott", "Nehalem", "Sandybridge"])
    kernels = runnable_kernels({"pni", "sse4_2", "avx", "avx2", "fma", "avx512f"})
    assert "SkylakeX" not in kernels  # avx512f alone is not enough for its kernel
