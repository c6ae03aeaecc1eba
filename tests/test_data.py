"""Tests of mlpkit.data: generators, bundled/generated sets, IDX reading, splits."""

import gzip
import hashlib
import random
import socket

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlpkit import data as D

TOYS = {
    "moons": (D.moons, 2),
    "circles": (D.circles, 2),
    "spirals": (D.spirals, 3),
    "xor": (D.xor, 2),
}


# ----------------------------------------------------------------------------------
# helpers and fixtures
# ----------------------------------------------------------------------------------


@pytest.fixture
def global_state_unchanged():
    """Seed the global generators, then check that the test left them untouched."""
    random.seed(1234)
    np.random.seed(1234)
    py_state, np_state = random.getstate(), np.random.get_state()
    yield
    assert random.getstate() == py_state, "global `random` state changed"
    after = np.random.get_state()
    assert after[0] == np_state[0] and np.array_equal(after[1], np_state[1])
    assert after[2:] == np_state[2:], "global `np.random` state changed"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


_CODES = {
    np.dtype(np.uint8): 0x08,
    np.dtype(np.int8): 0x09,
    np.dtype(np.int16): 0x0B,
    np.dtype(np.int32): 0x0C,
    np.dtype(np.float32): 0x0D,
    np.dtype(np.float64): 0x0E,
}


def idx_bytes(arr):
    """Serialise ``arr`` in the IDX format (big-endian), as the MNIST files are."""
    arr = np.asarray(arr)
    header = bytes([0, 0, _CODES[arr.dtype], arr.ndim]) + np.array(arr.shape, ">u4").tobytes()
    return header + arr.astype(arr.dtype.newbyteorder(">")).tobytes()


def write(path, payload, gz=False):
    path.write_bytes(gzip.compress(payload) if gz else payload)
    return path


