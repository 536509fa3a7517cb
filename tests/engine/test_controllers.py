"""Controllers reconcile to the state a real cluster settles in.

Sources: pkg/controller/deployment (pod-template-hash, ReplicaSet naming), pkg/controller/
endpointslice + staging/src/k8s.io/endpointslice (ready/serving conditions, named ports),
pkg/controller/endpoint (notReadyAddresses), pkg/kubelet/status (Ready condition text).
"""

import re

import yaml

from k8slab import Cluster

from .conftest import NGINX


def _pods(lab, ns="default"):
    return lab.api.list("Pod", ns)


def test_pods_are_named_after_their_replicaset(nginx_lab):
    rs = nginx_lab.api.list("ReplicaSet", "default")
    assert len(rs) == 1
    h = rs[0]["metadata"]["labels"]["pod-template-hash"]
    assert re.fullmatch(r"[bcdfghjklmnpqrstvwxz2456789]{10}", h)
    assert rs[0]["metadata"]["name"] == f"nginx-{h}"
    for p in _pods(nginx_lab):
        assert re.fullmatch(rf"nginx-{h}-[bcdfghjklmnpqrstvwxz2456789]{{5}}", p["metadata"]["name"])


def test_replicas_spread_over_both_nodes_with_ips_from_their_pod_cidr(nginx_lab):
    pods = _pods(nginx_lab)
    nodes = {p["spec"]["nodeName"] for p in pods}
    assert nodes == {"node-1", "node-2"}
    for p in pods:
        idx = p["spec"]["nodeName"].split("-")[1]
        assert p["status"]["podIP"].startswith(f"10.244.{idx}.")


def test_rolling_update_creates_a_new_replicaset(nginx_lab):
    docs = list(yaml.safe_load_all(NGINX))
    docs[0]["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"
    nginx_lab.apply(docs[0])
    rss = nginx_lab.api.list("ReplicaSet", "default")
    assert sorted(r["spec"]["replicas"] for r in rss) == [0, 3]
    new = next(r for r in rss if r["spec"]["replicas"] == 3)
    assert new["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert all(p["spec"]["containers"][0]["image"] == "nginx:1.27" for p in _pods(nginx_lab))


def test_scale_down_and_up(nginx_lab):
    nginx_lab.kubectl("scale deployment nginx --replicas=1")
    assert len(_pods(nginx_lab)) == 1
    nginx_lab.kubectl("scale deployment/nginx --replicas=4")
    assert len(_pods(nginx_lab)) == 4


def test_endpointslice_lists_ready_pods(nginx_lab):
    (s,) = [
        s
        for s in nginx_lab.api.list("EndpointSlice", "default")
        if s["metadata"]["labels"]["kubernetes.io/service-name"] == "nginx"
    ]
    assert s["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == (
        "endpointslice-controller.k8s.io"
    )
    assert s["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert len(s["endpoints"]) == 3
    assert all(
        e["conditions"] == {"ready": True, "serving": True, "terminating": False}
        for e in s["endpoints"]
    )


def test_unready_pod_leaves_the_service(nginx_lab):
    pod = _pods(nginx_lab)[0]
    name = pod["metadata"]["name"]
    nginx_lab.set_ready(f"default/{name}", False)
    p = nginx_lab.api.get("Pod", "default", name)
    ready = next(c for c in p["status"]["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "False"
    assert ready["reason"] == "ContainersNotReady"
    assert ready["message"] == "containers with unready status: [nginx]"
    ep = nginx_lab.api.get("Endpoints", "default", "nginx")
    (subset,) = ep["subsets"]
    assert [a["ip"] for a in subset["notReadyAddresses"]] == [pod["status"]["podIP"]]
    assert pod["status"]["podIP"] not in [a["ip"] for a in subset["addresses"]]
    (s,) = [
        s
        for s in nginx_lab.api.list("EndpointSlice", "default")
        if s["metadata"]["labels"]["kubernetes.io/service-name"] == "nginx"
    ]
    e = next(e for e in s["endpoints"] if e["targetRef"]["name"] == name)
    assert e["conditions"] == {"ready": False, "serving": False, "terminating": False}
    nginx_lab.set_ready(f"default/{name}", True)
    ep = nginx_lab.api.get("Endpoints", "default", "nginx")
    assert "notReadyAddresses" not in ep["subsets"][0]


def test_readiness_probe_on_a_port_the_image_does_not_serve_fails(lab):
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p", "labels": {"a": "b"}},
            "spec": {
                "containers": [
                    {
                        "name": "web",
                        "image": "nginx",
                        "readinessProbe": {"httpGet": {"path": "/", "port": 8080}},
                    }
                ]
            },
        }
    )
    p = lab.api.get("Pod", "default", "p")
    assert p["status"]["containerStatuses"][0]["ready"] is False
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "q"},
            "spec": {
                "containers": [
                    {
                        "name": "web",
                        "image": "nginx",
                        "readinessProbe": {"httpGet": {"path": "/", "port": 80}},
                    }
                ]
            },
        }
    )
    assert lab.api.get("Pod", "default", "q")["status"]["containerStatuses"][0]["ready"] is True


