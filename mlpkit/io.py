"""Saving and loading networks as ``.npz`` files: plain arrays and a JSON description,
never pickle, so loading a file can not run code (``np.load(..., allow_pickle=False)``).

A save is atomic: the arrays go to a temporary file in the same folder, which is then
renamed over the target, so an interrupted save never leaves a half-written model.
"""

import json
import os
import tempfile
import zipfile

import numpy as np

from .layers import MLP, Sequential
from .module import MODULES

FORMAT = "mlpkit-npz-1"


def _describe(net):
    if isinstance(net, MLP):
        return {"type": "MLP", "config": net.config()}
    if isinstance(net, Sequential):
        layers = []
        for i, m in enumerate(net.layers):
            if MODULES.get(type(m).__name__) is not type(m):  # a later class took its name
                raise TypeError(
                    f"net.layers[{i}]: another class named {type(m).__name__} was defined after it, "
                    "so a saved file could not tell them apart; give the layer class a unique name"
                )
            layers.append({"type": type(m).__name__, "config": m.config()})
        return {"type": "Sequential", "layers": layers}
    raise TypeError(f"net: expected an MLP or a Sequential, got {type(net).__name__}")


def save(net, path):
    """Write ``net``'s architecture and parameters to ``path`` (``.npz`` added if missing).

    Returns the path written.
    """
    spec = _describe(net)
    params = net.parameters()
    spec["format"] = FORMAT
    spec["params"] = [
        {"name": p.name, "shape": list(p.value.shape), "dtype": p.value.dtype.name} for p in params
    ]
    path = os.fspath(path)
    if not path.endswith(".npz"):
        path += ".npz"
    folder = os.path.dirname(os.path.abspath(path))
    arrays = {f"param_{i}": p.value for i, p in enumerate(params)}
    arrays["spec"] = np.array(json.dumps(spec))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".mlpkit-", suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _build(spec, path):
    try:
        kind = spec["type"]
        if kind == "MLP":
            cfg = spec["config"]
            return MLP(cfg["sizes"], activation=cfg["activation"], dtype=np.dtype(cfg["dtype"]))
        if kind == "Sequential":
            layers = []
            for layer in spec["layers"]:
                if layer["type"] not in MODULES:
                    raise ValueError(
                        f"{path}: unknown layer type {layer['type']!r}; known: {sorted(MODULES)}"
                    )
                cfg = dict(layer["config"])
                if "dtype" in cfg:
                    cfg["dtype"] = np.dtype(cfg["dtype"])
                layers.append(MODULES[layer["type"]](**cfg))
            return Sequential(*layers)
    except (KeyError, TypeError) as err:
        raise ValueError(f"{path}: malformed model description ({err!r})") from None
    raise ValueError(f"{path}: unknown network type {spec.get('type')!r}")


def load(path, expect=None):
    """Rebuild a network saved by `save`.

    Parameters
    ----------
    path : str or path-like
    expect : Module, optional
        If given, the file must hold a network of the same architecture (same parameter
        names, shapes and dtypes); its values are copied into ``expect``, which is returned.

    Raises
    ------
    ValueError
        The file is not an mlpkit model, is truncated, holds pickled objects, or does not
        match ``expect`` (names the parameter and the shapes or dtypes that differ).
    FileNotFoundError
        There is no such file.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"path: no model file at {path!r}")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise ValueError(f"{path}: not a readable .npz model file (truncated or corrupt: {err})") from None
    except ValueError as err:
        raise ValueError(
            f"{path}: refused to load: {err} (mlpkit model files hold plain arrays only)"
        ) from None
    if not isinstance(arrays, dict) or "spec" not in arrays:
        raise ValueError(f"{path}: not an mlpkit model file (no 'spec' entry)")
    try:
        spec = json.loads(str(arrays["spec"]))
    except ValueError as err:
        raise ValueError(f"{path}: malformed model description ({err})") from None
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        found = spec.get("format") if isinstance(spec, dict) else spec
        raise ValueError(f"{path}: expected format {FORMAT!r}, got {found!r}")
    net = _build(spec, path) if expect is None else expect
    params = net.parameters()
    if len(params) != len(spec.get("params", [])):
        raise ValueError(
            f"{path}: holds {len(spec.get('params', []))} parameters, the network has {len(params)}"
        )
    for i, p in enumerate(params):
        key = f"param_{i}"
        if key not in arrays:
            raise ValueError(f"{path}: parameter {key} ({p.name}) is missing")
        value = arrays[key]
        if value.shape != p.value.shape:
            raise ValueError(f"{path}: parameter {p.name} has shape {value.shape}, expected {p.value.shape}")
        if value.dtype != p.value.dtype:
            raise ValueError(f"{path}: parameter {p.name} has dtype {value.dtype}, expected {p.value.dtype}")
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{path}: parameter {p.name} holds NaN or infinite values")
    for i, p in enumerate(params):
        p.value[...] = arrays[f"param_{i}"]
    return net
