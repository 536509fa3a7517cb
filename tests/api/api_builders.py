"""Plain-dict builders for API tests, in the style of upstream's ``makeTestService``.

Address plan: Services in 10.96.0.0/12 (ClusterIPs 10.96.0.x), NodePorts 30000-32767, pods in
10.244.0.0/16. Objects are returned *defaulted* unless ``defaulted=False``, because the API
server validates after defaulting.
"""

from __future__ import annotations

import copy
from typing import Any

from k8slab.api.defaults import set_defaults
from k8slab.api.validation import validate


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    for key, value in overrides.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def make_service(ns: str, name: str, *, defaulted: bool = True, **spec: Any) -> dict[str, Any]:
    """A Service ``ns/name``; keyword arguments replace ``spec`` keys (``None`` removes one)."""
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": ns},
        "spec": _merge(
            {"selector": {"app": "nginx"}, "ports": [{"port": 80, "targetPort": 80}]},
            spec,
        ),
    }
    if defaulted:
        set_defaults(svc)
    return svc


def make_container(**overrides: Any) -> dict[str, Any]:
    return _merge(
        {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}, overrides
    )


def make_pod_template(labels: dict[str, str] | None = None, **spec: Any) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": "nginx"} if labels is None else labels},
        "spec": _merge({"containers": [make_container()]}, spec),
    }


def make_deployment(ns: str, name: str, *, defaulted: bool = True, **spec: Any) -> dict[str, Any]:
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns},
        "spec": _merge(
            {"selector": {"matchLabels": {"app": "nginx"}}, "template": make_pod_template()},
            spec,
        ),
    }
    if defaulted:
        set_defaults(dep)
    return dep


def make_ingress(ns: str, name: str, **spec: Any) -> dict[str, Any]:
    ing = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": ns},
        "spec": _merge(
            {
                "rules": [
                    {
                        "host": "nginx.my.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {"name": "nginx", "port": {"number": 80}}
                                    },
                                }
                            ]
                        },
                    }
                ]
            },
            spec,
        ),
    }
    set_defaults(ing)
    return ing


def http_path(ing: dict[str, Any], i: int = 0, j: int = 0) -> dict[str, Any]:
    return ing["spec"]["rules"][i]["http"]["paths"][j]


def errors(obj: dict[str, Any], old: dict[str, Any] | None = None) -> list[str]:
    """The validation messages, as strings."""
    return [str(e) for e in validate(copy.deepcopy(obj), old=old)]
