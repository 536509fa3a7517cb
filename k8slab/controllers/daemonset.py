"""The DaemonSet controller: one pod on every node the pod template fits.

Source: kubernetes/kubernetes ``pkg/controller/daemon/daemon_controller.go``
(``podsShouldBeOnNode``, ``updateDaemonSetStatus``). Pods are bound to their node directly
(``spec.nodeName`` via node affinity in upstream), so the scheduler does not move them.
"""

from __future__ import annotations

import copy

from k8slab.api.labels import matches_map_selector
from k8slab.controllers.common import generate_name, is_pod_ready, owned, pod_from_template
from k8slab.controllers.deployment import compute_hash


def node_fits(node: dict, pod_spec: dict) -> bool:
    if not matches_map_selector(pod_spec.get("nodeSelector"), node["metadata"].get("labels")):
        return False
    tolerations = pod_spec.get("tolerations") or []
    for taint in (node.get("spec") or {}).get("taints") or []:
        if taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not any(_tolerates(t, taint) for t in tolerations):
            return False
    return True


def _tolerates(t: dict, taint: dict) -> bool:
    if t.get("effect") and t.get("effect") != taint.get("effect"):
        return False
    if t.get("operator") == "Exists":
        return not t.get("key") or t.get("key") == taint.get("key")
    return t.get("key") == taint.get("key") and t.get("value", "") == taint.get("value", "")


def sync(api) -> None:
    nodes = api.list("Node")
    for ds in api.list("DaemonSet"):
        _sync_one(api, ds, nodes)


def _sync_one(api, ds: dict, nodes: list[dict]) -> None:
    ns = ds["metadata"]["namespace"]
    template = ds["spec"].get("template") or {}
    h = compute_hash(template)
    pods = owned(api, "Pod", ds)
    by_node: dict[str, list[dict]] = {}
    for p in pods:
        by_node.setdefault(p["spec"].get("nodeName", ""), []).append(p)
    wanted = [n for n in nodes if node_fits(n, template.get("spec") or {})]
    wanted_names = {n["metadata"]["name"] for n in wanted}
    for node in wanted:
        nn = node["metadata"]["name"]
        have = by_node.get(nn, [])
        current = [p for p in have if p["metadata"]["labels"].get("controller-revision-hash") == h]
        for p in have:
            if p not in current:
                api.delete_object(p)
                api.record_event(
                    ds,
                    "Normal",
                    "SuccessfulDelete",
                    f"Deleted pod: {p['metadata']['name']}",
                    "daemonset-controller",
                )
        if not current:
            name = generate_name(
                api, "Pod", ns, ds["metadata"]["name"] + "-", f"{ds['metadata']['uid']}/{nn}"
            )
            pod = pod_from_template(
                template,
                ns,
                name,
                ds,
                {
                    "controller-revision-hash": h,
                    "pod-template-generation": str(ds["metadata"].get("generation", 1)),
                },
            )
            pod["spec"]["nodeName"] = nn
            api.put(pod)
            api.record_event(
                ds, "Normal", "SuccessfulCreate", f"Created pod: {name}", "daemonset-controller"
            )
    for nn, have in by_node.items():
        if nn not in wanted_names:
            for p in have:
                api.delete_object(p)
    pods = owned(api, "Pod", ds)
    ready = sum(1 for p in pods if is_pod_ready(p))
    st = {
        "currentNumberScheduled": len(pods),
        "desiredNumberScheduled": len(wanted),
        "numberAvailable": ready,
        "numberMisscheduled": 0,
        "numberReady": ready,
        "observedGeneration": ds["metadata"].get("generation", 1),
        "updatedNumberScheduled": len(pods),
    }
    if ready < len(pods):
        st["numberUnavailable"] = len(pods) - ready
    if not ready:
        st.pop("numberAvailable")
    st = {k: st[k] for k in sorted(st)}
    if ds.get("status") != st:
        upd = copy.deepcopy(ds)
        upd["status"] = st
        api.put(upd)
