"""Checks of lab 02-dns: right answers pass, each typical mistake gets its own Spanish feedback.

Every call goes through ``k8slab.checks.evaluar`` (a fresh interpreter), as the notebooks do.
"""

from __future__ import annotations

import ast

import pytest

from k8slab.checks import RespuestaInvalida, evaluar
from k8slab.checks.lab02_dns import (
    NOMBRE_COMPLETO_SIN_PUNTO,
    NOMBRE_CON_NAMESPACE,
    intentos,
    rcode_desde_nodo,
)
from tests.grading import golden  # noqa: F401 - loads golden_lab02 through golden's discovery
from tests.grading.golden_lab02 import BD, PAGOS

LAB = "02-dns"
PAGOS_YAML = ast.literal_eval(PAGOS)
BD_YAML = ast.literal_eval(BD)


def fails_with(ej, answer, *words) -> str:
    r = evaluar(LAB, ej, answer)
    assert not r["ok"], f"{ej} accepted {answer!r}"
    text = "\n".join(r["mensajes"])
    for w in words:
        assert w in text, text
    return text


def test_the_engine_answers_the_routing_questions():
    # The search walk: two names for svc.ns, four for the full name without its final dot.
    assert intentos(NOMBRE_CON_NAMESPACE) == 2
    assert intentos(NOMBRE_COMPLETO_SIN_PUNTO) == 4
    assert rcode_desde_nodo() == "NXDOMAIN"


@pytest.mark.parametrize(
    "ej, answer",
    [
        ("ej1", "kube-dns.kube-system.svc.cluster.local"),
        ("ej1", " Kube-DNS.kube-system.svc.cluster.local. "),
        ("ej2a", 2),
        ("ej2b", 4),
        ("ej3", "NXDOMAIN"),
        ("ej4:forma", PAGOS_YAML),
        ("ej4", PAGOS_YAML),
        ("ej5:forma", BD_YAML),
        ("ej5", BD_YAML),
    ],
)
def test_right_answers_pass(ej, answer):
    assert evaluar(LAB, ej, answer) == {"ok": True, "mensajes": []}


def test_ej1_names_the_mistake():
    fails_with(ej := "ej1", "", "fqdn_dns está vacío")
    fails_with(ej, "http://kube-dns.kube-system.svc.cluster.local", "sin http://")
    fails_with(ej, "kube-dns.kube-system", "nombre corto", "lista search")
    fails_with(ej, "nginx.default.svc.cluster.local", "no es el Service kube-dns", "10.96.0.10")
    fails_with(ej, "kube-dns.default.svc.cluster.local", "no existe", "kube-system")


def test_ej2_and_ej3_explain_the_search_walk():
    fails_with("ej2a", 4, "no es el número de consultas", "ndots:5", ".tried")
    fails_with("ej2b", 1, "punto final", "ndots:5")
    fails_with("ej2b", "4", "número entero")
    fails_with("ej3", "NOERROR", "un nodo no usa el DNS del clúster", 'from_="node/node-1"')


def test_ej4_feedback():
    fails_with(
        "ej4:forma", PAGOS_YAML.replace("  namespace: pagos\n", ""), "añade namespace: pagos"
    )
    documents = PAGOS_YAML.split("---")
    fails_with(
        "ej4:forma", documents[1] + "---" + documents[0], 'namespaces "pagos" not found', "antes"
    )
    fails_with("ej4", PAGOS_YAML.replace("targetPort: http", "targetPort: 9090"), "targetPort")
    fails_with("ej4", PAGOS_YAML.replace("app: cobros", "app: cobro"), "0 endpoints", "app: cobros")


def test_ej5_feedback():
    fails_with("ej5:forma", BD_YAML.replace("name: bd", "name: db"), "debe llamarse bd")
    fails_with(
        "ej5", BD_YAML.replace("  clusterIP: None\n", ""), "no es headless", "clusterIP: None"
    )
    fails_with("ej5", BD_YAML.replace("name: sql", "name: pg"), "name: sql", "SRV")
    fails_with("ej5", BD_YAML.replace("app: bd", "app: db"), "3 pods", "app: bd")


def test_answers_of_the_wrong_type_are_refused_before_grading():
    class Siempre(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    with pytest.raises(RespuestaInvalida):
        evaluar(LAB, "ej1", Siempre("x"))
    assert not evaluar(LAB, "ej2a", True)["ok"]
