"""Checks of lab 06-reto-final: right answers pass, each typical mistake gets its own feedback."""

from __future__ import annotations

import ast

import pytest

from k8slab.checks import evaluar
from k8slab.checks.lab06_reto import (
    APLICACION,
    SECRETO_TLS,
    URL_INGRESS_NGINX,
    cluster_base,
    node_ports_del_controlador,
    servicio_que_responde,
    url_https_esperada,
)
from k8slab.checks.registry import run_check
from tests.grading import golden  # noqa: F401 - loads golden_lab06 through golden's discovery
from tests.grading.golden_lab06 import INGRESS, PAGOS, TIENDA, TLS

LAB = "06-reto-final"
TIENDA_YAML = ast.literal_eval(TIENDA)
PAGOS_YAML = ast.literal_eval(PAGOS)
INGRESS_YAML = ast.literal_eval(INGRESS)


def check(ej, *answers) -> dict:
    return run_check(LAB, ej, list(answers))


def fails_with(ej, answer, *words):
    r = check(ej, answer)
    assert not r["ok"], f"{ej} accepted {answer!r}"
    text = "\n".join(r["mensajes"])
    for w in words:
        assert w in text, text
    return text


def test_the_brief_builds_and_the_controller_comes_from_the_bundled_url():
    from k8slab.addons import bundled_manifest

    assert bundled_manifest(URL_INGRESS_NGINX)
    lab = cluster_base(ingress=True)
    assert {"tienda", "pagos", "ingress-nginx"} <= {
        n["metadata"]["name"] for n in lab.api.list("Namespace")
    }
    assert set(node_ports_del_controlador(lab)) == {"http", "https"}
    lab.apply(SECRETO_TLS)
    assert "kind: Deployment" in APLICACION


@pytest.mark.parametrize(
    "ej, answer",
    [
        ("ej1:forma", TIENDA_YAML),
        ("ej1", TIENDA_YAML),
        ("ej2:forma", PAGOS_YAML),
        ("ej2", PAGOS_YAML),
        ("ej3", "pagos.pagos.svc.cluster.local"),
        ("ej3", "pagos.pagos.svc.cluster.local."),
        ("ej4:forma", INGRESS_YAML),
        ("ej4", INGRESS_YAML),
        ("ej5b", "frontend"),
        ("ej5b", "tienda/frontend"),
    ],
)
def test_right_answers_pass(ej, answer):
    assert check(ej, answer) == {"ok": True, "mensajes": []}


def test_routing_answers_are_computed_on_the_reference_cluster():
    url = url_https_esperada()
    assert url.startswith("https://172.18.0.4:") and url.endswith("/")
    assert check("ej5a", url)["ok"]
    assert check("ej5a", url.rstrip("/"))["ok"]
    assert servicio_que_responde("/pagos/cobro") == "tienda/frontend"
    assert servicio_que_responde("/api/x") == "tienda/api"


# ---------------------------------------------------------------------------- exercise 1
def test_ej1_without_namespace_lands_in_default():
    text = fails_with("ej1:forma", TIENDA_YAML.replace("  namespace: tienda\n", ""), "default")
    assert "metadata.namespace" in text


def test_ej1_shape_needs_both_services():
    only_frontend = TIENDA_YAML.split("---")[0]
    fails_with("ej1:forma", only_frontend, "tienda/api", "tienda/frontend")


def test_ej1_nodeport_must_be_30080():
    fails_with("ej1", TIENDA_YAML.replace("    nodePort: 30080\n", ""), "30080")
    assert check("ej1:forma", TIENDA_YAML.replace("    nodePort: 30080\n", ""))["ok"]


def test_ej1_frontend_must_be_nodeport_and_api_internal():
    fails_with(
        "ej1",
        TIENDA_YAML.replace("  type: NodePort\n", "").replace("    nodePort: 30080\n", ""),
        "NodePort",
    )
    api_published = TIENDA_YAML.replace(
        "  name: api\n  namespace: tienda\nspec:\n",
        "  name: api\n  namespace: tienda\nspec:\n  type: NodePort\n",
    )
    fails_with("ej1", api_published, "ClusterIP")


