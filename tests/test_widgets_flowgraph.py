"""Tests of mlpkit/widgets/flowgraph.py: chapter 5's drawing of the flow graph and its slider
(the engine itself is tested in test_flowgraph.py)."""

import matplotlib.pyplot as plt

from mlpkit import flowgraph
from mlpkit.widgets import flowgraph as F

from _helpers import check_raises


def teardown_function():
    plt.close("all")


def test_figure_shows_every_box_and_message():
    ax = F.flowgraph_figure(x=-1.5)
    texts = [t.get_text() for t in ax.texts if t.get_text()]  # arrows are empty annotations
    assert len(texts) == len(flowgraph.GRAPH) + sum(len(c) for _, _, c in flowgraph.GRAPH)
    value_h1 = flowgraph.flow_graph(-1.5)["value"]["h1"]
    assert any(t.startswith("h1\n") and f"{value_h1:+.2f}" in t for t in texts)
    assert "x = -1.50" in ax.get_title()


def test_figure_rejects_bad_x():
    check_raises(TypeError, ["x"], F.flowgraph_figure, x=[1.0])


def test_demo_redraws_at_slider_ends():
    demo = F.flowgraph_demo()
    slider = demo.kwargs_widgets[0]
    for value in (slider.min, slider.max):
        slider.value = value
        demo.update()
