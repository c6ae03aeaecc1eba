"""What every exercise check shares: run the student's answer safely, compare, explain.

A checker is a function decorated with ``@exercise(label)``. It draws its inputs from
`draw_rng`, calls the student's function through `call` (a crash becomes a message), and
compares with `compare` (which names the likely mistake: wrong shape, transposed, wrong
sign, off by a factor of 2 or 1/n, right only to 1e-3, ...). Anything wrong is raised as
`Feedback`; a checker that returns normally has passed, and may return a short phrase
saying what passed. Example::

    @exercise("ex-ch3-sigmoid")
    def ex_ch3_sigmoid(sigmoid_grad):
        \"\"\"Your ``sigmoid_grad(a)``: the derivative of the logistic sigmoid, elementwise.\"\"\"
        rng = draw_rng()
        a = rng.normal(size=(7, 3)) * 3
        got = call(sigmoid_grad, a, name="sigmoid_grad(a)")
        s = 1 / (1 + np.exp(-a))
        compare(got, s * (1 - s), name="sigmoid_grad(a)")
        return "matches on a 7x3 array of random pre-activations"

Calling the decorated checker prints one line (✓ or ✗ with the reason) and returns a
`Result`. A student's mistake never shows a traceback from inside the checker.

Grading (``tools/grade.py``) sets two environment variables: ``MLPKIT_CHECK_SEED`` (the
seed of every `draw_rng`, drawn at grading time; without it the inputs are fresh each
call) and ``MLPKIT_GRADE_LOG`` (a file each check appends its result to, one JSON line).
"""

import contextvars
import copy
import functools
import json
import os
import traceback
import zlib
from dataclasses import asdict, dataclass

import numpy as np

#: label -> checker, filled by ``@exercise``.
REGISTRY = {}
_LABEL = contextvars.ContextVar("exercise_label", default="")
_HERE = os.path.dirname(os.path.abspath(__file__))


class Feedback(Exception):
    """What is wrong with an answer, in the student's terms; ``score`` gives partial credit."""

    def __init__(self, message, score=0.0):
        super().__init__(message)
        self.message = message
        self.score = float(score)


@dataclass
class Result:
    """The outcome of one check: its exercise, whether it passed, the score (0 to 1) and why."""

    label: str
    passed: bool
    score: float
    message: str

    def __str__(self):
        return self.message

    def _ipython_display_(self):
        """Show nothing: the check has printed its line already."""


def draw_rng():
    """The random generator of the check being run.

    Seeded from ``MLPKIT_CHECK_SEED`` and the exercise's label when grading (so each
    exercise gets its own inputs, reproducibly for the grader), fresh otherwise.
    """
    seed = os.environ.get("MLPKIT_CHECK_SEED")
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng([int(seed), zlib.crc32(_LABEL.get().encode())])


