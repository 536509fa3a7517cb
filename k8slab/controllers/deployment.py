"""The Deployment controller: one ReplicaSet per pod template, rolled out to completion.

Source: kubernetes/kubernetes ``pkg/controller/deployment`` (sync.go ``getNewReplicaSet``,
``scale``; rolling.go; util/deployment_util.go ``SetNewReplicaSetAnnotations``) and
``pkg/controller/controller_utils.go`` ``ComputeHash``.

The simulation is synchronous: a rolling update converges within one ``apply`` (new ReplicaSet
scaled up, old ones scaled to 0 and kept for ``revisionHistoryLimit``), which is the state a
student sees once ``kubectl rollout status`` returns.
"""

from __future__ import annotations

import copy
import json

from k8slab import rand
from k8slab.controllers.common import is_pod_ready, owned, owner_ref

POD_TEMPLATE_HASH = "pod-template-hash"  # apps/v1 DefaultDeploymentUniqueLabelKey


def compute_hash(template: dict, collision_count: int = 0) -> str:
    """``controller.ComputeHash``: FNV-32a of the template (+ collisionCount), SafeEncodeString.

    Upstream hashes a spew dump of the Go struct; k8slab hashes the canonical JSON of the
    template instead, so the value differs from a real cluster's but has the same shape
    (10 characters from the same alphabet) and the same stability: same template, same hash.
    """
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count:
        data += str(collision_count).encode()
    return rand.safe_encode_string(str(rand.fnv32a(data)))


def _revision(obj: dict) -> int:
    try:
        return int(
            (obj["metadata"].get("annotations") or {}).get("deployment.kubernetes.io/revision", "0")
        )
    except ValueError:
        return 0


def _rolling_bound(d: dict, field: str, *, round_up: bool) -> int:
    """``maxSurge``/``maxUnavailable`` as a count: a number, or a percentage of the replicas
    (``intstr.GetScaledValueFromIntOrPercent``: surge rounds up, unavailable rounds down)."""
    strat = d["spec"].get("strategy") or {}
    if strat.get("type") != "RollingUpdate":
        return 0
    value = (strat.get("rollingUpdate") or {}).get(field, "25%")
    replicas = d["spec"].get("replicas", 1)
    if isinstance(value, str) and value.endswith("%"):
        scaled = replicas * int(value[:-1])
        return -(-scaled // 100) if round_up else scaled // 100
    return int(value)


def _max_surge(d: dict) -> int:
    return _rolling_bound(d, "maxSurge", round_up=True)


def sync(api) -> None:
    for d in api.list("Deployment"):
        _sync_one(api, d)


def _sync_one(api, d: dict) -> None:
    ns = d["metadata"]["namespace"]
    spec = d["spec"]
    replicas = spec.get("replicas", 1)
    template = spec.get("template") or {}
    rss = owned(api, "ReplicaSet", d)
    h = compute_hash(template, (d.get("status") or {}).get("collisionCount", 0))
    new_rs = None
    for rs in rss:
        tmpl = copy.deepcopy(rs["spec"].get("template") or {})
        (tmpl.get("metadata") or {}).get("labels", {}).pop(POD_TEMPLATE_HASH, None)
        if tmpl == template:
            new_rs = rs
    old_rss = [rs for rs in rss if rs is not new_rs]
    max_old_rev = max((_revision(rs) for rs in old_rss), default=0)
    surge = _max_surge(d)
    annotations_common = {
        "deployment.kubernetes.io/desired-replicas": str(replicas),
        "deployment.kubernetes.io/max-replicas": str(replicas + surge),
    }
    if new_rs is None:
        name = f"{d['metadata']['name']}-{h}"
        tmpl = copy.deepcopy(template)
        tmpl.setdefault("metadata", {}).setdefault("labels", {})[POD_TEMPLATE_HASH] = h
        sel = copy.deepcopy(spec.get("selector") or {})
        sel.setdefault("matchLabels", {})[POD_TEMPLATE_HASH] = h
        labels = dict((template.get("metadata") or {}).get("labels") or {})
        labels[POD_TEMPLATE_HASH] = h
        rev = str(max_old_rev + 1)
        new_rs = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": name,
                "namespace": ns,
                "labels": labels,
                "annotations": {**annotations_common, "deployment.kubernetes.io/revision": rev},
                "ownerReferences": [owner_ref(d)],
            },
            "spec": {"replicas": replicas, "selector": sel, "template": tmpl},
        }
        if spec.get("minReadySeconds"):
            new_rs["spec"]["minReadySeconds"] = spec["minReadySeconds"]
        new_rs = api.put(new_rs)
        if replicas > 0:
            api.record_event(
                d,
                "Normal",
                "ScalingReplicaSet",
                f"Scaled up replica set {name} from 0 to {replicas}",
                "deployment-controller",
            )
    else:
        cur = new_rs["spec"].get("replicas", 1)
        anns = dict(new_rs["metadata"].get("annotations") or {})
        want_anns = {**anns, **annotations_common}
        if _revision(new_rs) <= max_old_rev:
            want_anns["deployment.kubernetes.io/revision"] = str(max_old_rev + 1)
        if cur != replicas or anns != want_anns:
            rs = copy.deepcopy(new_rs)
            rs["spec"]["replicas"] = replicas
            rs["metadata"]["annotations"] = want_anns
            new_rs = api.put(rs)
            if cur != replicas:
                verb = "up" if replicas > cur else "down"
                api.record_event(
                    d,
                    "Normal",
                    "ScalingReplicaSet",
                    f"Scaled {verb} replica set {rs['metadata']['name']} from {cur} to {replicas}",
                    "deployment-controller",
                )
    for rs in old_rss:
        cur = rs["spec"].get("replicas", 1)
        if cur != 0:
            upd = copy.deepcopy(rs)
            upd["spec"]["replicas"] = 0
            api.put(upd)
            api.record_event(
                d,
                "Normal",
                "ScalingReplicaSet",
                f"Scaled down replica set {rs['metadata']['name']} from {cur} to 0",
                "deployment-controller",
            )
    # cleanupDeployment: keep at most revisionHistoryLimit old, empty ReplicaSets.
    limit = spec.get("revisionHistoryLimit", 10)
    empties = sorted(
        [rs for rs in old_rss if rs["spec"].get("replicas", 1) == 0],
        key=lambda r: (r["metadata"]["creationTimestamp"], r["metadata"]["name"]),
    )
    for rs in empties[: max(0, len(empties) - limit)]:
        api.delete_object(rs)
    _sync_status(api, d, new_rs)


