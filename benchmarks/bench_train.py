"""One epoch of mini-batch SGD with momentum, timed four ways in one run.

    (a) mlpkit.fit
    (b) PyTorch on the CPU (optional: skipped with a message when torch is absent)
    (c) scikit-learn's MLPClassifier (one epoch of its own SGD)
    (d) a minimal hand-written numpy loop: forward, backward, momentum update and
        per-epoch shuffling and nothing else -- the floor for numpy

Same network (tanh hidden layers, softmax cross-entropy), data, batch size, dtype and
optimiser (lr 0.01, momentum 0.9) for each. Prints the median of ``--repeats`` epochs
and the ratios mlpkit / peer. Not part of the test suite: run it by hand,

    .venv/bin/python benchmarks/bench_train.py            # both sizes, both dtypes
    .venv/bin/python benchmarks/bench_train.py --size course --repeats 9
"""
import argparse
import platform
import statistics
import time
import warnings

import numpy as np

import mlpkit as mk
from mlpkit.data import digits

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


def median_time(run, repeats):
    run()  # warm-up: first-touch allocations, BLAS thread start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_mlpkit(X, y, sizes, batch, dtype):
    net = mk.MLP(sizes, activation="tanh", seed=0, dtype=dtype)
    opt = mk.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    loss = mk.SoftmaxCrossEntropy()
    seeds = iter(range(10**6))
    return lambda: mk.fit(net, loss, opt, X, y, epochs=1, batch_size=batch, seed=next(seeds))


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
            idx = order[start:start + batch]
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
                if k > 0:
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
            idx = order[start:start + batch]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(net(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return epoch


def bench_sklearn(X, y, sizes, batch, dtype):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="tanh", solver="sgd",
                        learning_rate_init=LR, momentum=MOMENTUM, nesterovs_momentum=False, alpha=0.0,
                        batch_size=batch, max_iter=1, shuffle=True, random_state=0, warm_start=True,
                        tol=0.0, n_iter_no_change=10**9)

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
    return epoch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=[*SIZES, "all"], default="all")
    parser.add_argument("--dtype", choices=["float32", "float64", "all"], default="all")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.repeats < 5:
        parser.error("--repeats: at least 5 repetitions, for a meaningful median")
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = None
        print("PyTorch not installed: skipping it (pip install torch==2.13.0 to include it)")
    import sklearn
    print(f"python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"torch {torch_version}, mlpkit {mk.__version__}, {platform.machine()}")
    print(f"median seconds per epoch over {args.repeats} epochs (after one warm-up epoch)\n")
    header = f"{'size':7s} {'dtype':8s} {'numpy floor':>11s} {'mlpkit':>8s} {'torch':>8s} {'sklearn':>8s}   " \
             f"{'mk/floor':>8s} {'mk/torch':>8s} {'mk/sklearn':>10s}"
    print(header)
    print("-" * len(header))
    sizes_run = SIZES if args.size == "all" else [args.size]
    dtypes = [np.float32, np.float64] if args.dtype == "all" else [np.dtype(args.dtype).type]
    for size in sizes_run:
        layer_sizes, _, batch = SIZES[size]
        for dtype in dtypes:
            X, y = make_data(size, dtype)
            t = {"floor": median_time(bench_numpy(X, y, layer_sizes, batch, dtype), args.repeats),
                 "mlpkit": median_time(bench_mlpkit(X, y, layer_sizes, batch, dtype), args.repeats),
                 "sklearn": median_time(bench_sklearn(X, y, layer_sizes, batch, dtype), args.repeats)}
            t["torch"] = (median_time(bench_torch(X, y, layer_sizes, batch, dtype), args.repeats)
                          if torch_version else float("nan"))
            print(f"{size:7s} {np.dtype(dtype).name:8s} {t['floor']:11.4f} {t['mlpkit']:8.4f} {t['torch']:8.4f} "
                  f"{t['sklearn']:8.4f}   {t['mlpkit'] / t['floor']:8.2f} {t['mlpkit'] / t['torch']:8.2f} "
                  f"{t['mlpkit'] / t['sklearn']:10.2f}", flush=True)


if __name__ == "__main__":
    main()
