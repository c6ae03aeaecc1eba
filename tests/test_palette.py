"""The course's colours stay distinguishable for readers with colour-vision deficiency.

Every figure draws with ``plt.style.use("mlpkit.course")`` (mlpkit/course.mplstyle):
Petroff's 10-colour sequence, each colour with its own line style, and ``cividis`` /
``PuOr_r`` (`mlpkit.plot.SEQUENTIAL` / `mlpkit.plot.DIVERGING`) for maps. These tests
simulate deuteranopia, protanopia and tritanopia (Machado et al.'s model at full severity,
as ``colorspacious`` implements it) and measure colour differences in CAM02-UCS, where a
difference of about 1 is just noticeable; and they keep colour names that fail this out
of the chapters and the library.
"""

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

colorspacious = pytest.importorskip("colorspacious", reason="pip install colorspacious (the [test] extra)")
matplotlib = pytest.importorskip("matplotlib")

from matplotlib import colormaps  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from mlpkit import plot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VISION = [None, "deuteranomaly", "protanomaly", "tritanomaly"]
# The smallest CAM02-UCS distance between two palette colours we accept, for every kind of
# vision. Petroff's sequence measures 18.7 (normal), 14.9, 14.5 and 15.3; tab10 falls to
# 4.3 (deuteranopia) and 1.6 (protanopia), which is why it is not used.
MIN_DISTANCE = 12.0


def _seen(rgb, cvd):
    rgb = np.asarray(rgb, dtype=float)
    if cvd is not None:
        rgb = colorspacious.cspace_convert(
            rgb, {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}, "sRGB1"
        )
    return colorspacious.cspace_convert(np.clip(rgb, 0, 1), "sRGB1", "CAM02-UCS")


def _closest_pair(colours, cvd):
    lab = _seen([to_rgb(c) for c in colours], cvd)
    return min(float(np.linalg.norm(lab[i] - lab[j])) for i, j in itertools.combinations(range(len(lab)), 2))


def _course_cycle():
    import matplotlib.pyplot as plt

    with plt.style.context("mlpkit.course"):
        return plt.rcParams["axes.prop_cycle"].by_key(), plt.rcParams["image.cmap"]


def test_the_style_cycles_through_the_palette_with_a_line_style_per_colour():
    cycle, cmap = _course_cycle()
    assert [to_rgb(c) for c in cycle["color"]] == [to_rgb(c) for c in plot.PALETTE]
    assert len(cycle["linestyle"]) == len(plot.PALETTE)
    assert len({str(style) for style in cycle["linestyle"]}) == len(
        plot.PALETTE
    )  # lines differ without colour
    assert cmap == plot.SEQUENTIAL


@pytest.mark.parametrize("cvd", VISION, ids=lambda v: v or "normal")
def test_every_pair_of_palette_colours_stays_distinguishable(cvd):
    assert _closest_pair(plot.PALETTE, cvd) >= MIN_DISTANCE


@pytest.mark.parametrize("cvd", ["deuteranomaly", "protanomaly"])
def test_the_check_would_catch_a_palette_that_fails(cvd):
    tab10 = [colormaps["tab10"](i)[:3] for i in range(10)]
    assert _closest_pair(tab10, cvd) < MIN_DISTANCE


@pytest.mark.parametrize("cvd", VISION, ids=lambda v: v or "normal")
@pytest.mark.parametrize("name", [plot.DIVERGING, plot.SEQUENTIAL])
def test_colour_maps_keep_their_ends_and_middle_apart_and_lightness_monotone(name, cvd):
    cmap = colormaps[name]
    lab = _seen([cmap(x)[:3] for x in np.linspace(0.0, 1.0, 11)], cvd)
    ends = [lab[0], lab[5], lab[10]]
    assert min(np.linalg.norm(a - b) for a, b in itertools.combinations(ends, 2)) >= 25
    lightness = lab[:, 0]
    if name == plot.SEQUENTIAL:  # a magnitude reads as lightness, in order
        assert np.all(np.diff(lightness) > 0)
    else:  # a signed map: light in the middle, darker towards both signs
        assert lightness[5] > lightness[0] and lightness[5] > lightness[10]


# Colour names that are not safe for colour-vision deficiency, as code writes them.
UNSAFE = re.compile(
    r"""["'](coolwarm|RdBu(_r)?|bwr|seismic|jet|hsv|rainbow|gist_rainbow|Spectral(_r)?|RdYlGn(_r)?|"""
    r"""PiYG|PRGn|tab10|tab20[bc]?|Set1|Paired|tab:\w+|red|green|r|g)["']"""
)
COLOUR_KEYWORDS = re.compile(r"(cmap|color|c|colors|facecolor|edgecolor)\s*=\s*")


def _code_cells():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "code":
                yield f"{path.name} cell {index}", "".join(cell["source"])
    for path in sorted((ROOT / "mlpkit").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_no_chapter_or_library_figure_uses_a_colour_that_fails_colour_blind_readers():
    found = []
    for where, code in _code_cells():
        for line in code.splitlines():
            match = UNSAFE.search(line)
            if match and (COLOUR_KEYWORDS.search(line) or match.group(1) not in ("r", "g")):
                found.append(f"{where}: {line.strip()}")
    assert not found, "use 'C0'..'C9', mlpkit.plot.DIVERGING or SEQUENTIAL instead:\n" + "\n".join(found)


def test_every_chapter_draws_in_the_course_style():
    missing = []
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        uses_matplotlib = any("matplotlib" in c for c in code)
        if uses_matplotlib and not any('plt.style.use("mlpkit.course")' in c for c in code[:2]):
            missing.append(path.name)
    assert not missing, f'chapters without plt.style.use("mlpkit.course") in their first cells: {missing}'
