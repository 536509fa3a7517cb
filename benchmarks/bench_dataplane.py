"""k8slab.dataplane: time to bring up and tear down a 2-node, 10-pod cluster on the kernel.

The 10 pods are nginx (a Deployment behind a NodePort Service); the cluster's own CoreDNS pods
come on top (12 pod namespaces, 2 node namespaces, the fabric and the external client). Also
prints how long one request through the kernel takes against one through the simulator.
Needs root, ``ip`` and ``iptables`` (``nfacct`` optional); otherwise says why and exits 0.
Run: ``python benchmarks/bench_dataplane.py [--pods 10] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import time

from k8slab import Cluster
from k8slab.dataplane import Dataplane, unavailable_reason


def build(pods: int) -> Cluster:
    lab = Cluster(nodes=2)
    lab.apply(
        [
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": "web"},
                "spec": {
                    "replicas": pods,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "web", "image": "nginx"}]},
                    },
                },
            },
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "web"},
                "spec": {
                    "type": "NodePort",
                    "selector": {"app": "web"},
                    "ports": [{"port": 80, "nodePort": 31238}],
                },
            },
        ]
    )
    return lab


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pods", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    why = unavailable_reason()
    if why is not None:
        print(f"skipped: {why}")
        return
    lab = build(args.pods)
    ups, downs = [], []
    per_kernel = per_sim = None
    for i in range(args.rounds):
        t0 = time.perf_counter()
        dp = Dataplane(lab).up()
        t1 = time.perf_counter()
        if i == 0:
            n = len(dp.plan.namespaces)
            url = "http://127.0.0.1:31238"
            t = time.perf_counter()
            for _ in range(args.requests):
                assert dp.curl(url, from_="node/node-1").status == 200
            per_kernel = (time.perf_counter() - t) / args.requests
            t = time.perf_counter()
            for _ in range(args.requests):
                lab.curl(url, from_="node/node-1")
            per_sim = (time.perf_counter() - t) / args.requests
        t2 = time.perf_counter()
        dp.down()
        downs.append(time.perf_counter() - t2)
        ups.append(t1 - t0)
    print(f"2 nodes, {args.pods} nginx pods (+2 CoreDNS): {n} network namespaces")
    print(f"bring-up (best of {args.rounds}): {min(ups):.2f} s   (all: {_fmt(ups)})")
    print(f"teardown (best of {args.rounds}): {min(downs):.2f} s   (all: {_fmt(downs)})")
    print(
        f"one request 127.0.0.1:NodePort from node-1: kernel {per_kernel * 1e3:.2f} ms, "
        f"simulator {per_sim * 1e3:.2f} ms (ratio {per_kernel / per_sim:.1f}x)"
    )


def _fmt(xs: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in xs)


if __name__ == "__main__":
    main()
