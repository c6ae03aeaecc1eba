"""Data sets for the course, all available with no internet.

* Toy 2-D problems drawn with numpy: :func:`moons`, :func:`circles`, :func:`spirals`,
  :func:`xor`. Each returns ``(X, y)`` with ``X`` float64 of shape (n, 2) and ``y``
  int64 of shape (n,) holding labels in [0, C).
* :func:`digits`: scikit-learn's bundled 8x8 handwritten digits (1797 images).
* :func:`mnist1d`: MNIST-1D (Greydanus 2020), regenerated locally by the ``mnist1d``
  package.
* :func:`load_mnist` / :func:`read_idx`: the real MNIST, read from IDX files that
  the user downloaded by hand. Nothing in this module ever downloads anything.
* :func:`random_labels` (Zhang et al. 2017) and :func:`train_valid_test_split`.

Every random draw goes through ``np.random.default_rng(seed)``: the global ``random``
and ``np.random`` states are never used, and :func:`mnist1d`, whose underlying
package reseeds them, puts them back as it found them.
"""

from .bundled import MNIST1D, digits, mnist1d
from .bundled import _mnist1d_arrays as _mnist1d_arrays  # its cache is cleared by the tests
from .idx import MNIST_SHA256, DataFileNotFoundError, load_mnist, read_idx
from .split import random_labels, train_valid_test_split
from .toy import circles, moons, spirals, xor

__all__ = [
    "moons",
    "circles",
    "spirals",
    "xor",
    "digits",
    "mnist1d",
    "MNIST1D",
    "read_idx",
    "load_mnist",
    "DataFileNotFoundError",
    "MNIST_SHA256",
    "random_labels",
    "train_valid_test_split",
]
