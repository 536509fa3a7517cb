"""Path matching: every row of the Kubernetes docs' "Examples" table, by the API rule and
through ingress-nginx.

Source: https://kubernetes.io/docs/concepts/services-networking/ingress/#examples (kubernetes/website
``content/en/docs/concepts/services-networking/ingress.md``), "Multiple matches" and the
ingress-nginx differences in /work/shared/notes/ingress.md §4 (nginx auto-redirect 301 for
locations ending in '/'; ingress-nginx location.go updateServerLocations).
"""

from __future__ import annotations

import pytest

from k8slab.ingress import route
from k8slab.ingress.paths import PathCandidate, api_choose, api_matches, prefix_matches

from .builders import NGINX, app, ingress, path, reader, rule

# (kind, [(path, pathType)], request, API: index of the winning path or None,
#  ingress-nginx: index of the winning path, "301 <location>", or "404")
DOCS_TABLE = [
    ("Prefix", [("/", "Prefix")], "/", 0, 0),
    ("Prefix", [("/", "Prefix")], "/anything/at/all", 0, 0),
    ("Exact", [("/foo", "Exact")], "/foo", 0, 0),
    ("Exact", [("/foo", "Exact")], "/bar", None, "404"),
    ("Exact", [("/foo", "Exact")], "/foo/", None, "404"),
    # Exact /foo/ vs /foo: API "No"; nginx auto-redirects to the slashed exact location.
    ("Exact", [("/foo/", "Exact")], "/foo", None, "301 http://example.com/foo/"),
    ("Prefix", [("/foo", "Prefix")], "/foo", 0, 0),
    ("Prefix", [("/foo", "Prefix")], "/foo/", 0, 0),
    # Prefix /foo/ vs /foo: API "Yes"; ingress-nginx answers 301 to /foo/ first.
    ("Prefix", [("/foo/", "Prefix")], "/foo", 0, "301 http://example.com/foo/"),
    ("Prefix", [("/foo/", "Prefix")], "/foo/", 0, 0),
    ("Prefix", [("/aaa/bb", "Prefix")], "/aaa/bbb", None, "404"),
    ("Prefix", [("/aaa/bbb", "Prefix")], "/aaa/bbb", 0, 0),
    # "Yes, ignores trailing slash" — ingress-nginx: 301 to /aaa/bbb/ first.
    ("Prefix", [("/aaa/bbb/", "Prefix")], "/aaa/bbb", 0, "301 http://example.com/aaa/bbb/"),
    ("Prefix", [("/aaa/bbb", "Prefix")], "/aaa/bbb/", 0, 0),  # "Yes, matches trailing slash"
    ("Prefix", [("/aaa/bbb", "Prefix")], "/aaa/bbb/ccc", 0, 0),  # "Yes, matches subpath"
    (
        "Prefix",
        [("/aaa/bbb", "Prefix")],
        "/aaa/bbbxyz",
        None,
        "404",
    ),  # "No, does not match string prefix"
    (
        "Prefix",
        [("/", "Prefix"), ("/aaa", "Prefix")],
        "/aaa/ccc",
        1,
        1,
    ),  # "Yes, matches /aaa prefix"
    ("Prefix", [("/", "Prefix"), ("/aaa", "Prefix"), ("/aaa/bbb", "Prefix")], "/aaa/bbb", 2, 2),
    (
        "Prefix",
        [("/", "Prefix"), ("/aaa", "Prefix"), ("/aaa/bbb", "Prefix")],
        "/ccc",
        0,
        0,
    ),  # "matches / prefix"
    ("Prefix", [("/aaa", "Prefix")], "/ccc", None, "404"),  # "No, uses default backend"
    ("Mixed", [("/foo", "Prefix"), ("/foo", "Exact")], "/foo", 1, 1),  # "Yes, prefers Exact"
]


def _ids(row: tuple) -> str:
    kind, paths, req, *_ = row
    return f"{kind}:{','.join(p for p, _ in paths)}<-{req}"


@pytest.mark.parametrize("row", DOCS_TABLE, ids=_ids)
def test_docs_table_by_the_api_rule(row: tuple) -> None:
    """Does the API-level chooser give the docs' answer for every example row?"""
    _, paths, request, api_winner, _ = row
    cands = [PathCandidate(p, t, i) for i, (p, t) in enumerate(paths)]
    chosen = api_choose(cands, request)
    assert (chosen.key if chosen else None) == api_winner


