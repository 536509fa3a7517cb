"""route(): TLS redirect, default backends, empty upstreams, conflicts and the explanation.

Upstream: ingress-nginx controller.go (createServers, getBackendServers), lua_ingress.lua
(redirect_to_https), docs/user-guide/tls.md and default-backend.md, docs/how-it-works.md
("oldest rule wins"), e2e servicebackend/service_backend.go (503).
"""

from __future__ import annotations

from k8slab.ingress import ControllerConfig, route

from .builders import NGINX, app, backend, ingress, path, reader, rule, service, slice_, tls_secret


def test_tls_host_over_http_gets_308_to_https_without_trailing_slash() -> None:
    r = reader(
        ingress(
            "t",
            rule("foo.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["foo.example.com"], "secretName": "foo-tls"}],
        ),
        tls_secret("foo-tls", "foo_example_com.pem"),
        *app("svc", "10.244.1.1"),
    )
    d = route(r, controller=NGINX, host="foo.example.com:30080", path="/a/b/?q=1")
    assert (d.outcome, d.status, d.redirect_location) == (
        "redirect_308",
        308,
        "https://foo.example.com/a/b/?q=1",
    )
    d = route(r, controller=NGINX, host="foo.example.com", path="/a/")
    assert d.redirect_location == "https://foo.example.com/a"  # one trailing '/' dropped
    assert dict(d.headers)["Location"] == "https://foo.example.com/a"
    assert dict(d.headers)["Content-Length"] == "164"
    assert "ssl-redirect-308" in d.ingress_nginx_specific
    https = route(r, controller=NGINX, host="foo.example.com", path="/a/", scheme="https")
    assert https.outcome == "backend"
    assert (https.certificate.source, https.certificate.secret) == (
        "ingress-secret",
        "default/foo-tls",
    )
    assert https.certificate.certificate.dns_names == ("foo.example.com", "*.wild.example.com")
    assert dict(https.headers)["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_tls_section_without_secret_still_redirects_and_serves_the_fake_certificate() -> None:
    r = reader(
        ingress(
            "t",
            rule("foo.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["foo.example.com"], "secretName": "missing"}],
        ),
        *app("svc", "10.244.1.1"),
    )
    assert route(r, controller=NGINX, host="foo.example.com", path="/").status == 308
    c = route(r, controller=NGINX, host="foo.example.com", path="/", scheme="https").certificate
    assert (c.source, c.certificate.subject) == (
        "fake",
        "O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate",
    )
    assert "does not exist" in c.reason


def test_certificate_not_covering_host_falls_back_to_default() -> None:
    r = reader(
        ingress(
            "t",
            rule("bar.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["bar.example.com"], "secretName": "foo-tls"}],
        ),
        tls_secret("foo-tls", "foo_example_com.pem"),
        *app("svc", "10.244.1.1"),
    )
    c = route(r, controller=NGINX, host="bar.example.com", path="/", scheme="https").certificate
    assert c.source == "fake" and "cover" in c.reason


def test_ssl_redirect_false_annotation_and_force_ssl_redirect() -> None:
    off = reader(
        ingress(
            "t",
            rule("foo.example.com", path("/", "Prefix")),
            tls=[{"hosts": ["foo.example.com"], "secretName": "foo-tls"}],
            annotations={"nginx.ingress.kubernetes.io/ssl-redirect": "false"},
        ),
        tls_secret("foo-tls", "foo_example_com.pem"),
        *app("svc", "10.244.1.1"),
    )
    assert route(off, controller=NGINX, host="foo.example.com", path="/").outcome == "backend"
    forced = reader(
        ingress(
            "t",
            rule("plain.example.com", path("/", "Prefix")),
            annotations={"nginx.ingress.kubernetes.io/force-ssl-redirect": "true"},
        ),
        *app("svc", "10.244.1.1"),
    )
    d = route(forced, controller=NGINX, host="plain.example.com", path="/x")
    assert (d.status, d.redirect_location) == (308, "https://plain.example.com/x")
    assert "force-ssl-redirect" in d.flags


def test_host_without_tls_is_not_redirected() -> None:
    r = reader(
        ingress("t", rule("foo.example.com", path("/", "Prefix"))), *app("svc", "10.244.1.1")
    )
    assert route(r, controller=NGINX, host="foo.example.com", path="/").outcome == "backend"


def test_rule_less_ingress_default_backend_takes_all_traffic() -> None:
    """Docs "Single Service Ingress"; conformance default_backend.feature."""
    r = reader(ingress("single", default_backend=backend("svc")), *app("svc", "10.244.1.1"))
    for host, p in [("anything.example.com", "/"), (None, "/x/y")]:
        d = route(r, controller=NGINX, host=host, path=p)
        assert (d.outcome, str(d.ingress), d.endpoint_addresses) == (
            "default_backend",
            "default/single",
            ["10.244.1.1:8080"],
        )


def test_default_backend_with_rules_serves_only_its_own_hosts() -> None:
    """ingress-nginx PR #8825: spec.defaultBackend of an Ingress with rules is '/' of its hosts."""
    r = reader(
        ingress(
            "i",
            rule("a.example.com", path("/app", "Prefix", "app")),
            default_backend=backend("fallback"),
        ),
        *app("app", "10.244.1.1"),
        *app("fallback", "10.244.1.2"),
    )
    d = route(r, controller=NGINX, host="a.example.com", path="/other")
    assert (d.outcome, d.backend.service) == ("default_backend", "fallback")
    assert "default-backend-own-hosts-only" in d.ingress_nginx_specific
    other = route(r, controller=NGINX, host="b.example.com", path="/other")
    assert other.outcome == "controller_default_404"


def test_unmatched_request_gets_the_controller_404_page() -> None:
    r = reader(
        ingress("i", rule("a.example.com", path("/app", "Prefix"))), *app("svc", "10.244.1.1")
    )
    d = route(r, controller=NGINX, host="a.example.com", path="/nope")
    assert (d.outcome, d.status) == ("controller_default_404", 404)
    assert d.body.startswith("<html>\r\n<head><title>404 Not Found</title></head>")
    assert dict(d.headers)["Server"] == "nginx"


def test_no_ready_endpoints_gives_503_even_if_a_shorter_path_is_healthy() -> None:
    r = reader(
        ingress("i", rule("h", path("/", "Prefix", "healthy"), path("/api", "Prefix", "down"))),
        *app("healthy", "10.244.1.1"),
        service("down"),
        slice_("down", "10.244.1.9", ready=[False]),
    )
    d = route(r, controller=NGINX, host="h", path="/api/x")
    assert (d.outcome, d.status, d.backend.service, d.endpoints) == (
        "no_endpoints_503",
        503,
        "down",
        (),
    )
    assert "503 Service Temporarily Unavailable" in d.body


def test_missing_service_gives_503() -> None:
    r = reader(ingress("i", rule("h", path("/", "Prefix", "ghost"))))
    d = route(r, controller=NGINX, host="h", path="/")
    assert d.status == 503 and any("does not exist" in str(x) for x in d.explain)


def test_named_service_port_resolves_to_target_port() -> None:
    r = reader(
        ingress("i", rule("h", path("/", "Prefix", "web", "http"))),
        service("web", port=80, target=8080, port_name="http"),
        slice_("web", "10.244.1.1", "10.244.1.2", port=8080, port_name="http", ready=[True, False]),
    )
    d = route(r, controller=NGINX, host="h", path="/")
    assert (d.service_port, d.target_port, d.endpoint_addresses) == (80, 8080, ["10.244.1.1:8080"])


def test_oldest_ingress_wins_a_conflict() -> None:
    """docs/how-it-works.md: same host + path + type in two Ingresses → the oldest keeps it."""
    r = reader(
        ingress("newer", rule("h", path("/", "Prefix", "b")), created=5, ns="aaa"),
        ingress("older", rule("h", path("/", "Prefix", "a")), created=1, ns="zzz"),
        *app("a", "10.244.1.1", ns="zzz"),
        *app("b", "10.244.1.2", ns="aaa"),
    )
    d = route(r, controller=NGINX, host="h", path="/")
    assert (str(d.ingress), d.backend.service) == ("zzz/older", "a")
    assert "oldest-ingress-wins" in d.ingress_nginx_specific
    assert any("older Ingress zzz/older already defines it" in str(x) for x in d.explain)


def test_exact_and_prefix_same_path_in_two_ingresses_coexist() -> None:
    r = reader(
        ingress("p", rule("h", path("/foo", "Prefix", "a")), created=1),
        ingress("e", rule("h", path("/foo", "Exact", "b")), created=2),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    assert route(r, controller=NGINX, host="h", path="/foo").backend.service == "b"
    assert route(r, controller=NGINX, host="h", path="/foo/x").backend.service == "a"


def test_explain_lists_why_other_rules_did_not_match() -> None:
    r = reader(
        ingress(
            "i",
            rule("a.example.com", path("/", "Prefix", "a")),
            rule("b.example.com", path("/aaa", "Prefix", "b"), path("/x", "Exact", "c")),
        ),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    d = route(r, controller=NGINX, host="b.example.com", path="/aaaccc")
    text = "\n".join(str(x) for x in d.explain)
    assert "rule 0: host 'b.example.com' is not 'a.example.com'" in text
    assert "matches whole path elements only" in text
    assert "Exact '/x' is not the path '/aaaccc'" in text


def test_default_backend_service_flag() -> None:
    cfg = ControllerConfig(default_backend_service="ingress-nginx/custom-404")
    r = reader(*app("custom-404", "10.244.9.9", ns="ingress-nginx"))
    d = route(r, controller=cfg, host="x", path="/")
    assert (d.outcome, d.endpoint_addresses) == ("controller_default_backend", ["10.244.9.9:8080"])
