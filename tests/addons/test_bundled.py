"""Bundled ingress-nginx manifests behind ``kubectl apply -f URL``.

Sources (kubernetes/ingress-nginx; details in k8slab/addons/README.md):
- controller-v1.14.5 baremetal + kind deploy.yaml: commit eefb7a5ff1637ac4c850bee3c0eb3c3c651e1b3d.
- controller-v1.15.1 kind deploy.yaml: derived from the above; its sha256 equals the published
  hash of upstream controller-v1.15.1 kind/deploy.yaml (2a3ae008…).
- controller-v1.15.1 baremetal/cloud deploy.yaml: derived the same way (cloud overlay from
  commit 0124c313f1f089c01ce83a3714c3f4f5b4eb70c6).
- nginx-0.30.0 mandatory.yaml: reconstructed from commit 0a7913a45ae7024bec2893b05645b5c8958579d3;
  service-nodeport.yaml: commit 1dd5493404ef8e9ae3816d9771afaaa090d35375.
"""

from __future__ import annotations

import hashlib

import pytest
import yaml

from k8slab.addons import BUNDLED, bundled_manifest, bundled_urls, resolve

BASE = "https://raw.githubusercontent.com/kubernetes/ingress-nginx"
OLD_MANDATORY = f"{BASE}/nginx-0.30.0/deploy/static/mandatory.yaml"
OLD_NODEPORT = f"{BASE}/nginx-0.30.0/deploy/static/provider/baremetal/service-nodeport.yaml"
CURRENT_BAREMETAL = f"{BASE}/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml"
CURRENT_CLOUD = f"{BASE}/controller-v1.15.1/deploy/static/provider/cloud/deploy.yaml"
CURRENT_KIND = f"{BASE}/controller-v1.15.1/deploy/static/provider/kind/deploy.yaml"

# Published sha256 of upstream controller-v1.15.1 deploy/static/provider/kind/deploy.yaml.
KIND_V1_15_1_SHA256 = "2a3ae008c8786431115502644e77ab398fdebfb721a5d1195ed3089cde3299df"


def _docs(url: str) -> list[dict]:
    text = bundled_manifest(url)
    assert text is not None, url
    return [d for d in yaml.safe_load_all(text) if d is not None]


def _find(docs: list[dict], kind: str, name: str, namespace: str | None = None) -> dict:
    hits = [
        d
        for d in docs
        if d["kind"] == kind
        and d["metadata"]["name"] == name
        and d["metadata"].get("namespace") == namespace
    ]
    assert len(hits) == 1, (kind, name, namespace, len(hits))
    return hits[0]


