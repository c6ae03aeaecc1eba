"""Interactive demos (ipywidgets), one module per chapter.

Each public function named ``*_demo`` returns an ``ipywidgets.interactive`` whose
callback draws a figure from the knob the section is about; the same drawing function
produces the static sweep that the rendered book shows. Tests discover every ``*_demo``
here and drive its callback headless. ipywidgets and matplotlib are imported lazily.
"""


def interactive_figure(figure, figsize=(5.5, 4), subplots=(1, 1), **controls):
    """An ``ipywidgets.interactive`` that redraws ``figure(**values, ax=ax)`` on fresh axes.

    ``controls`` maps each keyword of ``figure`` to its widget (a slider, a menu); every
    change of a control draws the figure again with the controls' current values.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def draw(**values):
        fig, ax = plt.subplots(*subplots, figsize=figsize)
        figure(**values, ax=ax)
        plt.show()
        plt.close(fig)

    return widgets.interactive(draw, **controls)
