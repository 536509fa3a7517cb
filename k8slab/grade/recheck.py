"""The out-of-kernel re-check: regrade a submission's answers without the rest of its code.

nbgrader's tests run inside the student's kernel, after every cell the student wrote or
added. The checks are built to resist that (``k8slab.checks`` reloads itself and runs each
check in a fresh interpreter), but a kernel can be tampered with in ways no in-kernel test can
rule out — ``subprocess.run`` or ``json.loads`` replaced, say. The re-check gives a second,
independent verdict:

1. **What the tests ask.** The test cells of the *instructor's* source notebook (hidden tests
   included) are parsed with ``ast``: every ``verificar("lab", "ejercicio", var, …)`` call
   gives the check and the names of the answer variables it reads.
2. **The answers.** The solution cells (by nbgrader ``grade_id``) of the *submitted* notebook
   are executed, in order, in a fresh interpreter (``python -I k8slab/grade/_driver.py``) under
   the same memory and time limits as autograde; nothing else of the notebook runs — not the
   student's added cells, not the test cells. If an answer variable is then missing because a
   solution cell needs something the instructor's locked cells define (``lab``, a constant), the
   driver runs once more with the locked cells too (their source comes from the instructor's
   notebook, as autograde restores it). The driver only reports the variables' values, as JSON.
3. **The verdict.** This process — which never ran student code — calls
   ``k8slab.checks.evaluar`` with those values, exactly as the test cells call ``verificar``.
   A test cell passes when all of its calls pass.

The runner then compares, cell by cell, with nbgrader's in-kernel result. Disagreements are
reported, never silently resolved: *in-kernel pass, re-check fail* is what a tampered kernel
looks like (or an answer that depends on code outside the answer cells); *in-kernel fail,
re-check pass* usually means the kernel was broken by later code (a ``sys.exit``, a timeout).

Checks are deterministic functions of (lab, exercise, answers), so verdicts are cached per
identical payload within one run.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class Llamada:
    lab: str
    ejercicio: str
    variables: tuple  # names (str) of answer variables, or ("=", literal) for constants


@dataclass
class CeldaTest:
    grade_id: str
    points: float
    llamadas: list[Llamada] = field(default_factory=list)


@dataclass
class Plan:
    """What to run and check for one lab (from the instructor's source notebook)."""

    locked: list[tuple[str, str]]  # (grade_id, source) of locked, non-graded code cells
    solution_ids: list[str]  # solution cells' grade_ids, in order
    order: list[str]  # grade_ids of locked and solution code cells in notebook order
    tests: list[CeldaTest]

    @property
    def variables(self) -> list[str]:
        out: list[str] = []
        for t in self.tests:
            for c in t.llamadas:
                for v in c.variables:
                    if isinstance(v, str) and v not in out:
                        out.append(v)
        return out


def _calls(source: str) -> list[Llamada]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name != "verificar" or len(node.args) < 2:
            continue
        lab, ej = node.args[0], node.args[1]
        if not (isinstance(lab, ast.Constant) and isinstance(ej, ast.Constant)):
            continue
        variables: list = []
        for a in node.args[2:]:
            if isinstance(a, ast.Name):
                variables.append(a.id)
            else:
                try:
                    variables.append(("=", ast.literal_eval(a)))
                except ValueError:
                    variables.append(("?", ast.unparse(a)))
        out.append(Llamada(str(lab.value), str(ej.value), tuple(variables)))
    return out


def plan_from_source(source_nb: Path) -> Plan:
    nb = nbformat.read(source_nb, as_version=4)
    locked, sol, order, tests = [], [], [], []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader") or {}
        gid = meta.get("grade_id")
        if cell.cell_type != "code" or not gid:
            continue
        if meta.get("grade") and not meta.get("solution"):
            tests.append(CeldaTest(gid, float(meta.get("points") or 0), _calls(cell.source)))
        elif meta.get("solution"):
            sol.append(gid)
            order.append(gid)
        elif meta.get("locked"):
            locked.append((gid, cell.source))
            order.append(gid)
    return Plan(locked, sol, order, tests)


def answer_cells(submitted_nb: Path, plan: Plan) -> dict[str, str]:
    """grade_id → source of the submission's solution cells (absent cells: not answered)."""
    nb = nbformat.read(submitted_nb, as_version=4)
    out = {}
    for cell in nb.cells:
        gid = (cell.metadata.get("nbgrader") or {}).get("grade_id")
        if cell.cell_type == "code" and gid in plan.solution_ids and gid not in out:
            out[gid] = cell.source
    return out


# ---------------------------------------------------------------------- running the driver
def run_driver(
    cells: list[dict],
    variables: list[str],
    workdir: Path,
    *,
    timeout: float,
    memory_mb: int | None,
) -> dict:
    """Execute ``cells`` in a fresh, limited interpreter; returns the driver's JSON report."""
    from k8slab.grade.limits import kill_tree, set_memory_limit

    with tempfile.TemporaryDirectory(prefix="k8slab-recheck-") as tmp:
        job = Path(tmp) / "job.json"
        out = Path(tmp) / "out.json"
        job.write_text(json.dumps({"cells": cells, "variables": variables, "out": str(out)}))
        proc = subprocess.Popen(
            # The driver by path: a bare interpreter, without even importing k8slab.
            [sys.executable, "-I", str(Path(__file__).with_name("_driver.py")), str(job)],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: set_memory_limit(memory_mb),
            start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc.pid)
            proc.wait()
            return {"respuestas": {}, "errores": [{"celda": "*", "error": "tiempo agotado"}]}
        try:
            return json.loads(out.read_text())
        except (OSError, ValueError):
            return {
                "respuestas": {},
                "errores": [{"celda": "*", "error": f"el intérprete terminó ({proc.returncode})"}],
            }


def extract_answers(
    plan: Plan, submitted_dir: Path, notebook: str, *, timeout: float, memory_mb: int | None
) -> dict:
    """Run the solution cells (and, if needed, the locked cells) of one submission."""
    import shutil

    answers = answer_cells(submitted_dir / f"{notebook}.ipynb", plan)
    with tempfile.TemporaryDirectory(prefix="k8slab-recheck-work-") as tmp:
        work = Path(tmp) / "entrega"
        shutil.copytree(submitted_dir, work)
        cells = [{"grade_id": g, "source": answers[g]} for g in plan.solution_ids if g in answers]
        report = run_driver(cells, plan.variables, work, timeout=timeout, memory_mb=memory_mb)
        missing = [v for v in plan.variables if v not in report["respuestas"]]
        if missing and plan.locked and report["errores"]:
            locked = dict(plan.locked)
            full = []
            for g in plan.order:
                if g in locked:
                    full.append({"grade_id": g, "source": locked[g]})
                elif g in answers:
                    full.append({"grade_id": g, "source": answers[g]})
            second = run_driver(full, plan.variables, work, timeout=timeout, memory_mb=memory_mb)
            second["con_celdas_bloqueadas"] = True
            report = second
    return report


# ---------------------------------------------------------------------------- the verdict
class Verificador:
    """Calls ``k8slab.checks.evaluar`` (fresh interpreter per check), caching by payload."""

    def __init__(self) -> None:
        self.cache: dict[str, dict] = {}

    def __call__(self, lab: str, ej: str, values: list) -> dict:
        from k8slab.checks import RespuestaInvalida, evaluar

        key = json.dumps([lab, ej, values], sort_keys=True)
        if key not in self.cache:
            try:
                self.cache[key] = evaluar(lab, ej, *values)
            except RespuestaInvalida as err:
                self.cache[key] = {"ok": False, "mensajes": [str(err)]}
        return self.cache[key]


def verdicts(plan: Plan, report: dict, verificar: Verificador | None = None) -> dict[str, dict]:
    """grade_id → {"ok": bool, "puntos": float, "motivo": str} for every test cell."""
    verificar = verificar or Verificador()
    answers = report.get("respuestas") or {}
    out = {}
    for t in plan.tests:
        if not t.llamadas:
            out[t.grade_id] = {"ok": None, "puntos": None, "motivo": "sin llamadas a verificar"}
            continue
        ok, motivo = True, ""
        for call in t.llamadas:
            values, problem = [], ""
            for v in call.variables:
                if isinstance(v, tuple):
                    if v[0] == "=":
                        values.append(v[1])
                        continue
                    problem = f"argumento no evaluable {v[1]}"
                    break
                got = answers.get(v)
                if got is None:
                    problem = f"{v} no está definida tras ejecutar las celdas de respuesta"
                    break
                if "v" not in got:
                    problem = f"{v} no es un valor sencillo ({got.get('tipo')})"
                    break
                values.append(got["v"])
            if problem:
                ok, motivo = False, problem
                break
            res = verificar(call.lab, call.ejercicio, values)
            if not res.get("ok"):
                ok, motivo = False, " ".join(res.get("mensajes") or [])[:300]
                break
        out[t.grade_id] = {"ok": ok, "puntos": t.points if ok else 0.0, "motivo": motivo}
    return out
