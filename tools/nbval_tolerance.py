"""Compare notebook outputs with a stated numeric tolerance, on top of nbval.

nbval compares every text output of a re-run notebook with the stored one, character for
character; its only other tool is a sanitize file of regular expressions, which can blank
a number but cannot say "within one unit of the last printed digit". A training run on
another OpenBLAS kernel (another CPU) changes the last bits of its floats, and a mean
printed as 0.905 can then round to 0.90 or 0.91. So when nbval finds two outputs that
differ, this plugin looks again:

* the text between the numbers must be the same (runs of spaces count as one space, and the
  spaces next to a number not at all, so a column that gains a minus sign still matches);
* every integer must be the same (counts, sizes, epochs, seeds are exact);
* every decimal number (with a point or an exponent) may differ by at most one unit in the
  last digit printed: 0.22 matches 0.21 and 0.23, not 0.25; 5e-09 matches 6e-09.

Anything else is still a failure, reported by nbval as before. The tolerance is the one
the printed precision states, so a chapter prints only the digits its experiment supports.
"""

import re

# A number as printed: optional sign, digits with an optional fraction (or a bare fraction),
# an optional exponent. Integers are told apart from decimals by having neither '.' nor 'e'.
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def _unit(token):
    """One unit in the last printed digit of a decimal token, e.g. '0.22' -> 0.01, '5e-09' -> 1e-09."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def _is_integer(token):
    return not any(c in token for c in ".eE")


def _split(text):
    """Return (the text with every number replaced by a marker, the numbers in order)."""
    numbers = NUMBER.findall(text)
    skeleton = re.sub(r"\s+", " ", NUMBER.sub("\0", text)).strip()
    skeleton = re.sub(r" ?\0 ?", "\0", skeleton)  # alignment spaces around a number do not count
    return skeleton, numbers


def texts_match(reference, test):
    """True when ``test`` equals ``reference`` up to the tolerance in the module docstring."""
    if reference == test:
        return True
    ref_skeleton, ref_numbers = _split(reference)
    test_skeleton, test_numbers = _split(test)
    if ref_skeleton != test_skeleton or len(ref_numbers) != len(test_numbers):
        return False
    for r, t in zip(ref_numbers, test_numbers):
        if r == t:
            continue
        if _is_integer(r) and _is_integer(t):
            return False
        if abs(float(r) - float(t)) > max(_unit(r), _unit(t)) * (1 + 1e-9):
            return False
    return True


def _texts(outputs, skip):
    """Flatten outputs as nbval does: key (stream name or MIME type) -> list of texts."""
    flat = {}
    for out in outputs:
        for key, value in out.items():
            if key in skip:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in skip:
                        flat.setdefault(mime, []).append(data)
            else:
                flat.setdefault(key, []).append(value)
    return flat


def outputs_match(cell, test, ref, skip):
    """nbval's comparison again, with `texts_match` for strings."""
    from nbval.plugin import transform_streams_for_comparison

    test_flat = _texts(transform_streams_for_comparison(test), skip)
    ref_flat = _texts(transform_streams_for_comparison(ref), skip)
    if test_flat.keys() != ref_flat.keys():
        return False
    for key, ref_values in ref_flat.items():
        test_values = test_flat[key]
        if len(ref_values) != len(test_values):
            return False
        for r, t in zip(ref_values, test_values):
            r, t = cell.sanitize(r), cell.sanitize(t)
            if isinstance(r, str) and isinstance(t, str):
                if not texts_match(r, t):
                    return False
            elif r != t:
                return False
    return True


def install():
    """Wrap ``nbval.plugin.IPyNbCell.compare_outputs`` (called from a conftest.py)."""
    from nbval.plugin import IPyNbCell

    original = IPyNbCell.compare_outputs
    if getattr(original, "_with_tolerance", False):
        return

    def compare_outputs(self, test, ref, skip_compare=None):
        if original(self, test, ref, skip_compare):
            return True
        skip = skip_compare or self.parent.skip_compare
        if outputs_match(self, test, ref, skip):
            self.comparison_traceback = []
            return True
        return False

    compare_outputs._with_tolerance = True
    IPyNbCell.compare_outputs = compare_outputs
