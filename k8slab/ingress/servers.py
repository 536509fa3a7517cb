"""The nginx servers and locations an ingress-nginx controller builds from the served Ingresses.

A one-pass rebuild from the store, in the order of ingress-nginx's ``getConfiguration``
(``internal/ingress/controller/controller.go``, controller v1.x):

1. ``createServers``: the catch-all server ``_`` starts with ``location /`` → the controller's
   default backend. For each served Ingress, oldest first: a ``spec.defaultBackend`` becomes the
   catch-all's root only if the Ingress has **no rules** (and no older one did so); otherwise it
   is the root of each server this Ingress *creates*, i.e. each of its hosts no older Ingress
   declared (PR #8825). A server is created per distinct rule host; host-less rules go to ``_``.
2. Certificates: each server gets one from the first Ingress with a rule for it and a ``tls``
   section (:mod:`k8slab.ingress.tls`); ``_`` always has the default certificate.
3. ``getBackendServers``: every path of every rule becomes a location of its host's server. The
   same path with the same (effective) type as an existing location is skipped — the older
   Ingress keeps it — except that it replaces the placeholder root ``/`` created in step 1.
4. Locations are sorted by path (descending) and then by path length (descending), stable.
5. ``updateServerLocations`` + ``buildLocation`` render the nginx ``location`` blocks
   (:mod:`k8slab.ingress.paths`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from k8slab.api.reader import Reader
from k8slab.ingress.classes import ClassDecision, served_ingresses
from k8slab.ingress.config import ControllerConfig, parse_go_bool
from k8slab.ingress.hosts import CATCH_ALL
from k8slab.ingress.model import IngressRef, annotations
from k8slab.ingress.paths import EXACT, IMPLEMENTATION_SPECIFIC, PREFIX, NginxLocation
from k8slab.ingress.tls import CertificateSelection, default_certificate, select_for_ingress

# Where a location's backend came from.
SOURCE_RULE = "rule"
SOURCE_INGRESS_DEFAULT = "ingress-default-backend"
SOURCE_CONTROLLER_DEFAULT = "controller-default-backend"

NO_TLS_REDIRECT_LOCATIONS = ("/.well-known/acme-challenge",)


@dataclass(frozen=True)
class BackendRef:
    """An Ingress backend: Service ``namespace/service`` and its port as written (number or name)."""

    namespace: str
    service: str
    port: int | str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.service}:{self.port}"


@dataclass(frozen=True)
class Location:
    """An ingress-nginx ``ingress.Location`` (before nginx rendering)."""

    path: str
    path_type: str  # effective type: Exact or Prefix
    declared_path_type: str | None
    source: str  # SOURCE_*
    backend: BackendRef | None  # None: the controller's default backend
    ingress: IngressRef | None
    rule_index: int | None = None
    path_index: int | None = None
    is_def_backend: bool = False  # ingress-nginx IsDefBackend: a placeholder a rule may replace
    use_regex: bool = False
    rewrite_target: str | None = None
    ssl_redirect: bool = True
    force_ssl_redirect: bool = False
    preserve_trailing_slash: bool = False

    @property
    def needs_rewrite(self) -> bool:
        return bool(self.rewrite_target) and self.rewrite_target != self.path

    @property
    def no_tls_redirect(self) -> bool:
        # ConfigMap no-tls-redirect-locations (default "/.well-known/acme-challenge").
        return any(self.path.startswith(p) for p in NO_TLS_REDIRECT_LOCATIONS)


@dataclass(frozen=True)
class Conflict:
    """A path a younger Ingress declared that an older one already holds (oldest wins)."""

    host: str
    path: str
    path_type: str
    winner: IngressRef | None
    loser: IngressRef
    rule_index: int
    path_index: int


@dataclass(frozen=True)
class Server:
    """One nginx ``server``: its locations in ingress-nginx order and rendered blocks."""

    hostname: str
    locations: tuple[Location, ...]
    nginx_locations: tuple[NginxLocation, ...]
    certificate: CertificateSelection | None
    enforce_regex: bool
    created_by: IngressRef | None
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Configuration:
    """Everything the controller derived from the store, in one value."""

    servers: tuple[Server, ...]
    classes: tuple[ClassDecision, ...]
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...] = ()
    ingresses: dict[IngressRef, dict] = field(default_factory=dict, compare=False, hash=False)

    def server(self, hostname: str) -> Server | None:
        for s in self.servers:
            if s.hostname == hostname:
                return s
        return None

    @property
    def server_names(self) -> list[str]:
        return [s.hostname for s in self.servers]


def effective_path_type(declared: str | None) -> str:
    """ingress-nginx's SetDefaultNGINXPathType: unset or ImplementationSpecific → Prefix."""
    if declared in (None, "", IMPLEMENTATION_SPECIFIC):
        return PREFIX
    return declared