@pytest.mark.parametrize("row", DOCS_TABLE, ids=_ids)
def test_docs_table_through_ingress_nginx(row: tuple) -> None:
    """Does the routed request land where ingress-nginx would send it (the docs' answer, or the
    documented nginx 301 / default-backend 404)?"""
    _, paths, request, _, nginx = row
    objs = [
        ingress(
            "ex", rule("example.com", *[path(p, t, f"svc{i}") for i, (p, t) in enumerate(paths)])
        )
    ]
    for i in range(len(paths)):
        objs += app(f"svc{i}", f"10.244.1.{10 + i}")
    d = route(reader(*objs), controller=NGINX, host="example.com", path=request, scheme="http")
    if nginx == "404":
        assert (d.outcome, d.status) == ("controller_default_404", 404)
    elif isinstance(nginx, str):
        assert (d.outcome, d.status, f"301 {d.redirect_location}") == ("redirect_301", 301, nginx)
        assert "nginx-auto-redirect-301" in d.ingress_nginx_specific
    else:
        assert d.outcome == "backend"
        assert (d.path_index, d.backend.service) == (nginx, f"svc{nginx}")
        assert d.endpoint_addresses == [f"10.244.1.{10 + nginx}:8080"]


def test_prefix_is_case_sensitive() -> None:
    """Conformance path_rules.feature: Prefix /foo does not match /FOO."""
    assert not prefix_matches("/foo", "/FOO")
    r = reader(ingress("i", rule("h", path("/foo", "Prefix"))), *app("svc", "10.244.1.1"))
    assert route(r, controller=NGINX, host="h", path="/FOO").status == 404


def test_exact_with_query_string_matches_path_only() -> None:
    """API HTTPIngressRuleValue: only the path is matched, not the query."""
    r = reader(ingress("i", rule("h", path("/foo", "Exact"))), *app("svc", "10.244.1.1"))
    d = route(r, controller=NGINX, host="h", path="/foo?x=1")
    assert d.outcome == "backend" and d.nginx_location == "location = /foo"


def test_implementation_specific_is_prefix_in_ingress_nginx() -> None:
    """internal/k8s/main.go SetDefaultNGINXPathType: ImplementationSpecific → Prefix."""
    assert api_matches("ImplementationSpecific", "/foo", "/foo/bar") is None
    r = reader(
        ingress("i", rule("h", path("/foo", "ImplementationSpecific"))), *app("svc", "10.244.1.1")
    )
    d = route(r, controller=NGINX, host="h", path="/foo/bar")
    assert (d.outcome, d.path_type, d.effective_path_type) == (
        "backend",
        "ImplementationSpecific",
        "Prefix",
    )
    assert "implementation-specific-as-prefix" in d.flags
    assert route(r, controller=NGINX, host="h", path="/foobar").status == 404


def test_longest_match_across_ingresses_of_one_host() -> None:
    """ingress-nginx merges the paths of all Ingresses of a host; the longest wins."""
    r = reader(
        ingress("short", rule("h", path("/", "Prefix", "a")), created=1),
        ingress("long", rule("h", path("/api", "Prefix", "b")), created=2),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    d = route(r, controller=NGINX, host="h", path="/api/v1")
    assert (str(d.ingress), d.backend.service) == ("default/long", "b")
    assert "merge-ingresses-per-host" in d.flags
    assert any("matches, but '/api' is longer" in str(x) for x in d.explain)


def test_use_regex_on_a_neighbour_makes_the_host_case_insensitive() -> None:
    """docs/user-guide/ingress-path-matching.md warning: regex mode applies to the whole host."""
    r = reader(
        ingress("plain", rule("h", path("/p", "Prefix", "a")), created=1),
        ingress(
            "rx",
            rule("h", path("/re/[0-9]+", "ImplementationSpecific", "b")),
            annotations={"nginx.ingress.kubernetes.io/use-regex": "true"},
            created=2,
        ),
        *app("a", "10.244.1.1"),
        *app("b", "10.244.1.2"),
    )
    d = route(r, controller=NGINX, host="h", path="/P/x")
    assert (d.backend.service, d.nginx_location) == ("a", 'location ~* "^/p/"')
    assert "regex-mode" in d.ingress_nginx_specific
    assert route(r, controller=NGINX, host="h", path="/pq").backend.service == "a"
    assert route(r, controller=NGINX, host="h", path="/re/42").backend.service == "b"
    assert route(r, controller=NGINX, host="h", path="/re/x").status == 404
