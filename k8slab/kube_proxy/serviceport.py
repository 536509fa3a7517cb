"""Typed, frozen views of Services as kube-proxy sees them: one ``ServicePortInfo`` per port.

Built once per sync from the stored Service dicts, with every chain name worked out up front
(kubernetes/kubernetes ``pkg/proxy/serviceport.go`` ``newBaseServiceInfo`` and
``pkg/proxy/iptables/proxier.go`` ``newServiceInfo`` @ 531be81; policy helpers from
``pkg/api/v1/service/util.go`` ``ExternallyAccessible``/``ExternalPolicyLocal``/
``NeedsHealthCheck``). IPv4 only: k8slab clusters are single-stack IPv4.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from . import chains

DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800  # v1 API default for sessionAffinityConfig


@dataclass(frozen=True, order=True)
class ServicePortName:
    """A Service port's identity: namespace, name, port name and protocol.

    ``str()`` is upstream's ``ServicePortName.String()``: ``ns/name`` plus ``:port`` when the
    port is named (kubernetes/kubernetes pkg/proxy/types.go). Protocol is upper case (``TCP``).
    """

    namespace: str
    name: str
    port: str
    protocol: str

    def __str__(self) -> str:
        base = f"{self.namespace}/{self.name}"
        return f"{base}:{self.port}" if self.port else base


@dataclass(frozen=True, slots=True)
class ServicePortInfo:
    """Everything the rule generator needs about one port of one Service.

    Field names follow ``BaseServicePortInfo``; the chain names are ``servicePortInfo``'s
    precomputed fields (proxier.go ``newServiceInfo``).
    """

    name: ServicePortName
    cluster_ip: str
    port: int
    protocol: str  # lower case, as written into rules ("tcp")
    node_port: int
    external_ips: tuple[str, ...]
    load_balancer_vips: tuple[str, ...]
    load_balancer_source_ranges: tuple[str, ...]  # normalised "network/len"
    session_affinity_client_ip: bool
    sticky_max_age_seconds: int
    external_policy_local: bool
    internal_policy_local: bool
    health_check_node_port: int
    name_string: str
    cluster_policy_chain_name: str
    local_policy_chain_name: str
    firewall_chain_name: str
    external_chain_name: str

    def externally_accessible(self) -> bool:
        """NodePort, LoadBalancer VIP or external IP (serviceport.go ``ExternallyAccessible``)."""
        return self.node_port != 0 or bool(self.load_balancer_vips) or bool(self.external_ips)

    def uses_cluster_endpoints(self) -> bool:
        """Cluster endpoints are needed unless iTP=Local and nothing external reaches it.

        Even with eTP=Local, external traffic from pods and the node short-circuits to the
        cluster chain (serviceport.go ``UsesClusterEndpoints``).
        """
        return not self.internal_policy_local or self.externally_accessible()

    def uses_local_endpoints(self) -> bool:
        """serviceport.go ``UsesLocalEndpoints``."""
        return self.internal_policy_local or (
            self.external_policy_local and self.externally_accessible()
        )


def _ipv4(text: object) -> str | None:
    try:
        return str(ipaddress.IPv4Address(str(text).strip()))
    except ValueError:
        return None


def _ipv4_cidr(text: object) -> str | None:
    try:
        return str(ipaddress.IPv4Network(str(text).strip(), strict=False))
    except ValueError:
        return None


def service_port_infos(service: dict) -> list[ServicePortInfo]:
    """The ``ServicePortInfo`` of each port of ``service``, in spec order; [] if not proxied.

    Headless Services (clusterIP ``None``/empty) and ``ExternalName`` Services get no rules
    (servicechangetracker.go ``serviceToServiceMap``). ``loadBalancerSourceRanges`` entries are
    trimmed, as upstream tolerates stray whitespace; invalid entries are dropped. LB VIPs are
    ``status.loadBalancer.ingress[].ip`` with ``ipMode`` unset or ``VIP``.
    """
    spec = service.get("spec") or {}
    meta = service.get("metadata") or {}
    svc_type = spec.get("type") or "ClusterIP"
    cluster_ip = spec.get("clusterIP") or ""
    if svc_type == "ExternalName" or cluster_ip in ("", "None"):
        return []
    cluster_ip4 = _ipv4(cluster_ip)
    if cluster_ip4 is None:
        return []
    external_ips = tuple(ip for ip in (_ipv4(e) for e in spec.get("externalIPs") or []) if ip)
    source_ranges = tuple(
        c for c in (_ipv4_cidr(r) for r in spec.get("loadBalancerSourceRanges") or []) if c
    )
    vips: list[str] = []
    for ing in ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
        ip = _ipv4(ing.get("ip") or "")
        if ip and (ing.get("ipMode") in (None, "", "VIP")):
            vips.append(ip)
    affinity = spec.get("sessionAffinity") == "ClientIP"
    timeout = (
        ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds")
    ) or DEFAULT_CLIENT_IP_TIMEOUT_SECONDS
    externally_accessible_type = svc_type in ("NodePort", "LoadBalancer") or (
        svc_type == "ClusterIP" and bool(spec.get("externalIPs"))
    )
    etp_local = externally_accessible_type and spec.get("externalTrafficPolicy") == "Local"
    itp_local = spec.get("internalTrafficPolicy") == "Local"
    needs_health_check = svc_type == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"
    hcnp = int(spec.get("healthCheckNodePort") or 0) if needs_health_check else 0

    out: list[ServicePortInfo] = []
    for port in spec.get("ports") or []:
        protocol = (port.get("protocol") or "TCP").upper()
        spn = ServicePortName(
            meta.get("namespace", ""), meta.get("name", ""), port.get("name") or "", protocol
        )
        name_string = str(spn)
        proto = protocol.lower()
        h = chains.port_proto_hash(name_string, proto)
        out.append(
            ServicePortInfo(
                name=spn,
                cluster_ip=cluster_ip4,
                port=int(port.get("port") or 0),
                protocol=proto,
                node_port=int(port.get("nodePort") or 0),
                external_ips=external_ips,
                load_balancer_vips=tuple(vips),
                load_balancer_source_ranges=source_ranges,
                session_affinity_client_ip=affinity,
                sticky_max_age_seconds=int(timeout),
                external_policy_local=etp_local,
                internal_policy_local=itp_local,
                health_check_node_port=hcnp,
                name_string=name_string,
                # One hash, four prefixes (servicePortPolicyClusterChain & co. all hash alike).
                cluster_policy_chain_name=chains.SERVICE_PORT_POLICY_CLUSTER_CHAIN_PREFIX + h,
                local_policy_chain_name=chains.SERVICE_PORT_POLICY_LOCAL_CHAIN_PREFIX + h,
                firewall_chain_name=chains.SERVICE_FIREWALL_CHAIN_PREFIX + h,
                external_chain_name=chains.SERVICE_EXTERNAL_CHAIN_PREFIX + h,
            )
        )
    return out
