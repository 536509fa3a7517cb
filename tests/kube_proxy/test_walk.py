"""The kernel-path walk: affinity, marks, rule counting and the big-chain index."""

from __future__ import annotations

import random

from k8slab.kube_proxy import trace_packet
from k8slab.kube_proxy import walk as walk_module

from .upstream import (
    TEST_EXTERNAL_CLIENT,
    endpoint,
    fake_proxier_sync,
    make_endpoint_slice,
    make_service,
    port,
    slice_port,
)

ENDPOINTS = [f"10.180.0.{i}" for i in range(1, 4)]


def _affinity_service(timeout: int = 60):
    return fake_proxier_sync(
        [
            make_service(
                "ns1", "svc1", clusterIP="172.30.0.41", ports=[port("p80", 80)],
                sessionAffinity="ClientIP", sessionAffinityConfig={"clientIP": {"timeoutSeconds": timeout}},
            ),
            make_endpoint_slice("ns1", "svc1", 1, [endpoint(ip) for ip in ENDPOINTS], [slice_port("p80", 80)]),
        ]
    )  # fmt: skip


def test_client_ip_affinity_sticks_until_timeout():
    """Does -m recent keep one client on one endpoint, and let go after --seconds?"""
    rs = _affinity_service(timeout=60)
    state: dict = {}
    rng = random.Random(5)
    first = trace_packet(
        rs,
        src_ip="10.0.0.2",
        dst_ip="172.30.0.41",
        dst_port=80,
        rng=rng,
        affinity_state=state,
        now=0,
    )
    for t in range(1, 50):
        again = trace_packet(
            rs,
            src_ip="10.0.0.2",
            dst_ip="172.30.0.41",
            dst_port=80,
            rng=rng,
            affinity_state=state,
            now=t,
        )
        assert again.dnat == first.dnat
        assert any("--rcheck --seconds 60 --reap" in m.raw for m in again.matches)
    later = {
        trace_packet(
            rs,
            src_ip="10.0.0.2",
            dst_ip="172.30.0.41",
            dst_port=80,
            rng=rng,
            affinity_state=state,
            now=1000 * k,
        ).dnat
        for k in range(1, 30)
    }
    assert len(later) > 1  # each request after a timeout draws again


def test_affinity_is_per_client():
    """Do two clients keep their own affinity entries?"""
    rs = _affinity_service()
    state: dict = {}
    trace_packet(
        rs,
        src_ip="10.0.0.2",
        dst_ip="172.30.0.41",
        dst_port=80,
        rng=random.Random(1),
        affinity_state=state,
    )
    seen = {ip for names in state.values() for ip in names}
    assert seen == {"10.0.0.2"}


def test_statistic_spreads_evenly():
    """Does the 1/3, 1/2, rest ladder give each of three endpoints about a third?"""
    rs = fake_proxier_sync(
        [
            make_service("ns1", "svc1", clusterIP="172.30.0.41", ports=[port("p80", 80)]),
            make_endpoint_slice(
                "ns1", "svc1", 1, [endpoint(ip) for ip in ENDPOINTS], [slice_port("p80", 80)]
            ),
        ]
    )
    rng = random.Random(11)
    counts: dict[str, int] = {}
    for _ in range(3000):
        d = trace_packet(rs, src_ip="10.0.0.2", dst_ip="172.30.0.41", dst_port=80, rng=rng).dnat
        counts[d] = counts.get(d, 0) + 1
    assert set(counts) == {f"{ip}:80" for ip in ENDPOINTS}
    assert all(850 < n < 1150 for n in counts.values())


def test_rules_evaluated_counts_every_rule_walked():
    """Is a miss in KUBE-SERVICES counted as the whole chain, as the kernel walks it?"""
    services = [
        make_service(f"ns{i:03d}", "svc", clusterIP=f"172.30.1.{i}", ports=[port("p80", 80)])
        for i in range(1, 41)
    ]
    slices = [
        make_endpoint_slice(
            f"ns{i:03d}", "svc", 1, [endpoint(f"10.180.1.{i}")], [slice_port("p80", 80)]
        )
        for i in range(1, 41)
    ]
    rs = fake_proxier_sync(services + slices)
    kube_services = rs.chain("nat", "KUBE-SERVICES").rules
    assert len(kube_services) == 41
    hit = trace_packet(rs, src_ip="10.0.0.2", dst_ip="172.30.1.40", dst_port=80)
    miss = trace_packet(rs, src_ip="10.0.0.2", dst_ip="172.30.9.9", dst_port=80)
    # PREROUTING(1) + KUBE-SERVICES(40) + SVC(2) + SEP(2) vs PREROUTING(1) + KUBE-SERVICES(41).
    nat_hit, nat_miss = 1 + 40 + 2 + 2, 1 + 41
    assert hit.rules_evaluated - miss.rules_evaluated == nat_hit - nat_miss


def test_index_gives_the_same_answers_as_a_linear_scan(monkeypatch):
    """Does the big-chain index change nothing but speed?"""
    services = [
        make_service(
            f"ns{i:03d}",
            "svc",
            clusterIP=f"172.30.1.{i}",
            type="NodePort",
            ports=[port("p80", 80, node_port=30000 + i)],
        )
        for i in range(1, 41)
    ]
    slices = [
        make_endpoint_slice(
            f"ns{i:03d}",
            "svc",
            1,
            [endpoint(f"10.180.1.{i}"), endpoint(f"10.180.2.{i}")],
            [slice_port("p80", 80)],
        )
        for i in range(1, 41)
    ]
    packets = [("10.0.0.2", f"172.30.1.{i}", 80) for i in (1, 17, 40, 41)]
    packets += [(TEST_EXTERNAL_CLIENT, "192.168.0.2", 30000 + i) for i in (1, 20, 40, 41)]
    packets += [("127.0.0.1", "127.0.0.1", 30007)]

    def run():
        out = []
        for src, dst, dport in packets:
            r = trace_packet(
                fake_proxier_sync(services + slices),
                src_ip=src,
                dst_ip=dst,
                dst_port=dport,
                rng=random.Random(2),
            )
            out.append((r.matches, r.verdict, r.dnat, r.masqueraded, r.rules_evaluated))
        return out

    indexed = run()
    monkeypatch.setattr(walk_module, "_INDEX_MIN_RULES", 10**9)
    assert run() == indexed
