"""pytest configuration for the chapters: nbval compares printed numbers within one unit
of their last printed digit (tools/nbval_tolerance.py says why and how)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import nbval_tolerance  # noqa: E402

nbval_tolerance.install()
