"""DOT-level tests of the topology graph (see conftest for the address plan)."""

from __future__ import annotations

import pytest

from k8slab import ApiError, Cluster
from k8slab.notebook.graph import HIGHLIGHT, build_graph
from k8slab.trace import (
    ClientHop,
    DeliverHop,
    DnsHop,
    IngressHop,
    NatHop,
    NetfilterHop,
    ResultHop,
    RouteHop,
    Trace,
)

from .conftest import COURSE_DEPLOYMENT, COURSE_SERVICE, make_deployment, make_ingress, make_service
from .dotparse import parse


def pods(lab, ns="default", prefix="nginx"):
    """(name, ip, node) of the pods whose name starts with ``prefix``, sorted by name."""
    return [
        (p["metadata"]["name"], p["status"].get("podIP"), p["spec"].get("nodeName"))
        for p in lab.api.list("Pod", ns)
        if p["metadata"]["name"].startswith(prefix)
    ]


def test_nodes_are_clusters_with_name_and_internal_ip(lab):
    dot = parse(build_graph(lab).source)
    assert dot.clusters["cluster_node_node-1"]["label"] == "node-1\\n172.18.0.3"
    assert dot.clusters["cluster_node_node-2"]["label"] == "node-2\\n172.18.0.4"


def test_pods_sit_in_their_node_with_name_and_ip(lab):
    dot = parse(build_graph(lab).source)
    course = pods(lab)
    assert len(course) == 3
    for name, ip, node in course:
        pid = f"pod/default/{name}"
        assert dot.label(pid) == [name, ip]
        assert dot.parents[pid] == [f"cluster_node_{node}"]
        assert dot.nodes[pid]["style"] == "rounded,filled"


def test_service_label_and_edges_to_its_ready_endpoints(lab):
    dot = parse(build_graph(lab).source)
    ip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
    assert dot.label("svc/default/nginx") == ["svc/nginx", f"ClusterIP {ip}", "80/TCP"]
    assert dot.parents["svc/default/nginx"] == ["cluster_ns_default"]
    heads = sorted(h for t, h, _ in dot.edges if t == "svc/default/nginx")
    assert heads == sorted(f"pod/default/{n}" for n, _, _ in pods(lab))
    for h in heads:
        assert dot.edge("svc/default/nginx", h) == {"label": ":80", "color": "#2e7d32"}


def test_unready_pod_and_its_endpoint_are_drawn_differently(lab):
    name = pods(lab)[0][0]
    lab.set_ready(name, False)
    dot = parse(build_graph(lab).source)
    node = dot.nodes[f"pod/default/{name}"]
    assert "dashed" in node["style"] and dot.label(f"pod/default/{name}")[-1] == "no listo"
    edge = dot.edge("svc/default/nginx", f"pod/default/{name}")
    assert edge["style"] == "dashed" and edge["label"] == "no listo :80"
    other = pods(lab)[1][0]
    assert "dashed" not in dot.nodes[f"pod/default/{other}"]["style"]


def test_nodeport_service_shows_its_node_port(lab):
    lab.apply(make_service("web", type_="NodePort", selector="nginx"))
    svc = lab.api.get("Service", "default", "web")
    port = svc["spec"]["ports"][0]["nodePort"]
    dot = parse(build_graph(lab).source)
    assert dot.label("svc/default/web") == [
        "svc/web",
        f"NodePort {svc['spec']['clusterIP']}",
        f"80:{port}/TCP",
    ]


