"""The *kubernetes* plugin's backend: from a request to the records it names.

Sources: coredns/coredns ``plugin/kubernetes/kubernetes.go`` (``Services``, ``Records``,
``findPods``, ``findServices``, ``endpointHostname``, ``Serial``, ``MinTTL``),
``plugin/kubernetes/namespace.go`` (``namespaceExposed`` = listed by ``namespaces`` *and*
existing), ``plugin/kubernetes/ns.go`` (``nsAddrs``, ``isDefaultNS``).

Rules worth knowing (all from ``findServices``/``findPods``):

- ClusterIP Service: one A/AAAA per ClusterIP, whether or not it has endpoints (unless
  ``ignore empty_service``); SRV target is the Service name, port the Service port.
- Headless Service, or any ``<endpoint>.<svc>…`` name: one record per *ready* endpoint address
  × EndpointSlice port; none ready → NXDOMAIN; the endpoint label is the EndpointSlice
  ``hostname``, else the pod name with ``endpoint_pod_names``, else the dashed IP.
- ExternalName: a CNAME to ``spec.externalName``; never below it, never SRV.
- Port and protocol labels compare case-insensitively and an empty one matches anything, so
  an SRV query for the bare Service name answers every port.
- ``<ns>.svc.<zone>`` / ``<ns>.pod.<zone>``: NODATA when the namespace exists, else NXDOMAIN.
- ``<a-b-c-d>.<ns>.pod.<zone>``: ``insecure`` answers any IP-shaped label, ``verified`` only
  the IP of a pod in that namespace, ``disabled`` never.
- TXT: only ``dns-version.<zone>`` (``1.1.0``, TTL 28800); any other name that has records of
  another type is NODATA, everything else NXDOMAIN (so even ``svc.<zone>`` TXT is NXDOMAIN).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from k8slab.dns.corefile import (
    POD_MODE_DISABLED,
    POD_MODE_INSECURE,
    KubernetesConfig,
    fqdn,
    is_reverse,
)
from k8slab.dns.objects import DnsView, EndpointAddress, Service, service_key
from k8slab.dns.parse import POD, SVC, InvalidRequest, RecordRequest, parse_request, trim_zone
from k8slab.dns.records import Msg, NameError_, Record, Request

DNS_SCHEMA_VERSION = "1.1.0"  # kubernetes.go DNSSchemaVersion
DNS_VERSION_TTL = 28800
DEFAULT_NS_NAME = "ns.dns."


def endpoint_hostname(addr: EndpointAddress, endpoint_pod_names: bool) -> str:
    """``endpointHostname``: hostname, else (option) pod name, else the dashed IP."""
    if addr.hostname:
        return addr.hostname
    if endpoint_pod_names and addr.target_ref_name:
        return addr.target_ref_name
    if "." in addr.ip:
        return addr.ip.replace(".", "-")
    if ":" in addr.ip:
        return addr.ip.replace(":", "-")
    return ""


def _match(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def _match_port_and_protocol(a_port: str, b_port: str, a_proto: str, b_proto: str) -> bool:
    return (a_port == "" or _match(a_port, b_port)) and (a_proto == "" or _match(a_proto, b_proto))


def _parse_ip(s: str) -> str | None:
    try:
        return str(ipaddress.ip_address(s))
    except ValueError:
        return None


@dataclass(frozen=True)
class Kubernetes:
    """The plugin instance: its Corefile settings, its informer view and its upstream."""

    config: KubernetesConfig
    view: DnsView
    upstream: Callable[[str, str], Msg]
    local_ips: tuple[str, ...] = ()

    # ---------------------------------------------------------- ServiceBackend
    def serial(self) -> int:
        return self.view.modified

    def min_ttl(self) -> int:
        return self.config.ttl

    def lookup(self, name: str, qtype: str) -> Msg:
        """``Lookup``: ExternalName targets outside the zone are resolved upstream."""
        return self.upstream(fqdn(name), qtype)

    def services(self, state: Request) -> list[Record]:
        """``Services``: TXT and NS special cases, then ``Records``."""
        if state.qtype == "TXT":
            segs = [s for s in trim_zone(state.name, state.zone).split(".") if s]
            if segs == ["dns-version"]:
                return [Record(text=DNS_SCHEMA_VERSION, ttl=DNS_VERSION_TTL, domain=state.qname)]
            try:
                found = self.records(state)
            except NameError_:
                found = []
            if found:
                return []
            raise NameError_(state.qname)
        if state.qtype == "NS" or self._is_default_ns(state):
            return self._ns_services(state)
        found = self.records(state)
        if state.qtype == "SRV":
            # "SRV for external services is not yet implemented"
            found = [r for r in found if r.host_type() != "CNAME"]
        return found

    def reverse(self, state: Request) -> list[Record]:
        from k8slab.dns.reverse import reverse

        return reverse(self, state)

    # ---------------------------------------------------------- Records
    def namespace_exposed(self, namespace: str) -> bool:
        configured = not self.config.namespaces or namespace in self.config.namespaces
        return configured and self.view.namespace_exists(namespace)

    def records(self, state: Request) -> list[Record]:
        try:
            r = parse_request(state.name, state.zone)
        except InvalidRequest:
            raise NameError_(state.qname) from None
        if r.pod_or_svc == "":
            return []
        if is_reverse(state.name):
            raise NameError_(state.qname)
        if not self.namespace_exposed(r.namespace):
            raise NameError_(state.qname)
        if r.pod_or_svc == POD:
            return self.find_pods(r, state.zone)
        return self.find_services(r, state.zone)

    def find_pods(self, r: RecordRequest, zone: str) -> list[Record]:
        cfg = self.config
        if cfg.pod_mode == POD_MODE_DISABLED:
            raise NameError_(r)
        if not self.namespace_exposed(r.namespace):
            raise NameError_(r)
        podname = r.service
        if podname == "":
            return []  # NODATA: the namespace exists
        if podname.count("-") == 3 and "--" not in podname:
            ip = podname.replace("-", ".")
        else:
            ip = podname.replace("-", ":")
        domain = f"{podname}.{r.namespace}.{POD}.{zone}"
        if cfg.pod_mode == POD_MODE_INSECURE:
            parsed = _parse_ip(ip)
            if parsed is None:
                raise NameError_(r)
            return [Record(host=ip, ttl=cfg.ttl, domain=domain)]
        found = [
            Record(host=ip, ttl=cfg.ttl, domain=domain)
            for p in self.view.pod_index(_parse_ip(ip) or ip)
            if p.pod_ip == (_parse_ip(ip) or ip) and _match(r.namespace, p.namespace)
        ]
        if not found:
            raise NameError_(r)
        return found

    def find_services(self, r: RecordRequest, zone: str) -> list[Record]:
        cfg = self.config
        if not self.namespace_exposed(r.namespace):
            raise NameError_(r)
        if r.service == "":
            return []  # NODATA: the namespace exists
        found: list[Record] = []
        ok = False
        key = service_key(r.service, r.namespace)
        endpoints = () if cfg.noendpoints else self.view.ep_index(key)
        for svc in self.view.svc_index(key):
            if not (_match(r.namespace, svc.namespace) and _match(r.service, svc.name)):
                continue
            if (
                cfg.ignore_empty_service
                and svc.type != "ExternalName"
                and not svc.headless
                and not any(e.addresses for e in endpoints)
            ):
                continue
            base = f"{svc.name}.{svc.namespace}.{SVC}.{zone}"
            if svc.type == "ExternalName":
                if r.endpoint or r.port or r.protocol:
                    continue
                rec = Record(host=svc.external_name, ttl=cfg.ttl, domain=base)
                if rec.host_type() == "CNAME":
                    found.append(rec)
                    ok = True
                continue
            if svc.headless or r.endpoint:
                for ep in endpoints:
                    if ep.index != svc.index:
                        continue
                    for addr in ep.addresses:
                        label = endpoint_hostname(addr, cfg.endpoint_pod_names)
                        if r.endpoint and not _match(r.endpoint, label):
                            continue
                        for p in ep.ports:
                            if not _match_port_and_protocol(r.port, p.name, r.protocol, p.protocol):
                                continue
                            found.append(
                                Record(
                                    host=addr.ip,
                                    port=p.port,
                                    ttl=cfg.ttl,
                                    domain=f"{label}.{base}",
                                )
                            )
                            ok = True
                continue
            for p in svc.ports:
                if not _match_port_and_protocol(r.port, p.name, r.protocol, p.protocol):
                    continue
                ok = True
                for ip in svc.cluster_ips:
                    found.append(Record(host=ip, port=p.port, ttl=cfg.ttl, domain=base))
        if not ok:
            raise NameError_(r)
        return found

    # ---------------------------------------------------------- NS
    def _is_default_ns(self, state: Request) -> bool:
        return state.name == DEFAULT_NS_NAME + fqdn(state.zone).lower()

    def ns_addrs(self, zone: str) -> list[tuple[str, str]]:
        """``nsAddrs``: (name, IP) of the Service(s) in front of this CoreDNS pod."""
        out: list[tuple[str, str]] = []
        found_endpoint = False
        for local_ip in self.local_ips:
            for ep in self.view.ep_index_reverse(local_ip):
                found_endpoint = True
                for svc in self.view.svc_index(ep.index):
                    name = f"{svc.name}.{svc.namespace}.{SVC}.{zone}"
                    if svc.headless:
                        for a in ep.addresses:
                            label = endpoint_hostname(a, self.config.endpoint_pod_names)
                            out.append((f"{label}.{name}", a.ip))
                    elif svc.cluster_ips:
                        out.append((name, svc.cluster_ips[0]))
        if not found_endpoint:
            out = [(DEFAULT_NS_NAME + zone, ip) for ip in self.local_ips]
        return out

    def _ns_services(self, state: Request) -> list[Record]:
        out: list[Record] = []
        for name, ip in self.ns_addrs(state.zone):
            rec = Record(host=ip, ttl=self.config.ttl, domain=name)
            if state.qtype == "NS" or rec.host_type() == state.qtype:
                domain = name if state.qtype == "NS" else state.qname
                out.append(Record(host=ip, ttl=self.config.ttl, domain=domain))
        return out


def service_of(view: DnsView, name: str, namespace: str) -> Service | None:
    found = view.svc_index(service_key(name, namespace))
    return found[0] if found else None
