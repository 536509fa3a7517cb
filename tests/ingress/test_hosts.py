"""Host matching rows from the Kubernetes docs ("Hostname wildcards") and conformance
host_rules.feature, plus nginx's $host normalisation as ingress-nginx uses it."""

from __future__ import annotations

import pytest

from k8slab.ingress import route
from k8slab.ingress.hosts import host_matches_api, host_matches_nginx, normalize_host

from .builders import NGINX, app, ingress, path, reader, rule

# Docs table: Host | Host header | Match?
WILDCARD_ROWS = [
    ("*.foo.com", "bar.foo.com", True),  # "Matches based on shared suffix"
    ("*.foo.com", "baz.bar.foo.com", False),  # "No match, wildcard only covers a single DNS label"
    ("*.foo.com", "foo.com", False),  # "No match, wildcard only covers a single DNS label"
    ("foo.bar.com", "foo.bar.com", True),
    ("foo.bar.com", "bar.foo.com", False),
]


@pytest.mark.parametrize(("rule_host", "header", "ok"), WILDCARD_ROWS)
def test_docs_hostname_rows(rule_host: str, header: str, ok: bool) -> None:
    """Do the API rule and ingress-nginx's server_name regex agree with the docs' rows?"""
    assert host_matches_api(rule_host, header) is ok
    assert host_matches_nginx(rule_host, header) is ok
    r = reader(ingress("w", rule(rule_host, path("/", "Prefix"))), *app("svc", "10.244.1.1"))
    d = route(r, controller=NGINX, host=header, path="/")
    assert (d.outcome == "backend") is ok
    if not ok:
        assert d.status == 404 and d.server == "_"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Foo.Example.COM:8080", "foo.example.com"),
        ("foo.example.com.", "foo.example.com"),
        (None, None),
        ("10.0.0.5:31080", "10.0.0.5"),
    ],
)
def test_host_header_port_and_case(header: str | None, expected: str | None) -> None:
    """nginx $host: port stripped, lower-cased (ingress-nginx server selection)."""
    assert normalize_host(header) == expected


def test_host_with_port_routes_and_is_labelled_nginx_behaviour() -> None:
    """The course's `curl -H "Host: nginx.my.com" 127.0.0.1:31238` style, with a port in Host."""
    r = reader(
        ingress("i", rule("foo.example.com", path("/", "Prefix"))), *app("svc", "10.244.1.1")
    )
    d = route(r, controller=NGINX, host="Foo.Example.COM:31238", path="/")
    assert d.outcome == "backend" and d.host == "foo.example.com"
    assert "host-port-and-case-ignored" in d.ingress_nginx_specific


def test_missing_host_uses_catch_all_rules() -> None:
    """A request without a matching host only sees host-less rules (server `_`)."""
    r = reader(
        ingress("named", rule("a.example.com", path("/", "Prefix", "a")), created=1),
        ingress("any", rule(None, path("/", "Prefix", "b")), created=2),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    assert route(r, controller=NGINX, host=None, path="/x").backend.service == "b"
    assert route(r, controller=NGINX, host="10.0.0.5", path="/").backend.service == "b"
    assert route(r, controller=NGINX, host="a.example.com", path="/").backend.service == "a"


def test_host_less_rule_is_not_consulted_for_a_declared_host() -> None:
    """ingress-nginx issue #7072: a host's own server lacks the host-less Ingress's paths."""
    r = reader(
        ingress("named", rule("a.example.com", path("/a", "Prefix", "a")), created=1),
        ingress("any", rule(None, path("/b", "Prefix", "b")), created=2),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    d = route(r, controller=NGINX, host="a.example.com", path="/b")
    assert d.status == 404
    assert any("issue #7072" in str(x) for x in d.explain)


def test_exact_host_beats_wildcard() -> None:
    """nginx server_name precedence: exact name before the wildcard regex."""
    r = reader(
        ingress("wild", rule("*.example.com", path("/", "Prefix", "w")), created=1),
        ingress("exact", rule("a.example.com", path("/", "Prefix", "e")), created=2),
        *app("w", "10.244.1.1"),
        *app("e", "10.244.1.2"),
    )
    assert route(r, controller=NGINX, host="a.example.com", path="/").backend.service == "e"
    assert route(r, controller=NGINX, host="b.example.com", path="/").backend.service == "w"
