"""Chain names kube-proxy (iptables mode) owns, and the hash recipe for per-service chains.

Mirrors the constants and name builders of kubernetes/kubernetes
``pkg/proxy/iptables/proxier.go`` @ 531be81 (``kubeServicesChain`` … ``kubeletFirewallChain``,
``portProtoHash``, ``servicePortPolicyClusterChain``, ``servicePortPolicyLocalChainName``,
``serviceFirewallChainName``, ``serviceExternalChainName``, ``servicePortEndpointChainName``).
Per-service names are ``PREFIX + base32(sha256(servicePortName + protocol))[:16]`` so that they
fit iptables' 28-character limit and stay stable across restarts.
"""

from __future__ import annotations

import hashlib

# Table names, as iptables-save prints them after "*".
TABLE_FILTER = "filter"
TABLE_NAT = "nat"
TABLE_MANGLE = "mangle"

# Builtin chains.
PREROUTING = "PREROUTING"
INPUT = "INPUT"
FORWARD = "FORWARD"
OUTPUT = "OUTPUT"
POSTROUTING = "POSTROUTING"

# Builtin chains of each table, in the order the kernel lists them.
BUILTIN_CHAINS: dict[str, tuple[str, ...]] = {
    TABLE_FILTER: (INPUT, FORWARD, OUTPUT),
    TABLE_NAT: (PREROUTING, INPUT, OUTPUT, POSTROUTING),
    TABLE_MANGLE: (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING),
}

# the services chain: ClusterIPs, external IPs, LB IPs (nat); unreachable ClusterIPs (filter)
KUBE_SERVICES = "KUBE-SERVICES"
# the external services chain: REJECT/DROP for externally-visible IPs and NodePorts (filter)
KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES"
# the nodeports chain: NodePorts (nat); healthCheckNodePort ACCEPTs (filter)
KUBE_NODEPORTS = "KUBE-NODEPORTS"
# the kubernetes postrouting chain: masquerades packets carrying the masquerade mark
KUBE_POSTROUTING = "KUBE-POSTROUTING"
# the mark-for-masquerade chain: sets the masquerade mark and returns
KUBE_MARK_MASQ = "KUBE-MARK-MASQ"
# the kubernetes forward chain: accepts marked and established forwarded traffic
KUBE_FORWARD = "KUBE-FORWARD"
# the kube-proxy firewall chain: drops LB traffic not accepted by a KUBE-FW chain
KUBE_PROXY_FIREWALL = "KUBE-PROXY-FIREWALL"
# the canary chain ipt.Monitor watches to notice that someone flushed the tables
KUBE_PROXY_CANARY = "KUBE-PROXY-CANARY"
# kubelet's anti-martian chain, duplicated by kube-proxy when localhost NodePorts are on
KUBE_FIREWALL = "KUBE-FIREWALL"

# Above this many endpoints in total kube-proxy drops most "-m comment" matches
# (proxier.go, largeClusterEndpointsThreshold).
LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000

SERVICE_PORT_POLICY_CLUSTER_CHAIN_PREFIX = "KUBE-SVC-"
SERVICE_PORT_POLICY_LOCAL_CHAIN_PREFIX = "KUBE-SVL-"
SERVICE_FIREWALL_CHAIN_PREFIX = "KUBE-FW-"
SERVICE_EXTERNAL_CHAIN_PREFIX = "KUBE-EXT-"
SERVICE_PORT_ENDPOINT_CHAIN_PREFIX = "KUBE-SEP-"


_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 standard alphabet (Go base32.StdEncoding)


def _hash16(text: str) -> str:
    # 16 base32 characters encode exactly the first 10 bytes (80 bits) of the digest, so this
    # equals upstream's encode-then-truncate; done by hand because it is on the hot path.
    v = int.from_bytes(hashlib.sha256(text.encode()).digest()[:10], "big")
    return "".join([_B32[(v >> s) & 31] for s in range(75, -1, -5)])


def port_proto_hash(service_port_name: str, protocol: str) -> str:
    """The 16-character hash shared by a service port's SVC/SVL/EXT/FW chains.

    ``service_port_name`` is ``ServicePortName.String()`` (``ns/name`` or ``ns/name:port``) and
    ``protocol`` is lower case (``tcp``). kubernetes/kubernetes pkg/proxy/iptables/proxier.go
    ``portProtoHash`` @ 531be81.
    """
    return _hash16(service_port_name + protocol)


def service_port_policy_cluster_chain(service_port_name: str, protocol: str) -> str:
    """``KUBE-SVC-…``: dispatch to endpoints under the ``Cluster`` traffic policy.

    proxier.go ``servicePortPolicyClusterChain`` @ 531be81.
    """
    return SERVICE_PORT_POLICY_CLUSTER_CHAIN_PREFIX + port_proto_hash(service_port_name, protocol)


def service_port_policy_local_chain_name(service_port_name: str, protocol: str) -> str:
    """``KUBE-SVL-…``: dispatch to this node's endpoints under the ``Local`` traffic policy.

    proxier.go ``servicePortPolicyLocalChainName`` @ 531be81.
    """
    return SERVICE_PORT_POLICY_LOCAL_CHAIN_PREFIX + port_proto_hash(service_port_name, protocol)


def service_firewall_chain_name(service_port_name: str, protocol: str) -> str:
    """``KUBE-FW-…``: the ``loadBalancerSourceRanges`` allow list.

    proxier.go ``serviceFirewallChainName`` @ 531be81.
    """
    return SERVICE_FIREWALL_CHAIN_PREFIX + port_proto_hash(service_port_name, protocol)


def service_external_chain_name(service_port_name: str, protocol: str) -> str:
    """``KUBE-EXT-…``: external traffic (NodePort, external IP, LB IP) before the policy chain.

    Masquerades (eTP=Cluster) or short-circuits pod and node traffic to KUBE-SVC (eTP=Local).
    proxier.go ``serviceExternalChainName`` @ 531be81.
    """
    return SERVICE_EXTERNAL_CHAIN_PREFIX + port_proto_hash(service_port_name, protocol)


def service_port_endpoint_chain_name(service_port_name: str, protocol: str, endpoint: str) -> str:
    """``KUBE-SEP-…``: one endpoint (``ip:port``): hairpin masquerade, then DNAT.

    proxier.go ``servicePortEndpointChainName`` @ 531be81.
    """
    return SERVICE_PORT_ENDPOINT_CHAIN_PREFIX + _hash16(service_port_name + protocol + endpoint)


def is_service_chain_name(chain: str) -> bool:
    """Whether ``chain`` is one of the per-service chains (proxier.go ``isServiceChainName``)."""
    return chain.startswith(
        (
            SERVICE_PORT_POLICY_CLUSTER_CHAIN_PREFIX,
            SERVICE_PORT_POLICY_LOCAL_CHAIN_PREFIX,
            SERVICE_PORT_ENDPOINT_CHAIN_PREFIX,
            SERVICE_FIREWALL_CHAIN_PREFIX,
            SERVICE_EXTERNAL_CHAIN_PREFIX,
        )
    )
