"""``python -I …/k8slab/grade/_driver.py JOB.json``: run a submission's answer cells, report answers.

This is the only place of the re-check where the student's code runs, in an interpreter of its
own (started by the runner with the submission's memory and time limits, in a scratch copy of
the submission folder). It executes the given cells in order, in one namespace, then writes
the requested variables as JSON: plain values only (``str``, ``int``, ``float``, ``bool``,
``None`` and lists of them, by exact type); anything else is reported by its type name, so the
grader refuses it exactly as ``k8slab.checks`` does. No verdict is computed here: whatever the
cells do to this interpreter cannot reach the checks, which the runner calls afterwards from
its own process.

Cells with IPython syntax (``%magic``, ``!cmd``) run through an ``InteractiveShell``; plain
Python cells through ``exec``.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

_PLAIN = (str, int, float, bool, type(None))


def _encode(value, depth=0):
    t = type(value)
    if t in _PLAIN:
        return {"v": value}
    if (t is list or t is tuple) and depth < 5:
        items = [_encode(v, depth + 1) for v in value]
        bad = next((i for i in items if "v" not in i), None)
        return bad or {"v": [i["v"] for i in items]}
    return {"tipo": f"{t.__module__}.{t.__qualname__}"}


def _needs_ipython(source: str) -> bool:
    for line in source.splitlines():
        s = line.lstrip()
        if s.startswith(("%", "!")) or (s and "= !" in s) or (s and "= %" in s):
            return True
    return False


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        job = json.load(f)
    out_fd = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    ns: dict = {"__name__": "__main__"}
    shell = None
    errores = []
    for cell in job["cells"]:
        src = cell["source"]
        try:
            if _needs_ipython(src):
                if shell is None:
                    from IPython.core.interactiveshell import InteractiveShell

                    shell = InteractiveShell.instance(user_ns=ns)
                res = shell.run_cell(src, store_history=False, silent=True)
                err = res.error_in_exec or res.error_before_exec
                if err is not None:
                    errores.append({"celda": cell["grade_id"], "error": repr(err)[:300]})
            else:
                exec(compile(src, f"<celda {cell['grade_id']}>", "exec"), ns)
        except SystemExit as err:
            errores.append({"celda": cell["grade_id"], "error": f"SystemExit({err.code!r})"})
        except BaseException as err:  # noqa: BLE001 - any failure of student code is data
            tb = traceback.format_exception_only(type(err), err)[-1].strip()
            errores.append({"celda": cell["grade_id"], "error": tb[:300]})
    answers = {}
    for name in job["variables"]:
        if name in ns:
            try:
                answers[name] = _encode(ns[name])
            except BaseException as err:  # noqa: BLE001
                answers[name] = {"tipo": f"(ilegible: {type(err).__name__})"}
    data = json.dumps({"respuestas": answers, "errores": errores}, ensure_ascii=False)
    os.write(out_fd, data.encode())
    os.close(out_fd)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
