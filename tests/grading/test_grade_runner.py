"""``k8slab grade``: parallel autograde with limits, one gradebook, and the out-of-kernel re-check.

A small class of lab 06 is graded twice — by ``k8slab grade`` (2 workers) and, for the
submissions plain nbgrader can survive, by serial ``nbgrader autograde`` — and compared:

* ``correcto`` and ``parcial``: graded, with exactly nbgrader's scores per grade cell;
* ``bucle`` (an answer cell that never ends): stopped at the wall-clock limit, marked, not
  graded — and the rest of the class is not held up;
* ``memoria`` (an answer cell that allocates 4 GiB): gets ``MemoryError`` under RLIMIT_AS,
  the rest of its notebook is graded, and it is marked;
* ``trampa`` replaces ``subprocess.run`` and ``importlib.reload`` in its kernel, which fools the in-kernel tests (full
  marks from nbgrader too), and the re-check flags every cell it fooled.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from k8slab.grade import gradebook as gbm
from k8slab.grade.limits import descendants, kill_tree
from k8slab.grade.recheck import plan_from_source

from .course import GRADING, nbgrader, submit
from .golden import GOLDEN, WRONG_YAML

LAB = "06-reto-final"
TIMEOUT = 40  # wall clock per submission in these tests (the loop is stopped here)

# Replaces subprocess.run in the kernel and disarms importlib.reload, which the grading cells
# use to restore subprocess and k8slab.checks: every in-kernel check "passes". Only a check
# outside the student's kernel (the re-check) can see through it.
SUBPROCESS_CHEAT = (
    "import importlib, subprocess\n"
    "importlib.reload = lambda module: module\n"
    "class _R:\n"
    "    returncode = 0\n"
    '    stdout = \'{"ok": true, "mensajes": []}\\n\'\n'
    "    stderr = ''\n"
    "subprocess.run = lambda *a, **k: _R()\n"
)


def make_course(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(GRADING / "nbgrader_config.py", dest)
    (dest / "source").mkdir()
    shutil.copy(GRADING / "source" / "header.ipynb", dest / "source")
    shutil.copytree(GRADING / "source" / LAB, dest / "source" / LAB)
    r = nbgrader(dest, "generate_assignment", LAB, "--force")
    assert r.returncode == 0, r.stderr
    return dest


def students() -> dict[str, tuple[dict, float | None]]:
    golden = GOLDEN[LAB]()
    correct, _ = golden["correcto"]
    loop = dict(correct)
    loop["l6-ej2-respuesta"] = "while True:\n    pass\n" + correct["l6-ej2-respuesta"]
    hog = dict(correct)
    hog["l6-ej1-respuesta"] = "reserva = b'x' * (4 * 1024**3)\n" + correct["l6-ej1-respuesta"]
    cheat = {
        "l6-ej1-respuesta": SUBPROCESS_CHEAT + f"tienda_yaml = {WRONG_YAML}",
        "l6-ej2-respuesta": f"pagos_yaml = {WRONG_YAML}",
        "l6-ej3-respuesta": 'fqdn_pagos = "pagos"',
        "l6-ej4-respuesta": f"ingress_yaml = {WRONG_YAML}",
        "l6-ej5-respuesta": "url_https = 'https://172.18.0.4:443/'\nservicio_cobro = 'pagos'",
    }
    return {
        "correcto": (correct, 10.0),
        "parcial": (golden["parcial"][0], 5.0),
        "bucle": (loop, None),
        "memoria": (hog, 8.0),  # ej1 (2 points) lost to the MemoryError
        "trampa": (cheat, 10.0),  # what the fooled in-kernel tests give
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = make_course(tmp_path_factory.mktemp("grade") / "course")
    for name, (answers, _) in students().items():
        submit(base, LAB, name, answers)
    report = base.parent / "informe.json"
    t0 = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "k8slab.grade",
            LAB,
            "--curso",
            str(base),
            "--workers",
            "2",
            "--tiempo",
            str(TIMEOUT),
            "--memoria",
            "1536",
            "--informe",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.monotonic() - t0
    return base, proc, {e["alumno"]: e for e in json.loads(report.read_text())}, elapsed


def test_exit_status_and_progress_bar(graded):
    _, proc, _, _ = graded
    assert proc.returncode == 2, proc.stdout + proc.stderr  # some submissions need a look
    # (text mode turns the bar's \r into newlines)
    assert "[######" in proc.stderr and "] 5/5" in proc.stderr
    assert "Revisa:" in proc.stdout


def test_honest_submissions_get_their_scores(graded):
    _, _, report, _ = graded
    for name, (_, expected) in students().items():
        if name != "bucle":
            assert report[name]["estado"] == "calificada", report[name]
            assert report[name]["puntos"] == expected, (name, report[name])


def test_the_infinite_loop_is_stopped_and_marked(graded):
    base, _, report, elapsed = graded
    assert report["bucle"]["estado"] == "tiempo agotado"
    assert "tiempo agotado" in report["bucle"]["marcas"]
    assert report["bucle"]["puntos"] is None  # not in the gradebook: an instructor decides
    assert gbm.scores(base / "gradebook.db", LAB, "bucle") == {}
    # Everyone else was graded meanwhile: the whole run is far below one loop's worth of
    # nbgrader's own per-cell timeout (60 s) after the limit.
    assert elapsed < TIMEOUT + 120


def test_no_kernel_survives(graded):
    base, _, _, _ = graded
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    assert str(base) not in out


def test_the_memory_hog_is_limited_and_marked(graded):
    _, _, report, _ = graded
    assert "MemoryError" in report["memoria"]["marcas"]
    assert report["memoria"]["puntos"] == 8.0


def test_one_gradebook_and_feedback_work(graded):
    base, _, _, _ = graded
    for name in ("correcto", "parcial", "memoria", "trampa"):
        assert (base / "autograded" / name / LAB / f"{LAB}.ipynb").exists()
    fb = nbgrader(base, "generate_feedback", LAB)
    assert fb.returncode == 0, fb.stderr[-2000:]
    assert (base / "feedback" / "parcial" / LAB / f"{LAB}.html").exists()


def test_scores_identical_to_serial_nbgrader(graded, tmp_path):
    base, _, _, _ = graded
    serial = make_course(tmp_path / "serial")
    for name, (answers, _) in students().items():
        if name in ("correcto", "parcial", "trampa"):
            submit(serial, LAB, name, answers)
    r = nbgrader(serial, "autograde", LAB)
    assert r.returncode == 0, r.stderr[-2000:]
    for name in ("correcto", "parcial", "trampa"):
        ours = gbm.scores(base / "gradebook.db", LAB, name)
        theirs = gbm.scores(serial / "gradebook.db", LAB, name)
        assert ours == theirs and ours, name


def test_recheck_agrees_with_honest_students(graded):
    _, _, report, _ = graded
    for name in ("correcto", "parcial", "memoria"):
        assert report[name]["desacuerdos"] == [], report[name]
    assert report["correcto"]["recheck_puntos"] == 10
    assert report["parcial"]["recheck_puntos"] == 5


def test_recheck_flags_the_subprocess_cheat(graded):
    _, proc, report, _ = graded
    cheat = report["trampa"]
    assert cheat["puntos"] == 10.0  # the in-kernel tests were fooled …
    assert cheat["recheck_puntos"] == 0  # … the re-check was not
    flagged = {d.split(":", 1)[0] for d in cheat["desacuerdos"]}
    assert flagged == {
        "l6-ej1-forma",
        "l6-ej1-valores",
        "l6-ej2-forma",
        "l6-ej2-valores",
        "l6-ej3",
        "l6-ej4-forma",
        "l6-ej4-valores",
        "l6-ej5a",
        "l6-ej5b",
    }
    assert "trampa: DESACUERDO" in proc.stdout


# ------------------------------------------------------------------------------ units
def test_plan_reads_the_verificar_calls_of_the_source():
    plan = plan_from_source(GRADING / "source" / LAB / f"{LAB}.ipynb")
    assert plan.variables == [
        "tienda_yaml",
        "pagos_yaml",
        "fqdn_pagos",
        "ingress_yaml",
        "url_https",
        "servicio_cobro",
    ]
    assert sum(t.points for t in plan.tests) == 10
    assert [c.ejercicio for t in plan.tests for c in t.llamadas] == [
        "ej1:forma",
        "ej1",
        "ej2:forma",
        "ej2",
        "ej3",
        "ej4:forma",
        "ej4",
        "ej5a",
        "ej5b",
    ]


def test_kill_tree_reaches_a_grandchild_in_another_session():
    code = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], "
        "start_new_session=True)\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    grandchild = int(parent.stdout.readline())
    assert grandchild in descendants(parent.pid)
    kill_tree(parent.pid)
    parent.wait(timeout=10)
    assert parent.returncode == -signal.SIGKILL
    for _ in range(50):
        try:
            state = Path(f"/proc/{grandchild}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state == "Z":  # dead, waiting for init to reap it
            break
        time.sleep(0.1)
    else:
        pytest.fail("the grandchild survived")
