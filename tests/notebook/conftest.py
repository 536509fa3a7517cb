"""Fixtures for the notebook front end.

Address plan (seed 0, two workers): node-1 172.18.0.3 with pods in 10.244.1.0/24, node-2
172.18.0.4 with 10.244.2.0/24; Services from 10.96.0.0/12. The course's nginx Deployment (3
replicas) and Service are ``COURSE_DEPLOYMENT`` / ``COURSE_SERVICE`` (labs/*.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slab import Cluster
from k8slab.notebook import session as session_mod

LABS = Path(__file__).resolve().parents[2] / "labs"
COURSE_DEPLOYMENT = (LABS / "deployment.yaml").read_text()
COURSE_SERVICE = (LABS / "service.yaml").read_text()


def make_deployment(
    name: str, replicas: int, *, namespace: str = "default", image: str = "nginx"
) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: {name}
        image: {image}
        ports: [{{containerPort: 80}}]
"""


def make_service(
    name: str, *, namespace: str = "default", type_: str = "ClusterIP", selector: str | None = None
) -> str:
    return f"""\
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  type: {type_}
  selector: {{app: {selector or name}}}
  ports: [{{port: 80, targetPort: 80}}]
"""


def make_ingress(
    name: str,
    rules: list[tuple[str, str, str]],
    *,
    default: str | None = None,
    namespace: str = "default",
) -> str:
    """``rules``: (host, path, service) triples, Prefix paths, port 80."""
    body = "".join(
        f"""\
  - host: {host}
    http:
      paths:
      - path: {path}
        pathType: Prefix
        backend: {{service: {{name: {svc}, port: {{number: 80}}}}}}
"""
        for host, path, svc in rules
    )
    text = f"""\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  ingressClassName: nginx
  rules:
{body}"""
    if default:
        text += f"  defaultBackend: {{service: {{name: {default}, port: {{number: 80}}}}}}\n"
    return text


@pytest.fixture
def lab() -> Cluster:
    """A fresh cluster with the course's nginx Deployment and Service."""
    c = Cluster()
    c.apply(COURSE_DEPLOYMENT)
    c.apply(COURSE_SERVICE)
    return c


@pytest.fixture
def session(monkeypatch, tmp_path):
    """A fresh notebook session, the kernel's cwd in a temporary notebook folder."""
    fresh = session_mod.Session()
    monkeypatch.setattr(session_mod, "SESSION", fresh)
    monkeypatch.chdir(tmp_path)
    return fresh


@pytest.fixture
def ip(session):
    """IPython's InteractiveShell with the k8slab magics bound to the fresh session."""
    from IPython.core.interactiveshell import InteractiveShell

    from k8slab.notebook import magics

    shell = InteractiveShell.instance()
    shell.register_magics(magics.K8sLabMagics(shell, session))
    yield shell
    if magics._autosave_after_cell in shell.events.callbacks.get("post_run_cell", []):
        shell.events.unregister("post_run_cell", magics._autosave_after_cell)
