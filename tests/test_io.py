"""Tests of mlpkit.io: exact save/load round trips, and refusal of pickled or malformed files."""

import json
import os
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MLP, Linear, Module, ReLU, Sequential, Sigmoid, Tanh, flat_params, load, save
from mlpkit.io import FORMAT


@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    activation=st.sampled_from(["tanh", "sigmoid", "relu", "identity"]),
    dtype=st.sampled_from([np.float32, np.float64]),
    seed=st.integers(0, 1000),
)
def test_mlp_round_trip_is_exact(tmp_path_factory, sizes, activation, dtype, seed):
    path = tmp_path_factory.mktemp("io") / "net.npz"
    net = MLP(sizes, activation=activation, seed=seed, dtype=dtype)
    for p in net.parameters():  # arbitrary values, including biases and denormals
        p.value[...] = np.random.default_rng(seed).standard_normal(p.shape) * 1e3
    net.parameters()[0].value.flat[0] = np.finfo(dtype).tiny / 4
    assert save(net, path) == str(path)
    back = load(path)
    assert type(back) is MLP and back.sizes == net.sizes and back.activation == net.activation
    assert back.dtype == dtype
    for p, q in zip(net.parameters(), back.parameters()):
        assert p.name == q.name and p.value.dtype == q.value.dtype
        assert np.array_equal(p.value, q.value)  # bit for bit
    X = np.random.default_rng(1).standard_normal((4, sizes[0]))
    np.testing.assert_array_equal(back.forward(X.astype(dtype)), net.forward(X.astype(dtype)))


def test_sequential_round_trip_and_suffix(tmp_path):
    seq = Sequential(Linear(3, 4, seed=1), ReLU(), Linear(4, 4, seed=2), Sigmoid(), Linear(4, 2, seed=3))
    written = save(seq, tmp_path / "model")  # .npz added
    assert written.endswith("model.npz") and os.path.exists(written)
    back = load(written)
    assert [type(m) for m in back.layers] == [type(m) for m in seq.layers]
    np.testing.assert_array_equal(flat_params(back), flat_params(seq))
    assert [p.name for p in back.parameters()] == ["W1", "b1", "W2", "b2", "W3", "b3"]


def test_load_into_an_existing_network(tmp_path):
    a, b = MLP([3, 4, 2], seed=0), MLP([3, 4, 2], seed=1)
    save(a, tmp_path / "a.npz")
    out = load(tmp_path / "a.npz", expect=b)
    assert out is b
    np.testing.assert_array_equal(flat_params(b), flat_params(a))
    with pytest.raises(ValueError, match=r"parameter W1 has shape \(4, 3\), expected \(5, 3\)"):
        load(tmp_path / "a.npz", expect=MLP([3, 5, 2]))
    with pytest.raises(ValueError, match="parameter W1 has dtype float64, expected float32"):
        load(tmp_path / "a.npz", expect=MLP([3, 4, 2], dtype=np.float32))
    with pytest.raises(ValueError, match="holds 4 parameters, the network has 6"):
        load(tmp_path / "a.npz", expect=MLP([3, 4, 4, 2]))


def test_save_is_atomic_and_overwrites(tmp_path):
    net = MLP([2, 2], seed=0)
    save(net, tmp_path / "m.npz")
    net2 = MLP([2, 2], seed=5)
    save(net2, tmp_path / "m.npz")
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]  # no temporary files left over
    np.testing.assert_array_equal(flat_params(load(tmp_path / "m.npz")), flat_params(net2))


def test_save_refuses_what_it_can_not_describe(tmp_path):
    with pytest.raises(TypeError, match="net: expected an MLP or a Sequential, got Linear"):
        save(Linear(2, 2), tmp_path / "x.npz")
    assert os.listdir(tmp_path) == []


def test_every_module_subclass_is_loadable(tmp_path):
    class Scale(Module):
        def __init__(self, factor=2.0):
            self.factor = factor

        def forward(self, x):
            return self.factor * x

        def config(self):
            return {"factor": self.factor}

    seq = Sequential(Linear(2, 2), Scale(3.0))
    back = load(save(seq, tmp_path / "s"))
    assert isinstance(back[1], Scale) and back[1].factor == 3.0


def _write_npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return path


def test_load_refuses_pickled_objects(tmp_path):
    net = MLP([2, 2], seed=0)
    good = tmp_path / "good.npz"
    save(net, good)
    with np.load(good) as d:
        arrays = {k: d[k] for k in d.files}
    arrays["param_0"] = np.array([{"evil": "code"}, None], dtype=object)  # stored with pickle
    bad = _write_npz(tmp_path / "pickled.npz", **arrays)
    with pytest.raises(ValueError, match="refused to load.*plain arrays only"):
        load(bad)
    # a plain pickle file under an .npz name
    import pickle

    with open(tmp_path / "p.npz", "wb") as f:
        pickle.dump(net, f)
    with pytest.raises(ValueError, match="refused to load"):
        load(tmp_path / "p.npz")


