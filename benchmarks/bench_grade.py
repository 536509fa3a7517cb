"""A class of 30: plain serial ``nbgrader autograde`` vs ``k8slab grade`` with 2 workers.

Run: ``python benchmarks/bench_grade.py [--lab 06-reto-final] [--students 30] [--workers 2]
[--sin-reexamen]``. Builds one nbgrader course (the lab's source from ``grading/``, released
with the real ``nbgrader generate_assignment``), submits N students cycling through the lab's
golden submissions (``tests/grading/golden_<lab>.py``: correct, partly right, blank, cheats),
copies it twice and grades each copy, in one run:

* ``python -m nbgrader autograde LAB`` (serial, as nbgrader does it);
* ``python -m k8slab grade LAB --workers 2`` (parallel, limits, merge into one gradebook, and
  the out-of-kernel re-check unless ``--sin-reexamen``).

Prints both wall-clock times and the speed-up (target: >= 1.8x on 2 cores), and asserts that
every student's score — per grade cell and in total — is identical in the two gradebooks.
Both commands run as subprocesses, each paying its own interpreter and nbgrader start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.grading.course import submit  # noqa: E402
from tests.grading.golden import GOLDEN  # noqa: E402

GRADING = ROOT / "grading"


def build_course(dest: Path, lab: str, n: int) -> dict[str, float]:
    """A course with only ``lab`` released and ``n`` submissions; returns expected totals."""
    dest.mkdir(parents=True)
    shutil.copy(GRADING / "nbgrader_config.py", dest)
    (dest / "source").mkdir()
    shutil.copy(GRADING / "source" / "header.ipynb", dest / "source")
    shutil.copytree(GRADING / "source" / lab, dest / "source" / lab)
    r = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", lab, "--force"],
        cwd=dest,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    golden = GOLDEN[lab]()
    names = list(golden)
    expected = {}
    for i in range(n):
        kind = names[i % len(names)]
        answers, score = golden[kind]
        student = f"{kind}-{i:02d}"
        submit(dest, lab, student, answers)
        expected[student] = float(score)
    return expected


def cell_scores(course: Path, lab: str) -> dict[str, dict[str, float]]:
    code = (
        "import json\nfrom nbgrader.api import Gradebook\n"
        "with Gradebook('sqlite:///gradebook.db') as gb:\n"
        f"    a = gb.find_assignment({lab!r})\n"
        "    print(json.dumps({s.student.id: {g.name: g.score for nb in s.notebooks "
        "for g in nb.grades} for s in a.submissions}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=course, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lab", default="06-reto-final")
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sin-reexamen", action="store_true", help="k8slab grade without re-check")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        base = Path(tmp) / "base"
        expected = build_course(base, args.lab, args.students)
        serial = Path(tmp) / "serial"
        shutil.copytree(base, serial)
        print(
            f"{args.students} submissions of {args.lab} "
            f"({len(set(k.rsplit('-', 1)[0] for k in expected))} golden kinds), "
            f"{os.cpu_count()} cores, load average before {os.getloadavg()[0]:.2f}"
        )

        t_serial, p = timed([sys.executable, "-m", "nbgrader", "autograde", args.lab], serial)
        if p.returncode != 0:
            raise SystemExit(f"nbgrader autograde failed:\n{p.stderr[-3000:]}")
        print(f"  nbgrader autograde (serial)                 {t_serial:7.1f} s")
        reference = cell_scores(serial, args.lab)
        totals = {s: sum(c.values()) for s, c in reference.items()}
        assert totals == expected, f"unexpected totals: {totals} != {expected}"

        variants = [("without re-check", ["--sin-reexamen"]), ("with re-check", [])]
        if args.sin_reexamen:
            variants = variants[:1]
        for what, extra in variants:
            course = Path(tmp) / ("parallel" + "-".join(extra))
            shutil.copytree(base, course)
            informe = course / "informe.json"
            cmd = [sys.executable, "-m", "k8slab.grade", args.lab, "--workers", str(args.workers)]
            cmd += ["--quiet", "--informe", str(informe), *extra]
            t_par, p = timed(cmd, course)
            if p.returncode not in (0, 2):
                raise SystemExit(f"k8slab grade failed:\n{p.stdout}\n{p.stderr[-3000:]}")
            speedup = t_serial / t_par
            verdict = "met" if speedup >= 1.8 else "NOT met"
            print(
                f"  k8slab grade, {args.workers} workers, {what:16} {t_par:7.1f} s   "
                f"speed-up {speedup:4.2f}x (target >= 1.8x: {verdict})"
            )
            for e in json.loads(informe.read_text()):
                if e["estado"] != "calificada" or e["detalle"]:
                    print(f"    {e['alumno']}: {e['estado']} {e['detalle'][-300:]}")
            got = cell_scores(course, args.lab)
            assert got == reference, f"scores differ:\nserial   {reference}\nparallel {got}"
            report = json.loads(informe.read_text())
            flagged = [e["alumno"] for e in report if e["desacuerdos"]]
            if not extra:
                print(f"    re-check disagreements: {len(flagged)} {flagged or ''}".rstrip())
        print(
            f"  scores identical to serial nbgrader for all {len(reference)} students "
            f"(per grade cell and in total); load average after {os.getloadavg()[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