def test_loadbalancer_service_shows_external_ip():
    lab = Cluster(cloud=True)
    lab.apply(COURSE_DEPLOYMENT)
    lab.apply(make_service("lb", type_="LoadBalancer", selector="nginx"))
    svc = lab.api.get("Service", "default", "lb")
    ext = svc["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert f"EXTERNAL-IP {ext}" in parse(build_graph(lab).source).label("svc/default/lb")


def test_ingress_rules_are_edges_host_and_path_to_service(lab):
    lab.apply(make_service("api"))
    lab.apply(make_deployment("api", 1))
    lab.apply(
        make_ingress(
            "web",
            [("nginx.my.com", "/", "nginx"), ("nginx.my.com", "/api", "api")],
            default="missing",
        )
    )
    dot = parse(build_graph(lab).source)
    assert dot.label("ing/default/web") == ["ingress/web", "clase nginx"]
    assert dot.edge("ing/default/web", "svc/default/nginx")["label"] == "nginx.my.com/ (Prefix) :80"
    assert (
        dot.edge("ing/default/web", "svc/default/api")["label"] == "nginx.my.com/api (Prefix) :80"
    )
    # A backend Service that does not exist is drawn, marked as missing.
    assert dot.label("svc/default/missing") == ["svc/missing", "(no existe)"]
    assert (
        dot.edge("ing/default/web", "svc/default/missing")["label"] == "(backend por defecto) :80"
    )


def test_system_namespaces_hidden_unless_asked(lab):
    plain = parse(build_graph(lab).source)
    assert not [n for n in plain.nodes if "/kube-system/" in n]
    assert "svc/default/kubernetes" not in plain.nodes
    full = parse(build_graph(lab, show_system=True).source)
    assert full.label("svc/kube-system/kube-dns")[:2] == ["svc/kube-dns", "ClusterIP 10.96.0.10"]
    assert "svc/default/kubernetes" in full.nodes
    # The kubernetes Service's endpoint is the API server, not a pod.
    assert ("svc/default/kubernetes", "addr/172.18.0.2") in [(t, h) for t, h, _ in full.edges]
    # Several namespaces in a node: grouped by namespace inside the node cluster.
    coredns = [n for n in full.nodes if n.startswith("pod/kube-system/coredns")]
    assert full.parents[coredns[0]][1].endswith("__ns_kube-system")


def test_namespace_filter(lab):
    lab.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    lab.apply(make_deployment("cart", 2, namespace="shop"))
    lab.apply(make_service("cart", namespace="shop"))
    dot = parse(build_graph(lab, namespace="shop").source)
    assert {n.split("/")[1] for n in dot.nodes if n.startswith(("pod/", "svc/"))} == {"shop"}
    assert "svc/shop/cart" in dot.nodes
    both = parse(build_graph(lab).source)
    assert {"cluster_ns_default", "cluster_ns_shop"} <= set(both.clusters)
    # Asking for a system namespace by name shows it.
    system = parse(build_graph(lab, namespace="kube-system").source)
    assert [n for n in system.nodes if n.startswith("pod/kube-system/coredns-")]


def test_service_in_focus_draws_only_it_and_its_pods(lab):
    lab.apply(make_deployment("api", 2))
    lab.apply(make_service("api"))
    lab.apply(make_ingress("web", [("a.com", "/", "nginx"), ("b.com", "/", "api")]))
    dot = parse(build_graph(lab, service="api").source)
    assert [n for n in dot.nodes if n.startswith("svc/")] == ["svc/default/api"]
    assert sorted(n for n in dot.nodes if n.startswith("pod/")) == sorted(
        f"pod/default/{n}" for n, _, _ in pods(lab, prefix="api")
    )
    assert [(t, h) for t, h, _ in dot.edges if t.startswith("ing/")] == [
        ("ing/default/web", "svc/default/api")
    ]
    assert parse(build_graph(lab, service="default/api").source).nodes == dot.nodes


def test_service_in_focus_that_does_not_exist(lab):
    with pytest.raises(ApiError) as err:
        build_graph(lab, service="nope")
    assert err.value.message == 'Error from server (NotFound): services "nope" not found'


def test_empty_node_still_drawn(lab):
    lab3 = Cluster(nodes=3)
    lab3.apply(make_deployment("one", 1))
    dot = parse(build_graph(lab3).source)
    assert {"cluster_node_node-1", "cluster_node_node-2", "cluster_node_node-3"} <= set(
        dot.clusters
    )
    empty = [n for n in dot.nodes if n.startswith("empty/")]
    assert len(empty) == 2 and all(dot.nodes[n]["label"] == "sin pods" for n in empty)


def nodeport_trace(lab):
    """A NodePort request from outside to the pod on node-2, hop by hop as the data plane
    records it (upstream's tracePacket rows: source, DNAT, route, delivery)."""
    lab.apply(make_service("web", type_="NodePort", selector="nginx"))
    svc = lab.api.get("Service", "default", "web")
    port = svc["spec"]["ports"][0]["nodePort"]
    name, ip, node = next(p for p in pods(lab) if p[2] == "node-2")
    trace = Trace()
    for hop in (
        ClientHop("outside the cluster", "172.18.0.1"),
        NetfilterHop(
            "node-1",
            "nat",
            "KUBE-SERVICES",
            '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; '
            'NOTE: this must be the last rule in this chain" -m addrtype '
            "--dst-type LOCAL -j KUBE-NODEPORTS",
        ),
        NetfilterHop(
            "node-1",
            "nat",
            "KUBE-NODEPORTS",
            f"-A KUBE-NODEPORTS -m comment --comment default/web -m tcp -p tcp "
            f"--dport {port} -j KUBE-EXT-ABCDEF",
        ),
        NetfilterHop(
            "node-1",
            "nat",
            "KUBE-SVC-ABCDEF",
            f'-A KUBE-SVC-ABCDEF -m comment --comment "default/web -> {ip}:80" -j KUBE-SEP-XYZ',
        ),
        NatHop("node-1", "DNAT", f"172.18.0.3:{port}", f"{ip}:80"),
        RouteHop("node-1", node, ip, "pod CIDR route"),
        DeliverHop(f"default/{name}", "nginx", 80, "10.244.1.1"),
        ResultHop(200, None),
    ):
        trace.add(hop)
    return trace, name


def test_trace_highlights_client_service_pod_and_chains(lab):
    trace, name = nodeport_trace(lab)
    dot = parse(build_graph(lab, trace=trace).source)
    pid = f"pod/default/{name}"
    assert dot.nodes["client"]["label"] == "cliente: outside the cluster\\n172.18.0.1"
    for n in ("client", "svc/default/web", pid):
        assert dot.nodes[n]["color"] == HIGHLIGHT and dot.nodes[n]["penwidth"] == "3"
    first = dot.edge("client", "svc/default/web")
    assert first["color"] == HIGHLIGHT and first["label"] == "(1)"
    second = dot.edge("svc/default/web", pid)
    assert second["color"] == HIGHLIGHT
    assert second["label"].split("\\n") == ["(2) :80", "KUBE-NODEPORTS", "KUBE-SVC-ABCDEF"]
    # Other endpoints of the Service are not highlighted.
    others = [a for t, h, a in dot.edges if t == "svc/default/web" and h != pid]
    assert others and all(a.get("color") != HIGHLIGHT for a in others)
    # Both nodes the packet crossed are outlined; the note lists every hop.
    assert dot.clusters["cluster_node_node-1"]["color"] == HIGHLIGHT
    assert dot.clusters["cluster_node_node-2"]["color"] == HIGHLIGHT
    note = dot.nodes["trace"]["label"].split("\\l")
    assert note[0] == "Recorrido de la peticion:"
    assert note[1] == "1. client: outside the cluster (source IP 172.18.0.1)"
    assert note[-2] == "8. result: HTTP 200"


def test_trace_accepts_a_response_object(lab):
    trace, _ = nodeport_trace(lab)

    class Response:  # what lab.curl returns: only .trace is read
        pass

    r = Response()
    r.trace = trace
    assert build_graph(lab, trace=r).source == build_graph(lab, trace=trace).source


def test_trace_from_a_pod_starts_at_that_pod(lab):
    (src, _, _), (dst, dst_ip, _) = pods(lab)[:2]
    svc_ip = lab.api.get("Service", "default", "nginx")["spec"]["clusterIP"]
    trace = [
        ClientHop(f"pod default/{src} on node-1", "10.244.1.3"),
        DnsHop("nginx.default.svc.cluster.local", "A", "NOERROR", (svc_ip,), "10.96.0.10"),
        NatHop("node-1", "DNAT", f"{svc_ip}:80", f"{dst_ip}:80"),
        DeliverHop(f"default/{dst}", "nginx", 80, "10.244.1.3"),
    ]
    dot = parse(build_graph(lab, trace=trace).source)
    assert "client" not in dot.nodes
    assert dot.edge(f"pod/default/{src}", "svc/default/nginx")["color"] == HIGHLIGHT
    assert dot.edge(f"pod/default/{src}", "svc/default/nginx")["constraint"] == "false"
    assert dot.edge("svc/default/nginx", f"pod/default/{dst}")["label"] == "(2) :80"


def test_trace_through_the_ingress_controller(lab):
    lab.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n")
    lab.apply(make_deployment("ingress-nginx-controller", 1, namespace="ingress-nginx"))
    lab.apply(make_service("ingress-nginx-controller", namespace="ingress-nginx", type_="NodePort"))
    lab.apply(make_deployment("api", 1))
    lab.apply(make_service("api"))
    lab.apply(make_ingress("web", [("nginx.my.com", "/", "nginx"), ("api.my.com", "/", "api")]))
    ctrl, ctrl_ip, _ = pods(lab, "ingress-nginx", "ingress-nginx-controller")[0]
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    port = svc["spec"]["ports"][0]["nodePort"]
    backend, _, _ = pods(lab)[0]
    trace = [
        ClientHop("a shell on node node-1", "172.18.0.3"),
        NatHop("node-1", "DNAT", f"127.0.0.1:{port}", f"{ctrl_ip}:80"),
        DeliverHop(f"ingress-nginx/{ctrl}", "controller", 80, "172.18.0.3"),
        IngressHop(
            f"ingress-nginx/{ctrl}",
            "backend",
            "host nginx.my.com, path / (Prefix) of Ingress default/web → Service nginx:80",
        ),
        DeliverHop(f"default/{backend}", "nginx", 80, ctrl_ip),
    ]
    dot = parse(build_graph(lab, trace=trace).source)
    # The node-shell client sits in its node.
    assert dot.parents["client"] == ["cluster_node_node-1"]
    cid = f"pod/ingress-nginx/{ctrl}"
    steps = [
        ("client", "svc/ingress-nginx/ingress-nginx-controller"),
        ("svc/ingress-nginx/ingress-nginx-controller", cid),
        (cid, "ing/default/web"),
        ("ing/default/web", "svc/default/nginx"),
        ("svc/default/nginx", f"pod/default/{backend}"),
    ]
    for n, (t, h) in enumerate(steps, 1):
        edge = dot.edge(t, h)
        assert edge["color"] == HIGHLIGHT and edge["label"].startswith(f"({n})"), (t, h, edge)
    assert dot.edge("ing/default/web", "svc/default/api").get("color") != HIGHLIGHT


def test_trace_with_unknown_hops_only_lists_them(lab):
    class Odd:
        def __str__(self):
            return "something new"

    dot = parse(build_graph(lab, trace=[Odd()]).source)
    assert dot.nodes["trace"]["label"].split("\\l")[1] == "1. something new"
    assert not any(a.get("color") == HIGHLIGHT for _, _, a in dot.edges)


def test_more_than_50_pods_are_summarised_per_owner_and_node():
    lab = Cluster(nodes=3)
    lab.apply(make_deployment("big", 60))
    lab.apply(make_service("big"))
    lab.set_ready(pods(lab, prefix="big")[0][0], False)
    dot = parse(build_graph(lab).source)
    assert not [n for n in dot.nodes if n.startswith("pod/")]
    groups = sorted(n for n in dot.nodes if n.startswith("group/"))
    assert groups == [f"group/default/Deployment/big/cluster_node_node-{i}" for i in (1, 2, 3)]
    counts = [int(dot.label(g)[1].split()[0]) for g in groups]
    assert sum(counts) == 60
    assert sum(int(dot.label(g)[1].split()[2]) for g in groups) == 59
    labels = sorted(a["label"] for t, _, a in dot.edges if t == "svc/default/big")
    assert sum(int(lb.split()[0]) for lb in labels) == 60
    assert any(lb.startswith("1 no listos") for lb in labels)
    assert len(dot.edges) <= 6


def test_summary_threshold_is_configurable(lab):
    dot = parse(build_graph(lab, max_pods=2).source)
    assert [n for n in dot.nodes if n.startswith("group/")]


def test_same_cluster_same_dot(lab):
    trace, _ = nodeport_trace(lab)
    a = build_graph(lab, trace=trace, show_system=True).source
    b = build_graph(lab, trace=trace, show_system=True).source
    assert a == b
    again = Cluster()
    again.apply(COURSE_DEPLOYMENT)
    again.apply(COURSE_SERVICE)
    trace2, _ = nodeport_trace(again)
    assert build_graph(again, trace=trace2, show_system=True).source == a


def test_graphviz_package_and_own_writer_give_the_same_graph(lab):
    pytest.importorskip("graphviz")
    trace, _ = nodeport_trace(lab)
    kw = {"trace": trace, "show_system": True}
    assert (
        build_graph(lab, use_graphviz=True, **kw).source
        == build_graph(lab, use_graphviz=False, **kw).source
    )


def test_lab_sized_graph_builds_fast(lab):
    import time

    start = time.perf_counter()
    for _ in range(10):
        build_graph(lab, show_system=True)
    assert (time.perf_counter() - start) / 10 < 0.5
