"""Topology graph speed: building the DOT and rendering it to SVG, lab-sized and at 1,000 pods.

Run: ``python benchmarks/bench_graph.py [--pods N] [--repeat R]``. Prints, for

* a lab-sized cluster (the course's nginx Deployment and Service, two more apps, a NodePort,
  ingress-nginx with an Ingress of three rules — about 15 pods): ``build_graph`` time, the
  render time with each Graphviz found (system ``dot``, pip ``graphviz-pure``), and the same
  with a request's trace highlighted (target: build + render well under a second);
* a cluster of about 1,000 application pods (50 Deployments x 20 replicas, 50 Services, 10
  nodes): the summarised view ``lab.graph()`` draws beyond 50 pods (one box per owner per node),
  and, for comparison, building the unsummarised DOT of every pod;

with the ratios 1,000 pods / lab-sized. Timings are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import subprocess
import time

from k8slab import Cluster
from k8slab.notebook.graph import build_graph
from k8slab.notebook.render import find_renderers

TARGET_LAB_SECONDS = 1.0
INGRESS_NGINX = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)


def deployment(name: str, replicas: int) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - {{name: {name}, image: nginx, ports: [{{containerPort: 80}}]}}
"""


def service(name: str, type_: str = "ClusterIP") -> str:
    return f"""\
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  type: {type_}
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: 80}}]
"""


INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: demo}
spec:
  ingressClassName: nginx
  rules:
  - host: nginx.my.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: nginx, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
  - host: web.my.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"""


def lab_cluster() -> tuple[Cluster, object]:
    """The lab-sized cluster and a traced request through the ingress controller."""
    lab = Cluster()
    for name, n, kind in (
        ("nginx", 3, "NodePort"),
        ("web", 2, "ClusterIP"),
        ("api", 2, "ClusterIP"),
    ):
        lab.apply(deployment(name, n))
        lab.apply(service(name, kind))
    lab.kubectl(f"apply -f {INGRESS_NGINX}")
    lab.apply(INGRESS)
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    port = next(p["nodePort"] for p in svc["spec"]["ports"] if p["port"] == 80)
    response = lab.curl(
        f"http://127.0.0.1:{port}/api", headers={"Host": "nginx.my.com"}, from_="node/node-1"
    )
    return lab, response


def big_cluster(pods: int) -> Cluster:
    apps, per_app = 50, max(1, pods // 50)
    lab = Cluster(nodes=10)
    docs = []
    for i in range(apps):
        docs.append(deployment(f"app{i:02d}", per_app))
        docs.append(service(f"app{i:02d}"))
    lab.apply("---\n".join(docs))
    return lab


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def render_times(source: str, repeat: int) -> dict[str, float]:
    """Seconds to render ``source`` with each Graphviz found (best of ``repeat``)."""
    out = {}
    for renderer in find_renderers():

        def run(r=renderer):
            done = subprocess.run(
                r.argv(), input=source.encode(), capture_output=True, timeout=300, check=True
            )
            return done.stdout

        out[renderer.name], _ = best(run, repeat)
    return out


def count(source: str) -> tuple[int, int]:
    nodes = sum(1 for line in source.splitlines() if " [label=" in line and " -> " not in line)
    return nodes, source.count(" -> ")


def report(title: str, lab: Cluster, repeat: int, **kw) -> tuple[float, dict[str, float]]:
    build, g = best(lambda: build_graph(lab, **kw), repeat)
    source = g.source
    nodes, edges = count(source)
    renders = render_times(source, repeat)
    print(f"{title}: {nodes} boxes, {edges} edges, DOT {len(source) / 1024:.1f} KB")
    print(f"  build_graph                {build * 1000:8.1f} ms")
    for name, t in renders.items():
        print(
            f"  render with {name:<14} {t * 1000:8.1f} ms   build + render {(build + t) * 1000:8.1f} ms"
        )
    if not renders:
        print("  render: no Graphviz found (dot, graphviz-pure): lab.graph() shows the DOT text")
    return build, renders


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pods", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    lab, response = lab_cluster()
    pods = len(lab.api.list("Pod"))
    print(
        f"lab-sized cluster: {pods} pods (all namespaces), built in {time.perf_counter() - t0:.2f} s"
    )
    lab_build, lab_render = report("lab graph (default namespaces)", lab, args.repeat)
    report("lab graph with a request's trace", lab, args.repeat, trace=response)
    report("lab graph, all namespaces (show_system)", lab, args.repeat, show_system=True)
    for name, t in lab_render.items():
        total = lab_build + t
        verdict = "ok" if total < TARGET_LAB_SECONDS else "OVER"
        print(
            f"  lab-sized build + render with {name}: {total * 1000:.1f} ms "
            f"(target < {TARGET_LAB_SECONDS * 1000:.0f} ms: {verdict}, "
            f"{TARGET_LAB_SECONDS / total:.0f}x headroom)"
        )

    t0 = time.perf_counter()
    big = big_cluster(args.pods)
    big_pods = len(big.api.list("Pod", "default"))
    print(
        f"\nlarge cluster: {big_pods} pods in default on 10 nodes, built in {time.perf_counter() - t0:.2f} s"
    )
    big_build, big_render = report("large graph (summarised beyond 50 pods)", big, args.repeat)
    full_build, _ = best(lambda: build_graph(big, max_pods=10**9), args.repeat)
    print(f"  unsummarised DOT build (every pod, not drawn) {full_build * 1000:8.1f} ms")

    print("\nratios (large / lab-sized):")
    print(
        f"  build_graph   {big_build / lab_build:6.2f}x  for {big_pods / max(1, pods):.0f}x the pods"
    )
    for name in big_render:
        if name in lab_render:
            print(f"  render {name:<14} {big_render[name] / lab_render[name]:6.2f}x")
    print(f"  unsummarised / summarised build {full_build / big_build:6.2f}x")


if __name__ == "__main__":
    main()