def _backend(ns: str, b: dict | None) -> BackendRef | None:
    svc = (b or {}).get("service")
    if not svc or not svc.get("name"):
        return None
    port = svc.get("port") or {}
    value: int | str = port["number"] if "number" in port else port.get("name", "")
    return BackendRef(ns, svc["name"], value)


def _location_annotations(ing: dict | None, controller: ControllerConfig) -> dict:
    anns = annotations(ing) if ing is not None else {}
    a = controller.annotation
    return {
        "use_regex": parse_go_bool(anns.get(a("use-regex"), "false"), False),
        "rewrite_target": anns.get(a("rewrite-target")) or None,
        "ssl_redirect": parse_go_bool(anns.get(a("ssl-redirect"), ""), controller.ssl_redirect),
        "force_ssl_redirect": parse_go_bool(
            anns.get(a("force-ssl-redirect"), ""), controller.force_ssl_redirect
        ),
        "preserve_trailing_slash": parse_go_bool(
            anns.get(a("preserve-trailing-slash"), ""), controller.preserve_trailing_slash
        ),
    }


def _is_canary(ing: dict, controller: ControllerConfig) -> bool:
    return parse_go_bool(annotations(ing).get(controller.annotation("canary"), "false"), False)


def _render(
    locations: list[Location], enforce_regex: bool
) -> tuple[list[NginxLocation], list[str]]:
    """updateServerLocations + buildLocation; returns the blocks and any duplicates."""
    exact_paths = {loc.path for loc in locations if loc.path_type == EXACT}
    out: list[NginxLocation] = []

    def emit(name: str, exact: bool, origin: int) -> None:
        modifier = "~*" if enforce_regex else ("=" if exact else "")
        out.append(NginxLocation(modifier, name, origin))  # type: ignore[arg-type]

    for i, loc in enumerate(locations):
        is_exact = loc.path_type == EXACT
        if loc.path == "/" or not loc.path_type == PREFIX or loc.needs_rewrite or loc.use_regex:
            emit(loc.path, is_exact, i)
            continue
        normalized = loc.path if loc.path.endswith("/") else loc.path + "/"
        emit(normalized, False, i)
        if loc.path not in exact_paths:
            emit(loc.path, True, i)
    seen: set[tuple[str, str]] = set()
    kept: list[NginxLocation] = []
    duplicates: list[str] = []
    for nl in out:
        key = (nl.modifier, nl.name)
        if key in seen:
            duplicates.append(str(nl))
            continue
        seen.add(key)
        kept.append(nl)
    return kept, duplicates


