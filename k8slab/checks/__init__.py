"""What the course's grading tests call: ``verificar(lab, ejercicio, *respuestas)``.

Each check runs in a fresh Python process (``python -I -m k8slab.checks``) that builds a fresh
cluster from the student's manifest text and answers, so nothing the student's kernel did —
monkeypatched modules, redefined functions, objects that compare equal to anything — can
change the verdict. Answers cross the process boundary as JSON, and only plain values of the
exact built-in types are accepted (``str``, ``int``, ``float``, ``bool``, ``None`` and lists of
them): a subclass of ``str`` whose ``__eq__`` always says yes is refused before it is compared.

A failed check raises ``AssertionError`` with Spanish feedback that names what is wrong and
where to look; nbgrader counts the test cell as failed and shows the message in the feedback.
"""

from __future__ import annotations

import json
import subprocess
import sys

TIMEOUT_SECONDS = 60

_ALLOWED = (str, int, float, bool, type(None))


class RespuestaInvalida(AssertionError):
    """An answer of the wrong type (raised in the student's kernel, before any grading)."""


def _plain(value, where: str):
    """Copy ``value`` into plain JSON data, refusing anything that is not exactly a built-in."""
    t = type(value)
    if t in _ALLOWED:
        return value
    if t is list or t is tuple:
        return [_plain(v, where) for v in value]
    nombre = {"str": "un texto (str)", "int": "un número entero (int)"}.get(t.__name__, t.__name__)
    raise RespuestaInvalida(
        f"{where}: la respuesta debe ser un valor sencillo de Python (un texto entre comillas, "
        f"un número o una lista), no {nombre!s}. Revisa la celda donde la escribes."
    )


def evaluar(lab: str, ejercicio: str, *respuestas) -> dict:
    """Run one check in a clean interpreter; returns ``{"ok": bool, "mensajes": [...]}``."""
    payload = json.dumps(
        {
            "lab": lab,
            "ejercicio": ejercicio,
            "respuestas": [_plain(r, f"{lab} {ejercicio}") for r in respuestas],
        }
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-I", "-m", "k8slab.checks"],
            input=payload,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return {
            "ok": False,
            "mensajes": [f"La comprobación tardó más de {TIMEOUT_SECONDS} s y se ha cancelado."],
        }
    if proc.returncode != 0 or not proc.stdout.strip():
        return {
            "ok": False,
            "mensajes": [
                "No se pudo ejecutar la comprobación (¿está k8slab instalado?). "
                f"Detalle: {proc.stderr.strip()[-500:]}"
            ],
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def verificar(lab: str, ejercicio: str, *respuestas) -> None:
    """Check an answer; raise ``AssertionError`` with Spanish feedback if it is wrong."""
    resultado = evaluar(lab, ejercicio, *respuestas)
    if not resultado.get("ok"):
        raise AssertionError("\n".join(resultado.get("mensajes") or ["Respuesta incorrecta."]))
    print(f"✔ {ejercicio}: correcto")
