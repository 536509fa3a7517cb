"""Checks of lab 04-kube-proxy: right answers pass, each typical mistake gets its own Spanish
feedback. Every call goes through ``k8slab.checks.evaluar`` (a fresh interpreter)."""

from __future__ import annotations

import ast

import pytest

from k8slab.checks import RespuestaInvalida, evaluar
from k8slab.checks.lab04_kube_proxy import (
    cadenas_primera_peticion,
    nodos_nodeport,
    pods_kube_proxy_en,
    probabilidades_con,
)
from tests.grading import golden  # noqa: F401 - loads the golden modules through discovery
from tests.grading.golden_lab04 import WEB_NODEPORT

LAB = "04-kube-proxy"
WEB = ast.literal_eval(WEB_NODEPORT)


def passes(ej, *answers):
    r = evaluar(LAB, ej, *answers)
    assert r == {"ok": True, "mensajes": []}, r


def fails_with(ej, answers, *words) -> str:
    r = evaluar(LAB, ej, *answers)
    assert not r["ok"], f"{ej} accepted {answers!r}"
    text = "\n".join(r["mensajes"])
    for w in words:
        assert w in text, text
    return text


def test_the_engine_answers_the_routing_questions():
    svc, sep = cadenas_primera_peticion()
    assert svc.startswith("KUBE-SVC-") and sep.startswith("KUBE-SEP-")
    assert probabilidades_con(4) == pytest.approx([1 / 4, 1 / 3, 1 / 2], abs=1e-6)
    assert probabilidades_con(3) == pytest.approx([1 / 3, 1 / 2], abs=1e-6)
    assert pods_kube_proxy_en(3) == 3
    dnat, nodo_pod = nodos_nodeport()
    # The DNAT happens where the packet arrives (node-1's IP); the pod is on the other node.
    assert (dnat, nodo_pod) == ("node-1", "node-2")


def test_right_answers_pass():
    svc, sep = cadenas_primera_peticion()
    for cmd in (
        "kubectl get pods -n kube-system -o wide",
        "kubectl -n kube-system get pods -o wide",
        "kubectl get po --namespace kube-system -o wide",
        "%kubectl get pods -n kube-system -o wide",
    ):
        passes("ej1:comando", cmd)
    passes("ej1:pods", 3)
    passes("ej2:forma", svc, sep)
    passes("ej2", svc, sep)
    passes("ej3:forma", [0.25, 0.333, 0.5])
    passes("ej3", [1 / 4, 1 / 3, 1 / 2])
    passes("ej3", [0.25, 0.33333333349, 0.5])
    passes("ej4:forma", WEB)
    passes("ej4", WEB)
    passes("ej4", WEB.replace("targetPort: http", "targetPort: 8080"))
    passes("ej5", *nodos_nodeport())


@pytest.mark.parametrize(
    "cmd, words",
    [
        ("", ["está vacío"]),
        ("get pods -n kube-system -o wide", ["empieza por kubectl"]),
        ("kubectl get pods -o wide", ["-n kube-system"]),
        ("kubectl get pods -n kube-system", ["-o wide", "NODE"]),
        ("kubectl get pods -A -o wide", ["-A", "-n kube-system"]),
        ("kubectl get daemonsets -n kube-system", ["pods de kube-proxy"]),
        ("kubectl get pdos -n kube-system", ["falla", 'resource type "pdos"']),
    ],
)
def test_ej1_command_mistakes(cmd, words):
    fails_with("ej1:comando", [cmd], *words)


def test_ej1_pods_mistakes():
    fails_with("ej1:pods", [2], "DaemonSet", "3 nodos")
    fails_with("ej1:pods", ["3"], "número entero")


def test_ej2_mistakes():
    svc, sep = cadenas_primera_peticion()
    fails_with("ej2:forma", ["KUBE-SERVICES", sep], "KUBE-SVC-")
    fails_with("ej2:forma", [svc, "DNAT"], "KUBE-SEP-")
    fails_with("ej2", ["KUBE-SVC-NPX46M4PTMTKRN6Y", sep], "default/nginx cluster IP")
    fails_with("ej2", [svc, "KUBE-SEP-V2PECCYPB6X2GSCW"], "seed=404", "node-2", "r.trace")


def test_ej3_mistakes():
    fails_with("ej3:forma", [[0.25, 0.33, 0.5, 1]], "4 números", "última")
    fails_with("ej3:forma", ["0.25, 0.33, 0.5"], "lista de números")
    fails_with("ej3:forma", [[0.25, 2, 0.5]], "entre 0 y 1")
    fails_with("ej3", [[0.25, 0.25, 0.25]], "1/4", "anteriores")
    fails_with("ej3", [[0.5, 0.333, 0.25]], "--probability", "en orden")


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        (WEB.replace("kind: Service", "kind: Servic"), ["Kubernetes rechaza", "web_nodeport_yaml"]),
        (WEB.replace("name: web", "name: webs"), ["llamarse web"]),
        (WEB.replace("  type: NodePort\n", ""), ["Kubernetes rechaza", "nodePort", "ClusterIP"]),
        (
            WEB.replace("  type: NodePort\n", "").replace("\n    nodePort: 30080", ""),
            ["tipo ClusterIP", "spec.type debe ser NodePort"],
        ),
    ],
)
def test_ej4_shape_mistakes(yaml_text, words):
    fails_with("ej4:forma", [yaml_text], *words)
    fails_with("ej4", [yaml_text], *words)


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        (WEB.replace("\n    nodePort: 30080", ""), ["30080", "nodePort"]),
        (WEB.replace("  - port: 80\n", "  - port: 8080\n"), ["puerto 80"]),
        (WEB.replace("app: web", "app: wbe"), ["3 pods de web", "selector"]),
        (WEB.replace("targetPort: http", "targetPort: 80"), ["30080", "targetPort", "8080"]),
    ],
)
def test_ej4_value_mistakes(yaml_text, words):
    passes("ej4:forma", yaml_text)
    fails_with("ej4", [yaml_text], *words)


def test_ej5_mistakes():
    dnat, nodo_pod = nodos_nodeport()
    text = fails_with("ej5", [nodo_pod, nodo_pod], "nodo_dnat", "RECIBE")
    assert "nodo_pod" not in text
    text = fails_with("ej5", [dnat, dnat], "nodo_pod", "NODE")
    assert "nodo_dnat no" not in text
    fails_with("ej5", ["", nodo_pod], "nombre de un nodo")


def test_answers_of_the_wrong_type_are_refused_before_grading():
    class Siempre(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    with pytest.raises(RespuestaInvalida):
        evaluar(LAB, "ej2", Siempre("KUBE-SVC-X"), Siempre("KUBE-SEP-X"))
