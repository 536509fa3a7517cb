"""kube-proxy at scale: 10,000 Services x 5 endpoints on 50 nodes.

Prints, as ratios:

1. render time / kernel load time: k8slab builds one node's ruleset (``sync_proxy_rules``) and
   renders its full ``iptables-save`` (filter, nat, mangle), versus the real kernel loading that
   same text with ``iptables-restore`` inside a throw-away network namespace (target <= 0.5);
2. per-packet walk time with 10,000 Services / with 10 Services (target <= 3x): the walk
   indexes big chains, so it does not scan 10,000 KUBE-SERVICES rules per packet; it still
   reports how many rules the kernel would have walked.

The kernel part needs root, ``ip``, ``iptables-restore`` (and ``nfacct`` for the nfacct
counters the rules reference); otherwise it is skipped with a message. Run:
``python benchmarks/bench_kube_proxy.py [--services N] [--endpoints N] [--nodes N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time

from k8slab.api.reader import StaticReader
from k8slab.kube_proxy import iptables_save, sync_proxy_rules, trace_packet

CLUSTER_CIDR = "10.244.0.0/16"


def node_ip(i: int) -> str:
    return f"172.18.{i // 250}.{i % 250 + 2}"


def build_objects(n_services: int, n_endpoints: int, n_nodes: int) -> list[dict]:
    """Services (every 10th a NodePort) and one EndpointSlice each, pods spread over nodes."""
    objs: list[dict] = []
    pod = 0
    for s in range(n_services):
        ns, name = f"ns{s // 100:03d}", f"svc{s:05d}"
        ports = [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}]
        spec: dict = {
            "type": "ClusterIP",
            "clusterIP": f"10.96.{s // 250}.{s % 250 + 2}",
            "ports": ports,
        }
        if s % 10 == 0:
            spec["type"] = "NodePort"
            ports[0]["nodePort"] = 30000 + s // 10
        objs.append({"kind": "Service", "metadata": {"namespace": ns, "name": name}, "spec": spec})
        endpoints = []
        for _ in range(n_endpoints):
            node = pod % n_nodes
            endpoints.append(
                {
                    "addresses": [f"10.244.{node}.{pod // n_nodes % 250 + 2}"],
                    "conditions": {"ready": True, "serving": True, "terminating": False},
                    "nodeName": f"node-{node + 1}",
                }
            )
            pod += 1
        objs.append(
            {
                "kind": "EndpointSlice",
                "metadata": {
                    "namespace": ns,
                    "name": f"{name}-abcde",
                    "labels": {"kubernetes.io/service-name": name},
                },
                "addressType": "IPv4",
                "endpoints": endpoints,
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
            }
        )
    return objs


def render(objs: list[dict]):
    t0 = time.perf_counter()
    rs = sync_proxy_rules(
        StaticReader(objs), "node-1", node_ips=[node_ip(0)], cluster_cidr=CLUSTER_CIDR
    )
    text = "".join(iptables_save(rs, t) for t in ("filter", "nat", "mangle"))
    return rs, text, time.perf_counter() - t0


def kernel_load(text: str) -> tuple[float | None, str]:
    """Seconds for ``iptables-restore`` to load ``text`` in a fresh netns, or None + why not."""
    if os.geteuid() != 0:
        return None, "skipped: not root (network namespaces and iptables-restore need root)"
    for tool in ("ip", "iptables", "iptables-restore"):
        if shutil.which(tool) is None:
            return None, f"skipped: {tool} not found (apt-get install -y iptables iproute2)"
    version = subprocess.run(
        ["iptables", "--version"], capture_output=True, text=True
    ).stdout.strip()
    ns = f"k8slab-bench-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        ex = ["ip", "netns", "exec", ns]
        if shutil.which("nfacct"):
            for counter in ("ct_state_invalid_dropped_pkts", "localhost_nps_accepted_pkts"):
                subprocess.run([*ex, "nfacct", "add", counter], check=True)
        else:
            text = text.replace(" -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts", "")
            text = (
                "\n".join(ln for ln in text.splitlines() if "localhost_nps_accepted_pkts" not in ln)
                + "\n"
            )
        with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as f:
            f.write(text)
            path = f.name
        try:
            with open(path) as stdin:
                t0 = time.perf_counter()
                subprocess.run([*ex, "iptables-restore"], stdin=stdin, check=True)
                elapsed = time.perf_counter() - t0
        finally:
            os.unlink(path)
        return elapsed, version
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


def walk_time(rs, n_services: int, packets: int = 2000) -> tuple[float, float]:
    """Mean seconds per packet (pod -> random ClusterIP), and mean rules the kernel walked."""
    rng = random.Random(1)
    targets = [
        f"10.96.{s // 250}.{s % 250 + 2}"
        for s in (rng.randrange(n_services) for _ in range(packets))
    ]
    trace_packet(
        rs, src_ip="10.244.0.99", dst_ip=targets[0], dst_port=80, rng=rng
    )  # builds the index
    walked = 0
    t0 = time.perf_counter()
    for dst in targets:
        walked += trace_packet(
            rs, src_ip="10.244.0.99", dst_ip=dst, dst_port=80, rng=rng
        ).rules_evaluated
    return (time.perf_counter() - t0) / packets, walked / packets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=10_000)
    ap.add_argument("--endpoints", type=int, default=5)
    ap.add_argument("--nodes", type=int, default=50)
    args = ap.parse_args()

    objs = build_objects(args.services, args.endpoints, args.nodes)
    # Best of 3 on both sides: the first run pays for warm-up, and machines are noisy.
    t_render = float("inf")
    for _ in range(3):
        rs = text = None  # let the previous run's rules go before timing the next one
        rs, text, t = render(objs)
        t_render = min(t_render, t)
    n_rules = sum(1 for line in text.splitlines() if line.startswith("-A "))
    print(f"{args.services} Services x {args.endpoints} endpoints on {args.nodes} nodes")
    print(
        f"render node-1 iptables-save (best of 3): {t_render:.2f} s ({n_rules} rules, {len(text) / 1e6:.1f} MB)"
    )

    loads = [kernel_load(text) for _ in range(3)]
    how = loads[0][1]
    t_kernel = None if loads[0][0] is None else min(t for t, _ in loads if t is not None)
    if t_kernel is None:
        print(f"kernel load: {how}")
    else:
        print(
            f"kernel load (iptables-restore in a fresh netns, {how}, best of 3): {t_kernel:.2f} s"
        )
        print(f"ratio render / kernel load: {t_render / t_kernel:.2f} (target <= 0.5)")

    small, _, _ = render(build_objects(10, args.endpoints, args.nodes))
    per_small, walked_small = walk_time(small, 10)
    per_big, walked_big = walk_time(rs, args.services)
    print(
        f"walk per packet, 10 Services: {per_small * 1e6:.0f} us (kernel walks {walked_small:.0f} rules)"
    )
    print(
        f"walk per packet, {args.services} Services: {per_big * 1e6:.0f} us (kernel walks {walked_big:.0f} rules)"
    )
    print(f"ratio walk {args.services} / 10 Services: {per_big / per_small:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
