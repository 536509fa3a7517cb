"""Defaulting, as `kubectl get -o yaml` shows it after create.

Mirrors kubernetes/kubernetes pkg/apis/core/v1/defaults_test.go (TestSetDefaultService,
TestSetDefaultServiceSessionAffinity, TestSetDefaultPodSpecs…, TestSetDefaultProbe,
TestSetDefaultsContainerImagePullPolicy style cases, TestSetDefaultNamespace,
TestSetDefaultSecret), pkg/apis/apps/v1/defaults_test.go (TestSetDefaultDeployment,
TestSetDefaultDaemonSetSpec, TestSetDefaultReplicaSet) and pkg/apis/discovery/v1/defaults_test.go.
"""

from __future__ import annotations

import pytest
from api_builders import make_deployment, make_service

from k8slab.api.defaults import image_tag, set_defaults


def test_service_defaults_for_cluster_ip():
    """TestSetDefaultService + single-stack initIPFamilyFields."""
    spec = make_service("ns1", "svc1")["spec"]
    assert spec == {
        "selector": {"app": "nginx"},
        "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}],
        "sessionAffinity": "None",
        "type": "ClusterIP",
        "internalTrafficPolicy": "Cluster",
        "ipFamilyPolicy": "SingleStack",
        "ipFamilies": ["IPv4"],
    }


def test_service_target_port_defaults_to_port():
    spec = make_service("ns1", "svc1", ports=[{"port": 8080}])["spec"]
    assert spec["ports"] == [{"port": 8080, "protocol": "TCP", "targetPort": 8080}]


def test_node_port_and_load_balancer_get_external_traffic_policy():
    assert make_service("ns1", "a", type="NodePort")["spec"]["externalTrafficPolicy"] == "Cluster"
    lb = make_service("ns1", "b", type="LoadBalancer")["spec"]
    assert lb["externalTrafficPolicy"] == "Cluster"
    assert lb["allocateLoadBalancerNodePorts"] is True
    assert "externalTrafficPolicy" not in make_service("ns1", "c")["spec"]


def test_external_name_gets_no_traffic_policies_or_families():
    spec = make_service("ns1", "svc1", type="ExternalName", externalName="a.com", ports=None)[
        "spec"
    ]
    assert spec == {
        "selector": {"app": "nginx"},
        "type": "ExternalName",
        "externalName": "a.com",
        "sessionAffinity": "None",
    }


def test_headless_selectorless_service_requires_dual_stack_policy():
    spec = make_service("ns1", "svc1", clusterIP="None", selector=None)["spec"]
    assert spec["ipFamilyPolicy"] == "RequireDualStack"
    assert spec["ipFamilies"] == ["IPv4"]


def test_client_ip_affinity_gets_default_timeout():
    """TestSetDefaultServiceSessionAffinity: 10800 seconds."""
    spec = make_service("ns1", "svc1", sessionAffinity="ClientIP")["spec"]
    assert spec["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("nginx:1.25", "IfNotPresent"),
        ("localhost:5000/nginx", "Always"),
        ("localhost:5000/nginx:1.0", "IfNotPresent"),
        ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
    ],
)
def test_image_pull_policy_follows_the_tag(image, policy):
    """SetDefaults_Container: Always for :latest or no tag, IfNotPresent otherwise."""
    pod = {
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c", "image": image}]},
    }
    set_defaults(pod)
    assert pod["spec"]["containers"][0]["imagePullPolicy"] == policy


def test_image_tag_parsing():
    assert image_tag("registry.k8s.io/e2e-test-images/agnhost:2.39") == ("2.39", "")


def test_pod_defaults_include_admission_fields():
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "default"},
        "spec": {
            "containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}]}]
        },
    }
    set_defaults(pod)
    assert pod["spec"] == {
        "containers": [
            {
                "name": "nginx",
                "image": "nginx",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "imagePullPolicy": "Always",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "resources": {},
            }
        ],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30,
        "schedulerName": "default-scheduler",
        "enableServiceLinks": True,
        "serviceAccountName": "default",
        "serviceAccount": "default",
        "priority": 0,
        "preemptionPolicy": "PreemptLowerPriority",
        "tolerations": [
            {
                "effect": "NoExecute",
                "key": "node.kubernetes.io/not-ready",
                "operator": "Exists",
                "tolerationSeconds": 300,
            },
            {
                "effect": "NoExecute",
                "key": "node.kubernetes.io/unreachable",
                "operator": "Exists",
                "tolerationSeconds": 300,
            },
        ],
    }


def test_probe_defaults():
    """TestSetDefaultProbe + SetDefaults_HTTPGetAction."""
    pod = {
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
            "containers": [
                {"name": "c", "image": "nginx", "readinessProbe": {"httpGet": {"port": 80}}}
            ]
        },
    }
    set_defaults(pod)
    assert pod["spec"]["containers"][0]["readinessProbe"] == {
        "httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }


def test_deployment_defaults_and_template_is_not_a_pod():
    """TestSetDefaultDeployment: template gets PodSpec defaults but not SetDefaults_Pod's."""
    spec = make_deployment("ns1", "dep1")["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
    }
    assert spec["revisionHistoryLimit"] == 10
    assert spec["progressDeadlineSeconds"] == 600
    tspec = spec["template"]["spec"]
    assert tspec["restartPolicy"] == "Always"
    assert tspec["terminationGracePeriodSeconds"] == 30
    assert "enableServiceLinks" not in tspec
    assert "serviceAccountName" not in tspec


def test_recreate_deployment_gets_no_rolling_update():
    spec = make_deployment("ns1", "dep1", strategy={"type": "Recreate"})["spec"]
    assert spec["strategy"] == {"type": "Recreate"}


def test_daemon_set_defaults():
    """TestSetDefaultDaemonSetSpec."""
    ds = {
        "kind": "DaemonSet",
        "metadata": {"name": "d"},
        "spec": {"template": {"spec": {"containers": []}}},
    }
    set_defaults(ds)
    assert ds["spec"]["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
    }
    assert ds["spec"]["revisionHistoryLimit"] == 10


def test_replica_set_defaults_replicas():
    rs = {"kind": "ReplicaSet", "metadata": {"name": "r"}, "spec": {}}
    set_defaults(rs)
    assert rs["spec"]["replicas"] == 1


def test_namespace_gets_name_label_finalizer_and_phase():
    """TestSetDefaultNamespace + namespace strategy PrepareForCreate."""
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns1"}}
    set_defaults(ns)
    assert ns == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "ns1", "labels": {"kubernetes.io/metadata.name": "ns1"}},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    }


def test_secret_type_defaults_to_opaque():
    secret = {"kind": "Secret", "metadata": {"name": "s"}}
    set_defaults(secret)
    assert secret["type"] == "Opaque"


def test_endpoint_slice_ports_get_empty_name_and_tcp():
    eps = {"kind": "EndpointSlice", "addressType": "IPv4", "ports": [{"port": 80}]}
    set_defaults(eps)
    assert eps["ports"] == [{"port": 80, "name": "", "protocol": "TCP"}]


def test_endpoints_ports_default_to_tcp():
    ep = {
        "kind": "Endpoints",
        "subsets": [{"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 80}]}],
    }
    set_defaults(ep)
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]


def test_ingress_path_type_is_not_defaulted():
    ing = {
        "kind": "Ingress",
        "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {}}]}}]},
    }
    set_defaults(ing)
    assert "pathType" not in ing["spec"]["rules"][0]["http"]["paths"][0]
