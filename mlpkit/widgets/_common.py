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


def static_knob(figure, knob, values, *, alt, figsize=(5.5, 4), subplots=(1, 1), dpi=72, **fixed):
    """A widget's main control for the static book: a slider over precomputed frames.

    The rendered book cannot run Python, so an ``ipywidgets`` slider there would move and
    change nothing. This draws ``figure(**{knob: v}, **fixed, ax=ax)`` once for each ``v``
    in ``values`` and embeds the frames with matplotlib's ``to_jshtml``: the reader drags the
    slider (or focuses it and presses the arrow keys) and the figure changes, with no
    kernel. The full widget stays for JupyterLab.

    Parameters
    ----------
    figure : callable
        The widget's drawing function, called as ``figure(**{knob: value}, **fixed, ax=ax)``.
    knob : str
        The keyword of ``figure`` the slider moves; it also labels the slider.
    values : sequence
        The knob's values, one frame each (keep it to about a dozen: each frame is a PNG
        in the page).
    alt : str
        What the frames show as the knob moves, for readers who cannot see them; it becomes
        the image's alt text.
    figsize, subplots, dpi
        The figure's size, its grid of axes, and the frames' resolution.
    **fixed
        The other keywords of ``figure``, held fixed.

    Returns
    -------
    IPython.display.HTML
        The frames and their controls (a labelled range input, play and step buttons).
    """
    import html

    import matplotlib.pyplot as plt
    from IPython.display import HTML
    from matplotlib.animation import FuncAnimation

    values = list(values)
    if not values:
        raise ValueError(f"values: expected at least one value of {knob!r}, got none")
    if not isinstance(alt, str) or len(alt.split()) < 5:
        raise ValueError(f"alt: expected a sentence saying what the frames show, got {alt!r}")
    # constrained layout leaves room for the knob's caption above the figure's own titles
    fig = plt.figure(figsize=figsize, dpi=dpi, layout="constrained")

    def draw(i):
        fig.clear()  # each frame from scratch, so colour bars or twin axes do not pile up
        ax = fig.subplots(*subplots)
        figure(**{knob: values[i]}, **fixed, ax=ax)
        fig.suptitle(f"{knob} = {values[i]}")

    animation = FuncAnimation(fig, draw, frames=len(values))
    page = animation.to_jshtml(fps=2, default_mode="once")
    plt.close(fig)
    # matplotlib's template leaves the image without alt text and the slider without a label.
    page = page.replace('<img id="_anim_img', f'<img alt="{html.escape(alt)}" id="_anim_img', 1)
    label = html.escape(f"{knob}: frame 1 to {len(values)}, values {values[0]} to {values[-1]}")
    page = page.replace('type="range"', f'type="range" aria-label="{label}"', 1)
    return HTML(page)
