"""kube-proxy rules on a real ``k8slab.Cluster``: the course's nginx Deployment and Service."""

from __future__ import annotations

import random
import re

import pytest

from k8slab import Cluster
from k8slab.addons.course import NGINX_DEPLOYMENT, NGINX_SERVICE
from k8slab.kube_proxy import iptables_save, node_ruleset, trace_packet

NGINX = (
    NGINX_DEPLOYMENT + "---\n" + NGINX_SERVICE.replace("spec:\n", "spec:\n  type: NodePort\n", 1)
)


@pytest.fixture
def lab() -> Cluster:
    c = Cluster()
    c.apply(NGINX)
    return c


def _svc(lab: Cluster) -> dict:
    return lab.api.get("Service", "default", "nginx")


def test_nginx_service_has_three_endpoint_chains_with_upstream_probabilities(lab):
    """Does the nginx KUBE-SVC chain split 1/3, 1/2, rest over three KUBE-SEP chains?"""
    nat = iptables_save(node_ruleset(lab.api, "node-1"), "nat")
    svc_chain = re.search(
        r'--comment "default/nginx cluster IP" -m tcp --dport 80 -j (KUBE-SVC-\w+)', nat
    )[1]
    ladder = [
        ln for ln in nat.splitlines() if ln.startswith(f"-A {svc_chain} ") and "KUBE-SEP-" in ln
    ]
    assert len(ladder) == 3
    assert "--probability 0.33333333349 -j KUBE-SEP-" in ladder[0]
    assert "--probability 0.50000000000 -j KUBE-SEP-" in ladder[1]
    assert "statistic" not in ladder[2]
    seps = {re.search(r"-j (KUBE-SEP-\w+)", ln)[1] for ln in ladder}
    assert len(seps) == 3
    assert all(f":{sep} - [0:0]" in nat for sep in seps)


def test_rules_use_cluster_cidr_and_node_ips(lab):
    """Is the pod CIDR from the kube-proxy ConfigMap the masquerade exception, on every node?"""
    for node in ("node-1", "node-2"):
        rs = node_ruleset(lab.api, node)
        assert rs.cluster_cidr == "10.244.0.0/16"
        assert rs.node_ips == (lab.api.get("Node", "", node)["status"]["addresses"][0]["address"],)
        assert "! -s 10.244.0.0/16 -d " in iptables_save(rs, "nat")


def test_node_ruleset_is_cached_by_resource_version(lab):
    """Is the ruleset recomputed only after the store changes?"""
    first = node_ruleset(lab.api, "node-1")
    assert node_ruleset(lab.api, "node-1") is first
    lab.kubectl("scale deployment nginx --replicas=2")
    second = node_ruleset(lab.api, "node-1")
    assert second is not first
    assert "0.33333333349" not in iptables_save(second, "nat").split("default/nginx cluster IP")[1]


def test_pod_to_cluster_ip_is_dnated_to_an_nginx_pod(lab):
    """Does a pod's packet to the ClusterIP land on one of the three nginx pods, unmasqueraded?"""
    rs = node_ruleset(lab.api, "node-1")
    cip = _svc(lab)["spec"]["clusterIP"]
    pods = {p["status"]["podIP"] for p in lab.api.list("Pod", "default")}
    rng = random.Random(7)
    seen = set()
    for _ in range(60):
        r = trace_packet(rs, src_ip="10.244.1.200", dst_ip=cip, dst_port=80, rng=rng)
        assert r.verdict == "DNAT" and not r.masqueraded
        seen.add(r.dst_ip)
    assert seen == pods


def test_same_seed_same_choice(lab):
    """Are load-balancing choices reproducible from the seed?"""
    rs = node_ruleset(lab.api, "node-1")
    cip = _svc(lab)["spec"]["clusterIP"]

    def picks(seed):
        rng = random.Random(seed)
        return [
            trace_packet(rs, src_ip="10.244.1.9", dst_ip=cip, dst_port=80, rng=rng).dnat
            for _ in range(10)
        ]

    assert picks(3) == picks(3)


def test_node_shell_to_localhost_nodeport(lab):
    """Does curl 127.0.0.1:<NodePort> from a node shell reach nginx, masqueraded (route_localnet)?"""
    rs = node_ruleset(lab.api, "node-2")
    node_port = _svc(lab)["spec"]["ports"][0]["nodePort"]
    r = trace_packet(rs, src_ip="127.0.0.1", dst_ip="127.0.0.1", dst_port=node_port, hook="OUTPUT")
    assert r.verdict == "DNAT" and r.masqueraded
    chains = [m.chain for m in r.matches]
    assert chains[:3] == ["OUTPUT", "KUBE-SERVICES", "KUBE-NODEPORTS"]
    assert any("--nfacct-name  localhost_nps_accepted_pkts" in m.raw for m in r.matches)


def test_outside_client_to_node_ip_nodeport(lab):
    """Does an outside client reach nginx through any node's IP:NodePort, masqueraded?"""
    rs = node_ruleset(lab.api, "node-1")
    node_ip = rs.node_ips[0]
    node_port = _svc(lab)["spec"]["ports"][0]["nodePort"]
    r = trace_packet(
        rs, src_ip="172.18.0.1", dst_ip=node_ip, dst_port=node_port, rng=random.Random(1)
    )
    assert r.verdict == "DNAT" and r.masquerade_marked and r.masqueraded
    assert [m.chain for m in r.matches][:4] == [
        "PREROUTING",
        "KUBE-SERVICES",
        "KUBE-NODEPORTS",
        "KUBE-EXT-" + r.matches[3].chain[9:],
    ]


def test_outside_client_to_cluster_ip_port_that_is_not_served_is_not_dnated(lab):
    """Does a packet for an unknown port fall through KUBE-SERVICES untouched?"""
    rs = node_ruleset(lab.api, "node-1")
    r = trace_packet(rs, src_ip="10.244.1.5", dst_ip=_svc(lab)["spec"]["clusterIP"], dst_port=81)
    assert r.verdict == "ACCEPT" and r.dnat is None


def test_load_balancer_ip_in_cloud_cluster():
    """With cloud=True, does a LoadBalancer IP lead to nginx from outside?"""
    c = Cluster(cloud=True)
    c.apply(NGINX.replace("type: NodePort", "type: LoadBalancer"))
    svc = c.api.get("Service", "default", "nginx")
    lb_ip = svc["status"]["loadBalancer"]["ingress"][0]["ip"]
    rs = node_ruleset(c.api, "node-1")
    assert (
        f'-d {lb_ip}/32 -p tcp -m comment --comment "default/nginx loadbalancer IP"'
        in iptables_save(rs, "nat")
    )
    r = trace_packet(rs, src_ip="198.51.100.7", dst_ip=lb_ip, dst_port=80, rng=random.Random(0))
    assert r.verdict == "DNAT" and r.masqueraded
