"""No network for any Python process started with this folder on ``PYTHONPATH``.

Python imports a module named ``sitecustomize`` at start-up, from the first folder on
``sys.path`` that has one. The Makefile puts ``tools/offline`` on ``PYTHONPATH`` for every
test and notebook run, so the Jupyter kernels that nbval, nbclient and the tests start (they
are subprocesses, out of reach of pytest-socket in the pytest process) import this file
first. It replaces ``socket.socket.connect`` and ``connect_ex``: an internet (IPv4/IPv6)
connection to anything but a loopback address raises ``OSError`` (ENETUNREACH) with a message
saying why. Loopback stays open, because a kernel talks to its client over 127.0.0.1, and so
do Unix sockets. ``tests/test_offline.py`` checks both inside a real kernel.

Set ``MLPKIT_ALLOW_NETWORK=1`` to switch this off for one command.
"""

import errno
import ipaddress
import os
import socket

_INTERNET = {socket.AF_INET, socket.AF_INET6}
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_loopback(host):
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:  # a host name other than localhost would need a DNS look-up: refused
        return False


def _check(sock, address):
    if sock.family in _INTERNET and isinstance(address, tuple) and not _is_loopback(address[0]):
        where = ":".join(str(part) for part in address[:2])
        raise OSError(
            errno.ENETUNREACH,
            f"network access is blocked here: {where} is not a loopback address. The book, its "
            "notebooks and its tests run offline (tools/offline/sitecustomize.py; "
            "MLPKIT_ALLOW_NETWORK=1 switches the block off)",
        )


def _connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


if os.environ.get("MLPKIT_ALLOW_NETWORK") != "1":
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.mlpkit_offline = True  # a marker that tests/test_offline.py looks for
