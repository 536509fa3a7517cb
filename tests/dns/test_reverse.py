"""Rows mirroring coredns/coredns ``plugin/kubernetes/reverse_test.go`` (``TestReverse``,
``APIConnReverseTest``): ClusterIPs first, then every ready endpoint (one PTR per Service),
misses are NXDOMAIN; plus spec §2.3.3/§2.4.3 examples and kubeadm's fallthrough."""

from __future__ import annotations

import pytest

from tests.dns.fixtures import check, namespace, server, service, slice_, soa

ZONES = (
    "cluster.local 0.10.in-addr.arpa 168.192.in-addr.arpa "
    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa "
    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa"
)


def objects():
    return [
        namespace("testns"),
        service("svc1", "testns", ("192.168.1.100",)),
        service("svc2", "testns", ("192.168.1.101",)),
        slice_("svc1", "testns", [("10.0.0.100", "ep1a", True, None), ("10.0.0.99", "double-ep", True, None)]),
        slice_(
            "svc1", "testns",
            [("1234:abcd::1", "ep1b", True, None), ("fd00:77:30::a", "ip6svc1ex", True, None), ("fd00:77:30::2:9ba6", "ip6svc1in", True, None)],
            suffix="v6", family="IPv6",
        ),
        slice_("svc1", "testns", [("10.0.0.100", "ep1a", True, None)], suffix="ccccc"),  # EndpointSlice skew
        slice_("svc2", "testns", [("10.0.0.99", "double-ep", True, None)]),
        slice_("svc2", "testns", [("10.0.0.50", None, True, None), ("10.0.0.51", None, False, None)], suffix="x"),
    ]  # fmt: skip


CASES = [
    ("100.0.0.10.in-addr.arpa.", "PTR", "NOERROR", ["100.0.0.10.in-addr.arpa. 5 IN PTR ep1a.svc1.testns.svc.cluster.local."]),
    ("100.1.168.192.in-addr.arpa.", "PTR", "NOERROR", ["100.1.168.192.in-addr.arpa. 5 IN PTR svc1.testns.svc.cluster.local."]),
    (
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa.", "PTR", "NOERROR",
        ["1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa. 5 IN PTR ep1b.svc1.testns.svc.cluster.local."],
    ),
    (
        "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.", "PTR", "NOERROR",
        ["a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. 5 IN PTR ip6svc1ex.svc1.testns.svc.cluster.local."],
    ),
    (
        "6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.", "PTR", "NOERROR",
        ["6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. 5 IN PTR ip6svc1in.svc1.testns.svc.cluster.local."],
    ),
    ("101.0.0.10.in-addr.arpa.", "PTR", "NXDOMAIN", [], [soa(zone="0.10.in-addr.arpa.")]),
    ("example.org.cluster.local.", "PTR", "NXDOMAIN", [], [soa()]),
    ("svc1.testns.svc.cluster.local.", "PTR", "NOERROR", [], [soa()]),
    ("svc1.testns.svc.0.10.in-addr.arpa.", "A", "NXDOMAIN", [], [soa(zone="0.10.in-addr.arpa.")]),
    ("100.0.0.10.cluster.local.", "PTR", "NXDOMAIN", [], [soa()]),
    # a pod behind two Services has two PTRs
    (
        "99.0.0.10.in-addr.arpa.", "PTR", "NOERROR",
        ["99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc1.testns.svc.cluster.local.", "99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc2.testns.svc.cluster.local."],
    ),
    # TestReversePTRHostnameOnly "default": no hostname → the dashed IP
    ("50.0.0.10.in-addr.arpa.", "PTR", "NOERROR", ["50.0.0.10.in-addr.arpa. 5 IN PTR 10-0-0-50.svc2.testns.svc.cluster.local."]),
    # an unready endpoint has no PTR
    ("51.0.0.10.in-addr.arpa.", "PTR", "NXDOMAIN", [], [soa(zone="0.10.in-addr.arpa.")]),
]  # fmt: skip


@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_reverse(row):
    check(server(objects(), f".:53 {{\n  kubernetes {ZONES}\n}}\n"), row)


def test_kubeadm_reverse_misses_fall_through_to_forward():
    """kubeadm's ``fallthrough in-addr.arpa ip6.arpa``: a miss is answered by ``forward``."""
    from k8slab.dns.server import DEFAULT_COREFILE

    dns = server(objects(), DEFAULT_COREFILE)
    hit = dns.query("100.1.168.192.in-addr.arpa", "PTR")
    assert (hit.rcode, hit.answers, hit.source) == (
        "NOERROR",
        ["svc1.testns.svc.cluster.local"],
        "kubernetes",
    )
    miss = dns.query("101.0.0.10.in-addr.arpa", "PTR")
    assert (miss.rcode, miss.source) == ("NXDOMAIN", "forward")
    # but cluster.local has no fallthrough: its misses stay authoritative NXDOMAIN
    assert dns.query("nope.testns.svc.cluster.local", "A").source == "kubernetes"
