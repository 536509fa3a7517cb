"""The EndpointSlice controller (and the mirroring controller for hand-written Endpoints).

Sources: kubernetes/kubernetes ``pkg/controller/endpointslice/endpointslice_controller.go``,
``staging/src/k8s.io/endpointslice/reconciler.go`` and ``utils.go`` (``podToEndpoint``:
``ready`` = pod Ready or ``publishNotReadyAddresses``, ``serving`` = pod Ready,
``terminating`` = deletionTimestamp set; ``getEndpointPorts`` resolves a named targetPort
per pod through ``podutil.FindPort``; ``ShouldPodBeInEndpoints`` drops pods without an IP or
that have finished), and ``pkg/controller/endpointslicemirroring`` for selector-less Services
whose v1 Endpoints were written by hand.

One slice per distinct set of resolved ports (pods whose named port resolves differently get
their own slice), endpoints ordered by pod name — upstream's order comes from a Go map.
"""

from __future__ import annotations

import copy

from k8slab.api.labels import matches_map_selector
from k8slab.controllers.common import (
    generate_name,
    is_pod_ready,
    owner_ref,
)

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
MIRROR_CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io"
HEADLESS_LABEL = "service.kubernetes.io/headless"


def find_port(pod: dict, svc_port: dict) -> int | None:
    """``podutil.FindPort``: the container port a Service port's targetPort names."""
    target = svc_port.get("targetPort", svc_port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    proto = svc_port.get("protocol", "TCP")
    for c in pod["spec"].get("containers") or []:
        for p in c.get("ports") or []:
            if p.get("name") == target and p.get("protocol", "TCP") == proto:
                return p.get("containerPort")
    return None


def should_pod_be_in_endpoints(pod: dict) -> bool:
    st = pod.get("status") or {}
    if not st.get("podIP"):
        return False
    if st.get("phase") in ("Succeeded", "Failed"):
        return False
    return not pod["metadata"].get("deletionTimestamp")


def selected_pods(api, svc: dict) -> list[dict]:
    """Pods a Service's selector matches, through a label index rebuilt when pods change."""
    sel = svc["spec"].get("selector")
    if not sel:
        return []
    index = _label_index(api, svc["metadata"]["namespace"])
    k, v = min(sel.items())
    return [
        p for p in index.get((k, v), ()) if matches_map_selector(sel, p["metadata"].get("labels"))
    ]


def _label_index(api, namespace: str) -> dict:
    cache = getattr(api, "_pod_label_index", None)
    version = api.kind_versions.get("Pod", 0)
    if cache is None or cache[0] != version:
        cache = (version, {})
        api._pod_label_index = cache
    per_ns = cache[1].get(namespace)
    if per_ns is None:
        per_ns = {}
        for p in api.list("Pod", namespace):
            for kv in (p["metadata"].get("labels") or {}).items():
                per_ns.setdefault(kv, []).append(p)
        cache[1][namespace] = per_ns
    return per_ns


def _service_labels(svc: dict, managed_by: str) -> dict:
    labels = dict(svc["metadata"].get("labels") or {})
    labels[MANAGED_BY_LABEL] = managed_by
    labels[SERVICE_NAME_LABEL] = svc["metadata"]["name"]
    if svc["spec"].get("clusterIP") == "None":
        labels[HEADLESS_LABEL] = ""
    return {k: labels[k] for k in sorted(labels)}


def desired_slices(api, svc: dict) -> list[tuple[list[dict], list[dict]]]:
    """(ports, endpoints) per slice the controller wants for ``svc``."""
    spec = svc["spec"]
    publish = bool(spec.get("publishNotReadyAddresses"))
    groups: dict[tuple, list[dict]] = {}
    ports_by_key: dict[tuple, list[dict]] = {}
    for pod in sorted(selected_pods(api, svc), key=lambda p: p["metadata"]["name"]):
        if not should_pod_be_in_endpoints(pod):
            continue
        ports = []
        for sp in spec.get("ports") or []:
            num = find_port(pod, sp)
            if num is None:
                continue
            ep = {"name": sp.get("name", ""), "port": num, "protocol": sp.get("protocol", "TCP")}
            if sp.get("appProtocol"):
                ep["appProtocol"] = sp["appProtocol"]
            ports.append(ep)
        key = tuple((p["name"], p["port"], p["protocol"]) for p in ports)
        ports_by_key[key] = ports
        ready = is_pod_ready(pod)
        endpoint = {
            "addresses": [pod["status"]["podIP"]],
            "conditions": {
                "ready": ready or publish,
                "serving": ready,
                "terminating": False,
            },
        }
        if (
            spec.get("clusterIP") == "None"
            and pod["spec"].get("hostname")
            and (pod["spec"].get("subdomain") == svc["metadata"]["name"])
        ):
            endpoint["hostname"] = pod["spec"]["hostname"]
        endpoint["nodeName"] = pod["spec"]["nodeName"]
        endpoint["targetRef"] = {
            "kind": "Pod",
            "name": pod["metadata"]["name"],
            "namespace": pod["metadata"]["namespace"],
            "uid": pod["metadata"]["uid"],
        }
        groups.setdefault(key, []).append(endpoint)
    return [(ports_by_key[k], eps) for k, eps in groups.items()]


def sync(api) -> None:
    for svc in api.list("Service"):
        spec = svc.get("spec") or {}
        if spec.get("type") == "ExternalName":
            continue
        if spec.get("selector"):
            _sync_service(api, svc)
    _sync_mirroring(api)
    # Garbage: slices whose Service is gone are removed by ownerReference cascade.


def _sync_service(api, svc: dict) -> None:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    existing = api.controlled_by("EndpointSlice", svc["metadata"]["uid"])
    want = desired_slices(api, svc)
    if not want:
        want = [([], None)]  # the placeholder slice of a Service without endpoints
    labels = _service_labels(svc, CONTROLLER_NAME)
    for i, (ports, eps) in enumerate(want):
        if i < len(existing):
            cur = existing[i]
            slice_name = cur["metadata"]["name"]
        else:
            cur = None
            slice_name = generate_name(api, "EndpointSlice", ns, name + "-", svc["metadata"]["uid"])
        obj = {
            "addressType": "IPv4",
            "apiVersion": "discovery.k8s.io/v1",
            "endpoints": eps,
            "kind": "EndpointSlice",
            "metadata": {
                "annotations": {
                    "endpoints.kubernetes.io/last-change-trigger-time": api.clock.timestamp()
                },
                "generateName": name + "-",
                "labels": labels,
                "name": slice_name,
                "namespace": ns,
                "ownerReferences": [owner_ref(svc)],
            },
            "ports": ports or None,
        }
        if cur is not None:
            same = (
                cur.get("endpoints") == eps
                and cur.get("ports") == obj["ports"]
                and cur["metadata"].get("labels") == labels
            )
            if same:
                continue
            merged = copy.deepcopy(cur)
            merged["endpoints"], merged["ports"] = eps, obj["ports"]
            merged["metadata"]["labels"] = labels
            merged["metadata"]["annotations"] = obj["metadata"]["annotations"]
            api.put(merged)
        else:
            api.put(obj)
    for extra in existing[len(want) :]:
        api.delete_object(extra)


def _sync_mirroring(api) -> None:
    """EndpointSliceMirroring: hand-written Endpoints of selector-less Services → slices."""
    for ep in api.list("Endpoints"):
        ns, name = ep["metadata"]["namespace"], ep["metadata"]["name"]
        svc = api.get("Service", ns, name)
        labels = ep["metadata"].get("labels") or {}
        if svc is None or (svc.get("spec") or {}).get("selector"):
            continue
        if labels.get("endpointslice.kubernetes.io/skip-mirror") == "true":
            continue
        existing = [
            s
            for s in api.list("EndpointSlice", ns)
            if (s["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL) == name
            and (s["metadata"].get("labels") or {}).get(MANAGED_BY_LABEL) == MIRROR_CONTROLLER_NAME
        ]
        if name == "kubernetes" and ns == "default":
            continue  # the apiserver's own reconciler writes that slice
        want = []
        for subset in ep.get("subsets") or []:
            ports = [
                {
                    "name": p.get("name", ""),
                    "port": p.get("port"),
                    "protocol": p.get("protocol", "TCP"),
                }
                for p in subset.get("ports") or []
            ]
            eps = []
            for addr, ready in [
                *((a, True) for a in subset.get("addresses") or []),
                *((a, False) for a in subset.get("notReadyAddresses") or []),
            ]:
                e = {"addresses": [addr.get("ip")], "conditions": {"ready": ready}}
                if addr.get("hostname"):
                    e["hostname"] = addr["hostname"]
                if addr.get("nodeName"):
                    e["nodeName"] = addr["nodeName"]
                if addr.get("targetRef"):
                    e["targetRef"] = addr["targetRef"]
                eps.append(e)
            want.append((ports, eps))
        mlabels = {
            **labels,
            MANAGED_BY_LABEL: MIRROR_CONTROLLER_NAME,
            SERVICE_NAME_LABEL: name,
        }
        mlabels = {k: mlabels[k] for k in sorted(mlabels)}
        for i, (ports, eps) in enumerate(want):
            cur = existing[i] if i < len(existing) else None
            slice_name = (
                cur["metadata"]["name"]
                if cur
                else generate_name(api, "EndpointSlice", ns, name + "-", ep["metadata"]["uid"])
            )
            obj = {
                "addressType": "IPv4",
                "apiVersion": "discovery.k8s.io/v1",
                "endpoints": eps,
                "kind": "EndpointSlice",
                "metadata": {
                    "generateName": name + "-",
                    "labels": mlabels,
                    "name": slice_name,
                    "namespace": ns,
                    "ownerReferences": [owner_ref(ep)],
                },
                "ports": ports or None,
            }
            if cur is None or cur.get("endpoints") != eps or cur.get("ports") != obj["ports"]:
                if cur is not None:
                    obj["metadata"] = {**cur["metadata"], "labels": mlabels}
                api.put(obj)
        for extra in existing[len(want) :]:
            api.delete_object(extra)
