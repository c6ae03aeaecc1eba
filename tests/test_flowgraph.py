"""Tests of mlpkit/flowgraph.py: chapter 5's scalar flow graph, fprop and bprop.

The values and gradients are compared with the loss written out as one numpy expression,
differentiated by _helpers' finite differences and by hand.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import flowgraph as F

from _helpers import check_raises, fd_grad

NAMES = ("x", "w1", "b1", "w2", "w3")


def closed_form_loss(theta):
    """l = -log sigm(w3 (h1 + tanh(w2 h1))), h1 = tanh(w1 x + b1), with theta = (x, w1, b1, w2, w3)."""
    x, w1, b1, w2, w3 = theta
    h1 = np.tanh(w1 * x + b1)
    a3 = w3 * (h1 + np.tanh(w2 * h1))
    return np.log1p(np.exp(-a3))


reals = st.floats(-3, 3, allow_nan=False)


@given(x=reals, w1=reals, b1=reals, w2=reals, w3=reals)
def test_fprop_and_bprop_match_the_closed_form(x, w1, b1, w2, w3):
    result = F.flow_graph(x, w1=w1, b1=b1, w2=w2, w3=w3)
    theta = np.array([x, w1, b1, w2, w3])
    assert result["value"]["l"] == pytest.approx(closed_form_loss(theta), rel=1e-12, abs=1e-14)
    numeric = fd_grad(lambda: closed_form_loss(theta), theta)
    analytic = np.array([result["grad"][n] for n in NAMES])
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_gradient_of_x_by_hand():
    x, (w1, b1, w2, w3) = 0.7, F.WEIGHTS.values()
    h1 = np.tanh(w1 * x + b1)
    t = np.tanh(w2 * h1)
    a3 = w3 * (h1 + t)
    dl_da3 = -1.0 / (1.0 + np.exp(a3))
    dl_dh1 = dl_da3 * w3 * (1.0 + w2 * (1.0 - t**2))  # two paths: straight and through tanh(w2 h1)
    expected = dl_dh1 * (1.0 - h1**2) * w1
    assert F.flow_graph(x)["grad"]["x"] == pytest.approx(expected, rel=1e-12)


def test_a_box_read_twice_sums_its_two_messages():
    result = F.flow_graph(0.3)
    msgs = result["message"]
    assert result["grad"]["h1"] == pytest.approx(msgs["h1", "a2"] + msgs["h1", "h2"], rel=1e-14)
    parents = {}
    for child, parent in msgs:
        parents.setdefault(child, []).append(parent)
    assert parents["h1"] == ["h2", "a2"]  # bprop order: h2 sends first (reverse topological order)
    for child, ps in parents.items():
        if child != "h1":
            assert len(ps) == 1 and result["grad"][child] == msgs[child, ps[0]]


def test_weight_gradient_is_zero_when_the_input_is_zero():
    result = F.flow_graph(0.0)
    assert result["grad"]["w1"] == 0.0 and result["grad"]["b1"] != 0.0  # grad W = grad a * x


def test_graph_is_in_topological_order():
    seen = set()
    for name, op, children in F.GRAPH:
        assert all(c in seen for c in children), name
        assert (op == "leaf") == (not children)
        seen.add(name)
    assert [name for name, _, _ in F.GRAPH] == [
        "x",
        "w1",
        "m1",
        "b1",
        "a1",
        "h1",
        "w2",
        "a2",
        "t",
        "h2",
        "w3",
        "a3",
        "l",
    ]


def test_boxes_built_by_hand_and_a_value_used_twice():
    a, b = F.Box(2.0, name="a"), F.Box(-3.0, name="b")
    out = (a * a + a * b).tanh()  # a read three times
    F.backward(out)
    s = 4.0 - 6.0
    assert out.value == pytest.approx(math.tanh(s))
    assert a.grad == pytest.approx((1 - math.tanh(s) ** 2) * (2 * 2.0 - 3.0), rel=1e-14)
    assert b.grad == pytest.approx((1 - math.tanh(s) ** 2) * 2.0, rel=1e-14)


def test_backward_twice_gives_the_same_gradients():
    loss = F.residual_graph(0.4)
    F.backward(loss)
    first = [b.grad for b in F.topological_order(loss)]
    F.backward(loss)  # gradients are reset, not accumulated across calls
    assert [b.grad for b in F.topological_order(loss)] == first


def test_loss_box_is_stable_for_large_logits():
    for a in (-800.0, 800.0):
        box = F.Box(a).neg_log_sigmoid()
        assert math.isfinite(box.value) and math.isfinite(box.partials[0])
    assert F.Box(-800.0).neg_log_sigmoid().partials[0] == pytest.approx(-1.0)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"x": "1"}, TypeError, ["x"]),
        ({"x": float("inf")}, ValueError, ["x"]),
        ({"x": 1.0, "w2": None}, TypeError, ["w2"]),
        ({"x": 1.0, "b1": float("nan")}, ValueError, ["b1"]),
    ],
)
def test_bad_input_names_the_argument(kwargs, exc, words):
    check_raises(exc, words, F.flow_graph, **kwargs)
