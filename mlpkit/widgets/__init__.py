"""Interactive demos (ipywidgets), one module per chapter: drawing and controls only.

Each public function named ``*_demo`` returns an ``ipywidgets.interactive`` whose
callback draws a figure from the knob the section is about; the same drawing function
(``*_figure(knob, ax=None)``) produces the static sweep that the rendered book shows. The
numbers they draw come from `mlpkit.experiments`. Tests discover every ``*_demo`` here and
drive its callback headless. ipywidgets and matplotlib are imported lazily.
"""

from ._common import axes, interactive_figure

__all__ = ["axes", "interactive_figure"]
