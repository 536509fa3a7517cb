"""Object builders for the kubectl printer tests (see conftest.py for the address plan)."""

from __future__ import annotations

from datetime import UTC, datetime

T0 = "2024-01-01T00:00:00Z"
NOW = datetime(2024, 1, 1, 0, 5, 10, tzinfo=UTC)


def meta(name: str, namespace: str | None = "default", **extra: object) -> dict:
    md: dict = {"name": name, "uid": f"uid-{name}", "resourceVersion": "1", "creationTimestamp": T0}
    if namespace is not None:
        md["namespace"] = namespace
    md.update(extra)
    return md


def make_service(
    name: str,
    *,
    namespace: str = "default",
    type_: str = "ClusterIP",
    cluster_ip: str = "10.96.0.10",
    ports: list[dict] | None = None,
    selector: dict | None = None,
    **spec: object,
) -> dict:
    svc_spec: dict = {
        "clusterIP": cluster_ip,
        "clusterIPs": [cluster_ip],
        "internalTrafficPolicy": "Cluster",
        "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack",
        "ports": ports
        if ports is not None
        else [{"port": 80, "protocol": "TCP", "targetPort": 80}],
        "sessionAffinity": "None",
        "type": type_,
    }
    if selector is not None:
        svc_spec["selector"] = selector
    svc_spec.update(spec)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta(name, namespace),
        "spec": svc_spec,
        "status": {"loadBalancer": {}},
    }


def make_slice(service: str, ips: list[str], *, port: int = 80, ready: bool = True) -> dict:
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": meta(f"{service}-abcde", labels={"kubernetes.io/service-name": service}),
        "addressType": "IPv4",
        "ports": [{"name": "", "port": port, "protocol": "TCP"}],
        "endpoints": [{"addresses": [ip], "conditions": {"ready": ready}} for ip in ips],
    }


def make_pod(
    name: str,
    *,
    namespace: str = "default",
    node: str | None = "node-1",
    ip: str | None = "10.244.1.2",
    phase: str = "Running",
    ready: bool = True,
    labels: dict | None = None,
) -> dict:
    status: dict = {"phase": phase}
    if node:
        status["hostIP"] = "172.18.0.3"
    if ip:
        status["podIP"] = ip
        status["podIPs"] = [{"ip": ip}]
    status["containerStatuses"] = [
        {
            "name": "nginx",
            "image": "nginx:1.14.2",
            "imageID": "docker.io/library/nginx@sha256:f7988fb6c02e",
            "containerID": "containerd://4a1b",
            "ready": ready,
            "restartCount": 0,
            "started": True,
            "state": {"running": {"startedAt": "2024-01-01T00:00:05Z"}},
        }
    ]
    spec: dict = {
        "containers": [
            {
                "image": "nginx:1.14.2",
                "name": "nginx",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
            }
        ],
        "restartPolicy": "Always",
        "serviceAccountName": "default",
    }
    if node:
        spec["nodeName"] = node
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta(name, namespace, labels=labels or {"app": "nginx"}),
        "spec": spec,
        "status": status,
    }
