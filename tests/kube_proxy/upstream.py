"""Builders and the fake proxier of kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go.

Address plan (upstream's header comment, @ 531be81208e2274ef42e72525a26610a9622bcdf):

    Pod IPs:             10.0.0.0/8
    Service ClusterIPs:  172.30.0.0/16
    Node IPs:            192.168.0.0/24
    Local Node IP:       192.168.0.2
    Service ExternalIPs: 192.168.99.0/24
    LoadBalancer IPs:    1.2.3.4, 5.6.7.8, 9.10.11.12
    Non-cluster IPs:     203.0.113.0/24
    LB Source Range:     203.0.113.0/25

``fake_proxier_sync`` runs ``sync_proxy_rules`` with ``NewFakeProxier``'s settings: node
``test-node`` (IPs 192.168.0.2, 192.168.1.2, 192.168.99.11), detect-local CIDR 10.0.0.0/8,
mark ``0x4000``, localhost NodePorts on, both nfacct counters present, no --random-fully.
"""

from __future__ import annotations

from k8slab.api.reader import StaticReader
from k8slab.kube_proxy import Ruleset, sync_proxy_rules

UPSTREAM_COMMIT = "531be81208e2274ef42e72525a26610a9622bcdf"

TEST_NODE_NAME = "test-node"
TEST_NODE_IP = "192.168.0.2"
TEST_NODE_IP_ALT = "192.168.1.2"
TEST_EXTERNAL_IP = "192.168.99.11"
TEST_EXTERNAL_CLIENT = "203.0.113.2"
TEST_EXTERNAL_CLIENT_BLOCKED = "203.0.113.130"
TEST_NODE_IPS = (TEST_NODE_IP, TEST_NODE_IP_ALT, TEST_EXTERNAL_IP)
POD_CIDR = "10.0.0.0/8"


def make_service(namespace: str, name: str, *, status_lb_ips=(), **spec) -> dict:
    """``makeTestService``: a v1 Service with ``spec`` fields given as keyword arguments."""
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace, "annotations": {}},
        "spec": dict(spec),
        "status": {},
    }
    if status_lb_ips:
        svc["status"] = {"loadBalancer": {"ingress": [{"ip": ip} for ip in status_lb_ips]}}
    return svc


def port(name: str, port: int, protocol: str = "TCP", node_port: int = 0, **extra) -> dict:
    p = {"name": name, "port": port, "protocol": protocol, **extra}
    if node_port:
        p["nodePort"] = node_port
    return p


def endpoint(ip: str, node: str | None = None, **conditions) -> dict:
    ep: dict = {"addresses": [ip]}
    if node is not None:
        ep["nodeName"] = node
    if conditions:
        ep["conditions"] = conditions
    return ep


def make_endpoint_slice(
    namespace: str, name: str, slice_num: int, endpoints: list[dict], ports: list[dict]
) -> dict:
    """``makeTestEndpointSlice``: slice ``NAME-N`` labelled with its Service's name."""
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {
            "name": f"{name}-{slice_num}",
            "namespace": namespace,
            "labels": {"kubernetes.io/service-name": name},
        },
        "addressType": "IPv4",
        "endpoints": endpoints,
        "ports": ports,
    }


def slice_port(name: str, port: int, protocol: str = "TCP") -> dict:
    return {"name": name, "port": port, "protocol": protocol}


def fake_proxier_sync(objects: list[dict], **overrides) -> Ruleset:
    """``NewFakeProxier`` + ``syncProxyRules`` on ``objects`` (Services and EndpointSlices)."""
    kwargs = dict(
        node_ips=TEST_NODE_IPS,
        cluster_cidr=POD_CIDR,
        masquerade_mark="0x4000",
        localhost_nodeports=True,
        nfacct_counters=True,
    )
    kwargs.update(overrides)
    return sync_proxy_rules(StaticReader(objects), TEST_NODE_NAME, **kwargs)


def overall_objects() -> list[dict]:
    """The Services and EndpointSlices of ``TestOverallIPTablesRules``."""
    return [
        # ClusterIP service
        make_service("ns1", "svc1", clusterIP="172.30.0.41", ports=[port("p80", 80)]),
        # LoadBalancer service with Local traffic policy
        make_service(
            "ns2",
            "svc2",
            status_lb_ips=["1.2.3.4"],
            type="LoadBalancer",
            externalTrafficPolicy="Local",
            clusterIP="172.30.0.42",
            ports=[port("p80", 80, node_port=3001)],
            externalIPs=["192.168.99.22"],
            healthCheckNodePort=30000,
        ),
        # NodePort service
        make_service(
            "ns3",
            "svc3",
            type="NodePort",
            clusterIP="172.30.0.43",
            ports=[port("p80", 80, node_port=3003)],
        ),
        # ExternalIP service
        make_service(
            "ns4",
            "svc4",
            type="NodePort",
            clusterIP="172.30.0.44",
            externalIPs=["192.168.99.33"],
            ports=[port("p80", 80, targetPort=80)],
        ),
        # LoadBalancer service with Cluster traffic policy, source ranges, session affinity
        make_service(
            "ns5",
            "svc5",
            status_lb_ips=["5.6.7.8"],
            type="LoadBalancer",
            externalTrafficPolicy="Cluster",
            clusterIP="172.30.0.45",
            ports=[port("p80", 80, node_port=3002)],
            healthCheckNodePort=30000,
            # Extra whitespace, as upstream, to check it is tolerated.
            loadBalancerSourceRanges=[" 203.0.113.0/25"],
            sessionAffinity="ClientIP",
            sessionAffinityConfig={"clientIP": {"timeoutSeconds": 10800}},
        ),
        # ClusterIP service with no endpoints
        make_service(
            "ns6",
            "svc6",
            type="ClusterIP",
            clusterIP="172.30.0.46",
            ports=[port("p80", 80, targetPort=80)],
        ),
        make_endpoint_slice("ns1", "svc1", 1, [endpoint("10.180.0.1")], [slice_port("p80", 80)]),
        # No nodeName: considered non-local, so svc2 (eTP=Local) has no local endpoints.
        make_endpoint_slice("ns2", "svc2", 1, [endpoint("10.180.0.2")], [slice_port("p80", 80)]),
        make_endpoint_slice("ns3", "svc3", 1, [endpoint("10.180.0.3")], [slice_port("p80", 80)]),
        make_endpoint_slice(
            "ns4",
            "svc4",
            1,
            [endpoint("10.180.0.4"), endpoint("10.180.0.5", TEST_NODE_NAME)],
            [slice_port("p80", 80)],
        ),
        make_endpoint_slice("ns5", "svc5", 1, [endpoint("10.180.0.3")], [slice_port("p80", 80)]),
    ]
