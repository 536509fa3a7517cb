"""Checks of lab 05-ingress: right answers pass, each typical mistake gets its own Spanish
feedback. Every call goes through ``k8slab.checks.evaluar`` (a fresh interpreter)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from k8slab.checks import evaluar
from k8slab.checks.lab05_ingress import (
    CERT_PEM,
    KEY_PEM,
    codigo_sin_ingress,
    nodeport_de_referencia,
    servicios_tienda,
)
from tests.grading import golden  # noqa: F401 - loads the golden modules through discovery
from tests.grading.golden_lab05 import ECO, ECO_TLS, MY_NGINX

LAB = "05-ingress"
ROOT = Path(__file__).resolve().parents[2]
MY = ast.literal_eval(MY_NGINX)
ECO_YAML = ast.literal_eval(ECO)
ECO_TLS_YAML = ast.literal_eval(ECO_TLS)
V1BETA1 = """\
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: my-nginx
spec:
  rules:
  - host: nginx.my.com
    http:
      paths:
      - backend:
          serviceName: nginx
          servicePort: 80
"""


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


def test_the_shipped_certificate_is_the_one_the_checks_use():
    for folder in (ROOT / "grading" / "source" / "05-ingress", ROOT / "labs"):
        assert (folder / "my-com.crt").read_text() == CERT_PEM
        assert (folder / "my-com.key").read_text() == KEY_PEM


def test_the_engine_answers_the_routing_questions():
    assert 30000 <= nodeport_de_referencia() <= 32767
    assert codigo_sin_ingress() == 404
    assert servicios_tienda() == ["api-v2", "api", "web", "404"]


def test_right_answers_pass():
    passes("ej1:nodeport", nodeport_de_referencia())
    passes("ej1:codigo", 404)
    passes("ej2:forma", MY)
    passes("ej2", MY)
    passes("ej2", MY.replace("pathType: Prefix", "pathType: ImplementationSpecific"))
    passes("ej3:forma", ECO_YAML)
    passes("ej3", ECO_YAML)
    passes("ej4:forma", ECO_TLS_YAML)
    passes("ej4", ECO_TLS_YAML)
    passes("ej5", servicios_tienda())


def test_ej1_mistakes():
    fails_with("ej1:nodeport", [80], "30000 al 32767", "80:")
    fails_with("ej1:nodeport", [30000 if nodeport_de_referencia() != 30000 else 30001], "seed=2026")
    fails_with("ej1:nodeport", ["32155"], "número entero")
    fails_with("ej1:codigo", [200], "backend por defecto")


def test_ej2_removed_v1beta1_gets_kubectl_error_and_spanish_hint():
    text = fails_with("ej2:forma", [V1BETA1], "Kubernetes rechaza", "networking.k8s.io/v1beta1")
    assert "Pista de k8slab" in text and "service.port.number" in text


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        (MY.replace("  ingressClassName: nginx\n", ""), ["ingressClassName: nginx", "sin clase"]),
        (MY.replace("ingressClassName: nginx", "ingressClassName: traefik"), ["'traefik'"]),
        (MY.replace("  - host: nginx.my.com\n    http:", "  - http:"), ["host: nginx.my.com"]),
        (MY.replace("host: nginx.my.com", "host: nginx.mi.com"), ["host: nginx.my.com"]),
        (MY.replace("number: 80", "number: 8080"), ["503", "service.port.number: 80"]),
        (
            MY.replace("name: nginx\n            port", "name: ngin\n            port"),
            ["service.name"],
        ),
        (
            MY
            + "---\n"
            + MY.replace("my-nginx", "todo").replace("host: nginx.my.com", "host: otro.my.com"),
            ["exactamente un objeto"],
        ),
    ],
)
def test_ej2_value_mistakes(yaml_text, words):
    fails_with("ej2", [yaml_text], *words)


def test_ej2_a_catch_all_rule_is_refused():
    catch_all = MY + (
        "  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: nginx\n            port:\n              number: 80\n"
    )
    fails_with("ej2", [catch_all], "otro.my.com", "sin host")


def test_ej2_wrong_name_and_kind():
    fails_with("ej2:forma", [MY.replace("name: my-nginx", "name: nginx-ing")], "llamarse my-nginx")
    fails_with("ej2:forma", ["kind: Ingress"], "ingress_nginx_yaml", "apiVersion not set")
    fails_with("ej2:forma", [""], "está vacío")


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        (ECO_YAML.replace("pathType: Prefix", "pathType: Exact"), ["/v1/estado", "Prefix"]),
        (ECO_YAML.replace("name: eco-v2", "name: eco-v1"), ["eco.my.com/v2", "Soy la v1"]),
        (ECO_YAML.replace("host: eco.my.com", "host: nginx.my.com"), ["host: eco.my.com"]),
        (ECO_YAML.replace("path: /v1", "path: /"), ["raíz", "404"]),
    ],
)
def test_ej3_mistakes(yaml_text, words):
    passes("ej3:forma", yaml_text)
    fails_with("ej3", [yaml_text], *words)


def test_ej4_mistakes():
    fails_with("ej4:forma", [ECO_YAML], "spec.tls")
    fails_with(
        "ej4", [ECO_TLS_YAML.replace("secretName: eco-tls", "secretName: nginx-tls")], "eco-tls"
    )
    fails_with("ej4", [ECO_TLS_YAML.replace("    - eco.my.com\n", "    - nginx.my.com\n")], "hosts")
    fails_with("ej4", [ECO_TLS_YAML.replace("pathType: Prefix", "pathType: Exact")], "/v1/estado")


def test_ej5_mistakes():
    text = fails_with(
        "ej5", [["api-v2", "api-v2", "api", "404"]], "petición 2", "petición 3", "Exact"
    )
    assert "petición 1" not in text and "petición 4" not in text
    fails_with("ej5", [["api-v2", "api", "web"]], "lista de 4 textos")
    fails_with("ej5", [["api-v2", "api", "web", 404]], "lista de 4 textos")
