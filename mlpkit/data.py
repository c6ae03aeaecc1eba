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
import functools
import gzip
import hashlib
import os
import random
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._validate import as_float_array, as_labels, check_dtype, check_int, check_real, check_seed

__all__ = [
    "moons", "circles", "spirals", "xor", "digits", "mnist1d", "MNIST1D",
    "read_idx", "load_mnist", "DataFileNotFoundError",
    "random_labels", "train_valid_test_split",
]


# ----------------------------------------------------------------------------------
# Toy 2-D problems
# ----------------------------------------------------------------------------------

def _shuffled(rng, X, y):
    """Shuffle the rows of ``X`` and ``y`` together (generators build class by class)."""
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order]), y[order]


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles.

    Parameters
    ----------
    n : int, >= 2
        Number of points; class 0 (upper moon) gets ``ceil(n / 2)``.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    n0 = n - n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n // 2)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n // 2])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, y)


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0), both centred at 0.

    Parameters
    ----------
    n : int, >= 2
        Number of points; the outer circle gets ``ceil(n / 2)``.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float in (0, 1)
        Radius of the inner circle (the outer one has radius 1).
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    factor = check_real(factor, "factor", low=0, high=1, low_open=True, high_open=True)
    rng = check_seed(seed)
    n0 = n - n // 2
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n // 2, endpoint=False)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        factor * np.column_stack([np.cos(t1), np.sin(t1)]),
    ])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n // 2])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, y)