def test_ej1_wrong_target_port_is_caught_by_a_request():
    fails_with("ej1", TIENDA_YAML.replace("targetPort: http", "targetPort: 80"), "http (8080)")
    fails_with("ej1", TIENDA_YAML.replace("targetPort: 5678", "targetPort: 80"), "5678")


def test_ej1_invalid_yaml_quotes_kubectl():
    fails_with("ej1", "kind: Service\n  metadata: [", "YAML")
    fails_with("ej1", "", "vacío")


# ---------------------------------------------------------------------------- exercise 2
def test_ej2_must_stay_internal():
    text = fails_with(
        "ej2", PAGOS_YAML.replace("spec:\n", "spec:\n  type: NodePort\n"), "ClusterIP"
    )
    assert check("ej2:forma", PAGOS_YAML.replace("spec:\n", "spec:\n  type: NodePort\n"))["ok"]
    assert "NodePort" in text


def test_ej2_wrong_namespace_and_port():
    fails_with("ej2:forma", PAGOS_YAML.replace("namespace: pagos", "namespace: tienda"), "pagos")
    fails_with("ej2", PAGOS_YAML.replace("7000", "8080"), "7000")


# ---------------------------------------------------------------------------- exercise 3
@pytest.mark.parametrize(
    "answer, words",
    [
        ("pagos", ["pagos.tienda.svc.cluster.local"]),
        ("pagos.pagos", ["FQDN"]),
        ("pagos.tienda.svc.cluster.local", ["<servicio>.<namespace>"]),
        ("no es un nombre", ["<servicio>.<namespace>"]),
        ("  ", ["vacía"]),
    ],
)
def test_ej3_feedback(answer, words):
    fails_with("ej3", answer, *words)


# ---------------------------------------------------------------------------- exercise 4
@pytest.mark.parametrize(
    "change, words",
    [
        (("  ingressClassName: nginx\n", ""), ["ingressClassName"]),
        ((TLS, ""), ["spec.tls", "redirige"]),
        (("secretName: tienda-tls", "secretName: otro"), ["tienda-tls"]),
        (
            (
                "      - path: /api\n        pathType: Prefix",
                "      - path: /api\n        pathType: Exact",
            ),
            ["Prefix"],
        ),
        (("name: frontend", "name: portada"), ["portada"]),
    ],
)
def test_ej4_each_mistake_has_its_message(change, words):
    answer = INGRESS_YAML.replace(*change)
    assert answer != INGRESS_YAML
    fails_with("ej4", answer, *words)
    assert check("ej4:forma", answer)["ok"]


def test_ej4_ingress_outside_tienda_fails_the_shape():
    fails_with("ej4:forma", INGRESS_YAML.replace("  namespace: tienda\n", ""), "propio namespace")


def test_ej4_v1beta1_is_rejected_with_kubectls_message():
    fails_with(
        "ej4:forma",
        INGRESS_YAML.replace("networking.k8s.io/v1", "networking.k8s.io/v1beta1"),
        "v1beta1",
    )


# ---------------------------------------------------------------------------- exercise 5
def test_ej5a_feedback():
    url = url_https_esperada()
    http_port = node_ports_del_controlador(cluster_base(ingress=True))["http"]
    fails_with("ej5a", url.replace("https://", "http://"), "https://")
    fails_with("ej5a", url.replace("172.18.0.4", "172.18.0.3"), "node-2")
    fails_with("ej5a", "https://172.18.0.4:443/", "NodePort")
    fails_with("ej5a", f"https://172.18.0.4:{http_port}/", "HTTP")
    fails_with("ej5a", "https://172.18.0.4:99999/", "URL")


def test_ej5b_feedback():
    fails_with("ej5b", "pagos", "otro namespace")
    fails_with("ej5b", "api", "r.trace")


# ---------------------------------------------------------------------------- the boundary
def test_through_a_fresh_interpreter_and_exact_types():
    assert evaluar(LAB, "ej3", "pagos.pagos.svc.cluster.local")["ok"]

    class Siempre(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    with pytest.raises(AssertionError):
        evaluar(LAB, "ej5b", Siempre("x"))
    assert not evaluar(LAB, "ej5a", 31602)["ok"]
