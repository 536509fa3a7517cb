"""Backend Service → upstream servers, as ingress-nginx builds them.

Port (``controller.go serviceEndpoints``): the Ingress backend's port — ``number`` or ``name`` —
is compared, for each Service port in order, with the port number, the ``targetPort`` (as a
string) and the port name; the first hit wins. Matching a ``targetPort`` is an ingress-nginx
quirk: the Ingress API means the Service port.

Endpoints (``endpointslices.go getEndpointsFromSlices``): EndpointSlices labelled
``kubernetes.io/service-name=<svc>`` in the Service's namespace; a slice port is used when the
Service port has no name or the names are equal (a slice without ports falls back to a numeric
``targetPort``); endpoints whose ``conditions.ready`` is false are skipped (unset counts as
ready); duplicates ``ip:port`` are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from k8slab.api.reader import Reader

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


@dataclass(frozen=True)
class Endpoint:
    """One upstream server: ``ip:port`` and the Pod behind it (``"ns/name"``) if known."""

    ip: str
    port: int
    pod: str | None = None
    node: str | None = None

    def __str__(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass(frozen=True)
class ServicePortMatch:
    """Which Service port an Ingress backend port selected, and how."""

    port: int
    name: str
    target_port: int | str
    matched_by: str  # "port", "targetPort" or "name"


def match_service_port(service: dict, backend_port: int | str) -> ServicePortMatch | None:
    """The Service port ingress-nginx picks for an Ingress backend port (first hit wins)."""
    want = str(backend_port)
    for sp in (service.get("spec") or {}).get("ports") or []:
        number = sp.get("port")
        target = sp.get("targetPort", number)
        name = sp.get("name") or ""
        if str(number) == want:
            how = "port"
        elif str(target) == want:
            how = "targetPort"
        elif name == want:
            how = "name"
        else:
            continue
        return ServicePortMatch(int(number), name, target, how)
    return None


def ready_endpoints(reader: Reader, service: dict, port: ServicePortMatch) -> tuple[Endpoint, ...]:
    """Ready upstream servers of ``service`` for ``port``, in slice-name then listed order."""
    md = service.get("metadata", {})
    ns, svc = md.get("namespace", ""), md.get("name", "")
    out: list[Endpoint] = []
    seen: set[str] = set()
    for sl in reader.list("EndpointSlice", ns):
        if (sl.get("metadata", {}).get("labels") or {}).get(SERVICE_NAME_LABEL) != svc:
            continue
        if sl.get("addressType", "IPv4") not in ("IPv4", "IPv6"):
            continue
        ports: list[int] = []
        slice_ports = sl.get("ports") or []
        if not slice_ports and isinstance(port.target_port, int):
            ports.append(port.target_port)
        for p in slice_ports:
            if (p.get("protocol") or "TCP") != "TCP" or p.get("port") is None:
                continue
            if not port.name or (p.get("name") or "") == port.name:
                ports.append(int(p["port"]))
        for ep in sl.get("endpoints") or []:
            if (ep.get("conditions") or {}).get("ready") is False:
                continue
            ref = ep.get("targetRef") or {}
            pod = (
                f"{ref.get('namespace', ns)}/{ref['name']}"
                if ref.get("kind") == "Pod" and ref.get("name")
                else None
            )
            for p in ports:
                for addr in ep.get("addresses") or []:
                    key = f"{addr}:{p}"
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(Endpoint(addr, p, pod, ep.get("nodeName")))
    return tuple(out)
