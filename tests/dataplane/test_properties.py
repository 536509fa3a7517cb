"""Random clusters (hypothesis, derandomized): every request to a Service lands on one of its
ready endpoints, and nothing ever reaches an unready pod."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8slab import Cluster


def _deployment(name, replicas, image):
    container = {"name": "c", "image": image, "ports": [{"containerPort": 80, "name": "web"}]}
    if image.startswith("registry.k8s.io"):
        container["args"] = ["netexec", "--http-port=80"]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [container]},
            },
        },
    }


scenario = st.fixed_dictionaries(
    {
        "nodes": st.integers(1, 4),
        "seed": st.integers(0, 10_000),
        "apps": st.lists(
            st.tuples(
                st.integers(1, 4),
                st.sampled_from(["nginx", "registry.k8s.io/e2e-test-images/agnhost:2.53"]),
                st.sampled_from(["ClusterIP", "NodePort"]),
                st.sampled_from(["Cluster", "Local"]),
                st.sampled_from(["None", "ClientIP"]),
            ),
            min_size=1,
            max_size=3,
        ),
        "unready": st.lists(st.integers(0, 20), max_size=4),
        "client": st.sampled_from(["node", "pod", "outside"]),
    }
)


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(scenario)
def test_requests_land_on_ready_endpoints(sc):
    lab = Cluster(nodes=sc["nodes"], seed=sc["seed"])
    for i, (replicas, image, type_, etp, affinity) in enumerate(sc["apps"]):
        name = f"app{i}"
        spec = {
            "selector": {"app": name},
            "type": type_,
            "sessionAffinity": affinity,
            "ports": [{"port": 8000 + i, "targetPort": "web"}],
        }
        if type_ == "NodePort":
            spec["externalTrafficPolicy"] = etp
        lab.apply(
            [
                _deployment(name, replicas, image),
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec},
            ]
        )
    pods = lab.api.list("Pod", "default")
    for k in sc["unready"]:
        lab.set_ready(pods[k % len(pods)]["metadata"]["name"], False)
    pods = {f"default/{p['metadata']['name']}": p for p in lab.api.list("Pod", "default")}
    ready = {
        ref
        for ref, p in pods.items()
        if any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"]["conditions"])
    }
    node_names = [n["metadata"]["name"] for n in lab.api.list("Node")]
    for i, (_r, _img, type_, etp, _aff) in enumerate(sc["apps"]):
        svc = lab.api.get("Service", "default", f"app{i}")
        backends = {ref for ref in ready if pods[ref]["metadata"]["labels"]["app"] == f"app{i}"}
        if sc["client"] == "outside":
            if type_ != "NodePort":
                continue
            node = lab.api.get("Node", "", node_names[i % len(node_names)])
            url = f"http://{node['status']['addresses'][0]['address']}:{svc['spec']['ports'][0]['nodePort']}"
            from_ = None
            if etp == "Local":
                backends = {
                    b for b in backends if pods[b]["spec"]["nodeName"] == node["metadata"]["name"]
                }
        else:
            url = f"http://{svc['spec']['clusterIP']}:{8000 + i}"
            from_ = "node/" + node_names[0] if sc["client"] == "node" else next(iter(sorted(pods)))
        for _ in range(8):
            r = lab.curl(url, from_=from_)
            if backends:
                assert r.pod in backends, (r.pod, backends, str(r.trace))
            else:
                assert r.pod is None or r.pod in backends
                assert r.error is not None
