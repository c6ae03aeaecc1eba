"""Print the OpenBLAS kernels (OPENBLAS_CORETYPE names) this CPU can run, one per line.

numpy's OpenBLAS picks a kernel per CPU at import; forcing another one imitates another
machine. Only kernels whose instructions this CPU has are listed: forcing an AVX-512
kernel on a CPU without AVX-512 dies with SIGILL. On a CPU that is not x86-64 nothing is
printed (its native kernel is the only one it can run).
"""

import platform
from pathlib import Path

# kernel -> CPU flags it needs (as in /proc/cpuinfo), oldest first
KERNELS = {
    "Prescott": {"sse3"},
    "Nehalem": {"sse4_2"},
    "Sandybridge": {"avx"},
    "Haswell": {"avx2", "fma"},
    "SkylakeX": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"},
    "Cooperlake": {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd", "avx512_bf16"},
}


def cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def runnable_kernels(flags=None):
    """The names in KERNELS whose instructions are all in ``flags`` (this CPU's by default)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return []
    flags = cpu_flags() if flags is None else flags
    # /proc/cpuinfo says "pni" for SSE3
    flags = set(flags) | ({"sse3"} if "pni" in flags else set())
    return [name for name, needed in KERNELS.items() if needed <= flags]


if __name__ == "__main__":
    print("\n".join(runnable_kernels()))
