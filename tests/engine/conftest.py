import pytest

from k8slab import Cluster

NGINX = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    app: nginx
"""


@pytest.fixture
def lab():
    return Cluster()


@pytest.fixture
def nginx_lab():
    c = Cluster()
    c.apply(NGINX)
    return c
