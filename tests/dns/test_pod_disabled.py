"""Rows mirroring coredns/coredns ``plugin/kubernetes/handler_pod_disabled_test.go``
(``podModeDisabledCases``): with ``pods disabled`` — or no ``pods`` line at all, the plugin
default — pod names are always NXDOMAIN."""

from __future__ import annotations

import pytest

from tests.dns.fixtures import check, corefile, handler_objects, server, soa

SOA = [soa()]

CASES = [
    ("10-240-0-1.podns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("172-0-0-2.podns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("podns.pod.cluster.local.", "A", "NXDOMAIN", [], SOA),
    ("pod.cluster.local.", "A", "NOERROR", [], SOA),
]  # fmt: skip


@pytest.mark.parametrize("body", ["        pods disabled", ""])
@pytest.mark.parametrize("row", CASES, ids=lambda r: f"{r[0]} {r[1]}")
def test_serve_dns_mode_disabled(row, body):
    check(server(handler_objects(), corefile(body)), row)
