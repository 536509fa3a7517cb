"""Apply semantics: kubectl's client-side apply against the simulated API server.

Sources: kubernetes/kubectl pkg/cmd/apply/apply.go (created/configured/unchanged lines),
k8s.io/apimachinery strategicpatch (three-way merge), pkg/registry/core/service/storage/alloc.go.
"""

import copy

import pytest
import yaml

from k8slab import ApiError, Cluster

from .conftest import NGINX


def test_apply_reports_created_then_unchanged(lab):
    assert lab.apply(NGINX) == ["deployment.apps/nginx created", "service/nginx created"]
    before = lab.api.snapshot()["objects"]
    assert lab.apply(NGINX) == ["deployment.apps/nginx unchanged", "service/nginx unchanged"]
    assert lab.api.snapshot()["objects"] == before


def test_changing_replicas_reports_configured(nginx_lab):
    docs = list(yaml.safe_load_all(NGINX))
    docs[0]["spec"]["replicas"] = 5
    assert nginx_lab.apply(docs[0]) == ["deployment.apps/nginx configured"]
    pods = [p for p in nginx_lab.api.list("Pod", "default")]
    assert len(pods) == 5


def test_reapply_keeps_allocated_cluster_ip_and_node_port():
    lab = Cluster()
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web"},
        "spec": {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"port": 80}]},
    }
    lab.apply(svc)
    first = copy.deepcopy(lab.api.get("Service", "default", "web")["spec"])
    svc2 = copy.deepcopy(svc)
    svc2["metadata"]["labels"] = {"tier": "front"}
    assert lab.apply(svc2) == ["service/web configured"]
    spec = lab.api.get("Service", "default", "web")["spec"]
    assert spec["clusterIP"] == first["clusterIP"]
    assert spec["ports"][0]["nodePort"] == first["ports"][0]["nodePort"]


def test_dynamic_node_ports_come_from_the_upper_band(lab):
    """ServiceNodePortStaticSubrange: automatic NodePorts above 30000 + min(max(16, 2768/32), 128)."""
    for i in range(20):
        lab.apply(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": f"s{i}"},
                "spec": {"type": "NodePort", "ports": [{"port": 80}]},
            }
        )
    ports = [
        s["spec"]["ports"][0]["nodePort"]
        for s in lab.api.list("Service", "default")
        if s["metadata"]["name"].startswith("s")
    ]
    assert all(30086 <= p <= 32767 for p in ports)
    assert len(set(ports)) == 20


def test_dynamic_cluster_ips_avoid_the_static_block(lab):
    """ServiceIPStaticSubrange: dynamic ClusterIPs above offset min(max(16, size/16), 256)."""
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "a"},
            "spec": {"ports": [{"port": 80}]},
        }
    )
    ip = lab.api.get("Service", "default", "a")["spec"]["clusterIP"]
    first, second, third, fourth = (int(x) for x in ip.split("."))
    offset = ((second - 96) << 16) + (third << 8) + fourth - 1
    assert first == 10 and 96 <= second <= 111 and offset >= 256


def test_node_port_out_of_range_is_the_seed_error(lab):
    """The course's own example (seed slides): nodePort 80 on a NodePort Service."""
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "nginx"},
        "spec": {
            "type": "NodePort",
            "selector": {"app": "nginx"},
            "ports": [{"port": 80, "nodePort": 80}],
        },
    }
    with pytest.raises(ApiError) as exc:
        lab.apply(svc)
    assert exc.value.message == (
        'The Service "nginx" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided '
        "port is not in the valid range. The range of valid ports is 30000-32767"
    )
    assert exc.value.causes == [
        (
            "spec.ports[0].nodePort",
            "FieldValueInvalid",
            "Invalid value: 80: provided port is not in the valid range. The range of valid ports "
            "is 30000-32767",
        )
    ]
    assert lab.api.get("Service", "default", "nginx") is None


def test_node_port_conflict_is_rejected(lab):
    base = {
        "apiVersion": "v1",
        "kind": "Service",
        "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}]},
    }
    lab.apply({**base, "metadata": {"name": "one"}})
    with pytest.raises(ApiError) as exc:
        lab.apply({**base, "metadata": {"name": "two"}})
    assert exc.value.message == (
        'The Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided '
        "port is already allocated"
    )


