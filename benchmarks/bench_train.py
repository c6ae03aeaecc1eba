"""One epoch of mini-batch SGD with momentum, timed four ways in one run.

    (a) mlpkit.fit
    (b) PyTorch on the CPU (optional: skipped with a message when torch is absent)
    (c) scikit-learn's MLPClassifier (one epoch of its own SGD)
    (d) a minimal hand-written numpy loop: forward, backward, momentum update and
        per-epoch shuffling and nothing else -- the floor for numpy

Same network (tanh hidden layers, softmax cross-entropy), data, batch size, dtype and
optimiser (lr 0.01, momentum 0.9) for each, and the same number of BLAS/OpenMP threads
(``--threads``, default 1). The repetitions are interleaved (floor, mlpkit, torch,
sklearn, floor, mlpkit, ...) so that load from other processes hits every column alike.
Prints the median of ``--repeats`` epochs and the ratios mlpkit / peer.

What each column pays for, honestly: the floor does only the four things it names. mlpkit.fit
also does what `fit` promises: it validates X and y once per call (the benchmark calls it
once per epoch, as a student timing one epoch would), computes the value of the loss and
the training accuracy of every mini-batch, checks the loss is finite, and records a
History. Those extras are counted against mlpkit, not removed from it. PyTorch computes
the loss value (its autograd needs it); scikit-learn validates its inputs on every
``fit`` call and computes the loss too.

Not part of the test suite: run it by hand,

    .venv/bin/python benchmarks/bench_train.py            # both sizes, both dtypes
    .venv/bin/python benchmarks/bench_train.py --size course --repeats 9
    .venv/bin/python benchmarks/bench_train.py --baseline /tmp/old   # + an older mlpkit
    .venv/bin/python benchmarks/bench_train.py --size none --notebooks --test-command
"""

import argparse
import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

import mlpkit as mk
from mlpkit.data import digits

ROOT = Path(__file__).resolve().parent.parent
LR, MOMENTUM = 0.01, 0.9
SIZES = {
    # name: (layer sizes, number of rows, batch size)
    "course": ([64, 64, 10], 1797, 32),
    "mnist": ([784, 256, 256, 10], 60000, 128),
}


def make_data(size, dtype):
    sizes, n, _ = SIZES[size]
    if size == "course":
        X, y = digits(dtype=dtype)
        return X, y
    rng = np.random.default_rng(0)
    X = rng.random((n, sizes[0]), dtype=np.float64).astype(dtype)
    y = rng.integers(0, sizes[-1], n)
    return X, y


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def interleaved_medians(runs, repeats, clock=time.perf_counter):
    """{name: median seconds} of ``repeats`` calls of each run, taken in turn."""
    for run in runs.values():
        run()  # warm-up: first-touch allocations, BLAS thread start
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = clock()
            run()
            times[name].append(clock() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def bench_mlpkit(X, y, sizes, batch, dtype, mlpkit=mk):
    net = mlpkit.MLP(sizes, activation="tanh", seed=0, dtype=dtype)
    opt = mlpkit.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    loss = mlpkit.SoftmaxCrossEntropy()
    seeds = iter(range(10**6))
    return lambda: mlpkit.fit(net, loss, opt, X, y, epochs=1, batch_size=batch, seed=next(seeds))


def bench_numpy(X, y, sizes, batch, dtype):
    """The floor: what any numpy implementation of this epoch must at least do."""
    rng = np.random.default_rng(0)
    Ws, bs = [], []
    for k in range(1, len(sizes)):
        bound = np.sqrt(6.0 / (sizes[k] + sizes[k - 1]))
        Ws.append(rng.uniform(-bound, bound, (sizes[k], sizes[k - 1])).astype(dtype))
        bs.append(np.zeros(sizes[k], dtype=dtype))
    vW = [np.zeros_like(W) for W in Ws]
    vb = [np.zeros_like(b) for b in bs]
    n, L = X.shape[0], len(Ws)

    def epoch():
        order = rng.permutation(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            hs = [X[idx]]
            for k in range(L):
                a = hs[-1] @ Ws[k].T + bs[k]
                hs.append(np.tanh(a) if k < L - 1 else a)
            z = hs[-1] - hs[-1].max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(idx)), y[idx]] -= 1.0
            g = p / len(idx)
            for k in range(L - 1, -1, -1):
                gW, gb = g.T @ hs[k], g.sum(axis=0)
                if k > 0:  # no gradient for the inputs: training never needs it
                    g = (g @ Ws[k]) * (1.0 - hs[k] * hs[k])
                vW[k] *= MOMENTUM
                vW[k] += gW
                vb[k] *= MOMENTUM
                vb[k] += gb
                Ws[k] -= LR * vW[k]
                bs[k] -= LR * vb[k]

    return epoch