def _sync_status(api, d: dict, new_rs: dict) -> None:
    pods = [p for rs in owned(api, "ReplicaSet", d) for p in owned(api, "Pod", rs)]
    new_pods = owned(api, "Pod", new_rs)
    replicas = d["spec"].get("replicas", 1)
    ready = sum(1 for p in pods if is_pod_ready(p))
    available = ready
    total = len(pods)
    updated = len(new_pods)
    rev = new_rs["metadata"]["annotations"].get("deployment.kubernetes.io/revision", "1")
    old_status = d.get("status") or {}
    now = api.clock.timestamp()

    def cond(type_, status_, reason, message):
        for c in old_status.get("conditions") or []:
            if c["type"] == type_ and c["status"] == status_ and c["reason"] == reason:
                return {**c, "message": message, "lastUpdateTime": c["lastUpdateTime"]}
        return {
            "lastTransitionTime": now,
            "lastUpdateTime": now,
            "message": message,
            "reason": reason,
            "status": status_,
            "type": type_,
        }

    min_available = replicas - _max_unavailable(d)
    conds = [
        cond(
            "Available",
            "True" if available >= min_available else "False",
            "MinimumReplicasAvailable"
            if available >= min_available
            else "MinimumReplicasUnavailable",
            "Deployment has minimum availability."
            if available >= min_available
            else "Deployment does not have minimum availability.",
        ),
        cond(
            "Progressing",
            "True",
            "NewReplicaSetAvailable",
            f'ReplicaSet "{new_rs["metadata"]["name"]}" has successfully progressed.',
        ),
    ]
    st = {"observedGeneration": d["metadata"].get("generation", 1)}
    if total:
        st["replicas"] = total
        st["updatedReplicas"] = updated
    if ready:
        st["readyReplicas"] = ready
        st["availableReplicas"] = available
    if total - available > 0:
        st["unavailableReplicas"] = total - available
    st["conditions"] = conds
    # Keep the printed field order of a real status.
    ordered = {
        k: st[k]
        for k in (
            "availableReplicas",
            "conditions",
            "observedGeneration",
            "readyReplicas",
            "replicas",
            "unavailableReplicas",
            "updatedReplicas",
        )
        if k in st
    }
    anns = dict(d["metadata"].get("annotations") or {})
    if ordered != old_status or anns.get("deployment.kubernetes.io/revision") != rev:
        upd = copy.deepcopy(d)
        upd["status"] = ordered
        anns["deployment.kubernetes.io/revision"] = rev
        upd["metadata"]["annotations"] = anns
        api.put(upd)


def _max_unavailable(d: dict) -> int:
    return _rolling_bound(d, "maxUnavailable", round_up=False)
