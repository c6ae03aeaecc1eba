"""Self-checks for the chapters' exercises: call one with your answer, read what differs.

In a chapter::

    from mlpkit.exercises import check

    def sigmoid_grad(a):
        ...                                   # your answer

    check.ex_ch3_sigmoid(sigmoid_grad)        # ✓ passed, or ✗ and what is wrong

Each checker is named after its exercise's label (``ex-ch3-sigmoid`` -> ``ex_ch3_sigmoid``),
takes your function (not a number you printed) and tries it on fresh random inputs, so a
copied output earns nothing. It never shows the reference answer. The checkers live in
``mlpkit/exercises/chNN.py``, one module per chapter; ``_check.py`` holds what they share.
"""

import importlib
import pkgutil

from ._check import REGISTRY, Feedback, Result, run

for _info in pkgutil.iter_modules(__path__):
    if _info.name.startswith("ch"):
        importlib.import_module(f"{__name__}.{_info.name}")


class _Checks:
    """Every checker as an attribute, ``check.ex_ch3_sigmoid``; ``dir(check)`` lists them."""

    def __getattr__(self, name):
        for checker in REGISTRY.values():
            if checker.__name__ == name:
                return checker
        raise AttributeError(f"no exercise check named {name!r}; dir(check) lists them")

    def __dir__(self):
        return sorted(checker.__name__ for checker in REGISTRY.values())

    def __repr__(self):
        return f"<{len(REGISTRY)} exercise checks: {', '.join(dir(self))}>"


check = _Checks()


def labels(chapter=None):
    """The exercise labels that have a check, all or those of one chapter (an int)."""
    found = sorted(REGISTRY, key=lambda label: (int(label.split("-")[1][2:]), label))
    if chapter is None:
        return found
    return [label for label in found if label.startswith(f"ex-ch{int(chapter)}-")]


__all__ = ["check", "labels", "run", "Feedback", "Result"]
