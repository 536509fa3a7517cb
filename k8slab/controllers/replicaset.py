"""The ReplicaSet controller: keep ``spec.replicas`` pods matching the template.

Source: kubernetes/kubernetes ``pkg/controller/replicaset/replica_set.go``
(``manageReplicas``, ``calculateStatus``) and ``pkg/controller/controller_utils.go``
(``ActivePodsWithRanks``: which pods go first on scale-down — unassigned before assigned,
pending before running, not-ready before ready, newer before older).
"""

from __future__ import annotations

import copy

from k8slab.controllers.common import (
    generate_name,
    is_pod_ready,
    owned,
    pod_from_template,
)


def _deletion_rank(pod: dict) -> tuple:
    st = pod.get("status") or {}
    return (
        1 if pod["spec"].get("nodeName") else 0,
        1 if st.get("phase") == "Running" else 0,
        1 if is_pod_ready(pod) else 0,
        # newer first: invert the creation order
        tuple(-ord(c) for c in pod["metadata"]["creationTimestamp"]),
        pod["metadata"]["name"],
    )


def sync(api) -> None:
    for rs in api.list("ReplicaSet"):
        sync_one(api, rs, "replicaset-controller")


def sync_one(api, rs: dict, component: str) -> None:
    ns = rs["metadata"]["namespace"]
    want = rs["spec"].get("replicas", 1)
    pods = [p for p in owned(api, "Pod", rs) if not p["metadata"].get("deletionTimestamp")]
    if len(pods) < want:
        template = rs["spec"].get("template") or {}
        for _ in range(want - len(pods)):
            name = generate_name(
                api, "Pod", ns, rs["metadata"]["name"] + "-", rs["metadata"]["uid"]
            )
            pod = pod_from_template(template, ns, name, rs)
            api.put(pod)
            api.record_event(rs, "Normal", "SuccessfulCreate", f"Created pod: {name}", component)
    elif len(pods) > want:
        victims = sorted(pods, key=_deletion_rank)[: len(pods) - want]
        for p in victims:
            api.delete_object(p)
            api.record_event(
                rs, "Normal", "SuccessfulDelete", f"Deleted pod: {p['metadata']['name']}", component
            )
    pods = owned(api, "Pod", rs)
    ready = sum(1 for p in pods if is_pod_ready(p))
    st = {"replicas": len(pods), "observedGeneration": rs["metadata"].get("generation", 1)}
    if ready:
        st["availableReplicas"] = ready
        st["fullyLabeledReplicas"] = len(pods)
        st["readyReplicas"] = ready
    elif pods:
        st["fullyLabeledReplicas"] = len(pods)
    st = {k: st[k] for k in sorted(st)}
    if rs.get("status") != st:
        upd = copy.deepcopy(rs)
        upd["status"] = st
        api.put(upd)
