"""Chapter 5's experiments: gradients through a sampling node of a stochastic flow graph.

A sampling box ``z ~ p(z; theta)`` has no local derivative dz/dtheta: a random draw is not a
function of theta. The gradient of the expected loss E[f(z)] still exists, and two
estimators give the box a bprop:

- the score function (REINFORCE, Williams 1992)::

      grad_theta E[f(z)] = E[(f(z) - b) grad_theta log p(z; theta)]

  for any baseline b that does not depend on z (because E[grad log p] = 0); f itself is
  never differentiated, so it works for discrete z;
- the pathwise (reparameterisation) estimator (Kingma and Welling 2014): write
  z = mu + sigma * eps with eps ~ N(0, 1) a leaf without parameters, so that z becomes an
  ordinary deterministic box::

      grad_mu = f'(z),   grad_{log sigma} = f'(z) * sigma * eps

  which needs f' and a continuous z.

Here theta = (mu, log sigma) for a Gaussian node and phi (with p = sigm(phi)) for a
Bernoulli node. Every function returns per-sample or per-repeat numbers; none draws.
"""

import numpy as np

from .._validate import check_int, check_real, check_seed

GAUSSIAN_ESTIMATORS = ("score function", "score function, baseline", "pathwise")


def gaussian_gradient_samples(f, f_prime, mu, log_sigma, eps, baseline=0.0):
    """Per-sample estimates of d E[f(z)] / d(mu, log sigma) for z = mu + sigma * eps.

    Parameters
    ----------
    f, f_prime : callable
        The loss and its derivative, element-wise on ndarrays.
    mu, log_sigma : float
        The node's parameters theta.
    eps : ndarray of any shape
        Standard normal draws, one per sample.
    baseline : float
        The constant b of the score function with a baseline.

    Returns
    -------
    dict
        ``{name: ndarray of shape eps.shape + (2,)}`` for each name of
        `GAUSSIAN_ESTIMATORS`; the last axis is (d/dmu, d/dlog sigma).
    """
    mu, log_sigma = check_real(mu, "mu"), check_real(log_sigma, "log_sigma")
    baseline = check_real(baseline, "baseline")
    eps = np.asarray(eps, dtype=float)
    sigma = np.exp(log_sigma)
    z = mu + sigma * eps
    fz = f(z)
    score = np.stack(
        [eps / sigma, eps**2 - 1.0], axis=-1
    )  # grad log p: (z - mu) / sigma^2, ((z - mu) / sigma)^2 - 1
    fp = f_prime(z)
    return {
        "score function": fz[..., None] * score,
        "score function, baseline": (fz - baseline)[..., None] * score,
        "pathwise": np.stack([fp, fp * sigma * eps], axis=-1),
    }


def gaussian_estimator_stats(f, f_prime, mu, log_sigma, n_samples, n_repeats, baseline=0.0, seed=0):
    """Mean, variance and standard error of the S-sample gradient estimates, over repeats.

    Each estimate averages ``n_samples`` per-sample estimates (`gaussian_gradient_samples`);
    it is drawn ``n_repeats`` times.

    Parameters
    ----------
    f, f_prime : callable
        The loss and its derivative.
    mu, log_sigma : float
        The node's parameters.
    n_samples : int
        S, the samples averaged in one estimate.
    n_repeats : int
        R >= 2, the independent estimates.
    baseline : float
        The score function's baseline.
    seed : int or np.random.Generator
        The draws of eps.

    Returns
    -------
    dict
        ``{name: {"mean": ndarray (2,), "variance": float, "stderr": ndarray (2,)}}``: the
        mean of the R estimates, the total variance (trace of the covariance) of one
        estimate, and the standard error of the mean, per component.
    """
    n_samples = check_int(n_samples, "n_samples", low=1)
    n_repeats = check_int(n_repeats, "n_repeats", low=2)
    eps = check_seed(seed).standard_normal((n_repeats, n_samples))
    stats = {}
    for name, per_sample in gaussian_gradient_samples(f, f_prime, mu, log_sigma, eps, baseline).items():
        estimates = per_sample.mean(axis=1)  # (R, 2)
        sd = estimates.std(axis=0, ddof=1)
        stats[name] = {
            "mean": estimates.mean(axis=0),
            "variance": float(np.sum(sd**2)),
            "stderr": sd / np.sqrt(n_repeats),
        }
    return stats


def bernoulli_gradient_samples(f, phi, u, h=1e-7):
    """Per-sample estimates of d E[f(z)] / d phi for z ~ Bernoulli(sigm(phi)), z = 1[u < p].

    Parameters
    ----------
    f : callable
        The loss, element-wise on an ndarray of 0s and 1s.
    phi : float
        The logit; p = sigm(phi).
    u : ndarray of any shape
        Uniform draws in [0, 1), one per sample.
    h : float
        The step of the centred difference that measures the pathwise derivative.

    Returns
    -------
    dict
        ``"score function"``: f(z) (z - p), since d log p(z) / d phi = z - p;
        ``"pathwise"``: the derivative of f(z(phi)) along the path, each sample's
        ``(f(1[u < sigm(phi + h)]) - f(1[u < sigm(phi - h)])) / (2 h)``, with u held fixed.
        Since z is a step function of phi, this is 0 unless u falls in the band of width
        about 2 h p (1 - p) around p, where it is (f(1) - f(0)) / (2 h); both ndarrays of
        shape u.shape.
    """
    phi = check_real(phi, "phi")
    h = check_real(h, "h", low=0.0, low_open=True)
    u = np.asarray(u, dtype=float)

    def z_of(logit):
        return (u < 1.0 / (1.0 + np.exp(-logit))).astype(float)

    p = 1.0 / (1.0 + np.exp(-phi))
    z = z_of(phi)
    return {
        "score function": f(z) * (z - p),
        "pathwise": (f(z_of(phi + h)) - f(z_of(phi - h))) / (2 * h),
    }


__all__ = [
    "GAUSSIAN_ESTIMATORS",
    "gaussian_gradient_samples",
    "gaussian_estimator_stats",
    "bernoulli_gradient_samples",
]
