"""The pod side: glibc's search walk (``resolv/res_query.c``, ``__res_context_search``) over the
resolv.conf kubelet writes, on a real ``k8slab.Cluster`` with the course's nginx Deployment and
Service; plus the nslookup/dig printers."""

from __future__ import annotations

import pytest

from k8slab import Cluster
from k8slab.dns import ResolvConf, dig_short, lookup, nslookup_output, pod_resolv_conf, query
from k8slab.dns.answer import INVALID, TIMEOUT

NGINX = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
"""


@pytest.fixture(scope="module")
def lab():
    lab = Cluster()
    lab.apply(NGINX)
    return lab


def resolv_for(namespace: str = "default", **spec) -> ResolvConf:
    pod = {"metadata": {"name": "client", "namespace": namespace}, "spec": spec}
    return pod_resolv_conf(pod, dns_ip="10.96.0.10", domain="cluster.local")


def nginx_ip(lab) -> str:
    return lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]


def test_fqdn_gives_the_cluster_ip(lab):
    ans = query(lab.api, "nginx.default.svc.cluster.local", "A")
    assert (ans.rcode, ans.answers) == ("NOERROR", [nginx_ip(lab)])
    assert ans.records == [f"nginx.default.svc.cluster.local. 30 IN A {nginx_ip(lab)}"]


def test_short_name_tries_own_namespace_first(lab):
    """``nginx`` has 0 dots < ndots:5: the first search domain answers."""
    ans = lookup(lab.api, "nginx", resolv=resolv_for())
    assert ans.answers == [nginx_ip(lab)]
    assert ans.tried == ["nginx.default.svc.cluster.local"]
    assert ans.qname == "nginx.default.svc.cluster.local"


def test_service_dot_namespace_walks_the_search_list(lab):
    """``kube-dns.kube-system``: NXDOMAIN under ``default.svc``, then ``svc.cluster.local`` answers."""
    ans = lookup(lab.api, "kube-dns.kube-system", resolv=resolv_for())
    assert ans.answers == ["10.96.0.10"]
    assert ans.tried == [
        "kube-dns.kube-system.default.svc.cluster.local",
        "kube-dns.kube-system.svc.cluster.local",
    ]


def test_unknown_name_tries_every_domain_then_itself(lab):
    ans = lookup(lab.api, "foo", resolv=resolv_for())
    assert ans.rcode == "NXDOMAIN"
    assert ans.tried == [
        "foo.default.svc.cluster.local",
        "foo.svc.cluster.local",
        "foo.cluster.local",
        "foo",
    ]


def test_short_names_are_namespace_scoped(lab):
    """DOCS: ``nginx`` from a pod in another namespace is not default's nginx."""
    ans = lookup(lab.api, "nginx", resolv=resolv_for("kube-system"))
    assert ans.rcode == "NXDOMAIN"
    assert lookup(lab.api, "nginx.default", resolv=resolv_for("kube-system")).answers == [
        nginx_ip(lab)
    ]


def test_fqdn_without_dot_is_searched_first(lab):
    """4 dots < ndots:5: even the full name goes through the search list first."""
    ans = lookup(lab.api, "nginx.default.svc.cluster.local", resolv=resolv_for())
    assert ans.tried == [
        "nginx.default.svc.cluster.local.default.svc.cluster.local",
        "nginx.default.svc.cluster.local.svc.cluster.local",
        "nginx.default.svc.cluster.local.cluster.local",
        "nginx.default.svc.cluster.local",
    ]
    assert ans.answers == [nginx_ip(lab)]


def test_enough_dots_asks_as_is_first(lab):
    """6 dots ≥ ndots:5: asked as typed first, and that answer ends the walk."""
    name = "_dns._udp.kube-dns.kube-system.svc.cluster.local"
    ans = lookup(lab.api, name, "SRV", resolv=resolv_for())
    assert ans.tried == [name]
    # as-is fails: the search list follows, and the failure reported is the as-is one
    miss = lookup(lab.api, "a.b.c.d.e.f", resolv=resolv_for())
    assert miss.tried[0] == "a.b.c.d.e.f" and len(miss.tried) == 4
    assert miss.rcode == "NXDOMAIN"


def test_trailing_dot_disables_search(lab):
    ans = lookup(lab.api, "nginx.default.svc.cluster.local.", resolv=resolv_for())
    assert ans.tried == ["nginx.default.svc.cluster.local"]
    assert lookup(lab.api, "nginx.", resolv=resolv_for()).tried == ["nginx"]


def test_dig_does_not_search(lab):
    ans = lookup(lab.api, "nginx", resolv=resolv_for(), search=False)
    assert (ans.rcode, ans.tried) == ("NXDOMAIN", ["nginx"])


def test_ndots_from_dns_config(lab):
    """``dnsConfig.options ndots:1``: ``kube-dns.kube-system`` is asked as-is first (NXDOMAIN)."""
    r = resolv_for(dnsConfig={"options": [{"name": "ndots", "value": "1"}]})
    ans = lookup(lab.api, "kube-dns.kube-system", resolv=r)
    assert ans.tried[0] == "kube-dns.kube-system"
    assert ans.answers == ["10.96.0.10"]