def test_named_target_port_is_resolved_per_pod(lab):
    lab.apply(
        [
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "a", "labels": {"app": "x"}},
                "spec": {
                    "containers": [
                        {
                            "name": "c",
                            "image": "nginx",
                            "ports": [{"name": "web", "containerPort": 80}],
                        }
                    ]
                },
            },
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "b", "labels": {"app": "x"}},
                "spec": {
                    "containers": [
                        {
                            "name": "c",
                            "image": "registry.k8s.io/e2e-test-images/agnhost:2.53",
                            "args": ["netexec", "--http-port=8080"],
                            "ports": [{"name": "web", "containerPort": 8080}],
                        }
                    ]
                },
            },
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "x"},
                "spec": {"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": "web"}]},
            },
        ]
    )
    slices = [
        s
        for s in lab.api.list("EndpointSlice", "default")
        if s["metadata"]["labels"]["kubernetes.io/service-name"] == "x"
    ]
    assert sorted(s["ports"][0]["port"] for s in slices) == [80, 8080]


def test_publish_not_ready_addresses(lab):
    lab.apply(
        [
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "a", "labels": {"app": "x"}},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            },
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "x"},
                "spec": {
                    "selector": {"app": "x"},
                    "publishNotReadyAddresses": True,
                    "ports": [{"port": 80}],
                },
            },
        ]
    )
    lab.set_ready("a", False)
    ep = lab.api.get("Endpoints", "default", "x")
    assert [a["targetRef"]["name"] for a in ep["subsets"][0]["addresses"]] == ["a"]


def test_selectorless_service_keeps_hand_written_endpoints(lab):
    lab.apply(
        [
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "ext"},
                "spec": {"ports": [{"port": 80}]},
            },
            {
                "apiVersion": "v1",
                "kind": "Endpoints",
                "metadata": {"name": "ext"},
                "subsets": [{"addresses": [{"ip": "192.0.2.10"}], "ports": [{"port": 80}]}],
            },
        ]
    )
    ep = lab.api.get("Endpoints", "default", "ext")
    assert ep["subsets"][0]["addresses"] == [{"ip": "192.0.2.10"}]
    mirrored = [
        s
        for s in lab.api.list("EndpointSlice", "default")
        if s["metadata"]["labels"].get("kubernetes.io/service-name") == "ext"
    ]
    assert mirrored[0]["endpoints"][0]["addresses"] == ["192.0.2.10"]
    assert mirrored[0]["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == (
        "endpointslicemirroring-controller.k8s.io"
    )


def test_load_balancer_pending_without_cloud_and_ip_with_one():
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "lb"},
        "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]},
    }
    plain = Cluster()
    plain.apply(svc)
    assert plain.api.get("Service", "default", "lb")["status"] == {"loadBalancer": {}}
    cloud = Cluster(cloud=True)
    cloud.apply(svc)
    ing = cloud.api.get("Service", "default", "lb")["status"]["loadBalancer"]["ingress"]
    assert ing == [{"ip": "172.18.255.200", "ipMode": "VIP"}]


def test_daemonset_runs_one_pod_per_node():
    lab = Cluster(nodes=3)
    lab.apply(
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "agent"},
            "spec": {
                "selector": {"matchLabels": {"app": "agent"}},
                "template": {
                    "metadata": {"labels": {"app": "agent"}},
                    "spec": {"containers": [{"name": "a", "image": "busybox"}]},
                },
            },
        }
    )
    pods = [p for p in lab.api.list("Pod", "default")]
    assert sorted(p["spec"]["nodeName"] for p in pods) == ["node-1", "node-2", "node-3"]
