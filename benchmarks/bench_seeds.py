"""Five seeds for the price of how many? `SeedEnsemble` against one seed, in one run, one thread.

The course-size network (64-64-10, tanh, softmax cross-entropy, digits, batch 32, SGD with
lr 0.01 and momentum 0.9), trained for one epoch (57 updates) in each column:

    one      ``mk.fit`` of one ``mk.MLP`` (seed 0): what a chapter pays for one seed
    one-ens  ``fit_seeds`` of ``SeedEnsemble(seeds=[0])``: one seed through the ensemble's code
    serial   ``mk.fit`` of five ``mk.MLP`` (seeds 0-4), one after another
    ensemble ``fit_seeds`` of ``SeedEnsemble(seeds=range(5))``: the five trained as one
    wide     ``mk.fit`` of one ``mk.MLP([64, 320, 10])``: a first layer five times wider
    wide-ens ``fit_seeds`` of ``SeedEnsemble([64, 320, 10], seeds=[0])``: the same, through
             the ensemble's code (so ``wide-ens/one-ens`` compares like with like)

Every column computes the loss value and the training accuracy of each batch for every
member, and checks X and y once per call (``mk.fit`` also checks each batch's labels, which
``fit_seeds`` does not: ``ens/one-ens`` is the ratio free of that difference). The columns
are timed in turn (one, one-ens, serial, ensemble, wide, wide-ens, one, ...), so that load from other
processes on a shared machine hits them alike; the table shows the median time per update
over ``--repeats`` epochs and ratios, which are what carry over between machines.

What bounds the ratio. The ensemble does exactly the arithmetic of the five networks (the
first layer as one (n, d) x (d, 5 H_1) product, the second as five (n, H_1) x (H_1, C)
products); what it saves is the fixed cost of each numpy call (microseconds, most of a
course-size update). Two figures in the same run show the bound:

* ``wide/one`` and ``wide-ens/one-ens``: the same arithmetic with as many numpy calls as
  one network (the output layer as one (n, 5 H_1) x (5 H_1, C) product): what fusing
  alone reaches;
* ``layer 1 alone``: the first layer's arithmetic only (A = X W^T + b, grad_W = G^T X,
  grad_b), five times wider against once: close to 5 in float64 at this size, since these
  products are compute-bound, not call-bound, and they are most of the arithmetic.

Measured (2-core Haswell/AVX2 VM, OpenBLAS 0.3.31 Haswell kernel, numpy 2.4.6, one thread;
the machine shared with notebook runs, load 10-12, so ``--clock cpu``, 41-61 repeats, four
runs; ranges over the runs):

    dtype     ens/one  ens/one-ens  wide/one  wide-ens/one-ens  L1x5/L1
    float64  1.95-2.28  2.18-2.51   2.16-2.39    2.00-2.21      3.6-3.8
    float32  1.74-1.89  1.94-2.47   1.69-1.95    1.65-1.91      3.0-3.4

The ensemble stays within 10-15 % of the wide network (its extra: the per-member loss and
accuracy over (S, n, C), and the S small output-layer products), and the wide network is
bound by arithmetic: the first layer's two products are compute-bound at this size (3-4x
for 5x the width), tanh in float64 costs about 3 ns an entry (5x the entries), and SGD
touches 5x the parameters. Float32 halves the arithmetic, hence its lower ratio.

    .venv/bin/python benchmarks/bench_seeds.py                 # both dtypes, 41 repeats
    .venv/bin/python benchmarks/bench_seeds.py --repeats 101 --dtype float64
    .venv/bin/python benchmarks/bench_seeds.py --clock cpu     # on a busy machine
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread, set before numpy loads its BLAS

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import mlpkit as mk  # noqa: E402
from mlpkit.data import digits  # noqa: E402
from mlpkit.ensemble import SeedEnsemble, fit_seeds  # noqa: E402

from bench_train import interleaved_medians  # noqa: E402  (this folder is on sys.path when run)

SIZES, BATCH, LR, MOMENTUM, TARGET = [64, 64, 10], 32, 0.01, 0.9, 2.5


def blas_info():
    """The BLAS libraries numpy loaded, as threadpoolctl sees them; exits if any runs more than one thread."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed: threads set by environment variables only"
    pools = threadpool_info()
    threads = {p["num_threads"] for p in pools}
    if threads - {1}:
        raise SystemExit(f"expected one thread in every thread pool, got {pools}")
    return "; ".join(
        f"{p['internal_api']} {p.get('version')} kernel {p.get('architecture')}, {p['num_threads']} thread"
        for p in pools
    )


