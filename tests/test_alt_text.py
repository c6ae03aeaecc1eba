"""Every figure in the chapters says what it shows, for readers who cannot see it.

myst-nb takes a figure's alt text from its cell's metadata (``mystnb: image: alt:``), one
alt per cell, so a cell may output one figure. Without it Sphinx writes the image's hashed
file name as its alt, which a screen reader reads aloud and which automated checkers accept;
this test refuses it. An alt that is only "a plot" or a file name is refused too: it must be
a sentence about the data, with at least one of its numbers. The rendered book is checked
again in tests/test_book.py (the alt on every <img> of every page).
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
GENERIC = re.compile(r"^(an? )?(figure|plot|image|graph|chart|output|picture)\b", re.IGNORECASE)
FILE_NAME = re.compile(r"^[\w./-]+\.(png|jpe?g|svg|gif)$", re.IGNORECASE)


def alt_problem(alt):
    """Why ``alt`` does not describe a figure, or None when it does."""
    if not isinstance(alt, str) or not alt.strip():
        return "no alt text"
    alt = alt.strip()
    if FILE_NAME.match(alt) or re.fullmatch(r"[0-9a-f]{16,}(\.\w+)?", alt):
        return f"a file name, not a description: {alt!r}"
    if len(alt.split()) < 8:
        return f"too short to say what the figure shows ({len(alt.split())} words): {alt!r}"
    if GENERIC.match(alt) and len(alt.split()) < 12:
        return f"generic: {alt!r}"
    if not re.search(r"\d", alt):
        return f"no number from the data: {alt!r}"
    return None


def _figure_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        images = [o for o in cell.get("outputs", []) if any(t in o.get("data", {}) for t in IMAGE_TYPES)]
        if images:
            yield index, cell, images


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_cell_has_one_figure_and_an_alt_that_describes_it(path):
    problems = []
    for index, cell, images in _figure_cells(path):
        if len(images) > 1:
            problems.append(f"cell {index}: {len(images)} figures, but myst-nb gives a cell one alt text")
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        why = alt_problem(alt)
        if why:
            problems.append(f"cell {index}: {why}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_static_sliders_carry_alt_text():
    for path in CHAPTERS:
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            code = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            calls = [line for line in code.splitlines() if "static_knob(" in line and "import" not in line]
            if calls:
                assert "alt=" in code, f"{path.name} cell {index}: static_knob without alt="


@pytest.mark.parametrize(
    "alt, problem",
    [
        (None, "no alt text"),
        ("", "no alt text"),
        ("3f1c9a0b2d4e5f6a7b8c9d0e1f2a3b4c.png", "a file name"),
        ("Training loss per epoch.", "too short"),
        ("A plot of the training and validation loss against the epoch.", "generic"),
        ("The training loss falls quickly while the validation loss stays flat after a while.", "no number"),
    ],
)
def test_the_alt_check_refuses_what_a_screen_reader_user_cannot_use(alt, problem):
    assert problem in alt_problem(alt)
    assert (
        alt_problem(
            "Training loss falls from 2.30 to 0.02 in 30 epochs; validation loss is flat from epoch 8."
        )
        is None
    )
