"""route(): which backend an ingress-nginx controller sends one HTTP request to, and why.

The walk mirrors the request inside the controller's nginx:

1. server selection from ``$host`` (:mod:`k8slab.ingress.hosts`);
2. location selection in that server (:mod:`k8slab.ingress.paths`) — nginx's 301 auto-redirect
   happens here, before anything else;
3. ingress-nginx's Lua rewrite phase: the HTTP→HTTPS redirect (308 by default) when the host has
   a certificate, or ``force-ssl-redirect``;
4. the upstream: the location's Service (port resolved, ready endpoints from EndpointSlices), the
   Ingress's ``spec.defaultBackend``, or the controller's default backend (404). An upstream with
   no endpoints answers 503.

``RouteDecision.explain`` says, in English, why every other rule did not win; ``flags`` names the
behaviours (see :data:`k8slab.ingress.behaviours.BEHAVIOURS`) the decision relied on, so a lab can
tell the Ingress API's rules from ingress-nginx's and nginx's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from k8slab.api.reader import Reader
from k8slab.ingress import pages
from k8slab.ingress.behaviours import BEHAVIOURS, INGRESS_API, INGRESS_NGINX, NGINX, Layer
from k8slab.ingress.config import ControllerConfig
from k8slab.ingress.endpoints import Endpoint, match_service_port, ready_endpoints
from k8slab.ingress.hosts import (
    CATCH_ALL,
    describe_host_mismatch,
    host_matches_api,
    normalize_host,
    select_server,
    strip_port,
)
from k8slab.ingress.model import IngressRef
from k8slab.ingress.paths import (
    EXACT,
    PathCandidate,
    api_choose,
    api_matches,
    describe_api_mismatch,
    find_location,
)
from k8slab.ingress.servers import (
    SOURCE_CONTROLLER_DEFAULT,
    SOURCE_INGRESS_DEFAULT,
    SOURCE_RULE,
    BackendRef,
    Configuration,
    Location,
    Server,
    build_configuration,
)
from k8slab.ingress.tls import CertificateSelection, default_certificate

Outcome = Literal[
    "backend",
    "default_backend",
    "controller_default_404",
    "controller_default_backend",
    "redirect_308",
    "redirect_301",
    "no_endpoints_503",
]


@dataclass(frozen=True)
class Reason:
    """One line of explanation, labelled with the layer whose rule it applies."""

    text: str
    layer: Layer

    def __str__(self) -> str:
        return f"[{self.layer}] {self.text}"


@dataclass(frozen=True)
class RouteDecision:
    """What the controller does with one request. Fields that do not apply are None/empty.

    ``outcome``: ``backend`` (a rule's Service answers), ``default_backend`` (an Ingress's
    ``spec.defaultBackend``), ``controller_default_404`` (the controller's default backend),
    ``controller_default_backend`` (``--default-backend-service`` answers), ``redirect_308``,
    ``redirect_301`` (nginx auto-redirect to the slashed path), ``no_endpoints_503``.
    ``status`` is the code the controller itself answers with, or None when a Pod answers.
    """

    outcome: Outcome
    status: int | None
    host: str | None
    server: str
    server_match: str
    ingress: IngressRef | None
    rule_index: int | None
    path_index: int | None
    path: str | None
    path_type: str | None
    effective_path_type: str | None
    nginx_location: str | None
    backend: BackendRef | None
    service_port: int | None
    target_port: int | str | None
    endpoints: tuple[Endpoint, ...]
    redirect_location: str | None
    certificate: CertificateSelection | None
    headers: tuple[tuple[str, str], ...]
    body: str | None
    explain: tuple[Reason, ...]
    flags: tuple[str, ...]

    @property
    def ingress_nginx_specific(self) -> tuple[str, ...]:
        """The flags that are ingress-nginx's or nginx's behaviour, not the Ingress API's."""
        return tuple(f for f in self.flags if BEHAVIOURS[f].ingress_nginx_specific)

    @property
    def endpoint_addresses(self) -> list[str]:
        return [str(e) for e in self.endpoints]


class _Walk:
    """Collects reasons and flags while one request is routed."""

    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        self.flags: list[str] = []

    def say(self, text: str, layer: Layer) -> None:
        self.reasons.append(Reason(text, layer))

    def flag(self, *names: str) -> None:
        for n in names:
            assert n in BEHAVIOURS, n
            if n not in self.flags:
                self.flags.append(n)


def _split_uri(path: str) -> tuple[str, str | None]:
    p, sep, q = path.partition("?")
    p = p.split("#", 1)[0] or "/"
    if not p.startswith("/"):
        p = "/" + p
    return p, (q if sep else None)


def _cert_configured(cfg: Configuration, host: str | None) -> CertificateSelection | None:
    """Lua ``certificate_configured_for_current_request``: by $host, then ``*.`` + parent."""
    if host is None:
        return None
    s = cfg.server(host)
    if s is not None and s.hostname != CATCH_ALL and s.certificate is not None:
        return s.certificate
    _, dot, parent = host.partition(".")
    if dot:
        s = cfg.server("*." + parent)
        if s is not None and s.certificate is not None:
            return s.certificate
    return None


def _loc_label(loc: Location) -> str:
    if loc.source == SOURCE_RULE:
        return f"Ingress {loc.ingress} rule {loc.rule_index} path {loc.path!r} ({loc.declared_path_type})"
    if loc.source == SOURCE_INGRESS_DEFAULT:
        return f"spec.defaultBackend of Ingress {loc.ingress}"
    return "the controller's default backend"


def _explain_classes(cfg: Configuration, w: _Walk) -> None:
    for d in cfg.classes:
        if not d.served:
            w.say(f"Ingress {d.ingress} is ignored by this controller: {d.reason}", d.layer)


def _explain_hosts(cfg: Configuration, server: Server, host: str | None, w: _Walk) -> None:
    for ref, ing in sorted(cfg.ingresses.items()):
        if not any(d.ingress == ref and d.served for d in cfg.classes):
            continue
        for ri, rule in enumerate((ing.get("spec") or {}).get("rules") or []):
            rh = rule.get("host")
            target = rh or CATCH_ALL
            if target == server.hostname:
                continue
            if rh and not host_matches_api(rh, host):
                w.say(f"Ingress {ref} rule {ri}: {describe_host_mismatch(rh, host)}", INGRESS_API)
            elif not rh:
                w.say(
                    f"Ingress {ref} rule {ri} has no host, but host {host!r} has its own server "
                    f"{server.hostname!r}: ingress-nginx only looks there (issue #7072)",
                    INGRESS_NGINX,
                )
                w.flag("merge-ingresses-per-host")
            else:
                w.say(
                    f"Ingress {ref} rule {ri}: wildcard {rh!r} loses to the exact server "
                    f"{server.hostname!r}",
                    NGINX,
                )
                w.flag("exact-host-beats-wildcard")


def _explain_paths(server: Server, chosen: Location | None, uri: str, w: _Walk) -> None:
    for loc in server.locations:
        if loc is chosen or loc.source != SOURCE_RULE:
            continue
        label = _loc_label(loc)
        if server.enforce_regex:
            w.say(
                f"{label}: regex mode, an earlier (longer) location matched first or it did not match",
                INGRESS_NGINX,
            )
            continue
        m = api_matches(loc.path_type, loc.path, uri)
        if not m:
            w.say(f"{label}: {describe_api_mismatch(loc.path_type, loc.path, uri)}", INGRESS_API)
        elif chosen is not None and chosen.source == SOURCE_RULE:
            if len(loc.path) < len(chosen.path):
                w.say(f"{label} matches, but {chosen.path!r} is longer", INGRESS_API)
            else:
                w.say(
                    f"{label} matches, but {chosen.path_type} {chosen.path!r} was preferred",
                    INGRESS_API,
                )


def _api_view(
    cfg: Configuration, server: Server, uri: str, chosen: Location | None, w: _Walk
) -> None:
    """Add the Ingress API text's answer when ingress-nginx's differs from it."""
    cands = [
        PathCandidate(loc.path, loc.declared_path_type or "", loc)
        for loc in server.locations
        if loc.source == SOURCE_RULE
    ]
    api = api_choose(cands, uri)
    if api is None:
        if (
            chosen is not None
            and chosen.source == SOURCE_RULE
            and chosen.declared_path_type in (EXACT, "Prefix")
        ):
            w.say(
                f"by the Ingress API text alone no path of host {server.hostname!r} matches {uri!r}; "
                f"ingress-nginx picks {chosen.path!r}",
                INGRESS_API,
            )
        return
    if chosen is None or api.key is not chosen:
        picked = _loc_label(chosen) if chosen is not None else "no location"
        w.say(
            f"by the Ingress API text alone {_loc_label(api.key)} would be chosen; ingress-nginx "  # type: ignore[arg-type]
            f"chose {picked}",
            INGRESS_API,
        )


def _service_upstream(
    reader: Reader, backend: BackendRef, w: _Walk
) -> tuple[int | None, int | str | None, tuple[Endpoint, ...]]:
    svc = reader.get("Service", backend.namespace, backend.service)
    if svc is None:
        w.say(
            f"Service {backend.namespace}/{backend.service} does not exist: its upstream is empty",
            INGRESS_NGINX,
        )
        return None, None, ()
    if (svc.get("spec") or {}).get("type") == "ExternalName":
        w.say(
            f"Service {backend.namespace}/{backend.service} is ExternalName: not simulated",
            INGRESS_NGINX,
        )
        return None, None, ()
    port = match_service_port(svc, backend.port)
    if port is None:
        w.say(
            f"Service {backend.namespace}/{backend.service} has no port matching {backend.port!r} "
            "(number, targetPort or name)",
            INGRESS_NGINX,
        )
        return None, None, ()
    if port.matched_by == "targetPort":
        w.say(
            f"Ingress port {backend.port!r} matched the targetPort of Service port {port.port} "
            "(ingress-nginx quirk; the API means the Service port)",
            INGRESS_NGINX,
        )
        w.flag("service-port-match-quirk")
    eps = ready_endpoints(reader, svc, port)
    return port.port, port.target_port, eps


def route(
    reader: Reader,
    *,
    controller: ControllerConfig,
    host: str | None,
    path: str,
    scheme: Literal["http", "https"] = "http",
    user_agent: str | None = None,
    configuration: Configuration | None = None,
) -> RouteDecision:
    """Route one request through an ingress-nginx controller.

    Parameters:
    - ``reader``: the store (``lab.api``) or a ``StaticReader``.
    - ``controller``: the controller's flags/ConfigMap (``controller_config_from_pod``).
    - ``host``: the Host header as sent (port and case allowed), or None when absent.
    - ``path``: the request target, path with optional ``?query``.
    - ``scheme``: ``"http"`` or ``"https"`` (the listener the request arrived on).
    - ``user_agent``: only changes error-page padding (MSIE/Chrome).
    - ``configuration``: a prebuilt :func:`build_configuration` result, to route many requests.
    """
    cfg = configuration if configuration is not None else build_configuration(reader, controller)
    w = _Walk()
    h = normalize_host(host)
    if host is not None and h != host:
        w.say(f"Host header {host!r} is matched as {h!r} (port removed, lower-cased)", NGINX)
        w.flag("host-port-and-case-ignored")
    server_name, how = select_server(cfg.server_names, h)
    server = cfg.server(server_name)
    assert server is not None
    if how == "exact":
        w.flag("host-exact")
    elif how == "wildcard":
        w.flag("host-wildcard-one-label")
    _explain_classes(cfg, w)
    _explain_hosts(cfg, server, h, w)
    for c in cfg.conflicts:
        if c.host == server.hostname:
            w.say(
                f"Ingress {c.loser} rule {c.rule_index} path {c.path!r} ({c.path_type}) is ignored: "
                f"the older Ingress {c.winner} already defines it for host {c.host!r}",
                INGRESS_NGINX,
            )
            w.flag("oldest-ingress-wins")
    for d in server.duplicates:
        w.say(f"nginx would reject this server's configuration: duplicate {d}", NGINX)
        w.flag("duplicate-location")
    if len({loc.ingress for loc in server.locations if loc.source == SOURCE_RULE}) > 1:
        w.flag("merge-ingresses-per-host")

    uri, query = _split_uri(path)
    request_uri = uri + (f"?{query}" if query is not None else "")
    match = find_location(list(server.nginx_locations), uri)
    hsts_cert = _cert_configured(cfg, h)
    certificate = None
    if scheme == "https":
        certificate = hsts_cert or default_certificate(
            reader, controller.default_ssl_certificate, h or CATCH_ALL
        )
    hsts = None
    if scheme == "https" and hsts_cert is not None and controller.hsts:
        hsts = f"max-age={controller.hsts_max_age}"
        if controller.hsts_include_subdomains:
            hsts += "; includeSubDomains"
        if controller.hsts_preload:
            hsts += "; preload"

    def finish(
        outcome: Outcome, status: int | None, loc: Location | None, **kw: object
    ) -> RouteDecision:
        body = kw.pop("body", None)
        location_hdr = kw.get("redirect_location")
        if status is not None and body is None:
            body = pages.error_page(
                status, server_tokens=controller.server_tokens, user_agent=user_agent
            )
        headers = (
            pages.response_headers(
                status,
                body,
                location=location_hdr,
                hsts=hsts,
                server_tokens=controller.server_tokens,  # type: ignore[arg-type]
            )
            if status is not None
            else ((("Strict-Transport-Security", hsts),) if hsts else ())
        )
        nl = kw.pop("nginx_location", None)
        return RouteDecision(
            outcome=outcome,
            status=status,
            host=h,
            server=server.hostname,
            server_match=how,
            ingress=loc.ingress if loc is not None else None,
            rule_index=loc.rule_index if loc is not None else None,
            path_index=loc.path_index if loc is not None else None,
            path=loc.path if loc is not None and loc.source == SOURCE_RULE else None,
            path_type=loc.declared_path_type if loc is not None else None,
            effective_path_type=loc.path_type
            if loc is not None and loc.source == SOURCE_RULE
            else None,
            nginx_location=nl,  # type: ignore[arg-type]
            backend=loc.backend if loc is not None else None,
            service_port=kw.get("service_port"),  # type: ignore[arg-type]
            target_port=kw.get("target_port"),  # type: ignore[arg-type]
            endpoints=kw.get("endpoints", ()),  # type: ignore[arg-type]
            redirect_location=location_hdr,  # type: ignore[arg-type]
            certificate=certificate,
            headers=headers,
            body=body,
            explain=tuple(w.reasons),
            flags=tuple(w.flags),
        )

    if match.redirect_path is not None:
        target = match.redirect_path + (f"?{query}" if query is not None else "")
        redirect = f"{scheme}://{h or server.hostname}{target}"
        w.say(
            f"nginx: {uri!r} equals the location {match.redirect_path!r} without its trailing slash, "
            f"so nginx answers 301 to {target!r} before any backend is involved",
            NGINX,
        )
        w.flag("nginx-auto-redirect-301")
        _explain_paths(server, None, uri, w)
        return finish("redirect_301", 301, None, redirect_location=redirect)

    assert match.location is not None, "every server has a root location"
    loc = server.locations[match.location.origin]
    nl = str(match.location)
    if server.enforce_regex:
        w.say(
            f"host {server.hostname!r} is in regex mode (use-regex or rewrite-target on one of its "
            f"Ingresses): every path is a case-insensitive regex anchored at the start; first match wins",
            INGRESS_NGINX,
        )
        w.flag("regex-mode")
    if loc.source == SOURCE_RULE:
        w.say(
            f"chosen: {_loc_label(loc)} as nginx {nl} ({match.how})",
            INGRESS_NGINX if server.enforce_regex else INGRESS_API,
        )
        w.flag("path-exact" if loc.path_type == EXACT else "path-prefix-elements")
        if loc.declared_path_type not in (EXACT, "Prefix"):
            w.say(
                f"pathType {loc.declared_path_type} is treated as Prefix by ingress-nginx",
                INGRESS_NGINX,
            )
            w.flag("implementation-specific-as-prefix")
        if loc.path_type != EXACT and loc.path != "/" and not server.enforce_regex:
            w.flag("prefix-as-two-locations")
        if len([x for x in server.locations if x.source == SOURCE_RULE]) > 1:
            w.flag("longest-path-wins")
    else:
        w.say(
            f"no path of server {server.hostname!r} matches {uri!r}: {_loc_label(loc)} answers",
            INGRESS_API,
        )
    if server.hostname == CATCH_ALL and h is not None and how == "catch-all":
        w.flag("host-less-rule")
    _explain_paths(server, loc, uri, w)
    _api_view(cfg, server, uri, loc, w)

    # ingress-nginx Lua rewrite phase: redirect_to_https (lua_ingress.lua)
    redirect = False
    if scheme == "http" and not loc.no_tls_redirect:
        if loc.force_ssl_redirect:
            redirect = True
            w.say("force-ssl-redirect is on for this location", INGRESS_NGINX)
            w.flag("force-ssl-redirect")
        elif loc.ssl_redirect and hsts_cert is not None:
            redirect = True
            w.say(
                f"host {h!r} has a certificate ({hsts_cert.reason}), so plain HTTP is redirected "
                f"(ssl-redirect, http-redirect-code={controller.http_redirect_code})",
                INGRESS_NGINX,
            )
            w.flag("ssl-redirect-308")
            if hsts_cert.is_default and hsts_cert.ingress is not None:
                w.flag("tls-default-certificate")
                if not hsts_cert.host_listed:
                    w.flag("tls-unlisted-host")
    if redirect:
        ru = request_uri
        if not loc.preserve_trailing_slash and ru.endswith("/"):
            ru = ru[:-1]
        redirect_host = strip_port(host) if host else (h or "")
        target = f"https://{redirect_host}{ru}"
        code = controller.http_redirect_code
        outcome: Outcome = "redirect_308" if code == 308 else "redirect_301"
        return finish(outcome, code, loc, redirect_location=target, nginx_location=nl)

    if loc.backend is None:
        if controller.default_backend_service:
            ns, _, name = controller.default_backend_service.partition("/")
            svc = reader.get("Service", ns, name)
            ports = (svc or {}).get("spec", {}).get("ports") or []
            if svc is not None and ports:
                pm = match_service_port(svc, ports[0].get("port"))
                eps = ready_endpoints(reader, svc, pm) if pm else ()
                if eps:
                    w.say(
                        f"the controller's --default-backend-service={controller.default_backend_service} answers",
                        INGRESS_NGINX,
                    )
                    return finish(
                        "controller_default_backend", None, loc, endpoints=eps, nginx_location=nl
                    )
        w.say("the controller's default backend answers 404", INGRESS_NGINX)
        w.flag("controller-default-backend-404")
        return finish("controller_default_404", 404, loc, nginx_location=nl)

    if loc.source == SOURCE_INGRESS_DEFAULT:
        w.flag("ingress-default-backend")
        if server.hostname != CATCH_ALL:
            w.flag("default-backend-own-hosts-only")
    svc_port, target_port, eps = _service_upstream(reader, loc.backend, w)
    if not eps:
        w.say(f"upstream {loc.backend} has no ready endpoints: 503", INGRESS_NGINX)
        w.flag("empty-upstream-503")
        return finish(
            "no_endpoints_503",
            503,
            loc,
            service_port=svc_port,
            target_port=target_port,
            nginx_location=nl,
        )
    outcome2: Outcome = "backend" if loc.source == SOURCE_RULE else "default_backend"
    return finish(
        outcome2,
        None,
        loc,
        service_port=svc_port,
        target_port=target_port,
        endpoints=eps,
        nginx_location=nl,
    )


__all__ = ["Outcome", "Reason", "RouteDecision", "route", "SOURCE_CONTROLLER_DEFAULT"]
