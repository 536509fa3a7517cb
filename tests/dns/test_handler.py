"""Rows mirroring coredns/coredns ``plugin/kubernetes/handler_test.go`` (``dnsTestCases``,
``nsTestCases``; commit 01c32383) and kubernetes/dns ``docs/specification.md`` examples.

The fake cluster is ``fixtures.handler_objects`` (CoreDNS's ``svcIndex``/``epsIndex``); the
Corefile exposes only ``testns`` as ``TestServeDNS`` does (``k.Namespaces``) and keeps the
default TTL 5. Upstream's SOA serial is the fake's ``Modified``; here the objects carry no
timestamps, so it is 0.
"""

from __future__ import annotations

import pytest

from tests.dns.fixtures import check, corefile, handler_objects, server, soa

SOA = [soa()]

# (qname, qtype, rcode, answer[, authority[, additional]])
DNS_TEST_CASES = [
    # A Service
    ("svc1.testns.svc.cluster.local.", "A", "NOERROR", ["svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1"]),
    # a Service without endpoints still has its A record (svcempty)
    ("svcempty.testns.svc.cluster.local.", "A", "NOERROR", ["svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1"]),
    # SRV on the bare Service name answers every port
    (
        "svc1.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local."],
        [],
        ["svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1"],
    ),
    (
        "svc6.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local."],
        [],
        ["svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1"],
    ),
    # SRV Service
    (
        "_http._tcp.svc1.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local."],
        [],
        ["svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1"],
    ),
    (
        "_http._tcp.svcempty.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["_http._tcp.svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local."],
    ),
    # A Service (Headless): one record per ready IPv4 endpoint
    (
        "hdls1.testns.svc.cluster.local.", "A", "NOERROR",
        [f"hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.{i}" for i in (2, 3, 4, 5)],
    ),
    # A Service (Headless and Portless)
    ("hdlsprtls.testns.svc.cluster.local.", "A", "NOERROR", ["hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20"]),
    # An Endpoint with no port
    (
        "172-0-0-20.hdlsprtls.testns.svc.cluster.local.", "A", "NOERROR",
        ["172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20"],
    ),
    # Endpoints by dashed IP and by hostname (two endpoints share "dup-name")
    ("172-0-0-2.hdls1.testns.svc.cluster.local.", "A", "NOERROR", ["172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2"]),
    ("172-0-0-3.hdls1.testns.svc.cluster.local.", "A", "NOERROR", ["172-0-0-3.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3"]),
    (
        "dup-name.hdls1.testns.svc.cluster.local.", "A", "NOERROR",
        ["dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4", "dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5"],
    ),
    # SRV Service (Headless): 6 endpoint×port records → weight floor(100/6) = 16, dup-name once
    (
        "_http._tcp.hdls1.testns.svc.cluster.local.", "SRV", "NOERROR",
        [
            f"_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 {t}.hdls1.testns.svc.cluster.local."
            for t in ("172-0-0-2", "172-0-0-3", "dup-name", "5678-abcd--1", "5678-abcd--2")
        ],
        [],
        [
            "172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2",
            "172-0-0-3.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3",
            "dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4",
            "dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5",
            "5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1",
            "5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2",
        ],
    ),
    # AAAA
    ("5678-abcd--2.hdls1.testns.svc.cluster.local", "AAAA", "NOERROR", ["5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2"]),
    # CNAME External
    ("external.testns.svc.cluster.local.", "CNAME", "NOERROR", ["external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test."]),
    # CNAME External To Internal Service: the chain is followed inside the zone
    (
        "external-to-service.testns.svc.cluster.local", "A", "NOERROR",
        [
            "external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.",
            "svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1",
        ],
    ),
    # AAAA Service (with an existing A record, but no AAAA record): NODATA
    ("svc1.testns.svc.cluster.local.", "AAAA", "NOERROR", [], SOA),
    # AAAA/A Service (non-existing service)
    ("svc0.testns.svc.cluster.local.", "AAAA", "NXDOMAIN", [], SOA),
    ("svc0.testns.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),
    # A Service (non-existing namespace)
    ("svc0.svc-nons.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),
    # TXT Schema (spec §2.2)
    ("dns-version.cluster.local.", "TXT", "NOERROR", ['dns-version.cluster.local. 28800 IN TXT "1.1.0"']),
    # A Service (Headless) does not exist / A Service does not exist
    ("bogusendpoint.hdls1.testns.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("bogusendpoint.svc0.testns.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),
    # AAAA Service, SRV over IPv6
    ("svc6.testns.svc.cluster.local.", "AAAA", "NOERROR", ["svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1"]),
    (
        "_http._tcp.svc6.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["_http._tcp.svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local."],
        [],
        ["svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1"],
    ),
    # AAAA Service (Headless) and AAAA Endpoint
    (
        "hdls1.testns.svc.cluster.local.", "AAAA", "NOERROR",
        ["hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1", "hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2"],
    ),
    ("5678-abcd--1.hdls1.testns.svc.cluster.local.", "AAAA", "NOERROR", ["5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1"]),
    # apexes: NODATA
    ("svc.cluster.local.", "A", "NOERROR", [], SOA),
    ("pod.cluster.local.", "A", "NOERROR", [], SOA),
    ("testns.svc.cluster.local.", "A", "NOERROR", [], SOA),
    # NS query for qname != zone: existing → NODATA, non existing → NXDOMAIN
    ("svc.cluster.local.", "NS", "NOERROR", [], SOA),
    ("testns.svc.cluster.local.", "NS", "NOERROR", [], SOA),
    ("foo.cluster.local.", "NS", "NXDOMAIN", [], SOA),
    ("foo.svc.cluster.local.", "NS", "NXDOMAIN", [], SOA),
    # Dual Stack ClusterIP Services: SRV weight 50 before de-duplication
    ("svc-dual-stack.testns.svc.cluster.local.", "A", "NOERROR", ["svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3"]),
    ("svc-dual-stack.testns.svc.cluster.local.", "AAAA", "NOERROR", ["svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3"]),
    (
        "svc-dual-stack.testns.svc.cluster.local.", "SRV", "NOERROR",
        ["svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local."],
        [],
        ["svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3", "svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3"],
    ),
    # SOA below the apex: NODATA
    ("svc1.testns.svc.cluster.local.", "SOA", "NOERROR", [], SOA),
    # A query for a subdomain of an external service should not resolve to the external service
    ("endpoint.external.testns.svc.cluster.local.", "CNAME", "NXDOMAIN", [], SOA),
]  # fmt: skip

# Beyond handler_test.go: shapes from parse.go and kubernetes.go, and the spec.
EXTRA_CASES = [
    # case-insensitive matching, the answer echoes the query's case (spec §2.1)
    ("SVC1.TestNS.svc.Cluster.Local.", "A", "NOERROR", ["SVC1.TestNS.svc.Cluster.Local. 5 IN A 10.0.0.1"]),
    # port/proto labels compare without case; unknown port or protocol → NXDOMAIN
    ("_HTTP._TCP.svc1.testns.svc.cluster.local.", "SRV", "NOERROR", ["_HTTP._TCP.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local."]),
    ("_https._tcp.svc1.testns.svc.cluster.local.", "SRV", "NXDOMAIN", [], SOA),
    ("_http._udp.svc1.testns.svc.cluster.local.", "SRV", "NXDOMAIN", [], SOA),
    # too many labels, or a kind other than svc/pod: invalid request → NXDOMAIN
    ("a.b.c.svc1.testns.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("svc1.testns.cluster.local.", "A", "NXDOMAIN", [], SOA),
    # a ClusterIP Service has no endpoint names below it unless the endpoint exists
    ("ep1a.svc1.testns.svc.cluster.local.", "A", "NOERROR", ["ep1a.svc1.testns.svc.cluster.local. 5 IN A 172.0.0.1"]),
    # ExternalName: no SRV (NODATA); CNAME for a ClusterIP Service is NODATA
    ("external.testns.svc.cluster.local.", "SRV", "NOERROR", [], SOA),
    ("svc1.testns.svc.cluster.local.", "CNAME", "NOERROR", [], SOA),
    # TXT: NODATA for names that exist, NXDOMAIN otherwise (even an apex)
    ("svc1.testns.svc.cluster.local.", "TXT", "NOERROR", [], SOA),
    ("svc0.testns.svc.cluster.local.", "TXT", "NXDOMAIN", [], SOA),
    ("svc.cluster.local.", "TXT", "NXDOMAIN", [], SOA),
    # other types: a fake A lookup tells NODATA from NXDOMAIN
    ("svc1.testns.svc.cluster.local.", "MX", "NOERROR", [], SOA),
    ("svc0.testns.svc.cluster.local.", "HINFO", "NXDOMAIN", [], SOA),
    # the zone apex
    ("cluster.local.", "SOA", "NOERROR", [soa()]),
    ("cluster.local.", "A", "NOERROR", [], SOA),
    ("cluster.local.", "AXFR", "REFUSED", []),
    # headless Service with no ready endpoint → NXDOMAIN (spec §2.4.1)
]  # fmt: skip


@pytest.fixture(scope="module")
def dns():
    return server(handler_objects(), corefile("        namespaces testns"))


@pytest.mark.parametrize("row", DNS_TEST_CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_serve_dns(dns, row):
    """Does each handler_test.go question get CoreDNS's rcode and answer?"""
    check(dns, row)


@pytest.mark.parametrize("row", EXTRA_CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_serve_dns_shapes(dns, row):
    check(dns, row)


def test_unexposed_namespace_is_nxdomain(dns):
    """``namespaces testns`` hides kube-system even though it exists (namespaceExposed)."""
    check(dns, ("kubedns.kube-system.svc.cluster.local.", "A", "NXDOMAIN", [], SOA))


def test_serve_namespace_dns():
    """nsTestCases: with no ``namespaces`` option every existing namespace is exposed."""
    dns = server(handler_objects(), corefile("        ttl 30"))
    check(
        dns,
        (
            "svc1.testns.svc.cluster.local.",
            "A",
            "NOERROR",
            ["svc1.testns.svc.cluster.local. 30 IN A 10.0.0.1"],
        ),
    )
    check(dns, ("svc1.nsnoexist.svc.cluster.local.", "A", "NXDOMAIN", [], [soa(30)]))
    check(
        dns,
        (
            "kubedns.kube-system.svc.cluster.local.",
            "A",
            "NOERROR",
            ["kubedns.kube-system.svc.cluster.local. 30 IN A 10.0.0.10"],
        ),
    )


def test_headless_without_ready_endpoints_is_nxdomain():
    """Spec §2.4.1: no ready endpoint → NXDOMAIN; unready endpoints are not published."""
    from tests.dns.fixtures import namespace, service, slice_

    objs = [
        namespace("ns"),
        service("h", "ns", ("None",)),
        slice_("h", "ns", [("10.1.0.1", None, False, None)]),
    ]
    dns = server(objs, corefile(""))
    check(dns, ("h.ns.svc.cluster.local.", "A", "NXDOMAIN", [], [soa()]))


def test_endpoint_pod_names():
    """``endpoint_pod_names``: endpoints without a hostname are named after their pod."""
    from tests.dns.fixtures import namespace, service, slice_

    objs = [
        namespace("ns"),
        service("h", "ns", ("None",)),
        slice_("h", "ns", [("10.1.0.1", None, True, "web-0")]),
    ]
    dns = server(objs, corefile("        endpoint_pod_names"))
    check(
        dns,
        (
            "web-0.h.ns.svc.cluster.local.",
            "A",
            "NOERROR",
            ["web-0.h.ns.svc.cluster.local. 5 IN A 10.1.0.1"],
        ),
    )
    check(dns, ("10-1-0-1.h.ns.svc.cluster.local.", "A", "NXDOMAIN", [], [soa()]))


def test_ignore_empty_service():
    """handler_ignore_emptyservice_test.go: ``ignore empty_service`` hides endpoint-less Services."""
    dns = server(handler_objects(), corefile("        ignore empty_service"))
    check(dns, ("svcempty.testns.svc.cluster.local.", "A", "NXDOMAIN", [], [soa()]))
    check(
        dns,
        (
            "svc1.testns.svc.cluster.local.",
            "A",
            "NOERROR",
            ["svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1"],
        ),
    )


def test_external_name_resolved_upstream():
    """Spec §2.5: an A question for an ExternalName returns the CNAME and the target's A."""
    from tests.dns.fixtures import namespace, service

    objs = [
        namespace("default"),
        service("foo", "default", type_="ExternalName", external_name="www.example.com"),
        service("nowhere", "default", type_="ExternalName", external_name="ext.interwebs.test"),
    ]
    dns = server(objs, corefile("        ttl 10"))
    check(
        dns,
        (
            "foo.default.svc.cluster.local.",
            "A",
            "NOERROR",
            [
                "foo.default.svc.cluster.local. 10 IN CNAME www.example.com.",
                "www.example.com. 3600 IN A 192.0.2.53",
            ],
        ),
    )
    # the target does not exist upstream: CoreDNS still answers the CNAME alone
    check(
        dns,
        (
            "nowhere.default.svc.cluster.local.",
            "A",
            "NOERROR",
            ["nowhere.default.svc.cluster.local. 10 IN CNAME ext.interwebs.test."],
        ),
    )


def test_names_outside_the_zone_go_to_forward(dns):
    check(dns, ("example.com.", "A", "NOERROR", ["example.com. 3600 IN A 192.0.2.10"]))
    assert dns.query("google.com", "A").rcode == "SERVFAIL"
    assert dns.query("nginx", "A").rcode == "NXDOMAIN"


def test_without_forward_names_outside_the_zone_fail():
    """``plugin.NextOrFailure``: no plugin after kubernetes → SERVFAIL."""
    dns = server(handler_objects(), corefile("", forward=False))
    assert dns.query("example.com", "A").rcode == "SERVFAIL"
