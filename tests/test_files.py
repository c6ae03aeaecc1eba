"""Untrusted and interrupted model files: `mlpkit.save` / `mlpkit.load`.

- every layer type round-trips bit-exactly (parameters and outputs), in float32 and float64;
- a file holding pickled objects (in an .npz entry, or a raw pickle under an .npz name)
  is refused with ValueError and the pickle is never run: its payload would create a
  marker file, and the marker never appears;
- truncated files (at many lengths), a file of another architecture (``expect=``), a wrong
  dtype and non-finite parameters raise a clear ValueError and leave ``expect`` untouched;
- saves are atomic: an interruption inside ``np.savez`` or at ``os.replace`` leaves the
  previous model file byte-for-byte intact and no temporary file behind.

tests/test_io.py covers the format's field-by-field checks; this file covers the faults.
"""

import os
import pickle

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.activations import ACTIVATIONS

DTYPES = [np.float64, np.float32]


def _conv_available():
    try:
        from mlpkit.conv import Conv1D  # noqa: F401
    except ImportError:
        return False
    return True


def _networks(dtype):
    """One network per layer type (name -> network)."""
    nets = {
        "MLP": mk.MLP([4, 6, 5, 3], activation="relu", seed=1, dtype=dtype),
        "Linear": mk.Sequential(mk.Linear(4, 3, seed=2, dtype=dtype)),
    }
    for name, cls in sorted(ACTIVATIONS.items()):
        act = cls(0.2) if cls is mk.LeakyReLU else cls()  # a non-default slope must survive too
        nets[f"Sequential+{name}"] = mk.Sequential(
            mk.Linear(4, 5, seed=3, dtype=dtype), act, mk.Linear(5, 3, seed=4, dtype=dtype)
        )
    if _conv_available():
        from mlpkit.conv import Conv1D

        for padding in ("valid", "same", "circular"):
            nets[f"Conv1D-{padding}"] = mk.Sequential(
                Conv1D(2, 3, 3, length=4, padding=padding, seed=5, dtype=dtype),
                mk.Tanh(),
                mk.Linear(3 * (2 if padding == "valid" else 4), 3, seed=6, dtype=dtype),
            )
    return nets


def _perturb(net):
    """Give biases non-zero values too, so the round trip is tested on every entry."""
    rng = np.random.default_rng(0)
    for p in net.parameters():
        p.value[...] = rng.normal(size=p.value.shape).astype(p.value.dtype)


def _bits(net):
    return [(p.name, p.value.dtype.str, p.value.shape, p.value.tobytes()) for p in net.parameters()]


@pytest.mark.parametrize("dtype", DTYPES, ids=["float64", "float32"])
def test_every_layer_type_round_trips_bit_exactly(tmp_path, dtype):
    X = np.random.default_rng(1).normal(size=(7, 8)).astype(dtype)
    for name, net in _networks(dtype).items():
        _perturb(net)
        path = mk.save(net, tmp_path / name)
        back = mk.load(path)
        assert type(back) is type(net), name
        assert [type(m) for m in back.layers] == [type(m) for m in net.layers], name
        assert [m.config() for m in back.layers] == [m.config() for m in net.layers], name
        assert _bits(back) == _bits(net), name
        n_in = net.n_inputs
        out, out_back = net.forward(X[:, :n_in]), back.forward(X[:, :n_in])
        assert out_back.dtype == dtype and out.tobytes() == out_back.tobytes(), name
        # loading into an existing network of the same architecture is exact too
        twin = mk.load(path)
        for p in twin.parameters():
            p.value[...] = 0
        assert _bits(mk.load(path, expect=twin)) == _bits(net), name


# ---------------------------------------------------------------- pickles never run


