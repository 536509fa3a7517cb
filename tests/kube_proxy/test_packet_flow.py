"""Packet-flow rows of upstream's proxier tests, run through ``trace_packet``.

Each table mirrors an upstream test in kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go
@ 531be81208e2274ef42e72525a26610a9622bcdf (``runPacketFlowTests`` rows: name, source IP,
destination IP, destination port, output, masq). Rows run twice:

- ``explore=True`` reproduces upstream's tracer (every probabilistic branch followed), so
  ``output`` and ``masq`` must equal upstream's expectation exactly;
- the kernel path (seeded RNG, one branch) must agree: its DNAT target is one of the expected
  endpoints, REJECT/DROP/ACCEPT/no-match verdicts are the same, and the packet is masqueraded
  exactly when upstream says ``masq``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from textwrap import dedent

import pytest

from k8slab.kube_proxy import parse_iptables_dump, trace_packet

from .upstream import (
    POD_CIDR,
    TEST_EXTERNAL_CLIENT,
    TEST_EXTERNAL_CLIENT_BLOCKED,
    TEST_EXTERNAL_IP,
    TEST_NODE_IP,
    TEST_NODE_IP_ALT,
    TEST_NODE_IPS,
    TEST_NODE_NAME,
    endpoint,
    fake_proxier_sync,
    make_endpoint_slice,
    make_service,
    port,
    slice_port,
)


@dataclass(frozen=True)
class Flow:
    name: str
    source_ip: str
    dest_ip: str
    dest_port: int
    output: str
    masq: bool = False
    protocol: str = "tcp"


def run_packet_flow_tests(ruleset, flows: list[Flow]) -> None:
    """``runPacketFlowTests``: every row, in upstream's explore mode and on the kernel path."""
    failures = []
    for f in flows:
        got = trace_packet(
            ruleset,
            src_ip=f.source_ip,
            dst_ip=f.dest_ip,
            dst_port=f.dest_port,
            protocol=f.protocol,
            explore=True,
        )
        if (got.output, got.masquerade_marked) != (f.output, f.masq):
            failures.append(f"{f.name}: explore got {(got.output, got.masquerade_marked)}\n{got}")
        for seed in range(3):
            k = trace_packet(
                ruleset,
                src_ip=f.source_ip,
                dst_ip=f.dest_ip,
                dst_port=f.dest_port,
                protocol=f.protocol,
                rng=random.Random(seed),
            )
            expected = f.output.split(", ") if f.output else []
            if f.output in ("DROP", "REJECT"):
                ok = k.verdict == f.output
            elif f.output in ("", "ACCEPT"):
                ok = k.verdict == "ACCEPT" and k.dnat is None
            else:
                ok = k.verdict == "DNAT" and k.dnat in expected and k.masqueraded == f.masq
            if not ok:
                failures.append(
                    f"{f.name}: kernel path (seed {seed}) got {k.verdict} {k.dnat} masq={k.masqueraded}\n{k}"
                )
    assert not failures, "\n\n".join(failures)


