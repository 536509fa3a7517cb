"""Cost of one ``lab.curl`` to a ClusterIP with 10,000 Services versus 10 Services.

Both clusters have 50 nodes and one 5-replica nginx Deployment; every Service selects it, so
each has 5 endpoints. The first request on a cluster builds the node's ruleset (cached by
resourceVersion afterwards), so it is timed separately; then the mean of many requests from a
node shell to a Service's ClusterIP is compared (target: at most 3x at 10,000 Services), and
the trace still reports how many rules the kernel would have walked.

Run: ``python benchmarks/bench_curl.py [--services N] [--requests N]``.
"""

from __future__ import annotations

import argparse
import time

from k8slab import Cluster

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "replicas": 5,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]
            },
        },
    },
}


def build(n_services: int) -> tuple[Cluster, float]:
    t = time.perf_counter()
    lab = Cluster(nodes=50)
    services = [
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": f"svc-{i}"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
        }
        for i in range(n_services)
    ]
    lab.apply([DEPLOYMENT, *services])
    return lab, time.perf_counter() - t


def measure(lab: Cluster, n_services: int, requests: int) -> tuple[float, float, int]:
    ip = lab.api.get("Service", "default", f"svc-{n_services // 2}")["spec"]["clusterIP"]
    t = time.perf_counter()
    first = lab.curl(f"http://{ip}", from_="node/node-7")
    first_time = time.perf_counter() - t
    assert first.status == 200, first.trace
    t = time.perf_counter()
    for _ in range(requests):
        r = lab.curl(f"http://{ip}", from_="node/node-7")
    per = (time.perf_counter() - t) / requests
    return first_time, per, r.trace.rules_walked


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    results = {}
    for n in (10, args.services):
        lab, build_time = build(n)
        first, per, walked = measure(lab, n, args.requests)
        results[n] = per
        print(
            f"{n:>6} Services x 5 endpoints, 50 nodes: cluster built in {build_time:7.2f} s; "
            f"first curl (builds the ruleset) {first * 1000:8.1f} ms; per curl "
            f"{per * 1e6:8.1f} us; kernel would walk {walked} rules"
        )
    ratio = results[args.services] / results[10]
    print(f"per-curl cost ratio {args.services} vs 10 Services: {ratio:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
