"""Static tables for the DNS tests, mirroring coredns/coredns ``plugin/kubernetes/handler_test.go``
(``APIConnServeTest``: ``svcIndex`` and ``epsIndex``, commit 01c32383) — the same Services,
endpoints and IPs, written as the stored objects k8slab's reader returns.

Rows are ``(qname, qtype, rcode, answer, authority)`` with zone-file lines, as CoreDNS's
``test.Case``; ``check`` compares them after sorting, as ``test.SortAndCheck`` does.
"""

from __future__ import annotations

from k8slab.api.reader import StaticReader
from k8slab.dns import CoreDNS, query


def namespace(name: str) -> dict:
    return {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": name}}


def service(
    name,
    ns,
    cluster_ips=("10.0.0.1",),
    ports=(("http", "TCP", 80),),
    *,
    type_="ClusterIP",
    external_name=None,
) -> dict:
    spec: dict = {
        "type": type_,
        "ports": [{"name": n, "protocol": p, "port": port} for n, p, port in ports],
    }
    if type_ == "ExternalName":
        spec["externalName"] = external_name
    else:
        spec["clusterIP"] = cluster_ips[0]
        spec["clusterIPs"] = list(cluster_ips)
    return {
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": ns},
        "spec": spec,
    }


def slice_(
    svc, ns, endpoints, ports=(("http", "TCP", 80),), *, suffix="abcde", family="IPv4"
) -> dict:
    """``endpoints``: (ip, hostname or None, ready or None, pod name or None)."""
    eps = []
    for ip, hostname, ready, pod in endpoints:
        e: dict = {"addresses": [ip], "conditions": {} if ready is None else {"ready": ready}}
        if hostname:
            e["hostname"] = hostname
        if pod:
            e["targetRef"] = {"kind": "Pod", "name": pod, "namespace": ns}
        eps.append(e)
    return {
        "kind": "EndpointSlice",
        "apiVersion": "discovery.k8s.io/v1",
        "addressType": family,
        "metadata": {
            "name": f"{svc}-{suffix}",
            "namespace": ns,
            "labels": {"kubernetes.io/service-name": svc},
        },
        "endpoints": eps,
        "ports": [{"name": n, "protocol": p, "port": port} for n, p, port in ports],
    }


def pod(name, ns, ip) -> dict:
    return {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": ns},
        "spec": {},
        "status": {"podIP": ip, "podIPs": [{"ip": ip}]},
    }


def corefile(kubernetes_body: str, zones: str = "cluster.local", *, forward: bool = True) -> str:
    fwd = "    forward . /etc/resolv.conf\n" if forward else ""
    return f".:53 {{\n    kubernetes {zones} {{\n{kubernetes_body}\n    }}\n{fwd}}}\n"


def handler_objects() -> list[dict]:
    """handler_test.go's svcIndex/epsIndex, plus the namespaces and pods the pod-mode tests use."""
    return [
        namespace("testns"),
        namespace("podns"),
        namespace("kube-system"),
        service("kubedns", "kube-system", ("10.0.0.10",), (("dns", "UDP", 53),)),
        service("svc1", "testns"),
        service("svcempty", "testns"),
        service("svc6", "testns", ("1234:abcd::1",)),
        service("hdls1", "testns", ("None",)),
        service("external", "testns", type_="ExternalName", external_name="ext.interwebs.test"),
        service(
            "external-to-service",
            "testns",
            type_="ExternalName",
            external_name="svc1.testns.svc.cluster.local.",
        ),
        service("hdlsprtls", "testns", ("None",), ()),
        service("svc-dual-stack", "testns", ("10.0.0.3", "10::3")),
        slice_(
            "kubedns", "kube-system", [("172.0.0.100", None, True, None)], (("dns", "UDP", 53),)
        ),
        slice_("svc1", "testns", [("172.0.0.1", "ep1a", True, None)]),
        slice_("svcempty", "testns", []),
        slice_(
            "hdls1",
            "testns",
            [
                ("172.0.0.2", None, True, None),
                ("172.0.0.3", None, True, None),
                ("172.0.0.4", "dup-name", True, None),
                ("172.0.0.5", "dup-name", True, None),
            ],
        ),
        slice_(
            "hdls1",
            "testns",
            [("5678:abcd::1", None, True, None), ("5678:abcd::2", None, None, None)],
            suffix="v6",
            family="IPv6",
        ),
        slice_("hdlsprtls", "testns", [("172.0.0.20", None, True, None)], ()),
        pod("foo", "podns", "10.240.0.1"),
    ]


def server(objects: list[dict], corefile_text: str) -> CoreDNS:
    return CoreDNS(StaticReader(objects), corefile=corefile_text)


def soa(ttl: int = 5, zone: str = "cluster.local.", serial: int = 0) -> str:
    return f"{zone} {ttl} IN SOA ns.dns.{zone} hostmaster.{zone} {serial} 7200 1800 86400 {ttl}"


def check(dns: CoreDNS, row: tuple) -> None:
    qname, qtype, rcode, answer, *rest = row
    got = query(dns, qname, qtype)
    assert got.rcode == rcode, (qname, qtype, got)
    assert sorted(got.records) == sorted(answer), (qname, qtype, got.records)
    if rest:
        assert sorted(got.authority) == sorted(rest[0]), (qname, qtype, got.authority)
    if len(rest) > 1:
        assert sorted(got.additional) == sorted(rest[1]), (qname, qtype, got.additional)