def test_nodata_keeps_walking_and_is_reported(lab):
    """glibc: NODATA moves on to the next domain; the walk ends as NO_DATA (musl would stop)."""
    ans = lookup(lab.api, "nginx", "AAAA", resolv=resolv_for())
    assert ans.rcode == "NOERROR" and ans.answers == []
    assert len(ans.tried) == 4


def test_external_name_walk(lab):
    ans = lookup(lab.api, "example.com", resolv=resolv_for())
    assert ans.tried[-1] == "example.com" and ans.answers == ["192.0.2.10"]
    off = lookup(lab.api, "kubernetes.io", resolv=resolv_for())
    assert off.rcode == "SERVFAIL" and off.tried[-1] == "kubernetes.io"


def test_dns_policy_default_has_no_cluster_names(lab):
    r = resolv_for(dnsPolicy="Default")
    assert lookup(lab.api, "nginx.default.svc.cluster.local", resolv=r).rcode == "NXDOMAIN"


def test_no_coredns_endpoints_times_out(lab):
    lab2 = Cluster()
    lab2.kubectl("scale deployment coredns -n kube-system --replicas=0")
    ans = lookup(lab2.api, "kubernetes", resolv=resolv_for())
    assert ans.rcode == TIMEOUT
    assert ans.error == ";; connection timed out; no servers could be reached"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("a" * 64, "label too long"),
        (("abcdefghi." * 26) + "x", "ran out of space"),
        ("a..b", "empty label"),
        ("a b", "bad character"),
    ],
)
def test_invalid_names_are_never_sent(lab, name, error):
    ans = lookup(lab.api, name, resolv=resolv_for())
    assert (ans.rcode, ans.error, ans.tried) == (INVALID, error, [])


def test_srv_and_ptr_from_a_pod(lab):
    srv = lookup(lab.api, "_dns._udp.kube-dns.kube-system", "SRV", resolv=resolv_for())
    assert srv.answers == ["kube-dns.kube-system.svc.cluster.local:53"]
    ptr = query(lab.api, "10.0.96.10.in-addr.arpa", "PTR")
    assert ptr.answers == ["kube-dns.kube-system.svc.cluster.local"]


def test_pod_records_in_kubeadm_mode(lab):
    pod = lab.api.list("Pod", "default")[0]
    ip = pod["status"]["podIP"]
    ans = query(lab.api, f"{ip.replace('.', '-')}.default.pod.cluster.local")
    assert ans.answers == [ip]
    # a pod's own name is not a DNS name
    assert lookup(lab.api, pod["metadata"]["name"], resolv=resolv_for()).rcode == "NXDOMAIN"


# ------------------------------------------------------------------ printers


def test_nslookup_bind(lab):
    ans = lookup(lab.api, "nginx", resolv=resolv_for())
    assert nslookup_output(ans) == (
        f"Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tnginx.default.svc.cluster.local\nAddress: {nginx_ip(lab)}\n\n"
    )
    miss = lookup(lab.api, "foo", resolv=resolv_for())
    assert (
        nslookup_output(miss)
        == "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find foo: NXDOMAIN\n\n"
    )
    ext = lookup(lab.api, "example.com", resolv=resolv_for())
    assert (
        "Non-authoritative answer:\nName:\texample.com\nAddress: 192.0.2.10\n"
        in nslookup_output(ext)
    )
    bad = lookup(lab.api, "a" * 64, resolv=resolv_for())
    assert nslookup_output(bad) == f"nslookup: '{'a' * 64}' is not a legal name (label too long)\n"


def test_nslookup_busybox(lab):
    def ptr(ip):
        found = query(lab.api, ".".join(reversed(ip.split("."))) + ".in-addr.arpa", "PTR").answers
        return found[0] if found else None

    ans = lookup(lab.api, "kubernetes.default", resolv=resolv_for())
    assert nslookup_output(ans, style="busybox", reverse=ptr) == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"
    )
    miss = lookup(lab.api, "foo", resolv=resolv_for())
    assert nslookup_output(miss, style="busybox").endswith("\nnslookup: can't resolve 'foo'\n")


def test_dig_short(lab):
    assert dig_short(query(lab.api, "_dns._udp.kube-dns.kube-system.svc.cluster.local", "SRV")) == (
        "0 100 53 kube-dns.kube-system.svc.cluster.local.\n"
    )


def test_loadbalance_shuffles_with_the_seeded_rng():
    import random

    from tests.dns.fixtures import corefile, handler_objects, server

    text = corefile("").replace("    forward", "    loadbalance\n    forward")
    dns = server(handler_objects(), text)
    plain = dns.query("hdls1.testns.svc.cluster.local").answers
    a = dns.query("hdls1.testns.svc.cluster.local", rng=random.Random(1)).answers
    b = dns.query("hdls1.testns.svc.cluster.local", rng=random.Random(1)).answers
    assert a == b and sorted(a) == sorted(plain)