def _strip_header(text: str) -> str:
    """Drop the k8slab provenance comment that derived files start with."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


@pytest.mark.parametrize("url", bundled_urls())
def test_every_bundled_url_resolves_and_parses(url: str) -> None:
    docs = _docs(url)
    assert docs
    for d in docs:
        assert isinstance(d, dict)
        assert d["apiVersion"] and d["kind"] and d["metadata"]["name"]


def test_table_covers_the_course_and_current_urls() -> None:
    for url in (OLD_MANDATORY, OLD_NODEPORT, CURRENT_BAREMETAL, CURRENT_CLOUD, CURRENT_KIND):
        assert url in bundled_urls()
        assert bundled_manifest(url) is not None
    assert len(bundled_urls()) == len(BUNDLED)


@pytest.mark.parametrize(
    "url",
    [
        CURRENT_BAREMETAL,
        "http://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "https://raw.githubusercontent.com/kubernetes/ingress-nginx/refs/tags/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "https://github.com/kubernetes/ingress-nginx/raw/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "https://github.com/kubernetes/ingress-nginx/raw/refs/tags/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "  https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml\n",
    ],
)
def test_url_forms(url: str) -> None:
    assert resolve(url) == ("controller-v1.15.1", "deploy/static/provider/baremetal/deploy.yaml")
    assert bundled_manifest(url) == bundled_manifest(CURRENT_BAREMETAL)


def test_github_raw_form_of_old_urls() -> None:
    url = (
        "https://github.com/kubernetes/ingress-nginx/raw/nginx-0.30.0/deploy/static/mandatory.yaml"
    )
    assert bundled_manifest(url) == bundled_manifest(OLD_MANDATORY)


@pytest.mark.parametrize(
    "url",
    [
        # versions and branches that are not bundled: no silent mapping to another release
        f"{BASE}/controller-v1.15.0/deploy/static/provider/baremetal/deploy.yaml",
        f"{BASE}/controller-v1.9.4/deploy/static/provider/baremetal/deploy.yaml",
        f"{BASE}/controller-v1.15.2/deploy/static/provider/baremetal/deploy.yaml",
        f"{BASE}/main/deploy/static/provider/baremetal/deploy.yaml",
        f"{BASE}/master/deploy/static/mandatory.yaml",
        f"{BASE}/nginx-0.29.0/deploy/static/mandatory.yaml",
        # files that are not bundled
        f"{BASE}/controller-v1.15.1/deploy/static/provider/aws/deploy.yaml",
        f"{BASE}/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yml",
        f"{BASE}/controller-v1.15.1/deploy/static/provider/baremetal/../kind/deploy.yaml",
        # other repositories and forms
        "https://raw.githubusercontent.com/someone/ingress-nginx/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "https://github.com/kubernetes/ingress-nginx/blob/controller-v1.15.1/deploy/static/provider/baremetal/deploy.yaml",
        "https://example.com/deploy.yaml",
        "deploy.yaml",
        "",
    ],
)
def test_unknown_urls_return_none(url: str) -> None:
    assert resolve(url) is None
    assert bundled_manifest(url) is None


def test_current_baremetal_objects() -> None:
    docs = _docs(CURRENT_BAREMETAL)
    ns = _find(docs, "Namespace", "ingress-nginx")
    assert ns["apiVersion"] == "v1"

    dep = _find(docs, "Deployment", "ingress-nginx-controller", "ingress-nginx")
    assert dep["apiVersion"] == "apps/v1"
    (container,) = dep["spec"]["template"]["spec"]["containers"]
    assert container["image"] == (
        "registry.k8s.io/ingress-nginx/controller:v1.15.1"
        "@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1"
    )
    assert "--ingress-class=nginx" in container["args"]
    assert "--controller-class=k8s.io/ingress-nginx" in container["args"]

    svc = _find(docs, "Service", "ingress-nginx-controller", "ingress-nginx")
    assert svc["spec"]["type"] == "NodePort"
    assert [(p["name"], p["port"], p["targetPort"]) for p in svc["spec"]["ports"]] == [
        ("http", 80, "http"),
        ("https", 443, "https"),
    ]
    assert all("nodePort" not in p for p in svc["spec"]["ports"])
    admission = _find(docs, "Service", "ingress-nginx-controller-admission", "ingress-nginx")
    assert admission["spec"]["type"] == "ClusterIP"

    ic = _find(docs, "IngressClass", "nginx")
    assert ic["apiVersion"] == "networking.k8s.io/v1"
    assert ic["spec"]["controller"] == "k8s.io/ingress-nginx"

    for job in ("ingress-nginx-admission-create", "ingress-nginx-admission-patch"):
        j = _find(docs, "Job", job, "ingress-nginx")
        assert j["apiVersion"] == "batch/v1"
        (c,) = j["spec"]["template"]["spec"]["containers"]
        assert c["image"].startswith("registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@")

    vwc = _find(docs, "ValidatingWebhookConfiguration", "ingress-nginx-admission")
    assert vwc["apiVersion"] == "admissionregistration.k8s.io/v1"
    (hook,) = vwc["webhooks"]
    assert hook["clientConfig"]["service"] == {
        "name": "ingress-nginx-controller-admission",
        "namespace": "ingress-nginx",
        "path": "/networking/v1/ingresses",
        "port": 443,
    }

    assert len(docs) == 19
    versions = {
        d["metadata"]["labels"]["app.kubernetes.io/version"]
        for d in docs
        if "app.kubernetes.io/version" in d["metadata"].get("labels", {})
    }
    assert versions == {"1.15.1"}


def test_current_kind_is_upstream_byte_for_byte() -> None:
    text = bundled_manifest(CURRENT_KIND)
    assert text is not None
    assert hashlib.sha256(text.encode()).hexdigest() == KIND_V1_15_1_SHA256
    docs = _docs(CURRENT_KIND)
    svc = _find(docs, "Service", "ingress-nginx-controller", "ingress-nginx")
    assert svc["spec"]["type"] == "LoadBalancer"
    dep = _find(docs, "Deployment", "ingress-nginx-controller", "ingress-nginx")
    (container,) = dep["spec"]["template"]["spec"]["containers"]
    assert "--watch-ingress-without-class=true" in container["args"]
    assert [p.get("hostPort") for p in container["ports"]] == [80, 443, None]


def test_current_cloud_service_is_load_balancer() -> None:
    docs = _docs(CURRENT_CLOUD)
    svc = _find(docs, "Service", "ingress-nginx-controller", "ingress-nginx")
    assert svc["spec"]["type"] == "LoadBalancer"
    assert svc["spec"]["externalTrafficPolicy"] == "Local"


def test_v1_15_1_differs_from_v1_14_5_only_in_version_and_controller_image() -> None:
    for provider in ("baremetal", "kind"):
        old = bundled_manifest(
            f"{BASE}/controller-v1.14.5/deploy/static/provider/{provider}/deploy.yaml"
        )
        new = bundled_manifest(
            f"{BASE}/controller-v1.15.1/deploy/static/provider/{provider}/deploy.yaml"
        )
        assert old is not None and new is not None
        new_body = _strip_header(new)
        old_body = old.replace(
            "controller:v1.14.5@sha256:af3312d040dbe8d503001a1094b248e8be372f70f317a4bc35f81fb312bff3a8",
            "controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1",
        ).replace("app.kubernetes.io/version: 1.14.5", "app.kubernetes.io/version: 1.15.1")
        assert new_body == old_body


def test_old_mandatory_is_left_as_published() -> None:
    """The v1beta1 RBAC kinds stay: a current API server must reject them, as in the course."""
    docs = _docs(OLD_MANDATORY)
    kinds = [(d["apiVersion"], d["kind"], d["metadata"]["name"]) for d in docs]
    assert kinds == [
        ("v1", "Namespace", "ingress-nginx"),
        ("v1", "ConfigMap", "nginx-configuration"),
        ("v1", "ConfigMap", "tcp-services"),
        ("v1", "ConfigMap", "udp-services"),
        ("v1", "ServiceAccount", "nginx-ingress-serviceaccount"),
        ("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "nginx-ingress-clusterrole"),
        ("rbac.authorization.k8s.io/v1beta1", "Role", "nginx-ingress-role"),
        ("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "nginx-ingress-role-nisa-binding"),
        (
            "rbac.authorization.k8s.io/v1beta1",
            "ClusterRoleBinding",
            "nginx-ingress-clusterrole-nisa-binding",
        ),
        ("apps/v1", "Deployment", "nginx-ingress-controller"),
        ("v1", "LimitRange", "ingress-nginx"),
    ]
    dep = _find(docs, "Deployment", "nginx-ingress-controller", "ingress-nginx")
    (container,) = dep["spec"]["template"]["spec"]["containers"]
    assert container["image"] == (
        "quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.30.0"
    )


def test_old_service_nodeport() -> None:
    (svc,) = _docs(OLD_NODEPORT)
    assert (svc["kind"], svc["metadata"]["name"], svc["metadata"]["namespace"]) == (
        "Service",
        "ingress-nginx",
        "ingress-nginx",
    )
    assert svc["spec"]["type"] == "NodePort"
    assert svc["spec"]["selector"] == {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/part-of": "ingress-nginx",
    }
