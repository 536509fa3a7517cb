"""Catalogue of the behaviours a routing decision can depend on, each labelled with its layer.

The course runs ingress-nginx, so the router answers as ingress-nginx does on the wire; every
decision lists in ``RouteDecision.flags`` the names below that shaped it, so labs can say which
part is the Ingress API's rule (any conformant controller) and which part is ingress-nginx's or
nginx's own behaviour. Sources are cited per entry; see also ``/work/shared/notes/ingress.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layer = Literal["ingress-api", "ingress-nginx", "nginx"]

INGRESS_API: Layer = "ingress-api"
INGRESS_NGINX: Layer = "ingress-nginx"
NGINX: Layer = "nginx"


@dataclass(frozen=True)
class Behaviour:
    name: str
    layer: Layer
    summary: str
    source: str

    @property
    def ingress_nginx_specific(self) -> bool:
        """True for behaviour a different conformant Ingress controller need not share."""
        return self.layer != INGRESS_API


_ALL = [
    # --- Ingress API (kubernetes.io Ingress docs, networking/v1 types.go, conformance) ---
    Behaviour(
        "class-by-ingressClassName",
        INGRESS_API,
        "spec.ingressClassName names an IngressClass whose spec.controller picks the controller",
        "kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class",
    ),
    Behaviour(
        "default-ingress-class",
        INGRESS_API,
        "the DefaultIngressClass admission plugin writes the IngressClass annotated "
        "ingressclass.kubernetes.io/is-default-class=true into class-less Ingresses at creation",
        "kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class",
    ),
    Behaviour(
        "host-exact",
        INGRESS_API,
        "a precise host must equal the request's host",
        "Ingress docs 'Hostname wildcards'; conformance host_rules.feature",
    ),
    Behaviour(
        "host-wildcard-one-label",
        INGRESS_API,
        "'*.foo.com' matches exactly one extra DNS label",
        "Ingress docs 'Hostname wildcards'; conformance host_rules.feature",
    ),
    Behaviour(
        "host-less-rule",
        INGRESS_API,
        "a rule without host applies to all inbound HTTP traffic",
        "Ingress docs 'Ingress rules'",
    ),
    Behaviour(
        "path-exact",
        INGRESS_API,
        "Exact matches the URL path exactly, case-sensitively",
        "Ingress docs 'Path types'",
    ),
    Behaviour(
        "path-prefix-elements",
        INGRESS_API,
        "Prefix matches element by element on '/'-split paths, ignoring a trailing slash",
        "Ingress docs 'Path types' and 'Examples' table",
    ),
    Behaviour(
        "longest-path-wins",
        INGRESS_API,
        "with several matching paths the longest wins; at equal length Exact beats Prefix",
        "Ingress docs 'Multiple matches'",
    ),
    Behaviour(
        "ingress-default-backend",
        INGRESS_API,
        "spec.defaultBackend serves requests that match no rule of the Ingress",
        "Ingress docs 'DefaultBackend'; conformance default_backend.feature",
    ),
    # --- ingress-nginx (kubernetes/ingress-nginx controller v1.x) ---
    Behaviour(
        "class-annotation",
        INGRESS_NGINX,
        "the deprecated kubernetes.io/ingress.class annotation is honoured when it equals "
        "--ingress-class; ingressClassName is checked first",
        "ingress-nginx internal/ingress/controller/store/store.go GetIngressClass",
    ),
    Behaviour(
        "watch-ingress-without-class",
        INGRESS_NGINX,
        "class-less Ingresses are served only with --watch-ingress-without-class=true",
        "ingress-nginx store.go GetIngressClass; docs/user-guide/k8s-122-migration.md",
    ),
    Behaviour(
        "host-port-and-case-ignored",
        NGINX,
        "server selection uses the Host header's host part, lower-cased ($host)",
        "nginx docs 'How nginx processes a request', ngx_http_validate_host",
    ),
    Behaviour(
        "exact-host-beats-wildcard",
        NGINX,
        "an exact server_name beats a wildcard one (nginx server_name precedence)",
        "nginx docs server_name",
    ),
    Behaviour(
        "merge-ingresses-per-host",
        INGRESS_NGINX,
        "paths for one host from all served Ingresses (any namespace) are merged into one "
        "nginx server; the docs only define precedence within one Ingress",
        "ingress-nginx internal/ingress/controller/controller.go getBackendServers",
    ),
    Behaviour(
        "oldest-ingress-wins",
        INGRESS_NGINX,
        "for the same host + path + pathType in several Ingresses, the oldest (creationTimestamp, "
        "then namespace/name) keeps the location",
        "ingress-nginx docs/how-it-works.md; store.go ListIngresses sort; controller.go",
    ),
    Behaviour(
        "implementation-specific-as-prefix",
        INGRESS_NGINX,
        "pathType ImplementationSpecific is treated as Prefix (unless regex mode applies)",
        "ingress-nginx internal/k8s/main.go SetDefaultNGINXPathType",
    ),
    Behaviour(
        "prefix-as-two-locations",
        INGRESS_NGINX,
        "Prefix /p becomes 'location /p/' plus 'location = /p' (element-wise matching in nginx)",
        "ingress-nginx internal/ingress/controller/location.go updateServerLocations",
    ),
    Behaviour(
        "regex-mode",
        INGRESS_NGINX,
        "use-regex or rewrite-target on any Ingress of a host turns every location of that host "
        "into a case-insensitive regex '~* \"^path\"', tried longest first, first match wins",
        "ingress-nginx docs/user-guide/ingress-path-matching.md; template.go buildLocation",
    ),
    Behaviour(
        "nginx-auto-redirect-301",
        NGINX,
        "a request equal to a location name ending in '/' minus that slash gets 301 to the "
        "slashed form",
        "nginx ngx_http_core_module.c ngx_http_core_find_static_location (auto_redirect); "
        "nginx docs 'location'",
    ),
    Behaviour(
        "ssl-redirect-308",
        INGRESS_NGINX,
        "plain HTTP to a host with a certificate (a tls section covers it) gets 308 to https, "
        "one trailing slash dropped (ssl-redirect=true, http-redirect-code=308 by default)",
        "ingress-nginx rootfs/etc/nginx/lua/lua_ingress.lua redirect_to_https; docs/user-guide/tls.md",
    ),
    Behaviour(
        "force-ssl-redirect",
        INGRESS_NGINX,
        "force-ssl-redirect redirects to https even without a certificate",
        "ingress-nginx docs/user-guide/nginx-configuration/annotations.md#server-side-https-enforcement-through-redirect",
    ),
    Behaviour(
        "default-backend-own-hosts-only",
        INGRESS_NGINX,
        "an Ingress with rules and spec.defaultBackend uses that backend only as '/' of the "
        "hosts it creates; only a rule-less Ingress becomes the catch-all",
        "ingress-nginx controller.go createServers (PR #8825); e2e defaultbackend",
    ),
    Behaviour(
        "controller-default-backend-404",
        INGRESS_NGINX,
        "unmatched requests go to the controller's default backend, which answers 404",
        "ingress-nginx docs/user-guide/default-backend.md",
    ),
    Behaviour(
        "empty-upstream-503",
        INGRESS_NGINX,
        "a chosen backend Service that is missing or has no ready endpoints answers 503; the "
        "route is chosen before endpoints are looked at",
        "ingress-nginx Lua balancer; e2e servicebackend/service_backend.go",
    ),
    Behaviour(
        "service-port-match-quirk",
        INGRESS_NGINX,
        "the Ingress backend port is matched against each Service port's number, targetPort "
        "or name, in that order, first hit wins",
        "ingress-nginx controller.go serviceEndpoints",
    ),
    Behaviour(
        "tls-default-certificate",
        INGRESS_NGINX,
        "a host whose Secret is missing, invalid or does not cover it gets the default "
        "certificate (--default-ssl-certificate, else the generated fake certificate)",
        "ingress-nginx controller.go createServers/getDefaultSSLCertificate; docs/user-guide/tls.md",
    ),
    Behaviour(
        "tls-unlisted-host",
        INGRESS_NGINX,
        "every host of an Ingress with a tls section gets a certificate (the default one when "
        "it is missing from tls.hosts), so it is redirected to https too (issue #3258)",
        "ingress-nginx controller.go extractTLSSecretName",
    ),
    Behaviour(
        "duplicate-location",
        NGINX,
        "two identical location blocks make nginx reject the configuration",
        "nginx: [emerg] duplicate location; ingress-nginx #10090",
    ),
]

BEHAVIOURS: dict[str, Behaviour] = {b.name: b for b in _ALL}