TRACE_PACKET_RULES = dedent(
    """\
    *filter
    :INPUT - [0:0]
    :FORWARD - [0:0]
    :OUTPUT - [0:0]
    :KUBE-EXTERNAL-SERVICES - [0:0]
    :KUBE-FIREWALL - [0:0]
    :KUBE-FORWARD - [0:0]
    :KUBE-NODEPORTS - [0:0]
    :KUBE-SERVICES - [0:0]
    :KUBE-PROXY-FIREWALL - [0:0]
    -A INPUT -m comment --comment kubernetes health check service ports -j KUBE-NODEPORTS
    -A INPUT -m conntrack --ctstate NEW -m comment --comment kubernetes externally-visible service portals -j KUBE-EXTERNAL-SERVICES
    -A FORWARD -m comment --comment kubernetes forwarding rules -j KUBE-FORWARD
    -A FORWARD -m conntrack --ctstate NEW -m comment --comment kubernetes service portals -j KUBE-SERVICES
    -A FORWARD -m conntrack --ctstate NEW -m comment --comment kubernetes externally-visible service portals -j KUBE-EXTERNAL-SERVICES
    -A OUTPUT -m conntrack --ctstate NEW -m comment --comment kubernetes service portals -j KUBE-SERVICES
    -A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT
    -A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
    -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
    -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
    -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
    -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
    -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
    -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
    -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
    -A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
    COMMIT
    *nat
    :PREROUTING - [0:0]
    :INPUT - [0:0]
    :OUTPUT - [0:0]
    :POSTROUTING - [0:0]
    :KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]
    :KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
    :KUBE-EXT-NUKIZ6OKUXPJNT4C - [0:0]
    :KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
    :KUBE-FW-NUKIZ6OKUXPJNT4C - [0:0]
    :KUBE-MARK-MASQ - [0:0]
    :KUBE-NODEPORTS - [0:0]
    :KUBE-POSTROUTING - [0:0]
    :KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
    :KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]
    :KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
    :KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
    :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
    :KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
    :KUBE-SERVICES - [0:0]
    :KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
    :KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
    :KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]
    :KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
    :KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
    -A PREROUTING -m comment --comment kubernetes service portals -j KUBE-SERVICES
    -A OUTPUT -m comment --comment kubernetes service portals -j KUBE-SERVICES
    -A POSTROUTING -m comment --comment kubernetes postrouting rules -j KUBE-POSTROUTING
    -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
    -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
    -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
    -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
    -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
    -A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
    -A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
    -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
    -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
    -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
    -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
    -A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
    -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
    -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK
    -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
    -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C
    -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
    -A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ
    -A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK
    -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
    -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
    -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
    -A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ
    -A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C
    -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
    -A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
    -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
    -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
    -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
    -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
    -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
    -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
    -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
    -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
    -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
    -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
    -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
    -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
    -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
    -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
    -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
    -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
    -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
    -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
    -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
    -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
    -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
    -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
    -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
    -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
    -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
    COMMIT
    """
)


def test_trace_packet_on_parsed_static_rules():
    """Mirrors TestTracePacket: the walk over text parsed like ParseIPTablesDump (non-strict)."""
    rs = parse_iptables_dump(TRACE_PACKET_RULES, strict=False).to_ruleset(
        TEST_NODE_NAME, TEST_NODE_IPS
    )
    run_packet_flow_tests(
        rs,
        [
            Flow("no match", "10.0.0.2", "10.0.0.3", 80, ""),
            Flow("single endpoint", "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80"),
            Flow("multiple endpoints", "10.0.0.2", "172.30.0.44", 80, "10.180.0.4:80, 10.180.0.5:80"),
            Flow("LOCAL, KUBE-MARK-MASQ", TEST_NODE_IP, "192.168.99.22", 80, "10.180.0.2:80", masq=True),
            Flow("DROP", TEST_EXTERNAL_CLIENT, "192.168.99.22", 80, "DROP"),
            Flow("ACCEPT (NodePortHealthCheck)", TEST_NODE_IP, TEST_NODE_IP, 30000, "ACCEPT"),
            Flow("REJECT", "10.0.0.2", "172.30.0.46", 80, "REJECT"),
        ],
    )  # fmt: skip


def test_no_endpoints_reject():
    """Mirrors TestNoEndpointsReject: every entry point of an endpoint-less Service REJECTs."""
    rs = fake_proxier_sync(
        [
            make_service(
                "ns1", "svc1", status_lb_ips=["1.2.3.4"], type="LoadBalancer",
                clusterIP="172.30.0.41", externalIPs=["192.168.99.11"],
                ports=[port("p80", 80, node_port=3001)],
            )
        ]
    )  # fmt: skip
    run_packet_flow_tests(
        rs,
        [
            Flow("pod to cluster IP with no endpoints", "10.0.0.2", "172.30.0.41", 80, "REJECT"),
            Flow("external to external IP with no endpoints", TEST_EXTERNAL_CLIENT, "192.168.99.11", 80, "REJECT"),
            Flow("pod to NodePort with no endpoints", "10.0.0.2", TEST_NODE_IP, 3001, "REJECT"),
            Flow("external to NodePort with no endpoints", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, "REJECT"),
            Flow("pod to LoadBalancer IP with no endpoints", "10.0.0.2", "1.2.3.4", 80, "REJECT"),
            Flow("external to LoadBalancer IP with no endpoints", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, "REJECT"),
        ],
    )  # fmt: skip


