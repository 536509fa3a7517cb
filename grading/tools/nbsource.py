"""Helpers to author nbgrader source notebooks (``grading/source/<lab>/<lab>.ipynb``).

The notebooks themselves are the single source of truth; these helpers only make writing
them from Python less error-prone (correct nbgrader cell metadata, schema version 3). Example::

    from nbsource import code, md, notebook, solution, tests
    nb = notebook([
        md("# Título", "intro"),
        solution("ej1-respuesta", 'respuesta = "…"'),
        tests("ej1-forma", 1, visible='verificar("01-services", "ej1:forma", respuesta)'),
        tests("ej1-valores", 2, hidden='verificar("01-services", "ej1", respuesta)'),
    ])
"""

from __future__ import annotations

import nbformat

# The prelude of every grading cell: reload ``subprocess`` and the checks module so that
# nothing a student's cell did to them (rebinding ``verificar``, monkeypatching
# ``subprocess.run`` or ``k8slab.checks``) is used; the check itself then runs in a fresh
# interpreter (k8slab.checks.evaluar). The out-of-kernel re-check of ``k8slab grade`` catches
# what a kernel-level trick could still hide.
PRELUDE = (
    "import importlib\nimport json\nimport subprocess\nimport k8slab.checks as _checks\n"
    "json = importlib.reload(json)\nsubprocess = importlib.reload(subprocess)\n"
    "_checks = importlib.reload(_checks)\nverificar = _checks.verificar\n"
)


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None, task=False):
    m = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


def md(text: str, grade_id: str | None = None):
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if grade_id:
        cell.metadata.update(_meta(grade_id, locked=True))
    return cell


def code(source: str, grade_id: str | None = None):
    """A code cell the student runs (locked when it has a grade_id)."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if grade_id:
        cell.metadata.update(_meta(grade_id, locked=True))
    return cell


def solution(grade_id: str, source: str):
    """A cell the student fills in; the body between the markers is the instructor's answer."""
    body = source.strip("\n")
    cell = nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\n{body}\n### END SOLUTION")
    cell.metadata.update(_meta(grade_id, solution=True))
    return cell


def tests(grade_id: str, points: int, *, visible: str = "", hidden: str = ""):
    """An autograder cell: visible checks (shape) and hidden tests (values)."""
    src = PRELUDE + (visible.strip("\n") + "\n" if visible else "")
    if hidden:
        src += f"### BEGIN HIDDEN TESTS\n{hidden.strip()}\n### END HIDDEN TESTS\n"
    cell = nbformat.v4.new_code_cell(src.rstrip("\n"))
    cell.metadata.update(_meta(grade_id, grade=True, locked=True, points=points))
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb
