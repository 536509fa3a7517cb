"""The Corefile reader, against coredns/coredns ``plugin/kubernetes/setup.go`` (``ParseStanza``)
and ``setup_test.go``/``setup_ttl_test.go``; errors carry CoreDNS's text."""

from __future__ import annotations

import pytest

from k8slab.bootstrap import COREFILE
from k8slab.dns.corefile import CorefileError, KubernetesConfig, parse_corefile


def k8s(text: str) -> KubernetesConfig:
    cfg = parse_corefile(text).blocks[0].kubernetes
    assert cfg is not None
    return cfg


def test_kubeadm_corefile():
    """kubeadm's Corefile: three zones, pods insecure, reverse fallthrough, ttl 30, forward."""
    f = parse_corefile(COREFILE)
    (block,) = f.blocks
    assert block.zones == (".",)
    assert block.forward_to == ("/etc/resolv.conf",)
    assert "loadbalance" in block.plugins
    cfg = block.kubernetes
    assert cfg.zones == ("cluster.local.", "in-addr.arpa.", "ip6.arpa.")
    assert (cfg.pod_mode, cfg.ttl, cfg.fallthrough) == (
        "insecure",
        30,
        ("in-addr.arpa.", "ip6.arpa."),
    )
    assert cfg.primary_zone == "cluster.local."
    assert cfg.falls_through("1.0.96.10.in-addr.arpa.")
    assert not cfg.falls_through("x.default.svc.cluster.local.")


def test_defaults_without_a_block():
    """``kubernetes`` alone: the server block's zones, pods disabled, ttl 5, no fallthrough."""
    cfg = k8s("cluster.local:53 {\n kubernetes\n}\n")
    assert cfg == KubernetesConfig(zones=("cluster.local.",))


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ("pods verified", "pod_mode", "verified"),
        ("endpoint_pod_names", "endpoint_pod_names", True),
        ("namespaces a b", "namespaces", frozenset({"a", "b"})),
        ("fallthrough", "fallthrough", ()),
        ("ttl 0", "ttl", 0),
        ("ttl 3600", "ttl", 3600),
        ("ignore empty_service", "ignore_empty_service", True),
        ("noendpoints", "noendpoints", True),
        ("endpoint https://k8s:8443", "zones", ("cluster.local.",)),
    ],
)
def test_options(body, field, value):
    cfg = k8s(f".:53 {{\n  kubernetes cluster.local {{\n    {body}\n  }}\n}}\n")
    assert getattr(cfg, field) == value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("foo", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: unknown property 'foo'"),
        ("ttl 3601", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: ttl must be in range [0, 3600]: 3601"),
        ("ttl -1", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: ttl must be in range [0, 3600]: -1"),
        ("ttl", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'ttl'"),
        ("pods", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'pods'"),
        ("pods bogus", "plugin/kubernetes: wrong value for pods: bogus,  must be one of: disabled, verified, insecure"),
        ("namespaces", "plugin/kubernetes: /etc/coredns/Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'namespaces'"),
        ("ignore nothing", "plugin/kubernetes: unable to parse ignore value: 'nothing'"),
    ],
)  # fmt: skip
def test_errors_name_the_directive(body, message):
    with pytest.raises(CorefileError) as err:
        parse_corefile(f".:53 {{\n  kubernetes cluster.local {{\n    {body}\n  }}\n}}\n")
    assert str(err.value) == message


def test_reverse_only_zones_are_refused():
    with pytest.raises(CorefileError, match="non-reverse zone name must be used"):
        parse_corefile(".:53 {\n kubernetes in-addr.arpa\n}\n")


def test_zone_normalisation_and_block_choice():
    f = parse_corefile(
        "consul:53 {\n forward . 10.150.0.1\n}\n.:53 {\n kubernetes Cluster.Local 10.0.0.0/8\n forward . /etc/resolv.conf\n}\n"
    )
    assert f.blocks[1].kubernetes.zones == ("cluster.local.", "10.in-addr.arpa.")
    assert f.block_for("web.service.consul.").zones == ("consul.",)
    assert f.block_for("nginx.default.svc.cluster.local.").zones == (".",)


def test_editing_the_configmap_changes_answers():
    """The Corefile is read at query time: ``pods verified`` turns an insecure answer off."""
    from k8slab import Cluster
    from k8slab.dns import CoreDNS

    lab = Cluster()
    dns = CoreDNS(lab.api)
    name = "10-1-2-3.default.pod.cluster.local"
    assert dns.query(name).answers == ["10.1.2.3"]
    cm = lab.api.get("ConfigMap", "kube-system", "coredns")
    text = cm["data"]["Corefile"].replace("pods insecure", "pods verified")
    lab.apply(
        {
            **cm,
            "metadata": {"name": "coredns", "namespace": "kube-system"},
            "data": {"Corefile": text},
        }
    )
    assert dns.query(name).rcode == "NXDOMAIN"
    # a Corefile CoreDNS refuses is ignored, as the reload plugin does
    lab.apply(
        {
            **cm,
            "metadata": {"name": "coredns", "namespace": "kube-system"},
            "data": {"Corefile": text.replace("ttl 30", "ttl 9999")},
        }
    )
    assert dns.query(name).rcode == "NXDOMAIN"
    assert "ttl must be in range [0, 3600]: 9999" in dns.corefile_error