def test_cluster_ip_general():
    """Mirrors TestClusterIPGeneral: named ports, targetPort, TCP/UDP/SCTP on one port."""
    rs = fake_proxier_sync(
        [
            make_service("ns1", "svc1", clusterIP="172.30.0.41", ports=[port("http", 80)]),
            make_service(
                "ns2", "svc2", clusterIP="172.30.0.42",
                ports=[
                    port("http", 80),
                    port("https", 443, targetPort=8443),
                    port("dns-udp", 53, "UDP"),
                    port("dns-tcp", 53, "TCP", targetPort=5353),
                    port("dns-sctp", 53, "SCTP"),
                ],
            ),
            make_endpoint_slice("ns1", "svc1", 1, [endpoint("10.180.0.1", TEST_NODE_NAME)], [slice_port("http", 80)]),
            make_endpoint_slice(
                "ns2", "svc2", 1,
                [endpoint("10.180.0.1", TEST_NODE_NAME), endpoint("10.180.2.1", "node2")],
                [
                    slice_port("http", 80),
                    slice_port("https", 8443),
                    slice_port("dns-udp", 53, "UDP"),
                    slice_port("dns-tcp", 5353),
                    slice_port("dns-sctp", 53, "SCTP"),
                ],
            ),
        ]
    )  # fmt: skip
    run_packet_flow_tests(
        rs,
        [
            Flow("simple clusterIP", "10.180.0.2", "172.30.0.41", 80, "10.180.0.1:80"),
            Flow("hairpin to cluster IP", "10.180.0.1", "172.30.0.41", 80, "10.180.0.1:80", masq=True),
            Flow("clusterIP with multiple endpoints", "10.180.0.2", "172.30.0.42", 80, "10.180.0.1:80, 10.180.2.1:80"),
            Flow("clusterIP with TargetPort", "10.180.0.2", "172.30.0.42", 443, "10.180.0.1:8443, 10.180.2.1:8443"),
            Flow("clusterIP with TCP, UDP, and SCTP on same port (TCP)", "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:5353, 10.180.2.1:5353"),
            Flow("clusterIP with TCP, UDP, and SCTP on same port (UDP)", "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:53, 10.180.2.1:53", protocol="udp"),
            Flow("clusterIP with TCP, UDP, and SCTP on same port (SCTP)", "10.180.0.2", "172.30.0.42", 53, "10.180.0.1:53, 10.180.2.1:53", protocol="sctp"),
            Flow("TCP-only port does not match UDP traffic", "10.180.0.2", "172.30.0.42", 80, "", protocol="udp"),
            Flow("svc1 does not accept svc2's ports", "10.180.0.2", "172.30.0.41", 443, ""),
        ],
    )  # fmt: skip


def test_load_balancer_source_ranges():
    """Mirrors TestLoadBalancer: two LB IPs, source ranges (one containing the node IP)."""
    rs = fake_proxier_sync(
        [
            make_service(
                "ns1", "svc1", status_lb_ips=["1.2.3.4", "5.6.7.8"], type="LoadBalancer",
                clusterIP="172.30.0.41", ports=[port("p80", 80, node_port=3001)],
                loadBalancerSourceRanges=["192.168.0.0/24", " 203.0.113.0/25"],
            ),
            make_endpoint_slice("ns1", "svc1", 1, [endpoint("10.180.0.1")], [slice_port("p80", 80)]),
        ]
    )  # fmt: skip
    ep = "10.180.0.1:80"
    run_packet_flow_tests(
        rs,
        [
            Flow("pod to cluster IP", "10.0.0.2", "172.30.0.41", 80, ep),
            Flow("external to nodePort", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, ep, masq=True),
            Flow("nodePort bypasses LoadBalancerSourceRanges", TEST_EXTERNAL_CLIENT_BLOCKED, TEST_NODE_IP, 3001, ep, masq=True),
            Flow("accepted external to LB1", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, ep, masq=True),
            Flow("accepted external to LB2", TEST_EXTERNAL_CLIENT, "5.6.7.8", 80, ep, masq=True),
            Flow("blocked external to LB1", TEST_EXTERNAL_CLIENT_BLOCKED, "1.2.3.4", 80, "DROP"),
            Flow("blocked external to LB2", TEST_EXTERNAL_CLIENT_BLOCKED, "5.6.7.8", 80, "DROP"),
            Flow("pod to LB1 (blocked by LoadBalancerSourceRanges)", "10.0.0.2", "1.2.3.4", 80, "DROP"),
            Flow("pod to LB2 (blocked by LoadBalancerSourceRanges)", "10.0.0.2", "5.6.7.8", 80, "DROP"),
            Flow("node to LB1 (allowed by LoadBalancerSourceRanges)", TEST_NODE_IP, "1.2.3.4", 80, ep, masq=True),
            Flow("node to LB2 (allowed by LoadBalancerSourceRanges)", TEST_NODE_IP, "5.6.7.8", 80, ep, masq=True),
            Flow("same node to LB1, SNATted to LB1 (implicitly allowed)", "1.2.3.4", "1.2.3.4", 80, ep, masq=True),
            Flow("same node to LB2, SNATted to LB2 (implicitly allowed)", "5.6.7.8", "5.6.7.8", 80, ep, masq=True),
        ],
    )  # fmt: skip


@pytest.mark.parametrize("localhost_nodeports", [True, False])
def test_node_ports(localhost_nodeports):
    """Mirrors TestNodePorts (IPv4 cases without --nodeport-addresses)."""
    rs = fake_proxier_sync(
        [
            make_service("ns1", "svc1", type="NodePort", clusterIP="172.30.0.41", ports=[port("p80", 80, node_port=3001)]),
            make_endpoint_slice(
                "ns1", "svc1", 1,
                [endpoint("10.180.0.1"), endpoint("10.180.2.1", TEST_NODE_NAME)],
                [slice_port("p80", 80)],
            ),
        ],
        localhost_nodeports=localhost_nodeports,
    )  # fmt: skip
    out = "10.180.0.1:80, 10.180.2.1:80"
    flows = [
        Flow("pod to cluster IP", "10.0.0.2", "172.30.0.41", 80, out),
        Flow("external to nodePort", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, out, masq=True),
        Flow("node to nodePort", TEST_NODE_IP, TEST_NODE_IP, 3001, out, masq=True),
        Flow(
            "external to nodePort on secondary IP",
            TEST_EXTERNAL_CLIENT,
            TEST_NODE_IP_ALT,
            3001,
            out,
            masq=True,
        ),
    ]
    if localhost_nodeports:
        flows.append(
            Flow(
                "localhost to nodePort gets masqueraded",
                "127.0.0.1",
                "127.0.0.1",
                3001,
                out,
                masq=True,
            )
        )
    else:
        flows.append(Flow("localhost to nodePort is ignored", "127.0.0.1", "127.0.0.1", 3001, ""))
    run_packet_flow_tests(rs, flows)


def test_health_check_node_port():
    """Mirrors TestHealthCheckNodePort (first half): the health-check port is ACCEPTed."""
    svc = make_service(
        "ns1", "svc1", type="LoadBalancer", clusterIP="172.30.0.42",
        ports=[port("p80", 80, node_port=3001)], healthCheckNodePort=30000,
        externalTrafficPolicy="Local",
    )  # fmt: skip
    run_packet_flow_tests(
        fake_proxier_sync([svc]),
        [Flow("firewall accepts HealthCheckNodePort", "1.2.3.4", TEST_NODE_IP, 30000, "ACCEPT")],
    )
    run_packet_flow_tests(
        fake_proxier_sync([]),
        [Flow("HealthCheckNodePort no longer has any rule", "1.2.3.4", TEST_NODE_IP, 30000, "")],
    )


