"""Chapter 13's experiments: classifiers of the 8x8 digits and the attacks on them, over seeds.

Two models are trained on the first 1200 digits (pixels in [0, 1]) with the course's one
recipe (`train_mlp`: SGD with momentum 0.9, lr 0.1, 30 epochs of mini-batches of 32):
softmax regression ``[64, 10]`` and a tanh MLP ``[64, 64, 10]``. `accuracy_curves` measures
their accuracy on the other 597 digits under the fast gradient sign method, the basic
iterative method, projected gradient descent with random starts and random signs of the same
size; `adversarially_trained_mlp` trains the MLP on Goodfellow et al.'s (2015) objective, half
clean and half FGSM loss on every mini-batch; `attack_results` runs all of it for several seeds.
"""

import numpy as np

from .._validate import check_int, check_real
from ._common import read_only_cache, train_mlp

__all__ = [
    "MODELS",
    "EPS_GRID",
    "ATTACKS",
    "digits_split",
    "trained_digits_model",
    "accuracy_curves",
    "adversarially_trained_mlp",
    "attack_results",
]

MODELS = ("softmax regression", "MLP")
SIZES = {"softmax regression": [64, 10], "MLP": [64, 64, 10]}
EPS_GRID = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)
ATTACKS = ("FGSM", "BIM (10 steps)", "PGD (10 steps, 5 starts)", "random signs")
PGD_RESTARTS = 5


@read_only_cache(maxsize=1)
def digits_split():
    """The chapter's split of the 8x8 digits.

    Returns
    -------
    X_train : ndarray of shape (1200, 64)
        The first 1200 images, pixels in [0, 1].
    y_train : ndarray of shape (1200,)
        Their labels.
    X_test : ndarray of shape (597, 64)
        The other images.
    y_test : ndarray of shape (597,)
        Their labels.
    """
    from ..data import digits

    X, y = digits()
    return X[:1200], y[:1200], X[1200:], y[1200:]


def _check_model(model):
    if model not in MODELS:
        raise ValueError(f"model: expected one of {MODELS}, got {model!r}")
    return model


def trained_digits_model(model="softmax regression", seed=0):
    """A classifier of the 8x8 digits trained on the first 1200 images (cached).

    Parameters
    ----------
    model : str
        ``"softmax regression"`` (``[64, 10]``) or ``"MLP"`` (``[64, 64, 10]``, tanh).
    seed : int
        Initial weights and order of the examples, >= 0.

    Returns
    -------
    net : MLP
        The trained network (shared between callers: do not train it further).
    X_test : ndarray of shape (597, 64)
        The test images, read-only.
    y_test : ndarray of shape (597,)
        Their labels, read-only.
    """
    return _trained_digits_model(_check_model(model), check_int(seed, "seed", low=0))


@read_only_cache(maxsize=32)
def _trained_digits_model(model, seed):
    X_train, y_train, X_test, y_test = digits_split()
    net, _ = train_mlp(
        X_train,
        y_train,
        SIZES[model],
        activation="tanh",
        lr=0.1,
        momentum=0.9,
        epochs=30,
        batch_size=32,
        seed=seed,
    )
    return net, X_test, y_test


def accuracy_curves(net, eps_grid=EPS_GRID, seed=0):
    """Test accuracy of ``net`` under each attack, for each max-norm eps.

    Parameters
    ----------
    net : Module
        A classifier of the 8x8 digits.
    eps_grid : sequence of float
        Max-norms of the perturbations, each in [0, 1].
    seed : int
        Seed of the random signs.

    Returns
    -------
    dict of str to ndarray of shape (len(eps_grid),)
        ``"FGSM"``, ``"BIM (10 steps)"`` (`mlpkit.attack.bim`: iterated FGSM from the clean
        image), ``"PGD (10 steps, 5 starts)"`` (`mlpkit.attack.pgd`: the same from 5 random
        starts, the worst kept, starts drawn from ``seed``) and ``"random signs"`` (every pixel
        moved by exactly +-eps, then clipped, signs drawn from ``seed``).
    """
    from ..attack import bim, fgsm, pgd, random_sign_noise

    eps_grid = [check_real(e, "eps_grid", low=0.0, high=1.0) for e in eps_grid]
    seed = check_int(seed, "seed", low=0)
    _, _, X_test, y_test = digits_split()
    attacks = {
        "FGSM": lambda e: fgsm(net, X_test, y_test, e),
        "BIM (10 steps)": lambda e: bim(net, X_test, y_test, e, steps=10),
        "PGD (10 steps, 5 starts)": lambda e: pgd(
            net, X_test, y_test, e, steps=10, restarts=PGD_RESTARTS, seed=seed
        ),
        "random signs": lambda e: random_sign_noise(X_test, e, seed=seed),
    }
    clean = net.score(X_test, y_test)  # eps = 0 leaves every image as it is
    return {
        name: np.array([net.score(attack(e), y_test) if e else clean for e in eps_grid])
        for name, attack in attacks.items()
    }