class _Payload:
    """Unpickling this object calls open(marker, "w"): it creates the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _good_arrays(tmp_path):
    net = mk.MLP([2, 3, 2], seed=0)
    good = mk.save(net, tmp_path / "good.npz")
    with np.load(good) as data:
        return {key: data[key] for key in data.files}


def test_the_payload_really_runs_code_when_unpickled(tmp_path):
    # the control experiment: without allow_pickle=False the marker would appear
    marker = tmp_path / "control"
    pickle.loads(pickle.dumps(_Payload(marker))).close()
    assert marker.exists()


@pytest.mark.parametrize("where", ["param_0", "spec", "extra"])
def test_npz_with_a_pickled_object_array_is_refused_and_never_run(tmp_path, where):
    marker = tmp_path / "pwned"
    arrays = _good_arrays(tmp_path)
    arrays[where] = np.array([_Payload(marker), 1], dtype=object)  # np.savez pickles object arrays
    path = tmp_path / "evil.npz"
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    target = mk.MLP([2, 3, 2], seed=5)
    before = mk.flat_params(target)
    for expect in (None, target):
        with pytest.raises(ValueError) as info:
            mk.load(path, expect=expect)
        assert str(path) in str(info.value)
        assert "pickle" in str(info.value) or "plain arrays" in str(info.value)
    assert not marker.exists(), "loading ran the pickle's code"
    assert np.array_equal(mk.flat_params(target), before)


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_raw_pickle_file_is_refused_and_never_run(tmp_path, protocol):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.npz"
    with open(path, "wb") as f:
        pickle.dump({"net": _Payload(marker)}, f, protocol=protocol)
    with pytest.raises(ValueError, match="refused to load"):
        mk.load(path)
    assert not marker.exists(), "loading ran the pickle's code"


# ---------------------------------------------------------------- truncated, foreign, wrong dtype, non-finite


def test_truncated_files_at_many_lengths_raise_value_error(tmp_path):
    net = mk.MLP([3, 4, 2], seed=0)
    raw = open(mk.save(net, tmp_path / "good.npz"), "rb").read()
    lengths = sorted(
        {0, 1, 4, 30, 64, len(raw) // 3, len(raw) // 2, len(raw) - 22, len(raw) - 1}
        | set(range(0, len(raw), max(1, len(raw) // 40)))
    )
    target = mk.MLP([3, 4, 2], seed=7)
    before = mk.flat_params(target)
    for n in lengths:
        path = tmp_path / f"cut{n}.npz"
        path.write_bytes(raw[:n])
        with pytest.raises(ValueError) as info:
            mk.load(path, expect=target)
        assert str(path) in str(info.value), n
        assert np.array_equal(mk.flat_params(target), before), n


def test_a_file_of_another_architecture_is_refused(tmp_path):
    path = mk.save(mk.MLP([4, 8, 3], seed=0), tmp_path / "a.npz")
    cases = [
        (mk.MLP([4, 9, 3], seed=0), "shape"),  # another width
        (mk.MLP([4, 8, 8, 3], seed=0), "parameters"),  # another depth
        (mk.MLP([5, 8, 3], seed=0), "shape"),  # another input size
        (mk.Sequential(mk.Linear(4, 3)), "parameters"),  # a single layer
    ]
    for other, word in cases:
        before = mk.flat_params(other)
        with pytest.raises(ValueError) as info:
            mk.load(path, expect=other)
        msg = str(info.value)
        assert word in msg and str(path) in msg, msg
        assert np.array_equal(mk.flat_params(other), before), "a refused load changed the network"


def test_a_wrong_dtype_is_refused(tmp_path):
    path = mk.save(mk.MLP([3, 4, 2], seed=0, dtype=np.float32), tmp_path / "f32.npz")
    with pytest.raises(ValueError, match="dtype float32, expected float64"):
        mk.load(path, expect=mk.MLP([3, 4, 2], seed=0, dtype=np.float64))
    # a file whose description says float64 but whose arrays are integers
    arrays = _good_arrays(tmp_path)
    arrays["param_0"] = np.ones(arrays["param_0"].shape, dtype=np.int64)
    bad = tmp_path / "int.npz"
    with open(bad, "wb") as f:
        np.savez(f, **arrays)
    with pytest.raises(ValueError, match="dtype int64, expected float64"):
        mk.load(bad)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_a_non_finite_parameter_is_refused(tmp_path, value):
    net = mk.MLP([3, 4, 2], seed=0)
    net.linears[1].W[0, 0] = value  # saved as it is (a diverged run), refused when loaded
    path = mk.save(net, tmp_path / "nan.npz")
    with pytest.raises(ValueError, match="W2 holds NaN or infinite values"):
        mk.load(path)


# ---------------------------------------------------------------- atomic saves


def _folder_state(folder):
    return {name: (folder / name).read_bytes() for name in sorted(os.listdir(folder))}


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("fault", ["savez-midway", "savez-keyboard-interrupt", "fsync", "replace"])
def test_an_interrupted_save_keeps_the_previous_model_and_leaves_no_temporary_file(
    tmp_path, monkeypatch, fault
):
    old = mk.MLP([3, 5, 2], seed=0)
    path = mk.save(old, tmp_path / "model.npz")
    state = _folder_state(tmp_path)
    new = mk.MLP([3, 5, 2], seed=1)
    real_savez = np.savez

    if fault.startswith("savez"):
        exc = KeyboardInterrupt if "keyboard" in fault else Interrupted

        def broken_savez(file, **arrays):
            # write part of the archive, then die, as a crash or Ctrl-C would
            real_savez(file, **dict(list(arrays.items())[:1]))
            file.write(b"\x00" * 100)
            raise exc("interrupted inside np.savez")

        monkeypatch.setattr(np, "savez", broken_savez)
    elif fault == "fsync":

        def broken_fsync(fd):
            raise Interrupted("disk full")

        monkeypatch.setattr(os, "fsync", broken_fsync)
        exc = Interrupted
    else:

        def broken_replace(src, dst):
            raise Interrupted("interrupted before the rename")

        monkeypatch.setattr(os, "replace", broken_replace)
        exc = Interrupted

    with pytest.raises(exc):
        mk.save(new, path)
    monkeypatch.undo()
    assert _folder_state(tmp_path) == state, "the previous model changed or a temporary file was left"
    assert _bits(mk.load(path)) == _bits(old)
    # and the next save, uninterrupted, replaces it
    mk.save(new, path)
    assert _bits(mk.load(path)) == _bits(new)
    assert sorted(os.listdir(tmp_path)) == ["model.npz"]