def _etp_objects(policy: str) -> list[dict]:
    return [
        make_service(
            "ns1", "svc1", status_lb_ips=["1.2.3.4"], type="LoadBalancer",
            externalTrafficPolicy=policy, clusterIP="172.30.0.41",
            externalIPs=["192.168.99.11"], healthCheckNodePort=30000,
            ports=[port("p80", 80, node_port=3001, targetPort=80)],
        ),
        make_endpoint_slice(
            "ns1", "svc1", 1,
            [endpoint("10.180.0.1"), endpoint("10.180.2.1", TEST_NODE_NAME)],
            [slice_port("p80", 80)],
        ),
    ]  # fmt: skip


def test_external_traffic_policy_local():
    """Mirrors TestExternalTrafficPolicyLocal: external sources reach only local endpoints."""
    both, local = "10.180.0.1:80, 10.180.2.1:80", "10.180.2.1:80"
    run_packet_flow_tests(
        fake_proxier_sync(_etp_objects("Local")),
        [
            Flow("pod to cluster IP hits both endpoints, unmasqueraded", "10.0.0.2", "172.30.0.41", 80, both),
            Flow("pod to external IP hits both endpoints, unmasqueraded", "10.0.0.2", TEST_EXTERNAL_IP, 80, both),
            Flow("external to external IP hits only local endpoint, unmasqueraded", TEST_EXTERNAL_CLIENT, TEST_EXTERNAL_IP, 80, local),
            Flow("pod to LB IP hits only both endpoints, unmasqueraded", "10.0.0.2", "1.2.3.4", 80, both),
            Flow("external to LB IP hits only local endpoint, unmasqueraded", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, local),
            Flow("pod to NodePort hits both endpoints, unmasqueraded", "10.0.0.2", TEST_NODE_IP, 3001, both),
            Flow("external to NodePort hits only local endpoint, unmasqueraded", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, local),
        ],
    )  # fmt: skip


