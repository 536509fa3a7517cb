"""Rows mirroring coredns/coredns ``plugin/kubernetes/handler_pod_verified_test.go``
(``podModeVerifiedCases``): only the IP of a pod in that namespace answers."""

from __future__ import annotations

import pytest

from tests.dns.fixtures import check, corefile, handler_objects, server, soa

SOA = [soa()]

CASES = [
    ("10-240-0-1.podns.pod.cluster.local.", "A", "NOERROR", ["10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1"]),
    ("podns.pod.cluster.local.", "A", "NOERROR", [], SOA),
    ("svcns.svc.cluster.local.", "A", "NXDOMAIN", [], SOA),  # k8slab's fake has no "svcns"
    ("pod-nons.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("172-0-0-2.podns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    # the pod exists, but in another namespace
    ("10-240-0-1.testns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
]  # fmt: skip


@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_serve_dns_mode_verified(row):
    check(server(handler_objects(), corefile("        pods verified")), row)
