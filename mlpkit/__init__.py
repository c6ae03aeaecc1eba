"""mlpkit: a small numpy library for training multilayer networks, after the slides.

Layers, activations, losses, regularisers, optimisers, learning-rate schedules, the
training loop and gradient checking. Each module is meant to be read alongside the
chapter that uses it.
"""

from . import (
    attack,
    data,
    ensemble,
    experiments,
    features,
    flowgraph,
    init,
    kernels,
    landscape,
    plot,
    prune,
    schedules,
    search,
)
from .activations import GELU, Identity, LeakyReLU, ReLU, Sigmoid, Tanh
from .conv import Conv1D
from .ensemble import SeedCrossEntropy, SeedEnsemble, fit_seeds
from .gradcheck import gradcheck, numerical_gradient, numerical_hessian, relative_error
from .io import load, save
from .layers import MLP, Linear, Sequential
from .losses import Loss, MeanSquaredError, SoftmaxCrossEntropy, log_softmax, one_hot, softmax
from .module import Module, Parameter, flat_grads, flat_params, set_flat_params
from .newton import Newton, SaddleFreeNewton
from .optim import SGD, Optimizer
from .regularizers import L1, L2
from .schedules import constant_schedule, inverse_decay, one_cycle, power_decay, warmup
from .training import DivergenceError, History, accuracy, fit

__version__ = "0.3.0"

__all__ = [
    "Parameter",
    "Module",
    "Linear",
    "Sequential",
    "MLP",
    "Conv1D",
    "Identity",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "GELU",
    "Loss",
    "SoftmaxCrossEntropy",
    "MeanSquaredError",
    "softmax",
    "log_softmax",
    "one_hot",
    "L1",
    "L2",
    "SGD",
    "Newton",
    "SaddleFreeNewton",
    "Optimizer",
    "constant_schedule",
    "inverse_decay",
    "power_decay",
    "warmup",
    "one_cycle",
    "SeedEnsemble",
    "SeedCrossEntropy",
    "fit_seeds",
    "attack",
    "data",
    "ensemble",
    "experiments",
    "features",
    "flowgraph",
    "init",
    "kernels",
    "landscape",
    "plot",
    "prune",
    "schedules",
    "search",
    "fit",
    "History",
    "DivergenceError",
    "accuracy",
    "gradcheck",
    "numerical_gradient",
    "numerical_hessian",
    "relative_error",
    "flat_params",
    "flat_grads",
    "set_flat_params",
    "save",
    "load",
]
