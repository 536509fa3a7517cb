"""iptables-save text, the restore payload, the dump parser and upstream's canonical sort."""

from __future__ import annotations

from textwrap import dedent

import pytest

from k8slab.kube_proxy import (
    iptables_save,
    parse_iptables_dump,
    parse_rule,
    restore_payload,
    sort_iptables_rules,
)
from k8slab.kube_proxy.chains import (
    service_port_endpoint_chain_name,
    service_port_policy_cluster_chain,
)
from k8slab.kube_proxy.rules import kernel_probability, make_rule

from .upstream import fake_proxier_sync, overall_objects


def test_chain_names_from_upstream_tests():
    """Do the hash recipes give the names that appear literally in proxier_test.go?"""
    assert service_port_policy_cluster_chain("ns1/svc1:p80", "tcp") == "KUBE-SVC-XPGD46QRK7WJZT7O"
    assert (
        service_port_endpoint_chain_name("ns1/svc1:p80", "tcp", "10.180.0.1:80")
        == "KUBE-SEP-SXIVWICOYRO3J4NJ"
    )
    assert service_port_policy_cluster_chain("ns4/svc4:p80", "tcp") == "KUBE-SVC-4SW47YFZTEDKD3PK"


@pytest.mark.parametrize(
    ("payload", "saved"),
    [
        (
            '-A KUBE-SVC-X -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-Y',
            '-A KUBE-SVC-X -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-Y',
        ),
        (
            "-A KUBE-SEP-Y -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ",
            '-A KUBE-SEP-Y -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
        ),
        ("-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000", "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000"),
        ("-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000", "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0"),
        (
            '-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT',
            '-A KUBE-SERVICES -d 172.30.0.46/32 -p tcp -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        ),
        (
            '-A KUBE-SVC-X -m comment --comment "a -> b" -m recent --name KUBE-SEP-Y --rcheck --seconds 10800 --reap -j KUBE-SEP-Y',
            '-A KUBE-SVC-X -m comment --comment "a -> b" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-Y --mask 255.255.255.255 --rsource -j KUBE-SEP-Y',
        ),
    ],
)  # fmt: skip
def test_save_rendering_of_kube_proxy_lines(payload, saved):
    """Does each payload line read back as iptables-save prints it (checked on a real kernel)?"""
    rule = parse_rule("nat", payload)
    assert rule.payload == payload
    assert rule.raw == saved
    assert parse_rule("nat", saved).raw == saved


def test_kernel_probability_rounding():
    """Is 1/3 stored as round(p * 2^31) / 2^31?"""
    assert f"{kernel_probability('0.3333333333'):.11f}" == "0.33333333349"
    assert f"{kernel_probability('0.2500000000'):.11f}" == "0.25000000000"


def test_iptables_save_round_trips_through_the_parser():
    """Does parsing iptables-save output give back rules with the same raw lines?"""
    rs = fake_proxier_sync(overall_objects())
    for table in ("filter", "nat", "mangle"):
        text = iptables_save(rs, table)
        dump = parse_iptables_dump(text)
        again = dump.to_ruleset(rs.node_name, rs.node_ips)
        assert iptables_save(again, table) == text


def test_iptables_save_orders_builtin_chains_first():
    rs = fake_proxier_sync([])
    lines = iptables_save(rs, "nat").splitlines()
    assert lines[:5] == [
        "*nat",
        ":PREROUTING ACCEPT [0:0]",
        ":INPUT ACCEPT [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        ":POSTROUTING ACCEPT [0:0]",
    ]
    assert lines[-1] == "COMMIT"
    with pytest.raises(ValueError):
        iptables_save(rs, "raw")


def test_restore_payload_tables_and_order():
    """Is the payload *filter then *nat, chain lines first, fixed nat rules before services?"""
    text = restore_payload(fake_proxier_sync(overall_objects()))
    assert text.startswith(
        "*filter\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FORWARD - [0:0]\n"
    )
    nat = text.split("*nat\n")[1].splitlines()
    assert nat[:4] == [
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-NODEPORTS - [0:0]",
        ":KUBE-POSTROUTING - [0:0]",
        ":KUBE-MARK-MASQ - [0:0]",
    ]
    rules = [ln for ln in nat if ln.startswith("-A")]
    assert rules[0].startswith("-A KUBE-POSTROUTING") and "must be the last rule" in rules[-1]


def test_sort_iptables_rules_basic():
    """Mirrors TestSortIPTablesRules "correctly match same service name in different styles"."""
    given = dedent(
        """\
        *filter
        COMMIT
        *nat
        :KUBE-SERVICES - [0:0]
        -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment ns2/svc2 -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment "ns2/svc2 blah" -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment ns1/svc1 -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment "ns1/svc1 blah" -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS
        -A KUBE-SERVICES -m comment --comment ns0/svc0 -j KUBE-SVC-0
        COMMIT
        """
    )
    assert sort_iptables_rules(given) == dedent(
        """\
        *filter
        COMMIT
        *nat
        :KUBE-SERVICES - [0:0]
        -A KUBE-SERVICES -m comment --comment ns0/svc0 -j KUBE-SVC-0
        -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment ns1/svc1 -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment "ns1/svc1 blah" -j KUBE-SVC-1
        -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment ns2/svc2 -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment "ns2/svc2 blah" -j KUBE-SVC-2
        -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS
        COMMIT
        """
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (":KUBE-SERVICES - [0:0]\nCOMMIT\n", "could not parse iptables data (table 1 starts with"),
        ("*nat\n:KUBE-SERVICES - [0:0]\n", "no COMMIT line"),
        ("*nat\n:A - [0:0]\n-A B -j ACCEPT\nCOMMIT\n", "no such chain"),
    ],
)
def test_parse_errors(text, error):
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        parse_iptables_dump(text)


def test_unknown_option_is_an_error_only_when_strict():
    with pytest.raises(ValueError):
        parse_rule("nat", "-A X -m comment --comment a b c -j ACCEPT")
    assert (
        parse_rule("nat", "-A X -m comment --comment a b c -j ACCEPT", strict=False).jump
        == "ACCEPT"
    )
    assert make_rule("nat", "X", "-j", "ACCEPT").raw == "-A X -j ACCEPT"
