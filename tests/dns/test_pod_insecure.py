"""Rows mirroring coredns/coredns ``plugin/kubernetes/handler_pod_insecure_test.go``
(``podModeInsecureCases``): any IP-shaped label answers, in an existing namespace."""

from __future__ import annotations

import pytest

from tests.dns.fixtures import check, corefile, handler_objects, server, soa

SOA = [soa()]

CASES = [
    ("10-240-0-1.podns.pod.cluster.local.", "A", "NOERROR", ["10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1"]),
    ("172-0-0-2.podns.pod.cluster.local.", "A", "NOERROR", ["172-0-0-2.podns.pod.cluster.local. 5 IN A 172.0.0.2"]),
    ("blah.podns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("blah.podns.pod.cluster.local.", "AAAA", "NXDOMAIN", [], SOA),
    ("blah.podns.pod.cluster.local.", "HINFO", "NXDOMAIN", [], SOA),
    ("blah.pod-nons.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("podns.pod.cluster.local.", "A", "NOERROR", [], SOA),
    # an IPv6 label (dashes for colons) answers AAAA
    ("1234-abcd--1.podns.pod.cluster.local.", "AAAA", "NOERROR", ["1234-abcd--1.podns.pod.cluster.local. 5 IN AAAA 1234:abcd::1"]),
]  # fmt: skip


@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_serve_dns_mode_insecure(row):
    check(server(handler_objects(), corefile("        pods insecure")), row)