def test_external_traffic_policy_cluster():
    """Mirrors TestExternalTrafficPolicyCluster: external traffic is always masqueraded."""
    both = "10.180.0.1:80, 10.180.2.1:80"
    run_packet_flow_tests(
        fake_proxier_sync(_etp_objects("Cluster")),
        [
            Flow("pod to cluster IP hits both endpoints, unmasqueraded", "10.0.0.2", "172.30.0.41", 80, both),
            Flow("pod to external IP hits both endpoints, masqueraded", "10.0.0.2", TEST_EXTERNAL_IP, 80, both, masq=True),
            Flow("external to external IP hits both endpoints, masqueraded", TEST_EXTERNAL_CLIENT, TEST_EXTERNAL_IP, 80, both, masq=True),
            Flow("pod to LB IP hits both endpoints, masqueraded", "10.0.0.2", "1.2.3.4", 80, both, masq=True),
            Flow("external to LB IP hits both endpoints, masqueraded", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, both, masq=True),
            Flow("pod to NodePort hits both endpoints, masqueraded", "10.0.0.2", TEST_NODE_IP, 3001, both, masq=True),
            Flow("external to NodePort hits both endpoints, masqueraded", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, both, masq=True),
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("policy", "endpoints", "output"),
    [
        ("Cluster", [("10.0.1.1", TEST_NODE_NAME), ("10.0.1.2", "node1"), ("10.0.1.3", "node2")], "10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80"),
        ("Local", [("10.0.1.1", TEST_NODE_NAME), ("10.0.1.2", "node1"), ("10.0.1.3", "node2")], "10.0.1.1:80"),
        ("Local", [("10.0.1.1", TEST_NODE_NAME), ("10.0.1.2", TEST_NODE_NAME), ("10.0.1.3", "node2")], "10.0.1.1:80, 10.0.1.2:80"),
        ("Local", [("10.0.1.1", "node0"), ("10.0.1.2", "node1"), ("10.0.1.3", "node2")], "DROP"),
    ],
)  # fmt: skip
def test_internal_traffic_policy(policy, endpoints, output):
    """Mirrors TestInternalTrafficPolicy, including the REJECT once endpoints are deleted."""
    svc = make_service(
        "ns1", "svc1", clusterIP="172.30.1.1", selector={"foo": "bar"},
        internalTrafficPolicy=policy, ports=[port("", 80)],
    )  # fmt: skip
    eps = make_endpoint_slice(
        "ns1",
        "svc1",
        1,
        [endpoint(ip, node, ready=True) for ip, node in endpoints],
        [slice_port("", 80)],
    )
    run_packet_flow_tests(
        fake_proxier_sync([svc, eps]),
        [Flow("pod to ClusterIP", "10.0.0.2", "172.30.1.1", 80, output)],
    )
    run_packet_flow_tests(
        fake_proxier_sync([svc]),
        [Flow("endpoints deleted", "10.0.0.2", "172.30.1.1", 80, "REJECT")],
    )


def _cond(ready: bool, serving: bool, terminating: bool) -> dict:
    return {"ready": ready, "serving": serving, "terminating": terminating}


TERMINATING_LOCAL_CASES = [
    (
        "ready endpoints exist",
        [
            ("10.0.1.1", TEST_NODE_NAME, _cond(True, True, False)),
            ("10.0.1.2", TEST_NODE_NAME, _cond(True, True, False)),
            ("10.0.1.3", TEST_NODE_NAME, _cond(False, True, True)),
            ("10.0.1.4", TEST_NODE_NAME, _cond(False, False, True)),
            ("10.0.1.5", "node-1", _cond(True, True, False)),
        ],
        "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80",
        "10.0.1.1:80, 10.0.1.2:80",
    ),
    (
        "only terminating endpoints exist",
        [
            ("10.0.1.2", TEST_NODE_NAME, _cond(False, True, True)),
            ("10.0.1.3", TEST_NODE_NAME, _cond(False, True, True)),
            ("10.0.1.4", TEST_NODE_NAME, _cond(False, False, True)),
            ("10.0.1.5", "node-1", _cond(True, True, False)),
        ],
        "10.0.1.5:80",
        "10.0.1.2:80, 10.0.1.3:80",
    ),
    (
        "terminating endpoints on remote node",
        [("10.0.1.5", "node-1", _cond(False, True, True))],
        "10.0.1.5:80",
        "DROP",
    ),
    (
        "no usable endpoints on any node",
        [
            ("10.0.1.5", TEST_NODE_NAME, _cond(False, False, True)),
            ("10.0.1.5", "node-1", _cond(False, False, True)),
        ],
        "REJECT",
        "REJECT",
    ),
]


@pytest.mark.parametrize(
    ("name", "endpoints", "pod_output", "external_output"), TERMINATING_LOCAL_CASES
)
def test_terminating_endpoints_traffic_policy_local(name, endpoints, pod_output, external_output):
    """Mirrors TestTerminatingEndpointsTrafficPolicyLocal: serving+terminating as a fallback."""
    svc = make_service(
        "ns1", "svc1", status_lb_ips=["1.2.3.4"], clusterIP="172.30.1.1", type="LoadBalancer",
        externalTrafficPolicy="Local", healthCheckNodePort=30000,
        ports=[port("", 80, targetPort=80)],
    )  # fmt: skip
    eps = make_endpoint_slice(
        "ns1",
        "svc1",
        1,
        [endpoint(ip, node, **cond) for ip, node, cond in endpoints],
        [slice_port("", 80)],
    )
    run_packet_flow_tests(
        fake_proxier_sync([svc, eps]),
        [
            Flow("pod to clusterIP", "10.0.0.2", "172.30.1.1", 80, pod_output),
            Flow("external to LB", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, external_output),
        ],
    )
    run_packet_flow_tests(
        fake_proxier_sync([svc]),
        [
            Flow(
                "pod to clusterIP after endpoints deleted", "10.0.0.2", "172.30.1.1", 80, "REJECT"
            ),
            Flow(
                "external to LB after endpoints deleted",
                TEST_EXTERNAL_CLIENT,
                "1.2.3.4",
                80,
                "REJECT",
            ),
        ],
    )


def _internal_external_objects() -> list[dict]:
    objs = []
    for i, (lb, extra) in enumerate(
        [
            ("1.2.3.4", {}),
            ("5.6.7.8", {"externalTrafficPolicy": "Local"}),
            ("9.10.11.12", {"internalTrafficPolicy": "Local"}),
        ],
        start=1,
    ):
        objs.append(
            make_service(
                f"ns{i}",
                f"svc{i}",
                status_lb_ips=[lb],
                type="LoadBalancer",
                clusterIP=f"172.30.0.4{i}",
                ports=[port("p80", 80, node_port=3000 + i)],
                healthCheckNodePort=30000 + i,
                **extra,
            )
        )
        objs.append(
            make_endpoint_slice(
                f"ns{i}",
                f"svc{i}",
                1,
                [endpoint(f"10.180.0.{i}", TEST_NODE_NAME), endpoint(f"10.180.1.{i}", "remote")],
                [slice_port("p80", 80)],
            )
        )
    return objs  # fmt: skip


INTERNAL_EXTERNAL_FLOWS = [
    Flow("pod to ClusterIP", "10.0.0.2", "172.30.0.41", 80, "10.180.0.1:80, 10.180.1.1:80"),
    Flow("pod to NodePort", "10.0.0.2", TEST_NODE_IP, 3001, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("pod to LB", "10.0.0.2", "1.2.3.4", 80, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("node to ClusterIP", TEST_NODE_IP, "172.30.0.41", 80, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("node to NodePort", TEST_NODE_IP, TEST_NODE_IP, 3001, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("localhost to NodePort", "127.0.0.1", "127.0.0.1", 3001, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("node to LB", TEST_NODE_IP, "1.2.3.4", 80, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("external to ClusterIP", TEST_EXTERNAL_CLIENT, "172.30.0.41", 80, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("external to NodePort", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3001, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("external to LB", TEST_EXTERNAL_CLIENT, "1.2.3.4", 80, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("pod to ClusterIP with eTP:Local", "10.0.0.2", "172.30.0.42", 80, "10.180.0.2:80, 10.180.1.2:80"),
    Flow("pod to NodePort with eTP:Local", "10.0.0.2", TEST_NODE_IP, 3002, "10.180.0.2:80, 10.180.1.2:80"),
    Flow("pod to LB with eTP:Local", "10.0.0.2", "5.6.7.8", 80, "10.180.0.2:80, 10.180.1.2:80"),
    Flow("node to ClusterIP with eTP:Local", TEST_NODE_IP, "172.30.0.42", 80, "10.180.0.2:80, 10.180.1.2:80", True),
    # Upstream's row sends this one to 3001 (svc1's NodePort), and expects svc1's endpoints.
    Flow("node to NodePort with eTP:Local", TEST_NODE_IP, TEST_NODE_IP, 3001, "10.180.0.1:80, 10.180.1.1:80", True),
    Flow("localhost to NodePort with eTP:Local", "127.0.0.1", "127.0.0.1", 3002, "10.180.0.2:80, 10.180.1.2:80", True),
    Flow("node to LB with eTP:Local", TEST_NODE_IP, "5.6.7.8", 80, "10.180.0.2:80, 10.180.1.2:80", True),
    Flow("external to ClusterIP with eTP:Local", TEST_EXTERNAL_CLIENT, "172.30.0.42", 80, "10.180.0.2:80, 10.180.1.2:80", True),
    Flow("external to NodePort with eTP:Local", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3002, "10.180.0.2:80"),
    Flow("external to LB with eTP:Local", TEST_EXTERNAL_CLIENT, "5.6.7.8", 80, "10.180.0.2:80"),
    Flow("pod to ClusterIP with iTP:Local", "10.0.0.2", "172.30.0.43", 80, "10.180.0.3:80"),
    Flow("pod to NodePort with iTP:Local", "10.0.0.2", TEST_NODE_IP, 3003, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("pod to LB with iTP:Local", "10.0.0.2", "9.10.11.12", 80, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("node to ClusterIP with iTP:Local", TEST_NODE_IP, "172.30.0.43", 80, "10.180.0.3:80", True),
    Flow("node to NodePort with iTP:Local", TEST_NODE_IP, TEST_NODE_IP, 3003, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("localhost to NodePort with iTP:Local", "127.0.0.1", "127.0.0.1", 3003, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("node to LB with iTP:Local", TEST_NODE_IP, "9.10.11.12", 80, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("external to ClusterIP with iTP:Local", TEST_EXTERNAL_CLIENT, "172.30.0.43", 80, "10.180.0.3:80", True),
    Flow("external to NodePort with iTP:Local", TEST_EXTERNAL_CLIENT, TEST_NODE_IP, 3003, "10.180.0.3:80, 10.180.1.3:80", True),
    Flow("external to LB with iTP:Local", TEST_EXTERNAL_CLIENT, "9.10.11.12", 80, "10.180.0.3:80, 10.180.1.3:80", True),
]  # fmt: skip

# Per-variant overrides: {row name: (output or None, masq or None)}.
INTERNAL_EXTERNAL_OVERRIDES = {
    "base": (False, True, {}),
    "no LocalTrafficDetector": (
        False,
        False,
        {
            "node to ClusterIP": (None, False),
            "node to ClusterIP with eTP:Local": (None, False),
            "node to ClusterIP with iTP:Local": (None, False),
            "external to ClusterIP": (None, False),
            "external to ClusterIP with eTP:Local": (None, False),
            "external to ClusterIP with iTP:Local": (None, False),
            "pod to NodePort with eTP:Local": ("10.180.0.2:80", None),
            "pod to LB with eTP:Local": ("10.180.0.2:80", None),
        },
    ),
    "masqueradeAll": (
        True,
        True,
        {
            "pod to ClusterIP": (None, True),
            "pod to ClusterIP with eTP:Local": (None, True),
            "pod to ClusterIP with iTP:Local": (None, True),
        },
    ),
    "masqueradeAll, no LocalTrafficDetector": (
        True,
        False,
        {
            "pod to ClusterIP": (None, True),
            "pod to ClusterIP with eTP:Local": (None, True),
            "pod to ClusterIP with iTP:Local": (None, True),
            "pod to NodePort with eTP:Local": ("10.180.0.2:80", None),
            "pod to LB with eTP:Local": ("10.180.0.2:80", None),
        },
    ),
}


@pytest.mark.parametrize("variant", list(INTERNAL_EXTERNAL_OVERRIDES))
def test_internal_external_masquerade(variant):
    """Mirrors TestInternalExternalMasquerade: all four masquerade-all/detector variants."""
    masquerade_all, local_detector, overrides = INTERNAL_EXTERNAL_OVERRIDES[variant]
    rs = fake_proxier_sync(
        _internal_external_objects(),
        masquerade_all=masquerade_all,
        cluster_cidr=POD_CIDR if local_detector else None,
    )
    flows = []
    for f in INTERNAL_EXTERNAL_FLOWS:
        out, masq = overrides.get(f.name, (None, None))
        flows.append(
            Flow(
                f.name,
                f.source_ip,
                f.dest_ip,
                f.dest_port,
                out if out is not None else f.output,
                f.masq if masq is None else masq,
            )
        )
    run_packet_flow_tests(rs, flows)
