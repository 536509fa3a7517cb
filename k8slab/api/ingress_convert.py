"""Rewrite a removed ``networking.k8s.io/v1beta1`` / ``extensions/v1beta1`` Ingress as v1.

The field mapping is the one the API server used to convert between the versions
(kubernetes/kubernetes ``pkg/apis/networking/v1beta1`` conversion, and the migration notes in
https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122):
``spec.backend`` → ``spec.defaultBackend``; ``serviceName``/``servicePort`` →
``service.name`` + ``service.port.number`` (or ``.name`` for a named port); ``pathType``,
which v1beta1 defaulted to ``ImplementationSpecific``, becomes explicit. Used only to print a
hint next to kubectl's "no matches for kind" error.
"""

from __future__ import annotations

import copy

import yaml


def _backend(b: dict) -> dict:
    if not isinstance(b, dict):
        return b
    if "serviceName" not in b and "servicePort" not in b:
        return copy.deepcopy(b)
    port = b.get("servicePort")
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        port_v1 = {"number": int(port)}
    else:
        port_v1 = {"name": port}
    return {"service": {"name": b.get("serviceName"), "port": port_v1}}


def v1beta1_to_v1(obj: dict) -> dict:
    out = copy.deepcopy(obj)
    out["apiVersion"] = "networking.k8s.io/v1"
    spec = out.get("spec")
    if not isinstance(spec, dict):
        return out
    if "backend" in spec:
        spec["defaultBackend"] = _backend(spec.pop("backend"))
    for rule in spec.get("rules") or []:
        http = rule.get("http") if isinstance(rule, dict) else None
        for p in (http or {}).get("paths") or []:
            if not isinstance(p, dict):
                continue
            p.setdefault("pathType", "ImplementationSpecific")
            if "backend" in p:
                p["backend"] = _backend(p["backend"])
            ordered = {k: p[k] for k in ("path", "pathType", "backend") if k in p}
            ordered.update({k: v for k, v in p.items() if k not in ordered})
            p.clear()
            p.update(ordered)
    return out


def v1beta1_to_v1_yaml(obj: dict) -> str:
    try:
        return yaml.safe_dump(v1beta1_to_v1(obj), sort_keys=False, default_flow_style=False)
    except yaml.YAMLError:
        return ""