def _where_in_student_code(error):
    """' (line N of your code)' for the innermost frame outside mlpkit, or ''."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(_HERE)]
    frames = [f for f in frames if "mlpkit" not in f.filename.replace("\\", "/").split("/")[-2:]]
    return f" (line {frames[-1].lineno} of your code)" if frames else ""


def call(function, *args, name=None, **kwargs):
    """``function(*args, **kwargs)``, with every way it can fail turned into `Feedback`.

    The arguments are copied first, and a function that changes an array it was given
    in place is told so. ``name`` (e.g. ``"softmax_grad(z)"``) is how messages refer to
    the call.
    """
    name = name or getattr(function, "__name__", "your function")
    if not callable(function):
        raise Feedback(f"expected a function for {name}, got {type(function).__name__} {function!r:.60}")
    given = copy.deepcopy((args, kwargs))
    try:
        out = function(*given[0], **given[1])
    except NotImplementedError:
        raise Feedback(f"not answered yet: {name} raises NotImplementedError") from None
    except Feedback:
        raise
    except Exception as error:  # the student's code failed: say how and where, no traceback
        raise Feedback(
            f"{name} raised {type(error).__name__}: {error}{_where_in_student_code(error)}"
        ) from None
    for before, after in zip(args, given[0]):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
            raise Feedback(f"{name} changed its input array in place; compute a new array instead")
    return out


def _ratio(got, expected):
    """The scalar c minimising |got - c expected|, or None when expected is zero."""
    norm = float(np.vdot(expected, expected))
    return float(np.vdot(expected, got)) / norm if norm > 0 else None


def _factor_name(c, n):
    """Words for the factor c when it is a typical slip (2, 1/2, n, 1/n), else None."""
    for value, words in [(2.0, "2 (a missing 1/2?)"), (0.5, "1/2"), (-2.0, "-2"), (-0.5, "-1/2")]:
        if np.isclose(c, value, rtol=1e-6):
            return words
    if n is not None and n > 2:
        if np.isclose(c, n, rtol=1e-6):
            return f"n = {n} (a sum where a mean was asked for?)"
        if np.isclose(c, 1 / n, rtol=1e-6):
            return f"1/n = 1/{n} (a mean where a sum was asked for?)"
    return None


def compare(got, expected, *, name="your answer", rtol=1e-6, atol=1e-8, n=None):
    """Raise `Feedback` naming the likely mistake unless ``got`` matches ``expected``.

    ``got`` is what the student's code returned; ``expected`` the reference (never shown).
    ``n``, when given, is the number of examples, so that a sum-for-mean slip is named.
    Checks, in order: nothing returned, not numbers, shape (transposed, flattened),
    NaN or infinity, then the values: the wrong sign, a constant factor (2, 1/2, n, 1/n),
    a constant offset, agreement only to about 1e-3, and otherwise how many entries differ
    and by how much.
    """
    if got is None:
        raise Feedback(f"{name} returned None: is a `return` missing?")
    expected = np.asarray(expected, dtype=float)
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback(f"{name}: expected numbers, got {type(got).__name__}") from None
    if got.shape != expected.shape:
        hint = ""
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            hint = ": transposed?"
        elif got.size == expected.size:
            hint = ": the right number of entries in the wrong shape (a reshape, a ravel, keepdims?)"
        raise Feedback(f"{name} has shape {got.shape}, expected {expected.shape}{hint}")
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if bad.any():
        raise Feedback(
            f"{name} has {int(bad.sum())} NaN or infinite entries where a finite number was expected "
            "(an overflowing exp, a log of 0, a division by 0?)"
        )
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        raise Feedback(f"{name} has the wrong sign")
    c = _ratio(got, expected)
    if c is not None and np.allclose(got, c * expected, rtol=rtol, atol=atol):
        factor = _factor_name(c, n)
        if factor is None and got.size > 1:  # any two numbers differ by a factor: name one only for arrays
            factor = f"{c:.4g}"
        if factor is not None:
            raise Feedback(f"{name} is off by a constant factor of {factor}")
    offset = got - expected
    if got.size > 1 and np.allclose(
        offset, offset.flat[0], rtol=0, atol=max(atol, rtol * np.abs(expected).max())
    ):
        raise Feedback(f"{name} is off by a constant {offset.flat[0]:.4g} in every entry")
    if np.allclose(got, expected, rtol=1e-3, atol=1e-6):
        worst = np.max(np.abs(offset) / (np.abs(expected) + atol))
        raise Feedback(
            f"{name} agrees only to a relative error of {worst:.1e}, not to {rtol:.0e}: an "
            "approximation (a finite difference, float32) where the exact value is asked for?"
        )
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if got.ndim == 0:
        raise Feedback(f"{name} is {float(got):.6g}, which is not the right value")
    where = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(offset)), got.shape))
    raise Feedback(
        f"{name} differs in {int(wrong.sum())} of {got.size} entries (largest difference "
        f"{np.abs(offset).max():.3g}, at index {where if got.ndim > 1 else where[0]})"
    )


def _log(result):
    path = os.environ.get("MLPKIT_GRADE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(asdict(result)) + "\n")


def exercise(label):
    """Register a checker for the exercise ``label`` (e.g. ``"ex-ch3-sigmoid"``).

    The decorated function prints its verdict and returns a `Result`; ``.quiet(...)``
    returns the `Result` without printing or logging (for tests).
    """
    if not label.startswith("ex-ch") or label in REGISTRY:
        raise ValueError(f"label: expected a new exercise label 'ex-chN-...', got {label!r}")

    def register(checker):
        def evaluate(*answer, **kwargs):
            token = _LABEL.set(label)
            try:
                detail = checker(*answer, **kwargs)
                return Result(label, True, 1.0, f"✓ {label}: {detail or 'passed'}")
            except Feedback as feedback:
                return Result(
                    label, False, min(max(feedback.score, 0.0), 1.0), f"✗ {label}: {feedback.message}"
                )
            except Exception as error:  # an answer of a kind the checker did not foresee
                return Result(
                    label,
                    False,
                    0.0,
                    f"✗ {label}: could not check this answer ({type(error).__name__}: {error})",
                )
            finally:
                _LABEL.reset(token)

        @functools.wraps(checker)
        def run_check(*answer, **kwargs):
            result = evaluate(*answer, **kwargs)
            print(result.message)
            _log(result)
            return result

        run_check.quiet = evaluate
        run_check.label = label
        REGISTRY[label] = run_check
        return run_check

    return register


def run(checker, *answer, **kwargs):
    """The `Result` of ``checker`` on ``answer``, without printing or logging it."""
    return checker.quiet(*answer, **kwargs)
