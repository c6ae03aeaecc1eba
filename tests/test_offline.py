"""No network: the tests, the notebooks' kernels and every process they start run offline.

Two guards, both checked here:

- in the pytest process, pytest-socket (``--disable-socket --allow-unix-socket
  --allow-hosts=127.0.0.1,::1,localhost`` in pyproject's ``addopts``): a connection to any
  other host fails the test that makes it;
- in processes started from it (Jupyter kernels for nbval and nbclient, ``subprocess``),
  which pytest-socket cannot reach, ``tools/offline/sitecustomize.py``: the Makefile, and
  ``tests/conftest.py`` for a plain ``pytest`` run, put its folder on ``PYTHONPATH``, and
  Python imports it at start-up. A non-loopback connection raises ``OSError``.

Loopback must stay open: a kernel and its client talk ZMQ over 127.0.0.1, and the book
test serves the built HTML on 127.0.0.1. The address 203.0.113.1 is TEST-NET-3 (RFC 5737),
reserved for documentation: nothing answers there even where a network exists.
"""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

OFFLINE = Path(__file__).resolve().parents[1] / "tools" / "offline"
OUTSIDE = ("203.0.113.1", 80)

PROBE = textwrap.dedent(
    """
    import socket
    print("guard:", getattr(socket, "mlpkit_offline", False))
    try:
        socket.create_connection(("203.0.113.1", 80), timeout=2)
        print("outside: connected")
    except OSError as e:
        print("outside: OSError", e.errno)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    peer, _ = server.accept()
    client.sendall(b"ping")
    print("loopback:", peer.recv(4).decode())
    for s in (client, peer, server):
        s.close()
    """
)


def test_the_offline_folder_is_on_the_path_of_child_processes():
    assert str(OFFLINE) in os.environ.get("PYTHONPATH", "").split(os.pathsep)


def test_pytest_process_cannot_reach_the_network():
    with pytest.raises((OSError, RuntimeError)):  # pytest-socket raises a RuntimeError subclass
        socket.create_connection(OUTSIDE, timeout=2)


def test_pytest_process_keeps_loopback():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


def test_a_subprocess_cannot_reach_the_network_but_keeps_loopback():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:3] == ["guard: True", "outside: OSError 101", "loopback: ping"], (
        proc.stdout
    )


@pytest.mark.slow  # starts a Jupyter kernel
def test_a_notebook_kernel_cannot_reach_the_network_but_keeps_loopback():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
    assert text.split("\n")[:3] == ["guard: True", "outside: OSError 101", "loopback: ping"], text
