"""Host matching: the Ingress API's rule and nginx's server selection as ingress-nginx sets it up.

Ingress API (kubernetes.io Ingress docs, "Hostname wildcards"; networking/v1 ``IngressRule.host``):
a precise host must equal the request's host; in ``*.foo.com`` the ``*`` is the whole first label
and stands for exactly one label, so ``bar.foo.com`` matches and ``baz.bar.foo.com`` and
``foo.com`` do not; a rule without ``host`` applies to every request.

nginx / ingress-nginx: the server is chosen from ``$host`` — the Host header's host part with
any ``:port`` removed, lower-cased (nginx ``ngx_http_validate_host``; a trailing dot is dropped
too). ingress-nginx renders a wildcard host as the regex server_name
``~^(?<subdomain>[\\w-]+)\\.foo\\.com$`` (``template.go buildServerName``), one label of word
characters or ``-``; an exact server_name beats any regex one; no match → the catch-all server
``_`` (the rules without host).
"""

from __future__ import annotations

import re

CATCH_ALL = "_"


def normalize_host(host_header: str | None) -> str | None:
    """nginx's ``$host`` from a Host header value: port stripped, lower-cased; None if absent.

    IPv6 literals (``[::1]:80``) keep their brackets; they never equal an Ingress host.
    """
    if host_header is None:
        return None
    h = host_header.strip()
    if not h:
        return None
    if h.startswith("["):
        end = h.find("]")
        h = h[: end + 1] if end != -1 else h
    else:
        h = h.split(":", 1)[0]
    h = h.rstrip(".").lower()
    return h or None


def strip_port(host_header: str) -> str:
    """Host header without ``:port``, case kept (ingress-nginx's ``redirect_host()`` in Lua)."""
    return host_header.split(":", 1)[0]


def is_wildcard(rule_host: str) -> bool:
    return rule_host.startswith("*.")


def wildcard_regex(rule_host: str) -> re.Pattern[str]:
    """The server_name regex ingress-nginx writes for ``*.suffix`` (``buildServerName``)."""
    suffix = rule_host[2:]
    return re.compile(r"^(?P<subdomain>[\w-]+)\." + re.escape(suffix) + "$")


def host_matches_api(rule_host: str | None, request_host: str | None) -> bool:
    """The Ingress API rule: equal host, or ``*.x`` for exactly one extra label; no host = all."""
    if not rule_host:
        return True
    if request_host is None:
        return False
    if is_wildcard(rule_host):
        suffix = rule_host[1:]  # ".foo.com"
        if not request_host.endswith(suffix):
            return False
        label = request_host[: -len(suffix)]
        return bool(label) and "." not in label
    return rule_host == request_host


def host_matches_nginx(server_name: str, request_host: str | None) -> bool:
    """Whether an ingress-nginx server for ``server_name`` accepts ``$host`` (lower-cased)."""
    if request_host is None:
        return False
    if is_wildcard(server_name):
        return wildcard_regex(server_name.lower()).match(request_host) is not None
    return server_name.lower() == request_host


def select_server(server_names: list[str], request_host: str | None) -> tuple[str, str]:
    """The server nginx picks for ``request_host`` and how: ``("exact"|"wildcard"|"catch-all")``.

    nginx precedence (docs "server_name"): exact name, then (ingress-nginx renders wildcards as
    regexes) the first matching regex in configuration order — servers are sorted by hostname
    (controller.go getBackendServers) — then the default server ``_``.
    """
    if request_host is not None:
        for name in server_names:
            if name != CATCH_ALL and not is_wildcard(name) and name.lower() == request_host:
                return name, "exact"
        for name in sorted(server_names):
            if is_wildcard(name) and host_matches_nginx(name, request_host):
                return name, "wildcard"
    return CATCH_ALL, "catch-all"


def describe_host_mismatch(rule_host: str, request_host: str | None) -> str:
    """Why ``rule_host`` does not match (English, for ``RouteDecision.explain``)."""
    if request_host is None:
        return f"rule host {rule_host!r} needs a Host header; the request has none"
    if is_wildcard(rule_host):
        suffix = rule_host[1:]
        if request_host == rule_host[2:]:
            return (
                f"wildcard {rule_host!r} needs exactly one label before {suffix!r}; "
                f"{request_host!r} has none"
            )
        if request_host.endswith(suffix):
            return (
                f"wildcard {rule_host!r} matches exactly one label; "
                f"{request_host[: -len(suffix)]!r} has several"
            )
        return f"host {request_host!r} does not end in {suffix!r}"
    return f"host {request_host!r} is not {rule_host!r}"
