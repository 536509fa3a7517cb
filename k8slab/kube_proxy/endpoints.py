"""Endpoint views built from EndpointSlices, and ``categorize_endpoints``.

``endpoints_by_service_port`` follows kubernetes/kubernetes ``pkg/proxy/endpointslicecache.go``
(``addEndpoints``/``endpointInfoByServicePort``): one entry per ``ip:port`` per service port,
first address only, conditions defaulted as the cache does, local copies winning duplicates,
sorted by the ``ip:port`` string. ``categorize_endpoints`` is ``pkg/proxy/topology.go``
``CategorizeEndpoints`` (topology hints aside).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import chains
from .rules import normalize_ipv4
from .serviceport import ServicePortInfo, ServicePortName

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


@dataclass(frozen=True, slots=True)
class EndpointInfo:
    """One endpoint of one service port (``BaseEndpointInfo`` + the iptables ``ChainName``)."""

    ip: str
    port: int
    is_local: bool
    ready: bool
    serving: bool
    terminating: bool
    node_name: str
    chain_name: str

    def __str__(self) -> str:
        return f"{self.ip}:{self.port}"


def endpoints_by_service_port(
    slices: Iterable[dict], node_name: str
) -> dict[ServicePortName, list[EndpointInfo]]:
    """Every IPv4 EndpointSlice's endpoints grouped by service port, as kube-proxy caches them.

    Conditions: ``ready`` and ``serving`` are true unless explicitly false; ``terminating`` only
    when explicitly true. An endpoint is local when its ``nodeName`` is ``node_name``. Slices
    without the ``kubernetes.io/service-name`` label are ignored.
    """
    merged: dict[ServicePortName, dict[str, EndpointInfo]] = {}
    for eps in slices:
        if (eps.get("addressType") or "IPv4") != "IPv4":
            continue
        meta = eps.get("metadata") or {}
        svc_name = (meta.get("labels") or {}).get(SERVICE_NAME_LABEL)
        if not svc_name:
            continue
        namespace = meta.get("namespace", "")
        for p in eps.get("ports") or []:
            if p.get("port") is None:
                continue
            spn = ServicePortName(
                namespace, svc_name, p.get("name") or "", (p.get("protocol") or "TCP").upper()
            )
            name_string = str(spn)
            proto = spn.protocol.lower()
            bucket = merged.setdefault(spn, {})
            for ep in eps.get("endpoints") or []:
                addrs = ep.get("addresses") or []
                if not addrs:
                    continue
                ip = normalize_ipv4(addrs[0])
                if ip is None:
                    continue
                cond = ep.get("conditions") or {}
                node = ep.get("nodeName") or ""
                key = f"{ip}:{int(p['port'])}"
                info = EndpointInfo(
                    ip=ip,
                    port=int(p["port"]),
                    is_local=bool(node) and node == node_name,
                    ready=cond.get("ready") is not False,
                    serving=cond.get("serving") is not False,
                    terminating=cond.get("terminating") is True,
                    node_name=node,
                    chain_name=chains.service_port_endpoint_chain_name(name_string, proto, key),
                )
                # A duplicate ip:port keeps the local copy (endpointslicecache.go addEndpoints).
                if key not in bucket or info.is_local:
                    bucket[key] = info
    return {spn: [b[k] for k in sorted(b)] for spn, b in merged.items()}


@dataclass(frozen=True)
class CategorizedEndpoints:
    """What ``categorize_endpoints`` returns (topology.go ``CategorizeEndpoints``).

    - ``cluster``: usable endpoints for the Cluster traffic policy (ready, else serving and
      terminating); empty if the service never uses Cluster policy.
    - ``local``: usable endpoints on this node for the Local traffic policy (ready, else serving
      and terminating); empty if the service never uses Local policy.
    - ``all_reachable``: the union of the two, in ``ip:port`` order: the SEP chains to write.
    - ``has_any_endpoints``: whether any usable endpoint exists anywhere in the cluster (may be
      true while ``all_reachable`` is empty).
    """

    cluster: tuple[EndpointInfo, ...]
    local: tuple[EndpointInfo, ...]
    all_reachable: tuple[EndpointInfo, ...]
    has_any_endpoints: bool


def categorize_endpoints(
    endpoints: list[EndpointInfo], svc_info: ServicePortInfo
) -> CategorizedEndpoints:
    """Split a service port's endpoints by traffic policy (topology.go ``CategorizeEndpoints``).

    Topology hints are not modelled (k8slab nodes carry no zone labels), so the cluster set is
    never narrowed by topology. Upstream builds the union from a Go map when it has to merge;
    here it is sorted by ``ip:port`` like the inputs.
    """
    cluster: list[EndpointInfo] = []
    local: list[EndpointInfo] = []
    has_any = False
    if not endpoints:
        return CategorizedEndpoints((), (), (), False)
    use_serving_terminating = False
    if svc_info.uses_cluster_endpoints():
        cluster = [ep for ep in endpoints if ep.ready]
        if not cluster:
            cluster = [ep for ep in endpoints if ep.serving and ep.terminating]
        has_any = bool(cluster)
    if not svc_info.uses_local_endpoints():
        return CategorizedEndpoints(tuple(cluster), (), tuple(cluster), has_any)

    has_local_ready = has_local_serving_terminating = False
    for ep in endpoints:
        if ep.ready:
            has_any = True
            has_local_ready = has_local_ready or ep.is_local
        elif ep.serving and ep.terminating:
            has_any = True
            has_local_serving_terminating = has_local_serving_terminating or ep.is_local
    if has_local_ready:
        local = [ep for ep in endpoints if ep.is_local and ep.ready]
    elif has_local_serving_terminating:
        use_serving_terminating = True
        local = [ep for ep in endpoints if ep.is_local and ep.serving and ep.terminating]

    if not svc_info.uses_cluster_endpoints():
        return CategorizedEndpoints((), tuple(local), tuple(local), has_any)
    if not use_serving_terminating:
        # local holds only ready endpoints, all of which are in cluster.
        return CategorizedEndpoints(tuple(cluster), tuple(local), tuple(cluster), has_any)
    union = {str(ep): ep for ep in cluster}
    union.update({str(ep): ep for ep in local})
    return CategorizedEndpoints(
        tuple(cluster), tuple(local), tuple(union[k] for k in sorted(union)), has_any
    )
