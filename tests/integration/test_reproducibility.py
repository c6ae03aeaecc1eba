"""Reproducibility: same seed, same bits; the number of BLAS threads changes nothing.

- `fit` run twice with the same seed gives bit-identical parameters and history;
- with 1 and with 2 BLAS threads (threadpoolctl in this process, and fresh processes
  started with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS) it gives bit-identical parameters;
- the notebooks: nbval already re-executes every notebook in CI against outputs stored
  from a separate execution. The cheap equivalent of "nbval twice in a row" here
  re-executes two representative fast chapters in a fresh kernel with 1 and 2 BLAS
  threads and compares every text output, after the sanitizer's rules
  (tests/nbval_sanitize.cfg), with the stored one.
"""

import configparser
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.data import digits

ROOT = Path(__file__).resolve().parents[2]

# Fresh processes, fresh kernels and repeated digits training runs: 35 s in all.
pytestmark = pytest.mark.slow


def _train(seed=0, threads=None):
    """A run big enough for OpenBLAS to split its matrix products across threads."""
    X, y = digits()
    net = mk.MLP([64, 128, 64, 10], activation="relu", seed=seed)
    opt = mk.SGD(net.parameters(), lr=0.05, momentum=0.9)
    hist = mk.fit(
        net,
        mk.SoftmaxCrossEntropy(),
        opt,
        X[:1200],
        y[:1200],
        epochs=3,
        batch_size=200,
        X_valid=X[1200:],
        y_valid=y[1200:],
        regularizer=mk.L2(1e-4),
        seed=seed,
    )
    return mk.flat_params(net), hist


def _digest(theta):
    return hashlib.sha256(np.ascontiguousarray(theta).tobytes()).hexdigest()


def test_fit_is_bit_identical_for_the_same_seed():
    theta1, h1 = _train(seed=0)
    theta2, h2 = _train(seed=0)
    assert theta1.tobytes() == theta2.tobytes()
    assert h1.metrics == h2.metrics
    theta3, _ = _train(seed=1)
    assert theta3.tobytes() != theta1.tobytes()  # the seed does matter


def test_fit_is_bit_identical_with_1_and_2_blas_threads_in_process():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    if not threadpoolctl.threadpool_info():
        pytest.skip("no BLAS thread pool found by threadpoolctl")
    results = {}
    for n in (1, 2):
        with threadpoolctl.threadpool_limits(limits=n, user_api="blas"):
            results[n] = _train(seed=0)
    assert results[1][0].tobytes() == results[2][0].tobytes()
    assert results[1][1].metrics == results[2][1].metrics


_CHILD = """
import hashlib, sys
import numpy as np
sys.path.insert(0, {tests!r})
from test_reproducibility import _train, _digest
theta, hist = _train(seed=0)
print(_digest(theta), repr(hist.metrics["valid_loss"]))
"""


def test_fit_is_bit_identical_in_processes_started_with_1_and_2_blas_threads():
    out = {}
    for n in ("1", "2"):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=n, OMP_NUM_THREADS=n, MKL_NUM_THREADS=n)
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD.format(tests=str(Path(__file__).resolve().parent))],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr
        out[n] = proc.stdout.strip()
    assert out["1"] == out["2"]
    assert out["1"].split()[0] == _digest(_train(seed=0)[0])  # and equal to this process's run


# ---------------------------------------------------------------- notebooks re-executed


def _sanitizers():
    cfg = configparser.ConfigParser(interpolation=None)  # the regexes hold % signs
    cfg.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


def _text_outputs(nb, rules):
    """What nbval compares, per code cell: stream text and the text/plain and text/html
    of results, sanitized; cells tagged nbval-ignore-output or nbval-skip are left out."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if tags & {"nbval-ignore-output", "nbval-skip"}:
            cells.append(None)
            continue
        texts = []
        for out in cell.outputs:
            if out.output_type == "stream":  # consecutive stream chunks coalesced, as nbval does
                if texts and texts[-1][0] == out.name:
                    texts[-1] = (out.name, texts[-1][1] + out.text)
                else:
                    texts.append((out.name, out.text))
            elif out.output_type in ("execute_result", "display_data"):
                for mime in ("text/plain", "text/html"):
                    if mime in out.get("data", {}):
                        texts.append((mime, out["data"][mime]))
            elif out.output_type == "error":
                texts.append(("error", out.ename))
        sanitized = []
        for kind, text in texts:
            text = "".join(text) if isinstance(text, list) else text
            for regex, repl in rules:
                text = regex.sub(repl, text)
            sanitized.append((kind, text))
        cells.append(sanitized)
    return cells


@pytest.mark.parametrize("chapter, threads", [("05_flow_graphs", "1"), ("06_gradient_checking", "2")])
def test_a_reexecuted_notebook_prints_what_is_stored(chapter, threads, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pinned = re.search(r"^numpy==(\S+)", (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.M)
    if pinned and np.__version__ != pinned.group(1):
        # The stored outputs were made with constraints.txt's versions; at other versions the last
        # digits of round-off-level numbers may differ (make lowest / newest run every cell and
        # its assertions with --nbval-lax instead).
        pytest.skip(f"stored outputs were made with numpy {pinned.group(1)}; this is numpy {np.__version__}")
    path = ROOT / "book" / f"{chapter}.ipynb"
    if not path.exists():
        pytest.skip(f"{path.name} is not in the book")
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, threads)  # the kernel inherits the environment
    client = nbclient.NotebookClient(
        fresh, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    rules = _sanitizers()
    want, got = _text_outputs(stored, rules), _text_outputs(fresh, rules)
    assert len(want) == len(got)
    compared = 0
    for i, (w, g) in enumerate(zip(want, got, strict=True)):
        if w is None:
            continue
        assert g == w, f"{chapter}: code cell {i} printed\n{g}\ninstead of the stored\n{w}"
        compared += sum(1 for _ in w)
    assert compared >= 5, "too few outputs compared to mean anything"
    counts = [c.execution_count for c in fresh.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    json.dumps(nbformat.from_dict(fresh))  # the result is a valid notebook
