"""Who can reach what, as on a real cluster, and curl's own errors for bad input."""

import pytest

from k8slab import ApiError, Cluster

from .conftest import cluster_ip, pods


def test_cluster_ip_is_not_reachable_from_outside(lab):
    r = lab.curl(f"http://{cluster_ip(lab)}")
    assert (r.status, r.error, r.curl_exit) == (0, "Connection timed out", 28)


def test_cluster_dns_names_do_not_resolve_from_a_node(lab):
    r = lab.curl("http://nginx.default.svc.cluster.local", from_="node/node-1")
    assert r.error == "Could not resolve host: nginx.default.svc.cluster.local"
    assert r.curl_output() == "curl: (6) Could not resolve host: nginx.default.svc.cluster.local\n"


def test_unknown_name_from_a_pod(lab):
    r = lab.curl("http://ngnix", from_=f"default/{pods(lab)[0]}")
    assert r.error == "Could not resolve host: ngnix"
    assert r.curl_exit == 6


def test_service_without_ready_endpoints_is_refused(lab):
    for p in pods(lab):
        lab.set_ready(p, False)
    r = lab.curl(f"http://{cluster_ip(lab)}", from_="node/node-1")
    assert r.error == "Connection refused"
    assert any("has no endpoints" in str(h) for h in r.trace)


def test_port_nothing_listens_on_is_refused(lab):
    lab.apply(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "wrong"},
            "spec": {"selector": {"app": "nginx"}, "ports": [{"port": 80, "targetPort": 8080}]},
        }
    )
    r = lab.curl(f"http://{cluster_ip(lab, 'wrong')}", from_="node/node-1")
    assert r.error == "Connection refused"


def test_unready_pods_never_answer(lab):
    names = pods(lab)
    lab.set_ready(names[0], False)
    ip = cluster_ip(lab)
    answered = {lab.curl(f"http://{ip}", from_="node/node-2").pod for _ in range(40)}
    assert f"default/{names[0]}" not in answered
    assert answered == {f"default/{n}" for n in names[1:]}


def test_load_balancer_ip_from_outside_only_with_a_cloud():
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "lb"},
        "spec": {"type": "LoadBalancer", "selector": {"app": "nginx"}, "ports": [{"port": 80}]},
    }
    from .conftest import COURSE

    cloud = Cluster(cloud=True)
    cloud.apply(COURSE)
    cloud.apply(svc)
    ip = cloud.api.get("Service", "default", "lb")["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert cloud.curl(f"http://{ip}").status == 200
    plain = Cluster()
    plain.apply(COURSE)
    plain.apply(svc)
    assert "ingress" not in plain.api.get("Service", "default", "lb")["status"]["loadBalancer"]


@pytest.mark.parametrize(
    ("url", "code", "message"),
    [
        ("ftp://nginx", 1, 'Protocol "ftp" not supported'),
        (
            "http://nginx:99999",
            3,
            "URL rejected: Port number was not a decimal number between 0 and 65535",
        ),
        ("http://", 3, "URL rejected: No host part in the URL"),
        ("http://ngi_nx!/", 3, "URL rejected: Bad hostname"),
        ("", 3, "URL rejected: Malformed input to a URL function"),
    ],
)
def test_bad_urls_get_curls_own_errors(lab, url, code, message):
    r = lab.curl(url, from_="node/node-1")
    assert (r.curl_exit, r.curl_output()) == (code, f"curl: ({code}) {message}\n")


def test_unknown_client_is_a_kubectl_style_error(lab):
    with pytest.raises(ApiError) as exc:
        lab.curl("http://nginx", from_="default/nope")
    assert exc.value.message == 'Error from server (NotFound): pods "nope" not found'


def test_odd_host_headers_reach_the_ingress_default_backend(lab):
    from .conftest import INGRESS, INGRESS_NGINX

    lab.kubectl(f"apply -f {INGRESS_NGINX}")
    lab.apply(INGRESS)
    svc = lab.api.get("Service", "ingress-nginx", "ingress-nginx-controller")
    http = next(p["nodePort"] for p in svc["spec"]["ports"] if p["port"] == 80)
    ok = lab.curl(
        f"http://127.0.0.1:{http}", headers={"Host": "NGINX.my.com:80"}, from_="node/node-1"
    )
    assert ok.status == 200  # ingress-nginx drops the port and ignores case
    for host in ("", "nginx.my.com.evil", "*.my.com"):
        r = lab.curl(f"http://127.0.0.1:{http}", headers={"Host": host}, from_="node/node-1")
        assert r.status == 404
