"""Clusters for the differential tests: the course's, and seeded random ones.

``random_cluster(seed)`` draws 2-3 nodes and 2-3 apps; each app is a Deployment of nginx,
agnhost netexec or http-echo (0-4 replicas: 0 means a Service without endpoints) behind a
ClusterIP or NodePort Service, with externalTrafficPolicy Cluster or Local, sessionAffinity
None or ClientIP, and sometimes a targetPort nothing listens on; then a few pods are made
unready. ``requests(lab, apps)`` lists every (client, URL, affinity) worth asking: from each
node, from outside, from one pod per node, straight to each pod.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from k8slab import Cluster

AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53"


@dataclass
class App:
    name: str
    image: str  # "nginx", "agnhost", "http-echo"
    container_port: int
    paths: tuple[str, ...]
    affinity: bool = False


def _container(app: App) -> dict:
    if app.image == "nginx":
        return {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}
    if app.image == "agnhost":
        return {
            "name": "web",
            "image": AGNHOST,
            "args": ["netexec", f"--http-port={app.container_port}"],
            "ports": [{"containerPort": app.container_port}],
        }
    return {
        "name": "web",
        "image": "hashicorp/http-echo:1.0",
        "args": [f"-text=hola desde {app.name}", f"-listen=:{app.container_port}"],
        "ports": [{"containerPort": app.container_port}],
    }


def deployment(app: App, replicas: int) -> dict:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": app.name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": app.name}},
            "template": {
                "metadata": {"labels": {"app": app.name}},
                "spec": {"containers": [_container(app)]},
            },
        },
    }


def random_cluster(seed: int) -> tuple[Cluster, list[App]]:
    rng = random.Random(seed)
    lab = Cluster(nodes=rng.choice([2, 3]), seed=seed)
    apps = []
    for i in range(rng.choice([2, 3])):
        image = rng.choice(["nginx", "agnhost", "http-echo"])
        port = {"nginx": 80, "agnhost": rng.choice([8080, 9000]), "http-echo": 5678}[image]
        paths = {
            "nginx": ("/", "/no-such-page"),
            "agnhost": ("/hostname", "/clientip"),
            "http-echo": ("/",),
        }[image]
        app = App(f"app{i}", image, port, paths)
        replicas = rng.choice([0, 1, 2, 3, 4])
        svc_type = rng.choice(["ClusterIP", "NodePort"])
        spec: dict = {
            "type": svc_type,
            "selector": {"app": app.name},
            "ports": [
                {
                    "port": rng.choice([80, 8000 + i]),
                    # now and then a targetPort nothing listens on: the pods refuse
                    "targetPort": port if rng.random() > 0.15 else port + 1,
                }
            ],
        }
        if rng.random() < 0.35:
            spec["sessionAffinity"] = "ClientIP"
            app.affinity = True
        if svc_type == "NodePort" and rng.random() < 0.5:
            spec["externalTrafficPolicy"] = "Local"
        svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": app.name}, "spec": spec}
        lab.apply([deployment(app, replicas), svc])
        apps.append(app)
    pods = sorted(p["metadata"]["name"] for p in lab.api.list("Pod", "default"))
    for _ in range(rng.choice([0, 1, 2])):
        if pods:
            lab.set_ready(rng.choice(pods), False)
    return lab, apps


def _node_ips(lab: Cluster) -> dict[str, str]:
    out = {}
    for n in lab.api.list("Node"):
        out[n["metadata"]["name"]] = next(
            a["address"] for a in n["status"]["addresses"] if a["type"] == "InternalIP"
        )
    return out


def requests(lab: Cluster, apps: list[App]) -> list[tuple[str | None, str, App]]:
    """(from_, url, app asked) for every client and address worth asking."""
    nodes = _node_ips(lab)
    pods = sorted(
        lab.api.list("Pod", "default"), key=lambda p: (p["spec"]["nodeName"], p["metadata"]["name"])
    )
    pod_clients: dict[str, str] = {}
    for p in pods:
        pod_clients.setdefault(p["spec"]["nodeName"], f"default/{p['metadata']['name']}")
    out: list[tuple[str | None, str, App]] = []
    for app in apps:
        svc = lab.api.get("Service", "default", app.name)
        port = svc["spec"]["ports"][0]
        cip, sport = svc["spec"]["clusterIP"], port["port"]
        node_port = port.get("nodePort")
        for path in app.paths:
            targets = [f"http://{cip}:{sport}{path}"]
            local_np = []
            if node_port:
                targets += [f"http://{ip}:{node_port}{path}" for ip in nodes.values()]
                local_np = [f"http://127.0.0.1:{node_port}{path}"]
            for node in nodes:
                for url in targets + local_np:
                    out.append((f"node/{node}", url, app))
            for client in pod_clients.values():
                for url in targets:
                    out.append((client, url, app))
            for url in targets[1:]:
                out.append((None, url, app))
            client = next(iter(pod_clients.values()), None)
            for p in pods:
                if p["metadata"]["labels"].get("app") == app.name and client:
                    url = f"http://{p['status']['podIP']}:{app.container_port}{path}"
                    out.append((client, url, None))  # a pod's own IP: no Service
    return out


def repeats(lab: Cluster, app: App | None) -> int:
    """Requests per (client, URL): enough that every endpoint shows up both ways (15 per pod:
    a pod of 4 is missed with odds 4 * (3/4)**60, about 1e-7)."""
    if app is None:
        return 3
    pods = [p for p in lab.api.list("Pod", "default") if p["metadata"]["labels"]["app"] == app.name]
    return max(3, 15 * len(pods))
