"""Which checks exist, and the small machinery each check is built from.

A check is a list of single-purpose steps run in order; each step answers one question and
carries its Spanish message. The first failing step stops the check (later steps assume the
earlier ones passed: e.g. "the Service selects pods" only makes sense once the YAML applies).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

LABS = {
    "01-services": "k8slab.checks.lab01_services",
    "02-dns": "k8slab.checks.lab02_dns",
    "03-tipos-de-service": "k8slab.checks.lab03_tipos",
    "04-kube-proxy": "k8slab.checks.lab04_kube_proxy",
    "05-ingress": "k8slab.checks.lab05_ingress",
    "06-reto-final": "k8slab.checks.lab06_reto",
}


class Fallo(Exception):
    """A step's verdict: what is wrong, in Spanish, and where to look."""


@dataclass(frozen=True)
class Paso:
    pregunta: str  # the question this step answers (documentation for instructors)
    funcion: Callable[[dict], None]  # raises Fallo; may store results in the shared dict


def ejecutar(pasos: list[Paso], contexto: dict) -> dict:
    for paso in pasos:
        try:
            paso.funcion(contexto)
        except Fallo as f:
            return {"ok": False, "mensajes": [str(f)]}
    return {"ok": True, "mensajes": []}


def run_check(lab: str, ejercicio: str, respuestas: list) -> dict:
    module_name = LABS.get(lab)
    if module_name is None:
        return {"ok": False, "mensajes": [f"No existe el laboratorio {lab!r}."]}
    module = importlib.import_module(module_name)
    check = module.CHECKS.get(ejercicio)
    if check is None:
        return {"ok": False, "mensajes": [f"No existe el ejercicio {ejercicio!r} en {lab}."]}
    try:
        return check(*respuestas)
    except TypeError as err:
        return {"ok": False, "mensajes": [f"Faltan o sobran respuestas para {ejercicio}: {err}"]}