def build_configuration(reader: Reader, controller: ControllerConfig) -> Configuration:
    """Rebuild the controller's servers from the store (see the module docstring)."""
    decisions = served_ingresses(reader, controller)
    served = [ing for ing, d in decisions if d.served]
    notes: list[str] = []
    by_ref = {IngressRef.of(ing): ing for ing, _ in decisions}

    controller_root = Location(
        "/",
        PREFIX,
        None,
        SOURCE_CONTROLLER_DEFAULT,
        None,
        None,
        is_def_backend=True,
        **_location_annotations(None, controller),
    )
    locs: dict[str, list[Location]] = {CATCH_ALL: [controller_root]}
    created_by: dict[str, IngressRef | None] = {CATCH_ALL: None}
    certs: dict[str, CertificateSelection | None] = {
        CATCH_ALL: default_certificate(reader, controller.default_ssl_certificate, CATCH_ALL)
    }

    live = []
    for ing in served:
        if _is_canary(ing, controller):
            notes.append(
                f"Ingress {IngressRef.of(ing)} is a canary; canary traffic splitting is not simulated"
            )
            continue
        live.append(ing)

    # 1. createServers
    for ing in live:
        ref = IngressRef.of(ing)
        spec = ing.get("spec") or {}
        rules = spec.get("rules") or []
        un = _backend(ref.namespace, spec.get("defaultBackend"))
        anns = _location_annotations(ing, controller)
        if un is not None:
            root = locs[CATCH_ALL][0]
            if root.is_def_backend and root.source == SOURCE_CONTROLLER_DEFAULT and not rules:
                # "Ingress defines a backend but no rule. Using it to configure the catch-all server"
                locs[CATCH_ALL][0] = replace(
                    root,
                    backend=un,
                    ingress=ref,
                    source=SOURCE_INGRESS_DEFAULT,
                    is_def_backend=False,
                )
        for rule in rules:
            host = rule.get("host") or CATCH_ALL
            if host in locs:
                continue
            locs[host] = [
                Location(
                    "/",
                    PREFIX,
                    None,
                    SOURCE_INGRESS_DEFAULT if un is not None else SOURCE_CONTROLLER_DEFAULT,
                    un,
                    ref,
                    is_def_backend=True,
                    **anns,
                )
            ]
            created_by[host] = ref
            certs[host] = None

    # 2. certificates
    for ing in live:
        spec = ing.get("spec") or {}
        if not spec.get("tls"):
            continue
        for rule in spec.get("rules") or []:
            host = rule.get("host") or CATCH_ALL
            if certs.get(host) is not None:
                continue
            certs[host] = select_for_ingress(reader, host, ing, controller.default_ssl_certificate)

    # 3. getBackendServers
    conflicts: list[Conflict] = []
    for ing in live:
        ref = IngressRef.of(ing)
        anns = _location_annotations(ing, controller)
        for ri, rule in enumerate((ing.get("spec") or {}).get("rules") or []):
            host = rule.get("host") or CATCH_ALL
            server = locs[host]
            http = rule.get("http")
            if not http:
                if host != CATCH_ALL:
                    notes.append(
                        f"Ingress {ref} rule {ri} (host {host!r}) has no http paths: the host uses its default backend"
                    )
                continue
            for pi, p in enumerate(http.get("paths") or []):
                backend = _backend(ref.namespace, p.get("backend"))
                if backend is None:
                    notes.append(
                        f"Ingress {ref} rule {ri} path {pi}: only Service backends are routed (resource backends are skipped)"
                    )
                    continue
                path = p.get("path") or "/"
                declared = p.get("pathType")
                ptype = effective_path_type(declared)
                new = Location(
                    path, ptype, declared, SOURCE_RULE, backend, ref, ri, pi, False, **anns
                )
                add = True
                for k, loc in enumerate(server):
                    if loc.path != path:
                        continue
                    if loc.path_type != ptype:
                        break  # same path, other type: allowed, a second location
                    add = False
                    if not loc.is_def_backend:
                        conflicts.append(Conflict(host, path, ptype, loc.ingress, ref, ri, pi))
                        break
                    server[k] = new  # replaces the placeholder root
                    break
                if add:
                    server.append(new)

    servers = []
    for host in sorted(locs):
        ordered = sorted(locs[host], key=lambda loc: loc.path, reverse=True)
        ordered = sorted(ordered, key=lambda loc: len(loc.path), reverse=True)
        enforce = any(loc.use_regex or loc.needs_rewrite for loc in ordered)
        rendered, dups = _render(ordered, enforce)
        servers.append(
            Server(
                host,
                tuple(ordered),
                tuple(rendered),
                certs.get(host),
                enforce,
                created_by.get(host),
                tuple(dups),
            )
        )
    return Configuration(
        tuple(servers), tuple(d for _, d in decisions), tuple(conflicts), tuple(notes), by_ref
    )
