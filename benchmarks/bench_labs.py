"""Each lab's run time and peak kernel memory, to fit Binder's small sessions.

Runs every lab's nbgrader *source* notebook (with solutions, so every cell does its work) top
to bottom with nbclient in a temporary copy, and reads the kernel's peak resident memory
(``VmHWM`` in ``/proc/<pid>/status``) before shutting it down. Targets: under 10 s and under
300 MB per lab. Run: ``python benchmarks/bench_labs.py``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(path: Path, workdir: Path) -> tuple[float, float]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        elapsed = time.perf_counter() - start
        pid = client.km.provisioner.process.pid
        rss = peak_rss_mb(pid)
    return elapsed, rss


def main() -> None:
    sources = sorted((ROOT / "grading" / "source").glob("*/*.ipynb"))
    notebooks = [ROOT / "labs" / "00-bienvenida.ipynb", *sources]
    print(f"{'lab':<24}{'time':>9}{'peak RSS':>12}")
    worst_t = worst_m = 0.0
    for nb in notebooks:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for f in nb.parent.iterdir():
                if f.is_file():
                    shutil.copy(f, work / f.name)
            t, m = run(work / nb.name, work)
        worst_t, worst_m = max(worst_t, t), max(worst_m, m)
        print(f"{nb.stem:<24}{t:8.1f}s{m:9.0f} MB")
    print(f"worst: {worst_t:.1f} s (target < 10 s), {worst_m:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
