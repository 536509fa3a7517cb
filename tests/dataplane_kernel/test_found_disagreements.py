"""Disagreements the kernel found in the simulator, kept as simulator-only regressions.

1. A pod → another node's NodePort with externalTrafficPolicy Local: that node DNATs the
   connection ("pod traffic for … external destinations", no SNAT) to the Service's pod on
   the client's node; the reply goes straight back to the client, around the DNAT node's
   conntrack, and the client's node drops it (KUBE-FORWARD, ctstate INVALID). The kernel times
   out; the simulator used to answer 200 (random cluster seed 3, ``k8slab/net.py``
   ``_connect``).
"""

from __future__ import annotations

import pytest

from k8slab import Cluster

from .scenarios import App, deployment


def _local_nodeport_cluster():
    lab = Cluster(seed=3)
    app = App("echo", "http-echo", 5678, ("/",))
    lab.apply(
        [
            deployment(app, 1),
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "echo"},
                "spec": {
                    "type": "NodePort",
                    "externalTrafficPolicy": "Local",
                    "selector": {"app": "echo"},
                    "ports": [{"port": 80, "targetPort": 5678, "nodePort": 30318}],
                },
            },
            deployment(App("client", "nginx", 80, ("/",)), 4),
        ]
    )
    return lab, lab.api.list("Pod", "default")


def _bypass_request(lab, pods):
    echo = next(p for p in pods if p["metadata"]["labels"]["app"] == "echo")
    echo_node = echo["spec"]["nodeName"]
    client = next(
        p
        for p in pods
        if p["metadata"]["labels"]["app"] == "client" and p["spec"]["nodeName"] == echo_node
    )
    other_ip = next(
        a["address"]
        for n in lab.api.list("Node")
        if n["metadata"]["name"] != echo_node
        for a in n["status"]["addresses"]
        if a["type"] == "InternalIP"
    )
    return f"default/{client['metadata']['name']}", f"http://{other_ip}:30318/"


@pytest.mark.no_kernel_needed
def test_pod_to_remote_local_nodeport_with_endpoint_on_its_own_node_times_out():
    """Does a DNAT without SNAT whose reply bypasses the DNAT node time out, as in the kernel?"""
    lab, pods = _local_nodeport_cluster()
    client, url = _bypass_request(lab, pods)
    r = lab.curl(url, from_=client)
    assert r.error == "Connection timed out"
    assert "reply bypasses" in "\n".join(str(h) for h in r.trace.hops)


@pytest.mark.no_kernel_needed
def test_pod_to_local_nodeport_on_the_endpoints_node_still_answers():
    """Does the same NodePort on the endpoint's own node still answer the pod?"""
    lab, pods = _local_nodeport_cluster()
    echo = next(p for p in pods if p["metadata"]["labels"]["app"] == "echo")
    node = lab.api.get("Node", "", echo["spec"]["nodeName"])
    ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
    client = next(p for p in pods if p["metadata"]["labels"]["app"] == "client")
    r = lab.curl(f"http://{ip}:30318/", from_=f"default/{client['metadata']['name']}")
    assert r.status == 200 and r.body == "hola desde echo\n"


def test_the_kernel_times_out_the_bypassed_reply_too(up):
    """Does the real kernel time out the same request (the disagreement's other side)?"""
    lab, pods = _local_nodeport_cluster()
    client, url = _bypass_request(lab, pods)
    dp = up(lab)
    assert [dp.curl(url, from_=client, connect_timeout=0.5).error for _ in range(2)] == [
        "Connection timed out"
    ] * 2
