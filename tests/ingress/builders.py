"""Object builders for the ingress tests.

Address plan: Pods 10.244.x.y (one slice per Service), ClusterIPs 10.96.0.0/12; all objects in
namespace ``default`` unless given; creationTimestamps are ``2026-01-01T10:MM:00Z`` with the
minute passed as ``created`` so "older" is explicit.
"""

from __future__ import annotations

import base64
from pathlib import Path

from k8slab.api.reader import StaticReader
from k8slab.ingress import ControllerConfig

HERE = Path(__file__).parent
NGINX = ControllerConfig()  # ingress-nginx defaults: --ingress-class=nginx, k8s.io/ingress-nginx


def ts(minute: int) -> str:
    return f"2026-01-01T10:{minute:02d}:00Z"


def ingress_class(
    name: str = "nginx",
    *,
    controller: str = "k8s.io/ingress-nginx",
    default: bool = False,
    created: int = 0,
) -> dict:
    md: dict = {"name": name, "creationTimestamp": ts(created)}
    if default:
        md["annotations"] = {"ingressclass.kubernetes.io/is-default-class": "true"}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": md,
        "spec": {"controller": controller},
    }


def backend(service: str, port: int | str = 80) -> dict:
    key = "number" if isinstance(port, int) else "name"
    return {"service": {"name": service, "port": {key: port}}}


def path(
    p: str | None, path_type: str = "Prefix", service: str = "svc", port: int | str = 80
) -> dict:
    out: dict = {"pathType": path_type, "backend": backend(service, port)}
    if p is not None:
        out["path"] = p
    return out


def rule(host: str | None, *paths: dict) -> dict:
    r: dict = {"http": {"paths": list(paths)}}
    if host is not None:
        r["host"] = host
    return r


def ingress(
    name: str,
    *rules: dict,
    ns: str = "default",
    class_name: str | None = "nginx",
    annotations: dict | None = None,
    default_backend: dict | None = None,
    tls: list | None = None,
    created: int = 0,
) -> dict:
    spec: dict = {}
    if class_name is not None:
        spec["ingressClassName"] = class_name
    if default_backend is not None:
        spec["defaultBackend"] = default_backend
    if rules:
        spec["rules"] = list(rules)
    if tls is not None:
        spec["tls"] = tls
    md: dict = {"name": name, "namespace": ns, "creationTimestamp": ts(created)}
    if annotations:
        md["annotations"] = annotations
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": md, "spec": spec}


def service(
    name: str,
    *,
    ns: str = "default",
    port: int = 80,
    target: int | str = 8080,
    port_name: str | None = None,
) -> dict:
    p: dict = {"port": port, "targetPort": target, "protocol": "TCP"}
    if port_name:
        p["name"] = port_name
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"type": "ClusterIP", "ports": [p]},
    }


def slice_(
    svc: str,
    *ips: str,
    ns: str = "default",
    port: int = 8080,
    port_name: str = "",
    ready: list[bool] | None = None,
) -> dict:
    ready = ready or [True] * len(ips)
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "addressType": "IPv4",
        "metadata": {
            "name": f"{svc}-abcde",
            "namespace": ns,
            "labels": {"kubernetes.io/service-name": svc},
        },
        "endpoints": [
            {
                "addresses": [ip],
                "conditions": {"ready": r},
                "targetRef": {"kind": "Pod", "namespace": ns, "name": f"{svc}-pod-{i}"},
            }
            for i, (ip, r) in enumerate(zip(ips, ready, strict=True))
        ],
        "ports": [{"name": port_name, "port": port, "protocol": "TCP"}],
    }


def app(name: str, ip: str, *, ns: str = "default") -> list[dict]:
    """A Service ``name`` (80 → 8080) with one ready Pod at ``ip``."""
    return [service(name, ns=ns), slice_(name, ip, ns=ns)]


def tls_secret(name: str, pem_file: str, *, ns: str = "default") -> dict:
    crt = (HERE / pem_file).read_bytes()
    key = b"-----BEGIN PRIVATE KEY-----\nTk9UIEEgUkVBTCBLRVk=\n-----END PRIVATE KEY-----\n"
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "kubernetes.io/tls",
        "metadata": {"name": name, "namespace": ns},
        "data": {
            "tls.crt": base64.b64encode(crt).decode(),
            "tls.key": base64.b64encode(key).decode(),
        },
    }


def reader(*objs: dict | list[dict]) -> StaticReader:
    flat: list[dict] = []
    for o in objs:
        flat.extend(o if isinstance(o, list) else [o])
    if not any(o.get("kind") == "IngressClass" for o in flat):
        flat.append(ingress_class())
    return StaticReader(flat)
