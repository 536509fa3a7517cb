"""Apply speed and memory, compared with the floor: parsing the same YAML with PyYAML.

Run: ``python benchmarks/bench_apply.py [--large-deployments N]``. Prints, for

* a lab-sized manifest set (about 20 objects): apply time, parse time, their ratio
  (target: apply within 5x of parsing);
* a large cluster (default 1,000 Deployments x 5 replicas + 1,000 Services on 50 nodes):
  time to converge, peak traced memory (target: under 1 GB), and the ratio to parsing.

Timings are the best of several runs; memory comes from ``tracemalloc`` in a separate pass.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import yaml

from k8slab import Cluster


def lab_manifests() -> str:
    docs = []
    for i, app in enumerate(["web", "api", "cache", "db", "front", "auth", "queue"]):
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  labels:
    app: {app}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: {app}
  template:
    metadata:
      labels:
        app: {app}
    spec:
      containers:
      - name: {app}
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
        readinessProbe:
          httpGet:
            path: /
            port: http
""")
        docs.append(f"""apiVersion: v1
kind: Service
metadata:
  name: {app}
spec:
  type: {"NodePort" if i % 2 else "ClusterIP"}
  selector:
    app: {app}
  ports:
  - name: http
    port: 80
    targetPort: http
""")
    docs.append("""apiVersion: v1
kind: Namespace
metadata:
  name: shop
""")
    for i in range(5):
        docs.append(f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{i}
data:
  key: value-{i}
""")
    return "---\n".join(docs)


def large_manifests(n: int) -> str:
    docs = []
    for i in range(n):
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
spec:
  replicas: 5
  selector:
    matchLabels:
      app: app-{i}
  template:
    metadata:
      labels:
        app: app-{i}
    spec:
      containers:
      - name: app
        image: nginx
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: app-{i}
spec:
  selector:
    app: app-{i}
  ports:
  - port: 80
""")
    return "---\n".join(docs)


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--large-deployments", type=int, default=1000)
    ap.add_argument("--nodes", type=int, default=50)
    args = ap.parse_args()

    text = lab_manifests()
    n_objs = len(list(yaml.safe_load_all(text)))
    parse = best_of(lambda: list(yaml.safe_load_all(text)), 7)

    def lab_apply():
        Cluster().apply(text)

    boot = best_of(lambda: Cluster(), 5)
    apply_total = best_of(lab_apply, 5)
    apply_only = apply_total - boot
    print(f"lab-sized apply: {n_objs} objects")
    print(f"  PyYAML parse          {parse * 1000:8.1f} ms")
    print(
        f"  apply (incl. reconcile){apply_only * 1000:7.1f} ms   (Cluster() itself {boot * 1000:.1f} ms)"
    )
    print(f"  ratio apply/parse     {apply_only / parse:8.2f}x   (target <= 5x)")

    big = large_manifests(args.large_deployments)
    n_big = 2 * args.large_deployments
    t0 = time.perf_counter()
    list(yaml.safe_load_all(big))
    big_parse = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    c = Cluster(nodes=args.nodes)
    c.apply(big)
    big_apply = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pods = len(c.api.list("Pod"))
    print(
        f"large cluster: {args.large_deployments} Deployments x 5 + {args.large_deployments} "
        f"Services on {args.nodes} nodes ({n_big} objects, {pods} pods)"
    )
    print(f"  PyYAML parse          {big_parse:8.2f} s")
    print(f"  apply to convergence  {big_apply:8.2f} s  (under tracemalloc)")
    print(f"  ratio apply/parse     {big_apply / big_parse:8.2f}x")
    print(f"  peak traced memory    {peak / 2**20:8.1f} MiB (target < 1024 MiB)")


if __name__ == "__main__":
    main()
