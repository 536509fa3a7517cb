"""The course's requests (lab 01 "Services"), through the simulator and through the kernel.

nginx x3 behind Service ``nginx`` (ClusterIP) and ``nginx-np`` (NodePort 31238): the
ClusterIP from both nodes and from a pod, by IP and by name; the NodePort from both nodes
(node IPs and ``127.0.0.1``, kube-proxy's localhost NodePorts) and from outside; each pod
straight at its IP; nginx's 404 page. Mirrors tests/dataplane/test_course_requests.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slab import Cluster

from .differential import compare

LABS = Path(__file__).resolve().parents[2] / "labs"
NODEPORT = """\
apiVersion: v1
kind: Service
metadata:
  name: nginx-np
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 80
    nodePort: 31238
"""
N = 45  # three endpoints: every one shows up both ways


@pytest.fixture(scope="module")
def course():
    lab = Cluster()
    lab.apply((LABS / "deployment.yaml").read_text())
    lab.apply((LABS / "service.yaml").read_text())
    lab.apply(NODEPORT)
    return lab


def _rows(lab):
    cip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
    pods = sorted(
        lab.api.list("Pod", "default"), key=lambda p: (p["spec"]["nodeName"], p["metadata"]["name"])
    )
    client = f"default/{pods[0]['metadata']['name']}"
    rows = []
    for node in ("node-1", "node-2"):
        rows += [
            (f"node/{node}", f"http://{cip}:80"),
            (f"node/{node}", f"http://{cip}/no-such-page"),
            (f"node/{node}", "http://127.0.0.1:31238"),
            (f"node/{node}", "http://172.18.0.3:31238"),
            (f"node/{node}", "http://172.18.0.4:31238"),
        ]
    rows += [
        (None, "http://172.18.0.3:31238"),
        (None, "http://172.18.0.4:31238/"),
        (None, f"http://{cip}"),
        (client, f"http://{cip}"),
        (client, "http://nginx"),
        (client, "http://nginx.default.svc.cluster.local"),
        (client, "http://172.18.0.4:31238"),
        (client, "http://10.244.2.99"),
    ]
    rows += [(client, f"http://{p['status']['podIP']}") for p in pods]
    rows += [(client, f"http://{pods[-1]['status']['podIP']}:8080")]
    return rows


def test_course_requests_agree_with_the_kernel(course, up):
    """Does every request of the Services lab get the same answer from the kernel?"""
    dp = up(course)
    problems = [
        str(v) for v in (compare(course, dp, f, url, n=N) for f, url in _rows(course)) if v.problems
    ]
    assert not problems, "\n".join(problems)


def test_course_answers_are_what_the_lab_shows(course, up):
    """Is the kernel's answer the nginx welcome page, served by one of the three pods?"""
    dp = up(course)
    r = dp.curl("http://127.0.0.1:31238", from_="node/node-1")
    assert r.status == 200 and "<title>Welcome to nginx!</title>" in r.body
    pods = {f"default/{p['metadata']['name']}" for p in course.api.list("Pod", "default")}
    assert r.pod in pods
