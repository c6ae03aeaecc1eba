"""The real MNIST, read from IDX files that the user downloaded by hand (`read_idx`,
`load_mnist`), checked against the published SHA-256 sums. Nothing here downloads anything.
"""

import gzip
import hashlib
import os
from pathlib import Path

import numpy as np


class DataFileNotFoundError(FileNotFoundError, ValueError):
    """A data file is missing; the message says where to put it. Also a ValueError."""


#: IDX type codes (third byte of the magic number) -> big-endian numpy dtype.
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

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
    return (
        f"mlpkit never downloads. Download the four MNIST files by hand, e.g. from\n{urls}\n"
        f"(or the same names under {_MNIST_MIRROR_2} or http://yann.lecun.com/exdb/mnist/), "
        f"and place them, gzipped or not, in {directory}; or pass load_mnist(path=...) "
        f"with the directory holding them, or set the environment variable MLPKIT_DATA "
        f"to that directory."
    )


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
        raise DataFileNotFoundError(f"file: IDX file {path} not found. " + _download_help(path.parent))
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise ValueError(
                f"file: {path} looks gzipped but cannot be decompressed ({err}); download it again"
            ) from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_DTYPES or raw[3] == 0:
        got = raw[:4].hex() if raw else "an empty file"
        raise ValueError(
            f"file: {path} is not an IDX file: expected the magic number "
            f"00 00 <type code 08/09/0b/0c/0d/0e> <number of dims >= 1>, "
            f"got {got}"
        )
    dtype, ndim = _IDX_DTYPES[raw[2]], raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(
            f"file: {path} is truncated: its header announces {ndim} "
            f"dimensions ({header} header bytes) but the file has {len(raw)} bytes"
        )
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    got = len(raw) - header
    if got != expected:
        what = "truncated" if got < expected else "longer than announced"
        raise ValueError(
            f"file: {path} is {what}: dimensions {dims} of {dtype.name} need "
            f"{expected} data bytes, got {got}; download it again"
        )
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
            raise ValueError(
                f"verify: SHA-256 of {path} is {digest}, expected {want} "
                f"(from {source}). The file is corrupt or not the original; "
                f"download it again, or pass verify=False to skip the check."
            )


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
        raise ValueError(f"{where}: expected a directory holding the MNIST files, got the file {directory}")

    files, missing = [], []
    for base in _MNIST_FILES[kind]:
        found = next(
            (directory / name for name in (base + ".gz", base) if (directory / name).is_file()), None
        )
        if found is None:
            missing.append(f"{base}.gz (or {base})")
        files.append(found)
    if missing:
        raise DataFileNotFoundError(
            f"MNIST {kind} file(s) not found in {directory}: {', '.join(missing)}. "
            + _download_help(directory)
        )

    if verify:
        sums = _read_sha256sums(directory)
        for f in files:
            _verify(f, sums)
    images, labels = (read_idx(f) for f in files)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(
            f"{files[0].name}: expected uint8 images of shape (n, rows, cols), "
            f"got {images.dtype} of shape {images.shape}"
        )
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"{files[1].name}: expected integer labels of shape (n,), "
            f"got {labels.dtype} of shape {labels.shape}"
        )
    if len(images) != len(labels):
        raise ValueError(
            f"{files[0].name} holds {len(images)} images but {files[1].name} "
            f"holds {len(labels)} labels; expected the same count"
        )
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return X, labels.astype(np.int64)
