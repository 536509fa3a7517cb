"""controller_config_from_pod on the bundled ingress-nginx manifests (pkg/flags/flags.go)."""

from __future__ import annotations

from pathlib import Path

import yaml

import k8slab
from k8slab.ingress import ControllerConfig, controller_config_from_pod

ADDONS = Path(k8slab.__file__).parent / "addons" / "ingress-nginx"


def _pod_from(manifest: Path) -> dict:
    for doc in yaml.safe_load_all(manifest.read_text()):
        if doc and doc.get("kind") == "Deployment":
            return {
                "metadata": {
                    "name": "ingress-nginx-controller-x",
                    "namespace": doc["metadata"]["namespace"],
                },
                "spec": doc["spec"]["template"]["spec"],
            }
    raise AssertionError("no Deployment")


def test_baremetal_v1_15_1() -> None:
    cfg = controller_config_from_pod(
        _pod_from(ADDONS / "controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml")
    )
    assert (cfg.ingress_class, cfg.controller_class, cfg.watch_ingress_without_class) == (
        "nginx",
        "k8s.io/ingress-nginx",
        False,
    )
    assert cfg.version == "v1.15.1"


def test_kind_provider_watches_classless_ingresses() -> None:
    cfg = controller_config_from_pod(
        _pod_from(ADDONS / "controller-v1.15.1/deploy/static/provider/kind/deploy.yaml")
    )
    assert cfg.watch_ingress_without_class is True


def test_flags_and_configmap() -> None:
    pod = {
        "metadata": {"name": "c", "namespace": "ingress-nginx"},
        "spec": {
            "containers": [
                {
                    "name": "controller",
                    "image": "registry.k8s.io/ingress-nginx/controller:v1.14.5",
                    "args": [
                        "/nginx-ingress-controller",
                        "--ingress-class=internal",
                        "--controller-class=example.com/internal",
                        "--watch-ingress-without-class=true",
                        "--default-ssl-certificate=$(POD_NAMESPACE)/wildcard-tls",
                        "--configmap=$(POD_NAMESPACE)/cm",
                    ],
                    "env": [
                        {
                            "name": "POD_NAMESPACE",
                            "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}},
                        }
                    ],
                }
            ]
        },
    }
    cm = {"data": {"ssl-redirect": "false", "http-redirect-code": "301"}}
    cfg = controller_config_from_pod(pod, configmap=cm)
    assert cfg == ControllerConfig(
        ingress_class="internal",
        controller_class="example.com/internal",
        watch_ingress_without_class=True,
        default_ssl_certificate="ingress-nginx/wildcard-tls",
        ssl_redirect=False,
        http_redirect_code=301,
        version="v1.14.5",
    )