def bench_torch(X, y, sizes, batch, dtype):
    import torch

    torch.manual_seed(0)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    layers = []
    for k in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[k - 1], sizes[k]).to(tdtype))
        if k < len(sizes) - 1:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    gen = torch.Generator().manual_seed(0)

    def epoch():
        order = torch.randperm(X.shape[0], generator=gen)
        for start in range(0, X.shape[0], batch):
            idx = order[start : start + batch]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(net(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()

    return epoch


def bench_sklearn(X, y, sizes, batch, dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=tuple(sizes[1:-1]),
        activation="tanh",
        solver="sgd",
        learning_rate_init=LR,
        momentum=MOMENTUM,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=batch,
        max_iter=1,
        shuffle=True,
        random_state=0,
        warm_start=True,
        tol=0.0,
        n_iter_no_change=10**9,
    )

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)

    return epoch


def load_baseline(path):
    """Import another copy of mlpkit (``git worktree add /tmp/old HEAD~3``) as ``mlpkit_baseline``."""
    pkg = Path(path)
    if (pkg / "mlpkit" / "__init__.py").is_file():
        pkg = pkg / "mlpkit"
    if not (pkg / "__init__.py").is_file():
        raise SystemExit(f"--baseline: expected a folder holding mlpkit/__init__.py, got {path}")
    spec = importlib.util.spec_from_file_location(
        "mlpkit_baseline", pkg / "__init__.py", submodule_search_locations=[str(pkg)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["mlpkit_baseline"] = module
    spec.loader.exec_module(module)
    return module


def slowest_notebooks(count):
    """The slowest chapters in book/_data/timings.json (written by tools/time_notebooks.py)."""
    path = ROOT / "book" / "_data" / "timings.json"
    if not path.is_file():
        print("no book/_data/timings.json: run `make timings` (tools/time_notebooks.py) first")
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    chapters = sorted(data["chapters"].items(), key=lambda kv: -kv[1]["seconds"])
    m = data["machine"]
    print(
        f"\nslowest notebooks (tools/time_notebooks.py, measured {data['measured']}, {m['cpus']} CPUs, "
        f"numpy {m['numpy']}):"
    )
    for doc, info in chapters[:count]:
        print(f"  {info['seconds']:7.1f} s  {doc}.ipynb")
    print(
        f"  {sum(info['seconds'] for _, info in chapters):7.1f} s  "
        f"all {len(chapters)} notebooks, one after another"
    )


def time_test_command():
    """Wall time of the README's test command (`make test`), run once from the repository root.

    pytest also writes a JUnit report, from which the seconds nbval spent on each notebook's
    cells are summed: the slowest notebooks as CI runs them (two workers, shared cores).
    """
    import os
    import tempfile
    import xml.etree.ElementTree as ET
    from collections import defaultdict

    print("\nrunning `make test` (the README's test command) ...", flush=True)
    report = Path(tempfile.mkdtemp()) / "junit.xml"
    env = {**os.environ, "PYTEST_ADDOPTS": f"{os.environ.get('PYTEST_ADDOPTS', '')} --junitxml={report}"}
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    summary = [line for line in result.stdout.splitlines() if " passed" in line or " failed" in line]
    print(
        f"`make test`: {seconds:.0f} s wall time, exit status {result.returncode}"
        f"{'; ' + summary[-1].strip('= ') if summary else ''}"
    )
    if report.is_file():
        per_notebook = defaultdict(float)
        for case in ET.parse(report).getroot().iter("testcase"):
            classname = case.get("classname", "")  # "book.07_optimisation.ipynb" for nbval's cells
            if classname.endswith(".ipynb"):
                per_notebook[classname.replace(".", "/", 1)] += float(case.get("time", 0.0))
        print("slowest notebooks under nbval in that run (seconds of their cells):")
        for notebook, secs in sorted(per_notebook.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {secs:7.1f} s  {notebook}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=[*SIZES, "all", "none"], default="all")
    parser.add_argument("--dtype", choices=["float32", "float64", "all"], default="all")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS and PyTorch threads for every column (0: each library's default)",
    )
    parser.add_argument(
        "--baseline", metavar="DIR", help="also time another copy of mlpkit (column 'before')"
    )
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: elapsed time; cpu: this process's CPU time (one thread, a busy machine)",
    )
    parser.add_argument("--no-sklearn", action="store_true", help="skip scikit-learn (the slowest column)")
    parser.add_argument("--notebooks", action="store_true", help="list the slowest notebooks (timings.json)")
    parser.add_argument("--test-command", action="store_true", help="time `make test` once (10+ minutes)")
    args = parser.parse_args()
    if args.repeats < 5:
        parser.error("--repeats: at least 5 repetitions, for a meaningful median")
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch, torch_version = None, None
        print("PyTorch not installed: skipping it (pip install torch==2.13.0 to include it)")
    if args.threads > 0:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
        if torch is not None:
            torch.set_num_threads(args.threads)
    baseline = load_baseline(args.baseline) if args.baseline else None
    import sklearn

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"torch {torch_version}, mlpkit {mk.__version__}, {platform.machine()}, "
        f"threads {args.threads or 'library defaults'}"
    )
    print(
        f"median seconds per epoch ({args.clock} clock) over {args.repeats} interleaved epochs "
        "(after one warm-up epoch each)\n"
    )
    if args.clock == "cpu" and args.threads != 1:
        parser.error("--clock cpu: only with --threads 1 (CPU time adds up every thread's)")
    cols = ["floor", "mlpkit"] + (["before"] if baseline else []) + ["torch", "sklearn"]
    header = (
        f"{'size':7s} {'dtype':8s} "
        + " ".join(f"{c:>8s}" for c in cols)
        + "   "
        + " ".join(f"{'mk/' + c:>10s}" for c in cols if c != "mlpkit")
    )
    sizes_run = [] if args.size == "none" else SIZES if args.size == "all" else [args.size]
    if sizes_run:
        print(header)
        print("-" * len(header))
    dtypes = [np.float32, np.float64] if args.dtype == "all" else [np.dtype(args.dtype).type]
    for size in sizes_run:
        layer_sizes, _, batch = SIZES[size]
        for dtype in dtypes:
            X, y = make_data(size, dtype)
            runs = {
                "floor": bench_numpy(X, y, layer_sizes, batch, dtype),
                "mlpkit": bench_mlpkit(X, y, layer_sizes, batch, dtype),
            }
            if baseline:
                runs["before"] = bench_mlpkit(X, y, layer_sizes, batch, dtype, mlpkit=baseline)
            if torch_version:
                runs["torch"] = bench_torch(X, y, layer_sizes, batch, dtype)
            if not args.no_sklearn:
                runs["sklearn"] = bench_sklearn(X, y, layer_sizes, batch, dtype)
            t = interleaved_medians(runs, args.repeats, CLOCKS[args.clock])
            t = {c: t.get(c, float("nan")) for c in cols}
            print(
                f"{size:7s} {np.dtype(dtype).name:8s} "
                + " ".join(f"{t[c]:8.4f}" for c in cols)
                + "   "
                + " ".join(f"{t['mlpkit'] / t[c]:10.2f}" for c in cols if c != "mlpkit"),
                flush=True,
            )
    if args.notebooks:
        slowest_notebooks(5)
    if args.test_command:
        time_test_command()


if __name__ == "__main__":
    main()
