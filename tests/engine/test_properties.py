"""Invariants over random apply/scale/delete sequences (hypothesis, fixed derandomized runs).

* two Services never share a ClusterIP or a NodePort;
* no endpoint points at a deleted or unready pod (publishNotReadyAddresses aside);
* applying the same manifests twice reports ``unchanged`` and changes nothing.
"""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8slab import ApiError, Cluster

NAMES = st.sampled_from(["web", "api", "db", "cache"])

deployment = st.builds(
    lambda name, replicas: {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            },
        },
    },
    NAMES,
    st.integers(0, 4),
)

service = st.builds(
    lambda name, type_, node_port: {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name + "-svc"},
        "spec": {
            "type": type_,
            "selector": {"app": name},
            "ports": [
                {
                    "port": 80,
                    **({"nodePort": node_port} if node_port and type_ != "ClusterIP" else {}),
                }
            ],
        },
    },
    NAMES,
    st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer"]),
    st.one_of(st.none(), st.integers(30000, 30010)),
)

action = st.one_of(
    st.tuples(st.just("apply"), deployment),
    st.tuples(st.just("apply"), service),
    st.tuples(st.just("scale"), NAMES, st.integers(0, 5)),
    st.tuples(st.just("delete"), st.sampled_from(["deployment", "service"]), NAMES),
    st.tuples(st.just("unready"), st.integers(0, 10)),
)


def _run(lab, act):
    try:
        if act[0] == "apply":
            lab.apply(act[1])
        elif act[0] == "scale":
            lab.kubectl(f"scale deployment {act[1]} --replicas={act[2]}")
        elif act[0] == "delete":
            name = act[2] + ("-svc" if act[1] == "service" else "")
            lab.delete(act[1], name)
        elif act[0] == "unready":
            pods = lab.api.list("Pod", "default")
            if pods:
                lab.set_ready("default/" + pods[act[1] % len(pods)]["metadata"]["name"], False)
    except ApiError:
        pass  # conflicts and missing objects are fine: the invariants must still hold


def _check_invariants(lab):
    ips, ports = {}, {}
    for svc in lab.api.list("Service"):
        key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
        for ip in svc["spec"].get("clusterIPs") or []:
            if ip != "None":
                assert ip not in ips, f"{ip} shared by {ips.get(ip)} and {key}"
                ips[ip] = key
        seen_here = set()
        for p in svc["spec"].get("ports") or []:
            np_ = p.get("nodePort")
            if np_ and np_ not in seen_here:
                assert np_ not in ports, f"nodePort {np_} shared by {ports.get(np_)} and {key}"
                ports[np_] = key
                seen_here.add(np_)
    pods = {(p["metadata"]["namespace"], p["metadata"]["name"]): p for p in lab.api.list("Pod")}
    for s in lab.api.list("EndpointSlice"):
        for e in s.get("endpoints") or []:
            ref = e.get("targetRef")
            if not ref:
                continue
            pod = pods.get((ref["namespace"], ref["name"]))
            assert pod is not None, f"slice {s['metadata']['name']} points at a deleted pod"
            ready = any(
                c["type"] == "Ready" and c["status"] == "True" for c in pod["status"]["conditions"]
            )
            assert e["conditions"]["ready"] == ready
    for ep in lab.api.list("Endpoints"):
        for sub in ep.get("subsets") or []:
            for a in sub.get("addresses") or []:
                ref = a.get("targetRef")
                if ref:
                    pod = pods.get((ref["namespace"], ref["name"]))
                    assert pod is not None
                    assert any(
                        c["type"] == "Ready" and c["status"] == "True"
                        for c in pod["status"]["conditions"]
                    )


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(action, min_size=1, max_size=12))
def test_random_sequences_keep_the_invariants(actions):
    lab = Cluster()
    for act in actions:
        _run(lab, act)
        _check_invariants(lab)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.one_of(deployment, service), min_size=1, max_size=6))
def test_applying_twice_is_unchanged(manifests):
    lab = Cluster()
    applied = []
    for m in manifests:
        try:
            lab.apply(m)
            applied.append(m)
        except ApiError:
            pass
    # The last manifest of each name is what the cluster holds; re-applying it changes nothing.
    last = {}
    for m in applied:
        last[(m["kind"], m["metadata"]["name"])] = m
    before = copy.deepcopy(lab.api.snapshot())
    lines = lab.apply(list(last.values())) if last else []
    assert all(line.endswith(" unchanged") for line in lines)
    assert lab.api.snapshot()["objects"] == before["objects"]
