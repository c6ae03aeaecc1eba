"""What every widget shares: a figure redrawn by controls, and fresh axes on demand."""


def axes(ax=None, figsize=(4.5, 4)):
    """``ax`` itself, or the axes of a new figure of size ``figsize`` when ``ax`` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


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
