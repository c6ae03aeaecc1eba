"""Every chapter's widget, driven headless: each ``*_demo`` in ``mlpkit/widgets/*.py``.

For each demo the test builds the ``ipywidgets.interactive`` outside a kernel, then puts
each control in turn at its extremes and in the middle (sliders: min, middle, max;
drop-downs and other option lists: first and last option; check boxes: both),
with the other controls at their defaults, and calls the demo's callback with those
values. The callback must run without error and draw a matplotlib figure. A new module
in ``mlpkit/widgets`` is tested without anyone editing this file.
"""

import importlib
import inspect
import pkgutil

import pytest

matplotlib = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402  (after the skip; conftest chose the Agg backend)

widgets = pytest.importorskip("ipywidgets")
import mlpkit.widgets  # noqa: E402

# Demos whose sweep takes more than about 3 s on one core (pytest --durations): `make quick` skips them.
SLOW_DEMOS = {
    "regularisation.regularisation_demo",
    "initialisation.statistics_demo",
    "risk.srm_demo",
    "network.regions_demo",
}


def discover_demos():
    found = []
    for info in pkgutil.iter_modules(mlpkit.widgets.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"mlpkit.widgets.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_demo") and func.__module__ == module.__name__:
                demo_id = f"{info.name}.{name}"
                marks = [pytest.mark.slow] if demo_id in SLOW_DEMOS else []
                found.append(pytest.param(func, id=demo_id, marks=marks))
    return found


DEMOS = discover_demos()


def settings(control):
    """The values to try for one control: its extremes and a middle value."""
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.min, control.max
        return [control.base**e for e in (lo, (lo + hi) / 2, hi)]
    if isinstance(control, (widgets.IntSlider, widgets.IntRangeSlider, widgets.BoundedIntText)):
        if isinstance(control, widgets.IntRangeSlider):
            return [(control.min, control.min), (control.min, control.max), (control.max, control.max)]
        return [control.min, (control.min + control.max) // 2, control.max]
    if isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        return [control.min, (control.min + control.max) / 2, control.max]
    if isinstance(control, widgets.FloatRangeSlider):
        return [(control.min, control.min), (control.min, control.max), (control.max, control.max)]
    if isinstance(control, widgets.Checkbox) or isinstance(control, widgets.ToggleButton):
        return [False, True]
    if hasattr(control, "options") and len(control.options):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [values[0], values[-1]] if len(values) > 1 else values
    return [control.value]


CREATED = []
_original_init = matplotlib.figure.Figure.__init__


def _recording_init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    CREATED.append(self)


def call(demo, overrides):
    """Run the demo's callback with its controls' values, ``overrides`` applied first.

    The kwargs are built without touching the controls: setting ``control.value`` would make
    ``interactive`` run the callback on every change (and again on restoring the default),
    so each setting would train its network three times instead of once.
    """
    kwargs = {
        c._kwarg: (overrides[c] if c in overrides else c.get_interact_value()) for c in demo.kwargs_widgets
    }
    CREATED.clear()
    matplotlib.figure.Figure.__init__ = _recording_init  # see every figure, even one the callback closes
    try:
        result = demo.f(**kwargs)
        drawn = [f for f in CREATED if f.axes] + [f for f in map(plt.figure, plt.get_fignums()) if f.axes]
        made_figure = bool(drawn) or isinstance(result, (matplotlib.figure.Figure, matplotlib.axes.Axes))
        return made_figure, kwargs
    finally:
        matplotlib.figure.Figure.__init__ = _original_init
        plt.close("all")
        CREATED.clear()


def test_widget_modules_have_demos():
    assert DEMOS, "no *_demo function found in mlpkit/widgets"


@pytest.mark.parametrize("make_demo", DEMOS)
def test_demo_callback_at_every_extreme(make_demo):
    demo = make_demo()
    assert isinstance(demo, widgets.interactive), (
        f"{make_demo.__name__}() should return ipywidgets.interactive"
    )
    assert demo.kwargs_widgets, f"{make_demo.__name__}(): no controls"
    made, kwargs = call(demo, {})
    assert made, f"{make_demo.__name__} at its defaults {kwargs} drew no figure"
    for control in demo.kwargs_widgets:
        for value in settings(control):
            made, kwargs = call(demo, {control: value})
            assert made, f"{make_demo.__name__} with {control._kwarg}={value!r} ({kwargs}) drew no figure"


def test_static_knob_embeds_one_labelled_frame_per_value_with_alt_text():
    import numpy as np

    from mlpkit.widgets._common import static_knob

    calls = []

    def wave(freq, ax, amp):
        calls.append((freq, amp))
        x = np.linspace(0, 1, 20)
        ax.plot(x, amp * np.sin(freq * x))

    alt = "A sine wave whose frequency grows from 1 to 8 as the slider moves."
    page = static_knob(wave, "freq", [1, 2, 4, 8], alt=alt, amp=1.5).data
    assert {c for c in calls} == {(1, 1.5), (2, 1.5), (4, 1.5), (8, 1.5)}
    assert page.count("data:image/png") == 4
    assert f'alt="{alt}"' in page
    assert 'type="range" aria-label="freq: frame 1 to 4, values 1 to 8"' in page
    assert not plt.get_fignums()  # the figure behind the frames is closed
    with pytest.raises(ValueError, match="values: expected at least one value of 'freq'"):
        static_knob(wave, "freq", [], alt=alt, amp=1.0)
    with pytest.raises(ValueError, match="alt: expected a sentence"):
        static_knob(wave, "freq", [1], alt="sine", amp=1.0)
