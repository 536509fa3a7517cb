"""The (legacy) Endpoints controller: v1 Endpoints named after each selector Service.

Source: kubernetes/kubernetes ``pkg/controller/endpoint/endpoints_controller.go`` (``syncService``:
ready pods in ``addresses``, others in ``notReadyAddresses`` unless ``publishNotReadyAddresses``;
``addEndpointSubset``) and ``pkg/api/v1/endpoints/util.go`` (``RepackSubsets``: one subset per
distinct port set, addresses sorted by IP string then UID).
"""

from __future__ import annotations

import copy

from k8slab.controllers.common import is_pod_ready
from k8slab.controllers.endpointslice import (
    HEADLESS_LABEL,
    find_port,
    selected_pods,
    should_pod_be_in_endpoints,
)


def sync(api) -> None:
    for svc in api.list("Service"):
        spec = svc.get("spec") or {}
        if not spec.get("selector") or spec.get("type") == "ExternalName":
            continue
        _sync_one(api, svc)


def _sync_one(api, svc: dict) -> None:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    spec = svc["spec"]
    publish = bool(spec.get("publishNotReadyAddresses"))
    subsets: dict[tuple, dict] = {}
    for pod in selected_pods(api, svc):
        if not should_pod_be_in_endpoints(pod):
            continue
        ports = []
        for sp in spec.get("ports") or []:
            num = find_port(pod, sp)
            if num is None:
                continue
            p = {}
            if sp.get("name"):
                p["name"] = sp["name"]
            p["port"] = num
            p["protocol"] = sp.get("protocol", "TCP")
            if sp.get("appProtocol"):
                p["appProtocol"] = sp["appProtocol"]
            ports.append(p)
        if not ports and spec.get("ports"):
            continue
        key = tuple(sorted((p.get("name", ""), p["port"], p["protocol"]) for p in ports))
        sub = subsets.setdefault(
            key, {"ports": sorted(ports, key=lambda p: (p.get("name", ""), p["port"]))}
        )
        addr = {"ip": pod["status"]["podIP"]}
        if (
            spec.get("clusterIP") == "None"
            and pod["spec"].get("hostname")
            and (pod["spec"].get("subdomain") == name)
        ):
            addr["hostname"] = pod["spec"]["hostname"]
        addr["nodeName"] = pod["spec"]["nodeName"]
        addr["targetRef"] = {
            "kind": "Pod",
            "name": pod["metadata"]["name"],
            "namespace": ns,
            "uid": pod["metadata"]["uid"],
        }
        which = "addresses" if (is_pod_ready(pod) or publish) else "notReadyAddresses"
        sub.setdefault(which, []).append(addr)
    out = []
    for sub in subsets.values():
        for which in ("addresses", "notReadyAddresses"):
            if which in sub:
                sub[which].sort(key=lambda a: (a["ip"], a["targetRef"]["uid"]))
        out.append({k: sub[k] for k in ("addresses", "notReadyAddresses", "ports") if k in sub})
    out.sort(key=lambda s: str(s.get("ports")))
    labels = dict(svc["metadata"].get("labels") or {})
    if spec.get("clusterIP") == "None":
        labels[HEADLESS_LABEL] = ""
    cur = api.get("Endpoints", ns, name)
    obj = {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": name, "namespace": ns},
    }
    if labels:
        obj["metadata"]["labels"] = {k: labels[k] for k in sorted(labels)}
    if out:
        obj["subsets"] = out
    if cur is not None:
        if cur.get("subsets") == obj.get("subsets") and (cur["metadata"].get("labels") or {}) == (
            obj["metadata"].get("labels") or {}
        ):
            return
        upd = copy.deepcopy(cur)
        upd["metadata"]["labels"] = obj["metadata"].get("labels")
        if upd["metadata"]["labels"] is None:
            upd["metadata"].pop("labels")
        upd.pop("subsets", None)
        if out:
            upd["subsets"] = out
        upd["metadata"]["annotations"] = {
            "endpoints.kubernetes.io/last-change-trigger-time": api.clock.timestamp()
        }
        api.put(upd)
    else:
        obj["metadata"]["annotations"] = {
            "endpoints.kubernetes.io/last-change-trigger-time": api.clock.timestamp()
        }
        api.put(obj)


def garbage_collect(api) -> None:
    """Endpoints of deleted selector Services go away (the controller deletes them)."""
    for ep in api.list("Endpoints"):
        ns, name = ep["metadata"]["namespace"], ep["metadata"]["name"]
        svc = api.get("Service", ns, name)
        managed = "endpoints.kubernetes.io/last-change-trigger-time" in (
            ep["metadata"].get("annotations") or {}
        )
        if svc is None and managed:
            api.delete_object(ep)
