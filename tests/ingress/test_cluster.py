"""route() on a real k8slab.Cluster: the course's nginx.my.com example."""

from __future__ import annotations

from k8slab import Cluster
from k8slab.ingress import ControllerConfig, route

MANIFEST = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  selector: {app: nginx}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: nginx}
spec:
  ingressClassName: nginx
  rules:
  - host: nginx.my.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: nginx, port: {number: 80}}
"""


def test_course_nginx_my_com_routes_to_both_pods() -> None:
    lab = Cluster()
    lab.apply(MANIFEST)
    d = route(
        lab.api, controller=ControllerConfig(), host="nginx.my.com:31238", path="/", scheme="http"
    )
    assert (d.outcome, str(d.ingress), d.backend.service, d.service_port) == (
        "backend",
        "default/nginx",
        "nginx",
        80,
    )
    pods = sorted(p["metadata"]["name"] for p in lab.api.list("Pod", "default"))
    assert sorted(e.pod.split("/")[1] for e in d.endpoints) == pods
    assert all(e.port == 80 and e.ip.startswith("10.244.") for e in d.endpoints)
    miss = route(lab.api, controller=ControllerConfig(), host="other.my.com", path="/")
    assert miss.status == 404
