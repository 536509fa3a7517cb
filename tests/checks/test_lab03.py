"""Checks of lab 03-tipos-de-service: right answers pass, each typical mistake gets its own
Spanish feedback. Every call goes through ``k8slab.checks.evaluar`` (a fresh interpreter)."""

from __future__ import annotations

import ast

import pytest

from k8slab.checks import RespuestaInvalida, evaluar
from k8slab.checks.lab03_tipos import (
    cluster_de_referencia,
    error_de_la_errata,
    node_port,
    pod_que_responde_en_nodo2,
    rango_nodeport,
)
from tests.grading import golden  # noqa: F401 - loads golden_lab03 through golden's discovery
from tests.grading.golden_lab03 import CATALOGO, TIENDA

LAB = "03-tipos-de-service"
CATALOGO_YAML = ast.literal_eval(CATALOGO)
TIENDA_YAML = ast.literal_eval(TIENDA)


def fails_with(ej, answer, *words) -> str:
    r = evaluar(LAB, ej, answer)
    assert not r["ok"], f"{ej} accepted {answer!r}"
    text = "\n".join(r["mensajes"])
    for w in words:
        assert w in text, text
    return text


def test_the_engine_answers_the_routing_questions():
    assert rango_nodeport() == [30000, 32767]
    np = node_port(cluster_de_referencia())
    assert 30000 <= np <= 32767
    assert pod_que_responde_en_nodo2().startswith("nginx-")
    assert error_de_la_errata() == "Connection refused"


@pytest.mark.parametrize(
    "ej, answer",
    [
        ("ej1:forma", CATALOGO_YAML),
        ("ej1", CATALOGO_YAML),
        ("ej1", CATALOGO_YAML.replace("targetPort: http", "targetPort: 8080")),
        ("ej2", [30000, 32767]),
        ("ej5", "Connection refused"),
        ("ej5", "curl: (7) Failed to connect to 127.0.0.1 port 80 after 0 ms: Connection refused"),
        ("ej6:forma", TIENDA_YAML),
        ("ej6", TIENDA_YAML),
    ],
)
def test_right_answers_pass(ej, answer):
    assert evaluar(LAB, ej, answer) == {"ok": True, "mensajes": []}


def test_routing_answers_computed_from_the_engine_pass():
    assert evaluar(LAB, "ej3", node_port(cluster_de_referencia()))["ok"]
    assert evaluar(LAB, "ej4", pod_que_responde_en_nodo2())["ok"]
    assert evaluar(LAB, "ej4", "default/" + pod_que_responde_en_nodo2())["ok"]


def test_ej1_feedback():
    clusterip = CATALOGO_YAML.replace("type: NodePort", "type: ClusterIP").replace(
        "    nodePort: 30080\n", ""
    )
    fails_with("ej1:forma", clusterip, "es de tipo ClusterIP", "NodePort")
    fails_with("ej1", CATALOGO_YAML.replace("30080", "30081"), "30081", "30080", "nodePort")
    fails_with("ej1", CATALOGO_YAML.replace("30080", "80"), "Kubernetes rechaza", "30000-32767")
    fails_with(
        "ej1",
        CATALOGO_YAML.replace("targetPort: http", "targetPort: 9090"),
        "127.0.0.1:30080",
        "targetPort",
    )
    fails_with("ej1", CATALOGO_YAML.replace("app: catalogo", "app: catalog"), "0 endpoints")


def test_routing_answers_feedback():
    fails_with("ej2", "30000-32767", "lista de dos números")
    fails_with("ej2", [0, 65535], "no es el rango", "The range of valid ports")
    fails_with("ej3", 80, "puerto del Service (port)", "PORT(S)")
    fails_with("ej3", "31000", "número entero")
    fails_with("ej4", "nginx", "Ese no es el pod", "node-2")
    fails_with("ej5", "Connection timed out", "puerto 80", "r.error")


def test_ej6_feedback():
    fails_with("ej6:forma", TIENDA_YAML.replace("LoadBalancer", "NodePort"), "LoadBalancer")
    fails_with(
        "ej6", TIENDA_YAML.replace("targetPort: 5678", "targetPort: 80"), "EXTERNAL-IP", "5678"
    )


def test_answers_of_the_wrong_type_are_refused_before_grading():
    class N(int):
        def __eq__(self, other):
            return True

    with pytest.raises(RespuestaInvalida):
        evaluar(LAB, "ej3", N(0))
