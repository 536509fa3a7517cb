"""A new Cluster looks like a fresh kubeadm/kind cluster (shared/API.md, "Cluster")."""

from k8slab import Cluster


def test_default_cluster_has_two_workers(lab):
    assert [n["metadata"]["name"] for n in lab.api.list("Node")] == ["node-1", "node-2"]


def test_node_names_and_ips_can_be_given():
    c = Cluster(nodes={"test-node": "192.168.0.2"})
    node = c.api.get("Node", "", "test-node")
    assert node["status"]["addresses"][0] == {"address": "192.168.0.2", "type": "InternalIP"}
    c3 = Cluster(nodes=3)
    assert [n["metadata"]["name"] for n in c3.api.list("Node")] == ["node-1", "node-2", "node-3"]
    named = Cluster(nodes=["worker-a", "worker-b"])
    assert [n["metadata"]["name"] for n in named.api.list("Node")] == ["worker-a", "worker-b"]


def test_system_namespaces_exist(lab):
    names = [n["metadata"]["name"] for n in lab.api.list("Namespace")]
    assert names == ["default", "kube-node-lease", "kube-public", "kube-system"]


def test_kubernetes_and_kube_dns_services_have_their_well_known_ips(lab):
    assert lab.api.get("Service", "default", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"
    dns = lab.api.get("Service", "kube-system", "kube-dns")
    assert dns["spec"]["clusterIP"] == "10.96.0.10"
    assert [(p["name"], p["port"], p["protocol"]) for p in dns["spec"]["ports"]] == [
        ("dns", 53, "UDP"),
        ("dns-tcp", 53, "TCP"),
        ("metrics", 9153, "TCP"),
    ]


def test_kube_proxy_runs_one_pod_per_node_on_the_host_network(lab):
    pods = [
        p
        for p in lab.api.list("Pod", "kube-system")
        if p["metadata"]["labels"].get("k8s-app") == "kube-proxy"
    ]
    assert sorted(p["spec"]["nodeName"] for p in pods) == ["node-1", "node-2"]
    for p in pods:
        node = lab.api.get("Node", "", p["spec"]["nodeName"])
        assert p["status"]["podIP"] == node["status"]["addresses"][0]["address"]


def test_coredns_is_ready_behind_kube_dns(lab):
    slices = [
        s
        for s in lab.api.list("EndpointSlice", "kube-system")
        if s["metadata"]["labels"]["kubernetes.io/service-name"] == "kube-dns"
    ]
    assert len(slices) == 1
    assert len(slices[0]["endpoints"]) == 2
    assert all(e["conditions"]["ready"] for e in slices[0]["endpoints"])


def test_corefile_is_kubeadms(lab):
    cm = lab.api.get("ConfigMap", "kube-system", "coredns")
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa {" in cm["data"]["Corefile"]
    assert "pods insecure" in cm["data"]["Corefile"]


def test_kube_proxy_cluster_cidr_is_the_pod_cidr(lab):
    cm = lab.api.get("ConfigMap", "kube-system", "kube-proxy")
    assert "clusterCIDR: 10.244.0.0/16" in cm["data"]["config.conf"]
    assert "mode: iptables" in cm["data"]["config.conf"]


def test_each_node_gets_a_slice_of_the_pod_cidr(lab):
    cidrs = [n["spec"]["podCIDR"] for n in lab.api.list("Node")]
    assert cidrs == ["10.244.1.0/24", "10.244.2.0/24"]


def test_same_seed_same_cluster():
    a, b = Cluster(seed=7), Cluster(seed=7)
    assert a.to_dict() == b.to_dict()
    assert Cluster(seed=8).kubectl("get pods -A") != a.kubectl("get pods -A")