def spirals(n=300, n_classes=3, noise=0.2, seed=0):
    """``n_classes`` interleaved spiral arms starting at the origin (CS231n's toy set).

    Arm ``j`` is the curve ``r (cos theta, sin theta)`` with ``r`` in [0, 1] and
    ``theta = 2 pi j / n_classes + 4 r`` plus Gaussian jitter.

    Parameters
    ----------
    n : int, >= n_classes
        Number of points, shared as evenly as possible between the arms.
    n_classes : int, >= 2
        Number of arms (classes).
    noise : float, >= 0
        Standard deviation of the Gaussian jitter added to each point's angle
        (radians), so the arms blur more far from the centre.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2), inside the unit disc
    y : ndarray of int64, shape (n,), labels in [0, n_classes)
    """
    n_classes = check_int(n_classes, "n_classes", low=2)
    n = check_int(n, "n", low=n_classes)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    counts = np.full(n_classes, n // n_classes)
    counts[: n % n_classes] += 1
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    r = np.concatenate([np.linspace(0.0, 1.0, m) for m in counts])
    theta = 2 * np.pi * y / n_classes + 4.0 * r + noise * rng.standard_normal(n)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return _shuffled(rng, X, y)


def xor(n=200, noise=0.1, seed=0):
    """Points uniform in the square [-1, 1]^2, labelled 1 where the signs of x1 and x2 differ.

    The label is decided on the clean point; Gaussian noise is added afterwards, so
    a little noise puts some points on the wrong side of the axes.

    Parameters
    ----------
    n : int, >= 2
        Number of points.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    X = X + noise * rng.standard_normal(X.shape)
    return X, y


# ----------------------------------------------------------------------------------
# Bundled and generated data sets
# ----------------------------------------------------------------------------------

def digits(dtype=np.float64):
    """scikit-learn's bundled 8x8 handwritten digits, scaled to [0, 1].

    The images ship inside scikit-learn (``sklearn.datasets.load_digits``): no
    download. Pixel intensities 0..16 are divided by 16.

    Parameters
    ----------
    dtype : np.float32 or np.float64

    Returns
    -------
    X : ndarray of ``dtype``, shape (1797, 64), values in [0, 1]; row ``i`` is the
        8x8 image ``X[i].reshape(8, 8)``
    y : ndarray of int64, shape (1797,), labels in [0, 10)
    """
    dtype = check_dtype(dtype)
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise ImportError("mlpkit.data.digits() needs scikit-learn, which ships the 8x8 "
                          "digits: pip install scikit-learn") from err
    bunch = load_digits()
    X = (np.asarray(bunch.data, dtype=np.float64) / 16.0).astype(dtype)
    y = np.asarray(bunch.target, dtype=np.int64)
    return X, y


class MNIST1D(NamedTuple):
    """MNIST-1D split into train and test; unpacks as ``X_train, y_train, X_test, y_test``."""

    X_train: np.ndarray  #: (4000, 40) float
    y_train: np.ndarray  #: (4000,) int64 in [0, 10)
    X_test: np.ndarray   #: (1000, 40) float
    y_test: np.ndarray   #: (1000,) int64 in [0, 10)


@functools.lru_cache(maxsize=8)
def _mnist1d_arrays(seed):
    """Generate MNIST-1D once per seed, protecting the global random states.

    ``mnist1d.data.make_dataset`` calls ``random.seed`` and ``np.random.seed`` and
    draws from the global generator; importing it also imports matplotlib and
    requests. Only ``make_dataset`` is used: ``get_dataset`` would try to download a
    pickle from GitHub.
    """
    py_state = random.getstate()
    np_state = np.random.get_state()
    try:
        try:
            from mnist1d.data import get_dataset_args, make_dataset
        except ImportError as err:
            raise ImportError("mlpkit.data.mnist1d() needs the PyPI package mnist1d "
                              "(and scipy) to regenerate MNIST-1D locally: "
                              "pip install mnist1d") from err
        args = get_dataset_args()
        args.seed = seed
        data = make_dataset(args)
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
    out = (np.asarray(data["x"], dtype=np.float64), np.asarray(data["y"], dtype=np.int64),
           np.asarray(data["x_test"], dtype=np.float64), np.asarray(data["y_test"], dtype=np.int64))
    for a in out:
        a.flags.writeable = False  # the cached copy must never change
    return out


def mnist1d(seed=42, dtype=np.float64):
    """MNIST-1D (Greydanus 2020), regenerated locally; no download.

    Ten 1-D templates (one per digit) are padded, scaled, translated, sheared and
    made noisy, then resampled to 40 points and standardised (mean 0, std 1 over the
    whole set). The ``mnist1d`` package's defaults are used (5000 examples, 80 %
    train) with its seed replaced by ``seed``; the default ``seed=42`` is the
    package's own and gives the published data set; other seeds give fresh draws. The result is cached in memory per seed (the
    first call takes about a second) and fresh copies are returned. The global
    ``random`` and ``np.random`` states are saved and restored around the package.

    Parameters
    ----------
    seed : int in [0, 2**32 - 1]
        Seed passed to the generator (a ``np.random.Generator`` is not accepted: the
        package seeds numpy's legacy global generator).
    dtype : np.float32 or np.float64
        Dtype of ``X_train`` and ``X_test``.

    Returns
    -------
    MNIST1D
        Named tuple ``(X_train, y_train, X_test, y_test)``: ``X_train`` of shape
        (4000, 40), ``y_train`` int64 of shape (4000,), ``X_test`` of shape
        (1000, 40), ``y_test`` int64 of shape (1000,); labels in [0, 10).
    """
    if isinstance(seed, np.random.Generator):
        raise TypeError("seed: expected a non-negative int for mnist1d() (the mnist1d "
                        "package seeds numpy's global generator), got a np.random.Generator")
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    dtype = check_dtype(dtype)
    X_tr, y_tr, X_te, y_te = _mnist1d_arrays(seed)
    return MNIST1D(X_tr.astype(dtype, copy=True), y_tr.copy(),
                   X_te.astype(dtype, copy=True), y_te.copy())


# ----------------------------------------------------------------------------------
# Real MNIST from IDX files on disk
# ----------------------------------------------------------------------------------

class DataFileNotFoundError(FileNotFoundError, ValueError):
    """A data file is missing; the message says where to put it. Also a ValueError."""


#: IDX type codes (third byte of the magic number) -> big-endian numpy dtype.
_IDX_DTYPES = {0x08: np.dtype(">u1"), 0x09: np.dtype(">i1"), 0x0B: np.dtype(">i2"),
               0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}

_MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}

#: SHA-256 of the four original MNIST archives: identical on yann.lecun.com and on the
#: mirrors below, and pinned with these same values by many independent MNIST loaders.
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

_MNIST_MIRROR = "https://storage.googleapis.com/cvdf-datasets/mnist/"
_MNIST_MIRROR_2 = "https://ossci-datasets.s3.amazonaws.com/mnist/"


def _download_help(directory):
    urls = "\n".join(f"  {_MNIST_MIRROR}{name}" for name in MNIST_SHA256)
    return (f"mlpkit never downloads. Download the four MNIST files by hand, e.g. from\n{urls}\n"
            f"(or the same names under {_MNIST_MIRROR_2} or http://yann.lecun.com/exdb/mnist/), "
            f"and place them, gzipped or not, in {directory}; or pass load_mnist(path=...) "
            f"with the directory holding them, or set the environment variable MLPKIT_DATA "
            f"to that directory.")


def _check_path(p, name):
    if not isinstance(p, (str, os.PathLike)):
        raise TypeError(f"{name}: expected a str or os.PathLike path, got {type(p).__name__} {p!r}")
    return Path(p).expanduser()


def read_idx(file):
    """Parse one IDX file (the MNIST format), gzipped or raw.

    Layout: two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16,
    0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions ``d``, then
    ``d`` big-endian uint32 sizes, then the data in C order, big-endian. A gzip
    file is recognised by its content, not its name.

    Parameters
    ----------
    file : str or os.PathLike
        Path to the file.

    Returns
    -------
    ndarray of shape ``dims`` (e.g. (60000, 28, 28) for MNIST's training images),
    in native byte order, writeable.

    Raises
    ------
    DataFileNotFoundError (a ValueError)
        The file does not exist.
    ValueError
        Corrupt gzip, wrong magic number, or data size not matching the dimensions.
    """
    path = _check_path(file, "file")
    if not path.is_file():
        raise DataFileNotFoundError(
            f"file: IDX file {path} not found. " + _download_help(path.parent))
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise ValueError(f"file: {path} looks gzipped but cannot be decompressed "
                             f"({err}); download it again") from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_DTYPES or raw[3] == 0:
        got = raw[:4].hex() if raw else "an empty file"
        raise ValueError(f"file: {path} is not an IDX file: expected the magic number "
                         f"00 00 <type code 08/09/0b/0c/0d/0e> <number of dims >= 1>, "
                         f"got {got}")
    dtype, ndim = _IDX_DTYPES[raw[2]], raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"file: {path} is truncated: its header announces {ndim} "
                         f"dimensions ({header} header bytes) but the file has {len(raw)} bytes")
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    got = len(raw) - header
    if got != expected:
        what = "truncated" if got < expected else "longer than announced"
        raise ValueError(f"file: {path} is {what}: dimensions {dims} of {dtype.name} need "
                         f"{expected} data bytes, got {got}; download it again")
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(dims)
    return data.astype(dtype.newbyteorder("="))  # copy: native order, writeable


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_sha256sums(directory):
    """Parse ``SHA256SUMS`` (``sha256sum`` output: ``<hex>  <name>``) if present."""
    sums = {}
    f = directory / "SHA256SUMS"
    if f.is_file():
        for line in f.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                sums[parts[-1].lstrip("*")] = parts[0].lower()
    return sums


def _verify(path, sums):
    """Check ``path`` against the published MNIST checksum and ``SHA256SUMS``."""
    expected = []
    if path.name in MNIST_SHA256:
        expected.append((MNIST_SHA256[path.name], "the published MNIST checksum"))
    if path.name in sums:
        expected.append((sums[path.name], f"{path.parent / 'SHA256SUMS'}"))
    if not expected:
        return
    digest = _sha256(path)
    for want, source in expected:
        if digest != want:
            raise ValueError(f"verify: SHA-256 of {path} is {digest}, expected {want} "
                             f"(from {source}). The file is corrupt or not the original; "
                             f"download it again, or pass verify=False to skip the check.")


def load_mnist(path=None, kind="train", cache_dir=None, verify=True):
    """Read MNIST from the four standard IDX files, which the user downloads by hand.

    The files are ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each gzipped (``.gz``)
    or not (``.gz`` is preferred when both are there). Nothing is downloaded: if
    a file is missing, the error says which one and where to put it.

    Parameters
    ----------
    path : str or os.PathLike, optional
        Directory holding the files. If None, ``cache_dir`` is used.
    kind : {"train", "test"}
        Training set (60000 images) or test set (10000 images, the ``t10k`` files).
    cache_dir : str or os.PathLike, optional
        Directory used when ``path`` is None. Default: the environment variable
        ``MLPKIT_DATA`` (the directory holding the files itself) if set, else
        ``~/.cache/mlpkit/mnist``.
    verify : bool
        Check SHA-256 checksums before reading: a file whose name is one of the four
        standard ``.gz`` names is compared with the published checksum of the
        original archive (:data:`MNIST_SHA256`); any file listed in a ``SHA256SUMS``
        file in the same directory (``sha256sum`` format) is compared with it. Raw
        (un-gzipped) files not listed in ``SHA256SUMS`` are not checked.

    Returns
    -------
    X : ndarray of float64, shape (n, rows * cols) = (n, 784) for MNIST, in [0, 1]
    y : ndarray of int64, shape (n,)
    """
    if path is not None:
        where, directory = "path", _check_path(path, "path")
    elif cache_dir is not None:
        where, directory = "cache_dir", _check_path(cache_dir, "cache_dir")
    elif os.environ.get("MLPKIT_DATA"):
        where, directory = "$MLPKIT_DATA", Path(os.environ["MLPKIT_DATA"]).expanduser()
    else:
        where, directory = "cache_dir", Path.home() / ".cache" / "mlpkit" / "mnist"
    if kind not in _MNIST_FILES:
        raise ValueError(f"kind: expected 'train' or 'test', got {kind!r}")
    if not isinstance(verify, (bool, np.bool_)):
        raise TypeError(f"verify: expected True or False, got {type(verify).__name__} {verify!r}")
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{where}: expected a directory holding the MNIST files, "
                         f"got the file {directory}")

    files, missing = [], []
    for base in _MNIST_FILES[kind]:
        found = next((directory / name for name in (base + ".gz", base)
                      if (directory / name).is_file()), None)
        if found is None:
            missing.append(f"{base}.gz (or {base})")
        files.append(found)
    if missing:
        raise DataFileNotFoundError(
            f"MNIST {kind} file(s) not found in {directory}: {', '.join(missing)}. "
            + _download_help(directory))

    if verify:
        sums = _read_sha256sums(directory)
        for f in files:
            _verify(f, sums)
    images, labels = (read_idx(f) for f in files)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(f"{files[0].name}: expected uint8 images of shape (n, rows, cols), "
                         f"got {images.dtype} of shape {images.shape}")
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"{files[1].name}: expected integer labels of shape (n,), "
                         f"got {labels.dtype} of shape {labels.shape}")
    if len(images) != len(labels):
        raise ValueError(f"{files[0].name} holds {len(images)} images but {files[1].name} "
                         f"holds {len(labels)} labels; expected the same count")
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return X, labels.astype(np.int64)


# ----------------------------------------------------------------------------------
# Label noise and splits
# ----------------------------------------------------------------------------------

def random_labels(y, n_classes=None, fraction=1.0, seed=0):
    """Replace a fraction of the labels by uniformly random classes (Zhang et al. 2017).

    Exactly ``round(fraction * n)`` positions, chosen at random, get a label drawn
    uniformly from [0, n_classes). A drawn label may equal the old one, so about
    ``fraction * (1 - 1 / n_classes)`` of the labels actually change.

    Parameters
    ----------
    y : array-like of int, shape (n,)
        Labels in [0, n_classes).
    n_classes : int, optional
        Number of classes; default ``max(y) + 1``.
    fraction : float in [0, 1]
        Share of positions that receive a random label; 1.0 randomises all of them.
    seed : int or np.random.Generator

    Returns
    -------
    ndarray of int64, shape (n,): a new array; ``y`` is not modified.
    """
    y = as_labels(y, "y")
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = check_int(n_classes, "n_classes", low=1)
    y = as_labels(y, "y", n_classes=n_classes)
    fraction = check_real(fraction, "fraction", low=0, high=1)
    rng = check_seed(seed)
    out = y.copy()
    k = int(round(fraction * len(y)))
    where = rng.choice(len(y), size=k, replace=False)
    out[where] = rng.integers(0, n_classes, size=k)
    return out


def train_valid_test_split(X, y, valid=0.15, test=0.15, seed=0, stratify=False):
    """Shuffle the rows and split them into training, validation and test sets.

    The validation and test sets get ``round(valid * n)`` and ``round(test * n)``
    rows, training gets the rest. With ``stratify=True`` each class keeps its
    proportion in every part (to within a row or two per class): the rows are
    shuffled, grouped by class, and dealt out evenly.

    Parameters
    ----------
    X : array-like, shape (n, d)
        Inputs; float32 stays float32, anything else numeric becomes float64.
    y : array-like, shape (n,)
        Integer class labels, or (only with ``stratify=False``) float targets of
        shape (n,) or (n, k).
    valid, test : float in [0, 1), with valid + test < 1
        Fractions of the rows for the validation and test sets.
    seed : int or np.random.Generator
    stratify : bool
        Keep class proportions of ``y`` in each part.

    Returns
    -------
    X_tr, y_tr, X_va, y_va, X_te, y_te : ndarrays
        Copies; the ``X_*`` of shape (n_*, d), the ``y_*`` of shape (n_*,) (or
        (n_*, k)); the three index sets are disjoint and cover all n rows.
    """
    dtype = np.float32 if getattr(X, "dtype", None) == np.float32 else np.float64
    X = as_float_array(X, "X", ndim=2, dtype=dtype)
    n = X.shape[0]
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify: expected True or False, got {type(stratify).__name__} {stratify!r}")
    y_dtype = getattr(y, "dtype", None)
    if not stratify and y_dtype is not None and y_dtype.kind == "f":  # regression targets
        y = as_float_array(y, "y", ndim=2 if np.ndim(y) == 2 else 1)
        if y.shape[0] != n:
            raise ValueError(f"y: expected {n} rows (one per row of X), got {y.shape[0]}")
    else:
        y = as_labels(y, "y", n=n)
    valid = check_real(valid, "valid", low=0, high=1, high_open=True)
    test = check_real(test, "test", low=0, high=1, high_open=True)
    if valid + test >= 1:
        raise ValueError(f"valid + test: expected a sum < 1 so that rows are left for "
                         f"training, got {valid} + {test} = {valid + test}")
    rng = check_seed(seed)
    n_va, n_te = int(round(valid * n)), int(round(test * n))
    if n_va + n_te >= n:
        raise ValueError(f"valid, test: with n={n} rows, valid={valid} and test={test} give "
                         f"{n_va} + {n_te} held-out rows and none for training; use smaller "
                         f"fractions or more rows")

    order = rng.permutation(n)
    if stratify:
        order = order[np.argsort(y[order], kind="stable")]  # shuffled within each class
        order = _deal(order, n_te, n_va, rng)
    te, va, tr = order[:n_te], order[n_te:n_te + n_va], order[n_te + n_va:]
    return X[tr], y[tr], X[va], y[va], X[te], y[te]


def _deal(order, n_te, n_va, rng):
    """Reorder ``order`` as (test, valid, train), picking evenly spaced positions.

    Bresenham-style: position i goes to a part when ``floor((i * k + p) / m)`` steps
    up, which selects exactly k of m positions, spread evenly, so each contiguous
    class block contributes its share. Each part is then shuffled.
    """
    def pick(m, k):
        i = np.arange(m, dtype=np.int64)
        p = int(rng.integers(m))
        return ((i + 1) * k + p) // m - (i * k + p) // m == 1

    is_te = pick(len(order), n_te)
    rest = order[~is_te]
    is_va = pick(len(rest), n_va)
    parts = [order[is_te], rest[is_va], rest[~is_va]]
    return np.concatenate([rng.permutation(part) for part in parts])
