"""What CoreDNS keeps of the cluster: cut-down Services, Endpoints and Pods, and their indexes.

Mirrors coredns/coredns ``plugin/kubernetes/object/`` (``service.go``, ``endpoint.go``,
``pod.go``) and the indexes of ``controller.go`` (``SvcIndex``, ``SvcIndexReverse``,
``EpIndex``, ``EpIndexReverse``, ``PodIndex``). As upstream's package doc warns, keep these
objects small: only what answers need.

``endpoint.go`` (``EndpointSliceToEndpoints``): one ``Endpoints`` per EndpointSlice, indexed by
its ``kubernetes.io/service-name`` label; endpoints whose ``conditions.ready`` is false are
dropped (nil counts as ready); a slice without ports gets the sentinel port -1; the target
pod's name is kept only when shorter than 64 characters.

The view is computed from a store snapshot in one pass (STYLE "For k8slab" 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slab.api.reader import Reader

CLUSTER_IP_NONE = "None"
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
LAST_CHANGE_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time"


@dataclass(frozen=True)
class ServicePort:
    name: str
    protocol: str
    port: int


@dataclass(frozen=True)
class Service:
    """``object.Service``."""

    name: str
    namespace: str
    type: str
    cluster_ips: tuple[str, ...]
    external_name: str
    ports: tuple[ServicePort, ...]
    external_ips: tuple[str, ...] = ()

    @property
    def index(self) -> str:
        return service_key(self.name, self.namespace)

    @property
    def headless(self) -> bool:
        return bool(self.cluster_ips) and self.cluster_ips[0] == CLUSTER_IP_NONE


@dataclass(frozen=True)
class EndpointAddress:
    ip: str
    hostname: str = ""
    node_name: str = ""
    target_ref_name: str = ""


@dataclass(frozen=True)
class EndpointPort:
    port: int
    name: str = ""
    protocol: str = ""


@dataclass(frozen=True)
class Endpoints:
    """``object.Endpoints`` made from one EndpointSlice (a single subset)."""

    name: str
    namespace: str
    index: str
    addresses: tuple[EndpointAddress, ...]
    ports: tuple[EndpointPort, ...]


@dataclass(frozen=True)
class Pod:
    name: str
    namespace: str
    pod_ip: str


@dataclass(frozen=True)
class DnsView:
    """The informer caches and indexes the handler reads (``dnsController``)."""

    services: dict[str, tuple[Service, ...]] = field(default_factory=dict)
    services_by_ip: dict[str, tuple[Service, ...]] = field(default_factory=dict)
    endpoints: dict[str, tuple[Endpoints, ...]] = field(default_factory=dict)
    endpoints_by_ip: dict[str, tuple[Endpoints, ...]] = field(default_factory=dict)
    pods_by_ip: dict[str, tuple[Pod, ...]] = field(default_factory=dict)
    namespaces: frozenset[str] = frozenset()
    modified: int = 0

    def svc_index(self, key: str) -> tuple[Service, ...]:
        return self.services.get(key, ())

    def svc_index_reverse(self, ip: str) -> tuple[Service, ...]:
        return self.services_by_ip.get(ip, ())

    def ep_index(self, key: str) -> tuple[Endpoints, ...]:
        return self.endpoints.get(key, ())

    def ep_index_reverse(self, ip: str) -> tuple[Endpoints, ...]:
        return self.endpoints_by_ip.get(ip, ())

    def pod_index(self, ip: str) -> tuple[Pod, ...]:
        return self.pods_by_ip.get(ip, ())

    def namespace_exists(self, name: str) -> bool:
        return name in self.namespaces


def service_key(name: str, namespace: str) -> str:
    """``object.ServiceKey`` / ``EndpointsKey``: ``name.namespace``."""
    return f"{name}.{namespace}"


def _service(obj: dict) -> Service:
    md, spec = obj["metadata"], obj.get("spec") or {}
    ips = tuple(spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []))
    ports = tuple(
        ServicePort(p.get("name") or "", p.get("protocol") or "TCP", int(p.get("port") or 0))
        for p in spec.get("ports") or []
    )
    return Service(
        name=md["name"],
        namespace=md.get("namespace", ""),
        type=spec.get("type") or "ClusterIP",
        cluster_ips=ips,
        external_name=spec.get("externalName") or "",
        ports=ports,
        external_ips=tuple(spec.get("externalIPs") or ()),
    )


def _endpoints(obj: dict) -> Endpoints:
    md = obj["metadata"]
    ports = tuple(
        EndpointPort(
            int(p["port"]) if p.get("port") is not None else -1,
            p.get("name") or "",
            p.get("protocol") or "",
        )
        for p in obj.get("ports") or []
    ) or (EndpointPort(-1),)
    addrs: list[EndpointAddress] = []
    for ep in obj.get("endpoints") or []:
        ready = (ep.get("conditions") or {}).get("ready")
        if ready is False:
            continue
        ref = (ep.get("targetRef") or {}).get("name") or ""
        for a in ep.get("addresses") or []:
            addrs.append(
                EndpointAddress(
                    ip=a,
                    hostname=ep.get("hostname") or "",
                    node_name=ep.get("nodeName") or "",
                    target_ref_name=ref if len(ref) < 64 else "",
                )
            )
    svc = (md.get("labels") or {}).get(SERVICE_NAME_LABEL, "")
    ns = md.get("namespace", "")
    return Endpoints(md["name"], ns, service_key(svc, ns), tuple(addrs), ports)


def _unix(ts: str | None) -> int:
    if not ts:
        return 0
    from datetime import datetime

    try:
        return int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return 0


def build_view(reader: Reader) -> DnsView:
    """Build every index from one snapshot of the store."""
    services: dict[str, list[Service]] = {}
    by_ip: dict[str, list[Service]] = {}
    modified = 0
    for obj in reader.list("Service"):
        s = _service(obj)
        services.setdefault(s.index, []).append(s)
        if not s.headless and s.type != "ExternalName":
            for ip in s.cluster_ips:
                by_ip.setdefault(ip, []).append(s)
        modified = max(modified, _unix(obj["metadata"].get("creationTimestamp")))
    endpoints: dict[str, list[Endpoints]] = {}
    ep_by_ip: dict[str, list[Endpoints]] = {}
    for obj in reader.list("EndpointSlice"):
        e = _endpoints(obj)
        endpoints.setdefault(e.index, []).append(e)
        for a in e.addresses:
            lst = ep_by_ip.setdefault(a.ip, [])
            if not lst or lst[-1] is not e:
                lst.append(e)
        md = obj["metadata"]
        modified = max(
            modified,
            _unix(md.get("creationTimestamp")),
            _unix((md.get("annotations") or {}).get(LAST_CHANGE_ANNOTATION)),
        )
    pods: dict[str, list[Pod]] = {}
    for obj in reader.list("Pod"):
        status = obj.get("status") or {}
        ips = [p.get("ip") for p in status.get("podIPs") or [] if p.get("ip")] or (
            [status["podIP"]] if status.get("podIP") else []
        )
        md = obj["metadata"]
        for ip in ips:
            pods.setdefault(ip, []).append(Pod(md["name"], md.get("namespace", ""), ip))
    namespaces = frozenset(o["metadata"]["name"] for o in reader.list("Namespace"))
    return DnsView(
        services={k: tuple(v) for k, v in services.items()},
        services_by_ip={k: tuple(v) for k, v in by_ip.items()},
        endpoints={k: tuple(v) for k, v in endpoints.items()},
        endpoints_by_ip={k: tuple(v) for k, v in ep_by_ip.items()},
        pods_by_ip={k: tuple(v) for k, v in pods.items()},
        namespaces=namespaces,
        modified=modified,
    )
