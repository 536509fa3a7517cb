"""The course's requests, end to end through the simulated data plane (issue "Data plane")."""

from collections import Counter

from k8slab import Cluster

from .conftest import INGRESS, INGRESS_NGINX, NODEPORT, cluster_ip, pods


def test_curl_cluster_ip_from_a_pod_reaches_an_nginx_pod(lab):
    client = pods(lab)[0]
    r = lab.curl(f"http://{cluster_ip(lab)}:80", from_=f"default/{client}")
    assert r.status == 200
    assert "<title>Welcome to nginx!</title>" in r.body
    assert r.pod in {f"default/{p}" for p in pods(lab)}
    assert r.error is None
    assert r.headers["Server"] == "nginx/1.27.5"


def test_the_three_replicas_share_requests_and_log_them(lab):
    ip = cluster_ip(lab)
    answered = Counter(lab.curl(f"http://{ip}", from_="node/node-1").pod for _ in range(60))
    assert set(answered) == {f"default/{p}" for p in pods(lab)}
    for p in pods(lab):
        access = [
            line for line in lab.kubectl(f"logs {p}").splitlines() if '"GET / HTTP/1.1"' in line
        ]
        assert len(access) == answered[f"default/{p}"]


def test_nodeport_on_localhost_from_either_node(lab):
    lab.apply(NODEPORT)
    for node in ("node-1", "node-2"):
        r = lab.curl("http://127.0.0.1:31238", from_=f"node/{node}")
        assert r.status == 200, r.trace
        assert any("KUBE-NODEPORTS" in str(h) for h in r.trace)


def test_nodeport_on_every_node_ip_from_outside(lab):
    lab.apply(NODEPORT)
    for ip in ("172.18.0.3", "172.18.0.4"):
        assert lab.curl(f"http://{ip}:31238").status == 200


def test_slide_typo_slash_instead_of_colon_is_refused(lab):
    """The seed writes curl http://127.0.0.1/<NodePort>: that asks port 80 on the node."""
    lab.apply(NODEPORT)
    r = lab.curl("http://127.0.0.1/31238", from_="node/node-1")
    assert r.status == 0
    assert r.error == "Connection refused"


def test_host_header_through_the_ingress_controller(lab):
    lab.kubectl(f"apply -f {INGRESS_NGINX}")
    lab.apply(INGRESS)
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    http = next(p["nodePort"] for p in svc["spec"]["ports"] if p["port"] == 80)
    r = lab.curl(f"http://127.0.0.1:{http}", headers={"Host": "nginx.my.com"}, from_="node/node-1")
    assert r.status == 200
    assert r.pod.startswith("default/nginx-")
    assert any(type(h).__name__ == "IngressHop" for h in r.trace)
    miss = lab.curl(f"http://127.0.0.1:{http}", from_="node/node-1")
    assert miss.status == 404
    assert miss.pod.startswith("ingress-nginx/ingress-nginx-controller-")
    assert "<center>nginx</center>" in miss.body


def test_nslookup_in_a_pod(lab):
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "bb"},
            "spec": {
                "containers": [
                    {"name": "bb", "image": "busybox:1.28", "command": ["sleep", "3600"]}
                ]
            },
        }
    )
    out = lab.kubectl("exec bb -- nslookup nginx.default.svc.cluster.local")
    assert out.splitlines()[3] == "Name:      nginx.default.svc.cluster.local"
    assert out.splitlines()[4] == f"Address 1: {cluster_ip(lab)} nginx.default.svc.cluster.local"


def test_dns_from_a_pod_walks_the_search_list(lab):
    a = lab.dns("nginx")
    assert a.rcode == "NOERROR" and a.answers == [cluster_ip(lab)]
    assert a.tried == ["nginx.default.svc.cluster.local"]
    miss = lab.dns("nope")
    assert miss.rcode == "NXDOMAIN"
    assert miss.tried == [
        "nope.default.svc.cluster.local",
        "nope.svc.cluster.local",
        "nope.cluster.local",
        "nope",
    ]


def test_same_seed_same_answers():
    def run():
        c = Cluster(seed=3)
        from .conftest import COURSE

        c.apply(COURSE)
        ip = cluster_ip(c)
        return [c.curl(f"http://{ip}", from_="node/node-2").pod for _ in range(20)]

    assert run() == run()


def test_tls_host_redirects_http_with_308_and_serves_https(lab, tmp_path):
    """ingress-nginx's default ssl-redirect for hosts listed under tls (user-guide/tls.md)."""
    import base64
    from pathlib import Path

    pem = (Path(__file__).parents[1] / "ingress" / "foo_example_com.pem").read_text()
    cert = pem[: pem.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----\n")]
    key = pem[len(cert) :] or "-----BEGIN PRIVATE KEY-----\nMA==\n-----END PRIVATE KEY-----\n"
    lab.kubectl(f"apply -f {INGRESS_NGINX}")
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "type": "kubernetes.io/tls",
            "metadata": {"name": "foo-tls"},
            "data": {
                "tls.crt": base64.b64encode(cert.encode()).decode(),
                "tls.key": base64.b64encode(key.encode()).decode(),
            },
        }
    )
    tls_ingress = INGRESS.replace("nginx.my.com", "foo.example.com").replace(
        "  rules:", "  tls:\n  - hosts:\n    - foo.example.com\n    secretName: foo-tls\n  rules:"
    )
    lab.apply(tls_ingress)
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    ports = {p["port"]: p["nodePort"] for p in svc["spec"]["ports"]}
    plain = lab.curl(
        f"http://127.0.0.1:{ports[80]}/a?b=1",
        headers={"Host": "foo.example.com"},
        from_="node/node-1",
    )
    assert plain.status == 308
    assert plain.headers["Location"] == "https://foo.example.com/a?b=1"
    strict = lab.curl(
        f"https://127.0.0.1:{ports[443]}/", headers={"Host": "foo.example.com"}, from_="node/node-1"
    )
    assert strict.curl_exit == 60
    ok = lab.curl(
        f"https://127.0.0.1:{ports[443]}/",
        headers={"Host": "foo.example.com"},
        from_="node/node-1",
        insecure=True,
    )
    assert ok.status == 200
    assert ok.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_traces_explain_themselves_in_spanish_for_the_course():
    from k8slab.addons.course import NGINX

    lab = Cluster(lang="es")
    lab.apply(NGINX)
    r = lab.curl(f"http://{cluster_ip(lab)}", from_="node/node-1")
    text = str(r.trace)
    assert text.startswith("cliente: una shell en el nodo node-1 (IP de origen 172.18.0.3)")
    assert "entregado al pod default/nginx-" in text
    assert text.endswith("resultado: HTTP 200")
    assert "-j KUBE-SERVICES" in text  # rule text is never translated
    assert r.trace.en().startswith("client: a shell on node node-1")