def test_load_refuses_malformed_files(tmp_path):
    net = MLP([2, 3, 2], seed=0)
    good = save(net, tmp_path / "good.npz")
    with np.load(good) as d:
        arrays = {k: d[k] for k in d.files}
    spec = json.loads(str(arrays["spec"]))

    def variant(name, **changes):
        a = dict(arrays)
        for k, v in changes.items():
            if v is None:
                a.pop(k)
            else:
                a[k] = v
        return _write_npz(tmp_path / name, **a)

    cases = [
        (variant("nospec.npz", spec=None), "no 'spec' entry"),
        (variant("badjson.npz", spec=np.array("{not json")), "malformed model description"),
        (
            variant("format.npz", spec=np.array(json.dumps({**spec, "format": "other-9"}))),
            "expected format 'mlpkit-npz-1', got 'other-9'",
        ),
        (variant("list.npz", spec=np.array(json.dumps([1, 2]))), "expected format"),
        (
            variant("type.npz", spec=np.array(json.dumps({**spec, "type": "Transformer"}))),
            "unknown network type 'Transformer'",
        ),
        (
            variant("cfg.npz", spec=np.array(json.dumps({**spec, "config": {}}))),
            "malformed model description",
        ),
        (variant("missing.npz", param_2=None), "parameter param_2 (W2) is missing"),
        (variant("shape.npz", param_0=np.zeros((2, 3))), r"parameter W1 has shape (2, 3), expected (3, 2)"),
        (
            variant("dtype.npz", param_1=np.zeros(3, dtype=np.float32)),
            "parameter b1 has dtype float32, expected float64",
        ),
        (variant("nan.npz", param_3=np.array([np.nan, 0.0])), "parameter b2 holds NaN or infinite values"),
        (
            variant("count.npz", spec=np.array(json.dumps({**spec, "params": spec["params"][:2]}))),
            "holds 2 parameters, the network has 4",
        ),
    ]
    seq_spec = {
        "format": FORMAT,
        "type": "Sequential",
        "layers": [{"type": "Softplus", "config": {}}],
        "params": [],
    }
    cases.append((variant("layer.npz", spec=np.array(json.dumps(seq_spec))), "unknown layer type 'Softplus'"))
    seq_spec = {
        "format": FORMAT,
        "type": "Sequential",
        "layers": [{"type": "Linear", "config": {"width": 3}}],
        "params": [],
    }
    cases.append((variant("lcfg.npz", spec=np.array(json.dumps(seq_spec))), "malformed model description"))
    for path, words in cases:
        with pytest.raises(ValueError) as info:
            load(path)
        assert words in str(info.value), (path, str(info.value))
        assert str(path) in str(info.value)

    # truncated and empty files
    raw = open(good, "rb").read()
    (tmp_path / "trunc.npz").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError, match="not a readable .npz model file"):
        load(tmp_path / "trunc.npz")
    (tmp_path / "empty.npz").write_bytes(b"")
    with pytest.raises(ValueError):
        load(tmp_path / "empty.npz")
    with pytest.raises(FileNotFoundError, match="path: no model file at"):
        load(tmp_path / "nothere.npz")
    # a failed load into a network leaves it untouched
    target = MLP([2, 3, 2], seed=9)
    before = flat_params(target)
    with pytest.raises(ValueError):
        load(tmp_path / "nan.npz", expect=target)
    np.testing.assert_array_equal(flat_params(target), before)
    assert zipfile.is_zipfile(good)


def test_tanh_module_round_trips(tmp_path):
    seq = Sequential(Linear(2, 2), Tanh())
    back = load(save(seq, tmp_path / "t"))
    assert [type(m) for m in back.layers] == [Linear, Tanh]


def test_failed_save_leaves_no_temporary_file(tmp_path):
    (tmp_path / "taken.npz").mkdir()  # the target is a folder: the final rename fails
    with pytest.raises(OSError):
        save(MLP([2, 2], seed=0), tmp_path / "taken.npz")
    assert sorted(os.listdir(tmp_path)) == ["taken.npz"]


def test_save_refuses_a_layer_whose_class_name_was_taken_by_another(tmp_path):
    def make():
        class Doubler(Module):
            def forward(self, x):
                return 2 * x

        return Doubler

    first = make()
    layer = first()
    make()  # a second class of the same name replaces the first in the registry
    with pytest.raises(TypeError, match=r"net.layers\[1\]: another class named Doubler"):
        save(Sequential(Linear(2, 2), layer), tmp_path / "x.npz")