def adversarially_trained_mlp(eps=0.1, seed=0, epochs=30):
    """The MLP trained on the adversarial objective of Goodfellow et al. (2015), alpha = 1/2 (cached).

    Every update minimises ``0.5 J(theta, x, y) + 0.5 J(theta, x + eps sign(grad_x J), y)`` on a
    mini-batch of 32 training images: the FGSM examples of the batch are made with the current
    parameters, then one SGD step is taken on the mean loss over the 32 clean and 32 adversarial
    examples. Same initial weights, optimiser, batch size, epochs and number of updates as
    `trained_digits_model`'s MLP.

    Parameters
    ----------
    eps : float
        Max-norm of the training perturbations, in [0, 1].
    seed : int
        Initial weights (the same as `trained_digits_model`'s) and order of the examples, >= 0.
    epochs : int
        Epochs, >= 1.

    Returns
    -------
    MLP
        The trained network (shared between callers: do not train it further).
    """
    eps = check_real(eps, "eps", low=0.0, high=1.0)
    return _adversarially_trained_mlp(eps, check_int(seed, "seed", low=0), check_int(epochs, "epochs", low=1))


@read_only_cache(maxsize=16)
def _adversarially_trained_mlp(eps, seed, epochs, batch_size=32):
    from ..attack import fgsm
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    from ..optim import SGD

    X_train, y_train, _, _ = digits_split()
    net = MLP(SIZES["MLP"], activation="tanh", seed=seed)
    opt = SGD(net.parameters(), lr=0.1, momentum=0.9)
    loss = SoftmaxCrossEntropy()
    rng = np.random.default_rng(seed)
    n = len(y_train)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            Xb, yb = X_train[idx], y_train[idx]
            X_adv = fgsm(net, Xb, yb, eps)  # with the current parameters
            # the mean over 2 x 32 examples is 0.5 J(clean) + 0.5 J(adversarial)
            loss.forward(net.forward(np.vstack([Xb, X_adv])), np.concatenate([yb, yb]))
            net.backward_params(loss.backward())
            opt.step()
    return net


def attack_results(
    seeds=(0, 1, 2, 3, 4), eps_grid=EPS_GRID, transfer_eps=0.1, train_eps=0.1, adversarial_seeds=3
):
    """The chapter's measurements, one per seed of the trained models.

    Parameters
    ----------
    seeds : sequence of int
        Seeds of the models (at least 2: the transfer pairs seed s with the next seed).
    eps_grid : sequence of float
        Max-norms at which the accuracy curves are measured.
    transfer_eps : float
        Max-norm of the transfer attacks.
    train_eps : float
        Max-norm of the adversarial training.
    adversarial_seeds : int
        How many of ``seeds`` (the first ones) get an adversarially trained MLP (the costly part).

    Returns
    -------
    dict
        ``"clean"``: {model: ndarray (n_seeds,)} test accuracy;
        ``"curves"``: {model: {attack: ndarray (n_seeds, len(eps_grid))}}, the models of
        `trained_digits_model` (one row per seed) and ``"adversarially trained"`` (one row per
        seed of ``seeds[:adversarial_seeds]``);
        ``"transfer"``: ndarray (n_seeds, 3, 3), accuracy of column model on FGSM examples made
        on row model, the models being softmax regression (seed s), the MLP (seed s) and the
        MLP of the next seed in ``seeds``; ``"transfer_random"``: ndarray (n_seeds, 3), the
        same models under random signs of the same size.
    """
    from ..attack import fgsm, random_sign_noise

    seeds = [check_int(s, "seeds", low=0) for s in seeds]
    if len(seeds) < 2 or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds: expected at least two distinct seeds, got {seeds}")
    transfer_eps = check_real(transfer_eps, "transfer_eps", low=0.0, high=1.0)
    adversarial_seeds = check_int(adversarial_seeds, "adversarial_seeds", low=1, high=len(seeds))
    _, _, X_test, y_test = digits_split()
    nets = {m: [trained_digits_model(m, s)[0] for s in seeds] for m in MODELS}
    nets["adversarially trained"] = [
        adversarially_trained_mlp(train_eps, s) for s in seeds[:adversarial_seeds]
    ]
    clean = {m: np.array([n.score(X_test, y_test) for n in ns]) for m, ns in nets.items()}
    per_seed = {
        m: [accuracy_curves(n, eps_grid, seed=s) for n, s in zip(ns, seeds[: len(ns)], strict=True)]
        for m, ns in nets.items()
    }
    curves = {m: {a: np.array([c[a] for c in cs]) for a in ATTACKS} for m, cs in per_seed.items()}
    transfer, transfer_random = [], []
    for i, s in enumerate(seeds):
        trio = [nets["softmax regression"][i], nets["MLP"][i], nets["MLP"][(i + 1) % len(seeds)]]
        transfer.append(
            [
                [target.score(fgsm(source, X_test, y_test, transfer_eps), y_test) for target in trio]
                for source in trio
            ]
        )
        noisy = random_sign_noise(X_test, transfer_eps, seed=s)
        transfer_random.append([target.score(noisy, y_test) for target in trio])
    return {
        "clean": clean,
        "curves": curves,
        "transfer": np.array(transfer),
        "transfer_random": np.array(transfer_random),
    }