def test_duplicate_cluster_ip_is_rejected(lab):
    """alloc.go allocIPs: field spec.clusterIPs, the whole list as the bad value."""
    with pytest.raises(ApiError) as exc:
        lab.apply(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "dup"},
                "spec": {"clusterIP": "10.96.0.10", "ports": [{"port": 53}]},
            }
        )
    assert exc.value.message == (
        'The Service "dup" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed '
        "to allocate IP 10.96.0.10: provided IP is already allocated"
    )


def test_out_of_range_cluster_ip_is_rejected(lab):
    with pytest.raises(ApiError) as exc:
        lab.apply(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "far"},
                "spec": {"clusterIP": "192.168.1.1", "ports": [{"port": 80}]},
            }
        )
    assert exc.value.message == (
        'The Service "far" is invalid: spec.clusterIPs: Invalid value: ["192.168.1.1"]: failed '
        "to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. "
        "The range of valid IPs is 10.96.0.0/12"
    )


def test_requested_cluster_ip_is_honoured(lab):
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "pinned"},
            "spec": {"clusterIP": "10.96.100.100", "ports": [{"port": 80}]},
        }
    )
    assert lab.api.get("Service", "default", "pinned")["spec"]["clusterIPs"] == ["10.96.100.100"]


def test_failed_apply_keeps_earlier_objects_and_releases_allocations(lab):
    text = (
        NGINX
        + "---\n"
        + yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "bad"},
                "spec": {
                    "type": "NodePort",
                    "ports": [{"port": 80, "nodePort": 31000}, {"port": 81, "nodePort": 80}],
                },
            }
        )
    )
    with pytest.raises(ApiError):
        lab.apply(text)
    assert lab.api.get("Deployment", "default", "nginx") is not None
    assert lab.api.get("Service", "default", "bad") is None
    assert 31000 not in lab.api.ports.used


def test_namespace_must_exist(lab):
    """NamespaceLifecycle admission answers 404 before validation runs."""
    with pytest.raises(ApiError) as exc:
        lab.apply(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "x", "namespace": "nope"},
            }
        )
    assert exc.value.message == (
        'Error from server (NotFound): error when creating "STDIN": namespaces "nope" not found'
    )


def test_removed_ingress_version_gets_kubectls_error_and_a_hint(lab):
    ing = {
        "apiVersion": "networking.k8s.io/v1beta1",
        "kind": "Ingress",
        "metadata": {"name": "web"},
        "spec": {
            "rules": [
                {
                    "host": "nginx.my.com",
                    "http": {
                        "paths": [
                            {"path": "/", "backend": {"serviceName": "nginx", "servicePort": 80}}
                        ]
                    },
                }
            ]
        },
    }
    with pytest.raises(ApiError) as exc:
        lab.apply(ing)
    assert exc.value.message == (
        'error: resource mapping not found for name: "web" namespace: "" from "STDIN": no '
        'matches for kind "Ingress" in version "networking.k8s.io/v1beta1"\n'
        "ensure CRDs are installed first"
    )
    assert "apiVersion: networking.k8s.io/v1" in exc.value.hint
    assert "pathType: ImplementationSpecific" in exc.value.hint


def test_delete_cascades_to_replicasets_and_pods(nginx_lab):
    nginx_lab.delete("deployment", "nginx")
    assert nginx_lab.api.list("ReplicaSet", "default") == []
    assert nginx_lab.api.list("Pod", "default") == []


def test_deleting_a_service_frees_its_ports_and_endpoints(lab):
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "np"},
            "spec": {
                "type": "NodePort",
                "selector": {"a": "b"},
                "ports": [{"port": 80, "nodePort": 30500}],
            },
        }
    )
    lab.delete("service", "np")
    assert 30500 not in lab.api.ports.used
    assert lab.api.get("Endpoints", "default", "np") is None
    assert [
        s
        for s in lab.api.list("EndpointSlice", "default")
        if s["metadata"]["name"].startswith("np-")
    ] == []
