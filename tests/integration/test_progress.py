"""``fit(..., progress=True)``: a text bar in a terminal, a widget bar in a notebook.

mlpkit.training uses ``tqdm.auto``: in a terminal it writes a text bar to stderr, in a
Jupyter kernel with ipywidgets an ``IntProgress`` widget. Without tqdm it prints one
plain line per epoch. The default ``progress=False`` prints nothing, which is what keeps
nbval's comparison of stored outputs stable; a notebook cell that does show a bar must
be tagged ``nbval-ignore-output`` (checked below for every chapter).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
{prelude}
import mlpkit as mk
from mlpkit.data import moons
X, y = moons(n=64, seed=0)
net = mk.MLP([2, 8, 2], seed=0)
history = mk.fit(net, mk.SoftmaxCrossEntropy(), mk.SGD(net.parameters(), lr=0.1), X, y,
                 epochs=5, progress={progress})
print("epochs run:", len(history))
"""


def run_in_terminal(progress=True, prelude=""):
    code = SCRIPT.format(progress=progress, prelude=prelude)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_terminal_shows_a_text_progress_bar():
    proc = run_in_terminal(progress=True)
    assert proc.returncode == 0, proc.stderr
    assert "epochs run: 5" in proc.stdout
    bar = proc.stderr
    assert "fit:" in bar and "5/5" in bar and "100%" in bar, f"no tqdm text bar on stderr: {bar!r}"
    assert "epoch/s" in bar and "loss=" in bar, f"the bar should show the rate and the loss: {bar!r}"


def test_terminal_without_tqdm_prints_one_line_per_epoch():
    proc = run_in_terminal(
        progress=True, prelude="sys.modules['tqdm'] = None; sys.modules['tqdm.auto'] = None"
    )
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("epoch ")]
    assert [line.split()[1] for line in lines] == [f"{i}/5" for i in range(1, 6)], proc.stdout
    assert all("train_loss" in line for line in lines)


def test_no_progress_prints_nothing():
    proc = run_in_terminal(progress=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "epochs run: 5"
    assert "fit:" not in proc.stderr


@pytest.mark.slow  # starts a Jupyter kernel
def test_notebook_shows_a_widget_progress_bar(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("ipywidgets")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SCRIPT.format(progress=True, prelude=""))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = nb.cells[0].outputs
    widget_views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widget_views, f"no widget progress bar in the notebook output: {outputs}"
    state = (
        nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    )
    assert any(
        m.get("model_name") == "FloatProgressModel" or m.get("model_name") == "IntProgressModel"
        for m in state.values()
    ), "the saved widget state has no progress model"
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "epochs run: 5" in text


def _chapters():
    book = ROOT / "book"
    return sorted(p for p in book.glob("*.ipynb"))


@pytest.mark.parametrize("path", _chapters(), ids=lambda p: p.name)
def test_cells_showing_a_progress_bar_are_ignored_by_nbval(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        src = "".join(cell.get("source", ""))
        if cell["cell_type"] == "code" and "progress=True" in src:
            tags = cell.get("metadata", {}).get("tags", [])
            assert "nbval-ignore-output" in tags, (
                f"{path.name} cell {i} shows a progress bar: tag it nbval-ignore-output"
            )
