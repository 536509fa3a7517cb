"""kube-scheduler, reduced to what decides placement in an empty lab cluster.

Filters (``pkg/scheduler/framework/plugins``): NodeName, NodeUnschedulable, NodeAffinity
(``nodeSelector``), TaintToleration. Scoring: the default PodTopologySpread constraints spread
pods of the same owner across hostnames; then the least-loaded node; remaining ties are broken
by a draw from the cluster's seeded stream, where the real scheduler picks at random.
"""

from __future__ import annotations

import copy

from k8slab import rand
from k8slab.controllers.common import controller_uid
from k8slab.controllers.daemonset import node_fits


def sync(api) -> None:
    nodes = [n for n in api.list("Node") if not (n.get("spec") or {}).get("unschedulable")]
    pods = api.list("Pod")
    load: dict[str, int] = {n["metadata"]["name"]: 0 for n in nodes}
    owner_load: dict[tuple[str | None, str], int] = {}
    for p in pods:
        nn = p["spec"].get("nodeName")
        if nn:
            load[nn] = load.get(nn, 0) + 1
            key = (controller_uid(p), nn)
            owner_load[key] = owner_load.get(key, 0) + 1
    for p in pods:
        if p["spec"].get("nodeName"):
            continue
        fits = [n for n in nodes if node_fits(n, p["spec"])]
        if not fits:
            _unschedulable(api, p, len(nodes))
            continue
        owner = controller_uid(p)
        best = min(
            (owner_load.get((owner, n["metadata"]["name"]), 0), load[n["metadata"]["name"]])
            for n in fits
        )
        cands = [
            n
            for n in fits
            if (owner_load.get((owner, n["metadata"]["name"]), 0), load[n["metadata"]["name"]])
            == best
        ]
        rng = rand.stream(
            api.seed, "schedule", f"{p['metadata']['namespace']}/{p['metadata']['name']}"
        )
        node = cands[rng.randrange(len(cands))] if len(cands) > 1 else cands[0]
        nn = node["metadata"]["name"]
        upd = copy.deepcopy(p)
        upd["spec"]["nodeName"] = nn
        api.put(upd)
        load[nn] += 1
        owner_load[(owner, nn)] = owner_load.get((owner, nn), 0) + 1
        api.record_event(
            upd,
            "Normal",
            "Scheduled",
            f"Successfully assigned {p['metadata']['namespace']}/{p['metadata']['name']} to {nn}",
            "default-scheduler",
        )


def _unschedulable(api, pod: dict, n_nodes: int) -> None:
    st = pod.get("status") or {}
    if st.get("phase") == "Pending" and st.get("conditions"):
        return
    upd = copy.deepcopy(pod)
    msg = (
        f"0/{n_nodes} nodes are available: {n_nodes} node(s) didn't match Pod's node "
        "affinity/selector. preemption: 0/{n} nodes are available: {n} Preemption is not "
        "helpful for scheduling."
    ).replace("{n}", str(n_nodes))
    upd["status"] = {
        "phase": "Pending",
        "qosClass": "BestEffort",
        "conditions": [
            {
                "lastProbeTime": None,
                "lastTransitionTime": api.clock.timestamp(),
                "message": msg,
                "reason": "Unschedulable",
                "status": "False",
                "type": "PodScheduled",
            }
        ],
    }
    api.put(upd)
    api.record_event(upd, "Warning", "FailedScheduling", msg, "default-scheduler")
