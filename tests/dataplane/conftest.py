import pytest

from k8slab import Cluster
from k8slab.addons.course import NGINX as COURSE  # noqa: E402

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

INGRESS_NGINX = (
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.15.1/"
    "deploy/static/provider/baremetal/deploy.yaml"
)

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: nginx
spec:
  ingressClassName: nginx
  rules:
  - host: nginx.my.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: nginx
            port:
              number: 80
"""


@pytest.fixture
def lab():
    c = Cluster()
    c.apply(COURSE)
    return c


def pods(lab, ns="default", prefix=""):
    return [
        p["metadata"]["name"]
        for p in lab.api.list("Pod", ns)
        if p["metadata"]["name"].startswith(prefix)
    ]


def cluster_ip(lab, name="nginx", ns="default"):
    return lab.api.get("Service", ns, name)["spec"]["clusterIP"]