def small_mnist(directory, kind="train", n=6, rows=3, cols=4, gz=False, n_labels=None, seed=0):
    """Write a tiny MNIST-like pair of IDX files; return the arrays written."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, rows, cols), dtype=np.uint8)
    images[0, 0, 0], images[0, 0, 1] = 0, 255
    labels = rng.integers(0, 10, size=n if n_labels is None else n_labels).astype(np.uint8)
    stem = "train" if kind == "train" else "t10k"
    ext = ".gz" if gz else ""
    write(directory / f"{stem}-images-idx3-ubyte{ext}", idx_bytes(images), gz)
    write(directory / f"{stem}-labels-idx1-ubyte{ext}", idx_bytes(labels), gz)
    return images, labels


# ----------------------------------------------------------------------------------
# toy 2-D generators
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TOYS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_toy_shapes_dtypes_labels(name, n, global_state_unchanged):
    fn, n_classes = TOYS[name]
    n = max(n, n_classes)
    X, y = fn(n=n)
    assert X.shape == (n, 2) and X.dtype == np.float64 and X.flags.c_contiguous
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))
    assert y.min() >= 0 and y.max() < n_classes
    if n >= 200:
        assert set(np.unique(y)) == set(range(n_classes))


@pytest.mark.parametrize("name", TOYS)
def test_toy_seeding(name):
    fn, _ = TOYS[name]
    X1, y1 = fn(seed=3)
    X2, y2 = fn(seed=3)
    X3, y3 = fn(seed=4)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, y4 = fn(seed=np.random.default_rng(3))
    assert np.array_equal(X1, X4) and np.array_equal(y1, y4)


def test_circles_geometry():
    X, y = D.circles(n=101, noise=0.0, factor=0.3)
    r = np.linalg.norm(X, axis=1)
    assert np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.3)
    assert np.sum(y == 0) == 51


def test_moons_geometry():
    X, y = D.moons(n=100, noise=0.0)
    assert np.allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    assert np.allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)


def test_spirals_classes_and_disc():
    X, y = D.spirals(n=301, n_classes=5, noise=0.5)
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)
    assert sorted(np.bincount(y)) == [60, 60, 60, 60, 61]


def test_xor_labels_follow_signs_without_noise():
    X, y = D.xor(n=500, noise=0.0)
    assert np.array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(np.int64))
    assert np.all(np.abs(X) <= 1.0)
    assert 0.4 < y.mean() < 0.6


# ----------------------------------------------------------------------------------
# digits and MNIST-1D
# ----------------------------------------------------------------------------------


def test_digits(global_state_unchanged):
    X, y = D.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.allclose(X * 16, np.round(X * 16))  # 0..16 intensities divided by 16
    assert set(np.unique(y)) == set(range(10))
    X32, y32 = D.digits(dtype=np.float32)
    assert X32.dtype == np.float32 and np.allclose(X32, X) and np.array_equal(y32, y)


def test_mnist1d_fresh_generation_is_local_and_restores_global_state(no_network, global_state_unchanged):
    D._mnist1d_arrays.cache_clear()
    ds = D.mnist1d(seed=0)
    assert isinstance(ds, D.MNIST1D)
    X_tr, y_tr, X_te, y_te = ds
    assert X_tr.shape == (4000, 40) and X_te.shape == (1000, 40)
    assert X_tr.dtype == X_te.dtype == np.float64
    assert y_tr.shape == (4000,) and y_te.shape == (1000,)
    assert y_tr.dtype == y_te.dtype == np.int64
    assert set(np.unique(y_tr)) == set(range(10)) and y_te.min() >= 0 and y_te.max() <= 9
    X_all = np.concatenate([X_tr, X_te])
    assert abs(X_all.mean()) < 1e-8 and abs(X_all.std() - 1) < 1e-8  # standardised


def test_mnist1d_cache_returns_copies_and_seeds_differ(global_state_unchanged):
    a = D.mnist1d(seed=0)
    a.X_train[:] = 0.0
    a.y_train[:] = 0
    b = D.mnist1d(seed=0)
    assert b.X_train.std() > 0.5 and len(np.unique(b.y_train)) == 10
    assert b.X_train.flags.writeable
    c = D.mnist1d(seed=1)
    assert not np.array_equal(b.X_train, c.X_train)
    f32 = D.mnist1d(seed=0, dtype=np.float32)
    assert f32.X_train.dtype == np.float32 and np.allclose(f32.X_train, b.X_train, atol=1e-6)


def test_mnist1d_same_seed_regenerates_identically():
    first = D.mnist1d(seed=1)
    D._mnist1d_arrays.cache_clear()
    again = D.mnist1d(seed=1)
    for u, v in zip(first, again):
        assert np.array_equal(u, v)


# ----------------------------------------------------------------------------------
# IDX files and MNIST
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", list(_CODES))
@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_round_trip(tmp_path, dtype, gz):
    arr = (np.arange(24).reshape(2, 3, 4) - 7).astype(dtype)
    if dtype == np.uint8:
        arr = np.arange(24, dtype=np.uint8).reshape(2, 3, 4) * 10
    f = write(tmp_path / ("a.idx.gz" if gz else "a.idx"), idx_bytes(arr), gz)
    out = D.read_idx(str(f))
    assert out.shape == arr.shape and out.dtype == dtype and out.dtype.isnative
    assert np.array_equal(out, arr) and out.flags.writeable


def test_read_idx_1d(tmp_path):
    f = write(tmp_path / "labels", idx_bytes(np.array([3, 1, 4], dtype=np.uint8)))
    assert np.array_equal(D.read_idx(f), [3, 1, 4])


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_truncated_and_too_long(tmp_path, gz):
    payload = idx_bytes(np.zeros((5, 4, 4), np.uint8))
    f = write(tmp_path / "t", payload[:-3], gz)
    with pytest.raises(ValueError, match=r"file: .* truncated.*\(5, 4, 4\).*80 data bytes, got 77"):
        D.read_idx(f)
    f = write(tmp_path / "l", payload + b"\x00", gz)
    with pytest.raises(ValueError, match="longer than announced"):
        D.read_idx(f)
    f = write(tmp_path / "h", payload[:9], gz)  # header cut inside the dimensions
    with pytest.raises(ValueError, match="truncated"):
        D.read_idx(f)


@pytest.mark.parametrize(
    "head", [b"\x00\x01\x08\x01", b"\x00\x00\x0a\x01", b"\x00\x00\x08\x00", b"PK\x03\x04", b"", b"\x00\x00"]
)
def test_read_idx_wrong_magic(tmp_path, head):
    f = write(tmp_path / "bad", head + b"\x00\x00\x00\x01\x07")
    with pytest.raises(ValueError, match="file: .* not an IDX file: expected the magic number"):
        D.read_idx(f)


def test_read_idx_corrupt_gzip(tmp_path):
    f = write(tmp_path / "x.gz", gzip.compress(idx_bytes(np.zeros(50, np.uint8)))[:-10])
    with pytest.raises(ValueError, match="cannot be decompressed"):
        D.read_idx(f)


def test_read_idx_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"(?s)not found.*never downloads.*place them") as info:
        D.read_idx(tmp_path / "train-images-idx3-ubyte.gz")
    assert isinstance(info.value, FileNotFoundError)
    assert str(tmp_path) in str(info.value)
    with pytest.raises(TypeError, match="file: expected a str or os.PathLike"):
        D.read_idx(3)


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("kind", ["train", "test"])
def test_load_mnist_small_files(tmp_path, gz, kind, no_network, global_state_unchanged):
    images, labels = small_mnist(tmp_path, kind=kind, gz=gz)
    # verify=False: tiny .gz files under the standard names fail the published checksum
    X, y = D.load_mnist(tmp_path, kind=kind, verify=False)
    assert X.shape == (6, 12) and X.dtype == np.float64
    assert y.shape == (6,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.allclose(X * 255, images.reshape(6, -1)) and np.array_equal(y, labels)


def test_load_mnist_raw_files_verify_by_default(tmp_path):
    small_mnist(tmp_path)  # raw files are not in the published list: nothing to check
    X, y = D.load_mnist(str(tmp_path))
    assert X.shape == (6, 12)


def test_load_mnist_directories(tmp_path, monkeypatch, no_network):
    small_mnist(tmp_path)
    monkeypatch.setenv("MLPKIT_DATA", str(tmp_path))
    X1, _ = D.load_mnist()
    monkeypatch.delenv("MLPKIT_DATA")
    X2, _ = D.load_mnist(cache_dir=tmp_path)
    assert np.array_equal(X1, X2)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(ValueError, match=r"home/\.cache/mlpkit/mnist"):
        D.load_mnist()


def test_load_mnist_missing_files(tmp_path, no_network):
    with pytest.raises(ValueError, match=r"MNIST train file\(s\) not found") as info:
        D.load_mnist(tmp_path / "nowhere")
    msg = str(info.value)
    assert isinstance(info.value, FileNotFoundError)
    for needed in [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        str(tmp_path / "nowhere"),
        "never downloads",
        "place them",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "MLPKIT_DATA",
    ]:
        assert needed in msg
    small_mnist(tmp_path)  # train only: the test files are still missing
    (tmp_path / "train-images-idx3-ubyte").unlink()
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte\.gz \(or") as info:
        D.load_mnist(tmp_path)
    assert "train-labels" not in str(info.value).split("Download")[0]
    with pytest.raises(ValueError, match=r"MNIST test file\(s\) not found"):
        D.load_mnist(tmp_path, kind="test")


def test_load_mnist_count_mismatch(tmp_path):
    small_mnist(tmp_path, n=6, n_labels=5)
    with pytest.raises(ValueError, match="holds 6 images but .* holds 5 labels"):
        D.load_mnist(tmp_path)


def test_load_mnist_wrong_content(tmp_path):
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((2, 3), np.uint8)))
    write(tmp_path / "train-labels-idx1-ubyte", idx_bytes(np.zeros(2, np.uint8)))
    with pytest.raises(ValueError, match=r"expected uint8 images of shape \(n, rows, cols\)"):
        D.load_mnist(tmp_path)
    write(tmp_path / "train-images-idx3-ubyte", idx_bytes(np.zeros((2, 2, 2), np.float32)))
    with pytest.raises(ValueError, match="expected uint8 images"):
        D.load_mnist(tmp_path)


def test_load_mnist_published_checksum(tmp_path):
    small_mnist(tmp_path, gz=True)
    with pytest.raises(ValueError, match="verify: SHA-256 of .* expected 3552534a|verify: .*440fcabf"):
        D.load_mnist(tmp_path)
    with pytest.raises(ValueError, match="published MNIST checksum.*verify=False"):
        D.load_mnist(tmp_path, verify=True)
    assert D.load_mnist(tmp_path, verify=False)[0].shape == (6, 12)
    assert set(D.MNIST_SHA256) == {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    }
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in D.MNIST_SHA256.values())


def test_load_mnist_sha256sums_file(tmp_path):
    small_mnist(tmp_path)
    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]
    good = {n: hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in names}
    (tmp_path / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in good.items()))
    assert D.load_mnist(tmp_path)[0].shape == (6, 12)
    (tmp_path / "SHA256SUMS").write_text(f"{good[names[0]]}  {names[0]}\n{'0' * 64} *{names[1]}\n")
    with pytest.raises(
        ValueError, match=r"verify: SHA-256 of .*labels.* expected 0{64} \(from .*SHA256SUMS\)"
    ):
        D.load_mnist(tmp_path)
    assert D.load_mnist(tmp_path, verify=False)[1].shape == (6,)


# ----------------------------------------------------------------------------------
# random labels
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.0, 0.3, 1.0])
def test_random_labels_fraction(fraction, global_state_unchanged):
    y = np.arange(5000) % 10
    y_before = y.copy()
    out = D.random_labels(y, fraction=fraction, seed=1)
    assert out.dtype == np.int64 and out.shape == y.shape and out is not y
    assert np.array_equal(y, y_before)  # input untouched
    changed = np.mean(out != y)
    assert changed <= fraction + 1e-12
    assert abs(changed - fraction * 0.9) < 0.03
    assert np.array_equal(out, D.random_labels(y, fraction=fraction, seed=1))
    assert out.min() >= 0 and out.max() < 10
    if fraction == 1.0:  # random labels are uniform over the classes
        assert np.all(np.abs(np.bincount(out, minlength=10) / 5000 - 0.1) < 0.03)


def test_random_labels_n_classes_and_seed():
    y = np.zeros(2000, dtype=np.int64)
    out = D.random_labels(y, n_classes=4, seed=0)
    assert set(np.unique(out)) == {0, 1, 2, 3}
    assert not np.array_equal(out, D.random_labels(y, n_classes=4, seed=1))
    assert np.array_equal(D.random_labels([0, 1, 1], fraction=0.0), [0, 1, 1])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), fraction=st.floats(0, 1), n_classes=st.integers(2, 12))
def test_random_labels_property(n, fraction, n_classes):
    y = np.arange(n) % n_classes
    out = D.random_labels(y, n_classes=n_classes, fraction=fraction, seed=n)
    assert np.count_nonzero(out != y) <= round(fraction * n)
    assert out.min() >= 0 and out.max() < n_classes


# ----------------------------------------------------------------------------------
# train / valid / test split
# ----------------------------------------------------------------------------------

fractions = st.tuples(st.floats(0, 0.95), st.floats(0, 0.95)).filter(lambda vt: vt[0] + vt[1] < 0.97)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(n=st.integers(3, 300), vt=fractions, seed=st.integers(0, 1000), stratify=st.booleans())
def test_split_sizes_disjoint_cover(n, vt, seed, stratify):
    valid, test = vt
    n_va, n_te = round(valid * n), round(test * n)
    X = np.arange(n, dtype=np.float64)[:, None] * [1.0, -1.0]
    y = np.arange(n) % 3
    if n_va + n_te >= n:
        with pytest.raises(ValueError, match="valid, test: with n="):
            D.train_valid_test_split(X, y, valid=valid, test=test, seed=seed, stratify=stratify)
        return
    parts = D.train_valid_test_split(X, y, valid=valid, test=test, seed=seed, stratify=stratify)
    X_tr, y_tr, X_va, y_va, X_te, y_te = parts
    assert [len(p) for p in parts] == [n - n_va - n_te] * 2 + [n_va] * 2 + [n_te] * 2
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0], X_te[:, 0]]).astype(int)
    assert np.array_equal(np.sort(ids), np.arange(n))  # disjoint and covering
    for Xp, yp in [(X_tr, y_tr), (X_va, y_va), (X_te, y_te)]:
        assert Xp.shape[1] == 2 and np.array_equal(yp, Xp[:, 0].astype(int) % 3)
    again = D.train_valid_test_split(X, y, valid=valid, test=test, seed=seed, stratify=stratify)
    assert all(np.array_equal(a, b) for a, b in zip(parts, again))


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(1, 80), min_size=2, max_size=5),
    valid=st.floats(0, 0.4),
    test=st.floats(0, 0.4),
    seed=st.integers(0, 100),
)
def test_split_stratified_keeps_proportions(counts, valid, test, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    y = np.random.default_rng(seed).permutation(y)
    n = len(y)
    assume(round(valid * n) + round(test * n) < n)  # else it rightly refuses: no training rows
    X = np.arange(n, dtype=np.float64)[:, None]
    _, y_tr, _, y_va, _, y_te = D.train_valid_test_split(X, y, valid, test, seed=seed, stratify=True)
    c = np.array(counts)
    for part, slack in [(y_te, 1), (y_va, 2), (y_tr, 3)]:
        got = np.bincount(part, minlength=len(counts))
        want = c * len(part) / n
        assert np.all(np.abs(got - want) <= slack + 1e-9), (got, want)


def test_split_stratified_beats_chance_on_rare_class():
    y = np.array([1] * 10 + [0] * 990)
    X = np.zeros((1000, 1))
    for seed in range(5):
        _, y_tr, _, y_va, _, y_te = D.train_valid_test_split(X, y, 0.1, 0.2, seed=seed, stratify=True)
        assert [y_tr.sum(), y_va.sum(), y_te.sum()] == [7, 1, 2]


def test_split_dtypes_and_targets(global_state_unchanged):
    X = np.ones((20, 3), dtype=np.float32)
    X_tr, y_tr, *_ = D.train_valid_test_split(X, np.arange(20) % 2)
    assert X_tr.dtype == np.float32 and y_tr.dtype == np.int64
    X_tr, y_tr, *_ = D.train_valid_test_split(X.tolist(), np.linspace(0, 1, 20))
    assert X_tr.dtype == np.float64 and y_tr.dtype == np.float64
    X_tr, y_tr, *_ = D.train_valid_test_split(X, np.ones((20, 2)), valid=0.0, test=0.5)
    assert X_tr.shape == (10, 3) and y_tr.shape == (10, 2)


# ----------------------------------------------------------------------------------
# argument checking: every public function names the bad argument
# ----------------------------------------------------------------------------------

X10, y10 = np.zeros((10, 2)), np.arange(10) % 2

BAD = [
    (D.moons, dict(n=1), ValueError, r"n: expected an integer in \[2, inf\], got 1"),
    (D.moons, dict(n=2.5), TypeError, "n: expected an integer"),
    (D.moons, dict(noise=-0.1), ValueError, r"noise: expected a value in \[0"),
    (D.moons, dict(noise="a"), TypeError, "noise: expected a real number"),
    (D.moons, dict(seed=-1), ValueError, "seed: expected a non-negative int"),
    (D.circles, dict(factor=1.0), ValueError, r"factor: expected a value in \(0, 1\), got 1.0"),
    (D.circles, dict(factor=0), ValueError, "factor"),
    (D.circles, dict(noise=float("nan")), ValueError, "noise: expected a finite number"),
    (D.circles, dict(n=True), TypeError, "n: expected an integer"),
    (D.spirals, dict(n_classes=1), ValueError, "n_classes: expected an integer in"),
    (D.spirals, dict(n=2, n_classes=3), ValueError, r"n: expected an integer in \[3, inf\], got 2"),
    (D.spirals, dict(seed="0"), TypeError, "seed"),
    (D.xor, dict(n=0), ValueError, "n: "),
    (D.xor, dict(noise=None), TypeError, "noise"),
    (D.digits, dict(dtype=np.int32), TypeError, "dtype: expected np.float32 or np.float64"),
    (D.mnist1d, dict(seed=-1), ValueError, "seed: expected an integer in"),
    (D.mnist1d, dict(seed=1.0), TypeError, "seed: expected an integer"),
    (D.mnist1d, dict(seed=np.random.default_rng(0)), TypeError, "seed: expected a non-negative int"),
    (D.mnist1d, dict(dtype="int8"), TypeError, "dtype"),
    (D.read_idx, dict(file=None), TypeError, "file: expected a str or os.PathLike"),
    (D.load_mnist, dict(path=5), TypeError, "path: expected a str or os.PathLike"),
    (D.load_mnist, dict(cache_dir=[1]), TypeError, "cache_dir: expected a str"),
    (D.load_mnist, dict(path=".", kind="valid"), ValueError, "kind: expected 'train' or 'test', got 'valid'"),
    (D.load_mnist, dict(path=".", verify="yes"), TypeError, "verify: expected True or False"),
    (D.load_mnist, dict(path=__file__), ValueError, "path: expected a directory"),
    (D.random_labels, dict(y=[0.5, 1.0]), TypeError, "y: expected integer class labels"),
    (D.random_labels, dict(y=[[0, 1]]), ValueError, "y: expected a 1-D array"),
    (D.random_labels, dict(y=[-1, 2]), ValueError, r"y: expected labels in \[0, C\)"),
    (D.random_labels, dict(y=[0, 5], n_classes=3), ValueError, r"y: expected labels in \[0, 3\)"),
    (D.random_labels, dict(y=[0, 1], n_classes=0), ValueError, "n_classes"),
    (D.random_labels, dict(y=[0, 1], fraction=1.5), ValueError, r"fraction: expected a value in \[0, 1\]"),
    (D.random_labels, dict(y=[0, 1], seed=2.0), TypeError, "seed"),
    (D.train_valid_test_split, dict(X=X10, y=y10[:9]), ValueError, "y: expected 10 labels"),
    (D.train_valid_test_split, dict(X=X10, y=np.ones(9)), ValueError, "y: expected 10 rows"),
    (D.train_valid_test_split, dict(X=X10[:, 0], y=y10), ValueError, "X: expected a 2-D array"),
    (D.train_valid_test_split, dict(X=X10 * np.nan, y=y10), ValueError, "X: expected finite"),
    (
        D.train_valid_test_split,
        dict(X=X10, y=y10, valid=1.0),
        ValueError,
        r"valid: expected a value in \[0, 1\)",
    ),
    (D.train_valid_test_split, dict(X=X10, y=y10, test=-0.1), ValueError, "test: expected a value in"),
    (
        D.train_valid_test_split,
        dict(X=X10, y=y10, valid=0.5, test=0.5),
        ValueError,
        r"valid \+ test: expected a sum < 1",
    ),
    (
        D.train_valid_test_split,
        dict(X=X10, y=y10, stratify="yes"),
        TypeError,
        "stratify: expected True or False",
    ),
    (
        D.train_valid_test_split,
        dict(X=X10, y=y10 * 0.5, stratify=True),
        TypeError,
        "y: expected integer class labels",
    ),
    (
        D.train_valid_test_split,
        dict(X=X10[:2], y=y10[:2], valid=0.3, test=0.4),
        ValueError,
        "valid, test: with n=2",
    ),
]


@pytest.mark.parametrize(
    "fn, kwargs, exc, match",
    BAD,
    ids=[f"{fn.__name__}-{'-'.join(k)}-{i}" for i, (fn, k, _, _) in enumerate(BAD)],
)
def test_bad_arguments(fn, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(**kwargs)