def one_epoch_of_fit(sizes, seed, X, y, dtype):
    net = mk.MLP(sizes, activation="tanh", seed=seed, dtype=dtype)
    opt = mk.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    loss = mk.SoftmaxCrossEntropy()
    orders = iter(range(10**6))
    return lambda: mk.fit(net, loss, opt, X, y, epochs=1, batch_size=BATCH, seed=next(orders))


def one_epoch_of_ensemble(seeds, X, y, dtype, sizes=SIZES):
    ens = SeedEnsemble(sizes, seeds, activation="tanh", dtype=dtype)
    opt = mk.SGD(ens.parameters(), lr=LR, momentum=MOMENTUM)
    orders = iter(range(10**6))
    return lambda: fit_seeds(ens, opt, X, y, epochs=1, batch_size=BATCH, seed=next(orders))


def first_layer_alone(width, X, dtype):
    """A = X W^T + b and its gradients grad_W = G^T X, grad_b, on one batch: the first layer's arithmetic."""
    rng = np.random.default_rng(0)
    Xb = np.ascontiguousarray(X[:BATCH])
    W = rng.uniform(-0.1, 0.1, (width, X.shape[1])).astype(dtype)
    b = np.zeros(width, dtype=dtype)
    G = rng.standard_normal((BATCH, width)).astype(dtype)

    def run():
        for _ in range(100):
            Xb @ W.T + b
            G.T @ Xb
            G.sum(axis=0)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="S, the number of members (default 5)")
    parser.add_argument("--repeats", type=int, default=41)
    parser.add_argument("--dtype", choices=["float64", "float32", "all"], default="all")
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="wall time (default) or this process's CPU time, which leaves out the "
        "time other processes hold the core (a busy shared machine)",
    )
    args = parser.parse_args()
    if args.repeats < 5:
        parser.error("--repeats: at least 5 repetitions, for a meaningful median")
    S = args.seeds
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; BLAS: {blas_info()}"
    )
    print(
        f"network {SIZES}, batch {BATCH}, digits, SGD lr {LR} momentum {MOMENTUM}; S = {S} seeds; "
        f"median microseconds per update ({args.clock} clock) over {args.repeats} interleaved epochs\n"
    )
    wide = [SIZES[0], S * SIZES[1], *SIZES[2:]]
    cols = ["one", "one-ens", "serial", "ensemble", "wide", "wide-ens"]
    ratios = [
        ("serial", "one"),
        ("ensemble", "one"),
        ("ensemble", "one-ens"),
        ("wide", "one"),
        ("wide-ens", "one-ens"),
        ("layer1 x5", "layer1"),
    ]
    names = {"ensemble": "ens", "layer1 x5": "L1x5", "layer1": "L1", "one-ens": "1e", "wide-ens": "wide-e"}
    header = (
        f"{'dtype':8s} "
        + " ".join(f"{c:>8s}" for c in cols)
        + "   "
        + " ".join(f"{names.get(a, a) + '/' + names.get(b, b):>11s}" for a, b in ratios)
        + f"   ens/one <= {TARGET}?"
    )
    print(header)
    print("-" * len(header))
    dtypes = ["float64", "float32"] if args.dtype == "all" else [args.dtype]
    for name in dtypes:
        dtype = np.dtype(name).type
        X, y = digits(dtype=dtype)
        updates = -(-X.shape[0] // BATCH)  # per epoch
        serial_runs = [one_epoch_of_fit(SIZES, s, X, y, dtype) for s in range(S)]
        runs = {
            "one": one_epoch_of_fit(SIZES, 0, X, y, dtype),
            "one-ens": one_epoch_of_ensemble([0], X, y, dtype),
            "serial": lambda runs=serial_runs: [run() for run in runs],
            "ensemble": one_epoch_of_ensemble(range(S), X, y, dtype),
            "wide": one_epoch_of_fit(wide, 0, X, y, dtype),
            "wide-ens": one_epoch_of_ensemble([0], X, y, dtype, sizes=wide),
            "layer1": first_layer_alone(SIZES[1], X, dtype),
            "layer1 x5": first_layer_alone(S * SIZES[1], X, dtype),
        }
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        t = {k: v / updates * 1e6 for k, v in interleaved_medians(runs, args.repeats, clock).items()}
        ratio = t["ensemble"] / t["one"]
        print(
            f"{name:8s} "
            + " ".join(f"{t[c]:8.1f}" for c in cols)
            + "   "
            + " ".join(f"{t[a] / t[b]:11.2f}" for a, b in ratios)
            + f"   {'yes' if ratio <= TARGET else 'NO'}",
            flush=True,
        )
    print(
        f"\nwide = one MLP {wide}; L1 = the first layer's arithmetic alone (X W^T + b, G^T X, sum G), "
        f"width {SIZES[1]} vs {S * SIZES[1]}"
    )


if __name__ == "__main__":
    main()
