"""PTR answers: ClusterIPs first, then endpoints.

Source: coredns/coredns ``plugin/kubernetes/reverse.go`` (``Reverse``,
``serviceRecordForIP``) and ``plugin/pkg/dnsutil/reverse.go``
(``ExtractAddressFromReverse``).

- An IP that is some Service's ClusterIP answers that one Service name and stops there.
- Otherwise every *ready* endpoint with that IP answers, one PTR per EndpointSlice holding it,
  named ``<hostname or dashed IP>.<service>.<ns>.svc.<primary zone>``; a pod behind two
  Services gets two PTRs (duplicates are removed by ``plugin.PTR``).
- No match is a name error: with kubeadm's ``fallthrough in-addr.arpa ip6.arpa`` the question
  then goes to ``forward`` (see ``upstream.py``). Pods outside any Service have no PTR.
- A name that is not a reverse name is parsed as a forward name (NODATA if it exists).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from k8slab.dns.parse import SVC
from k8slab.dns.records import NameError_, Record, Request

if TYPE_CHECKING:
    from k8slab.dns.kubernetes import Kubernetes

IP4_ARPA = ".in-addr.arpa."
IP6_ARPA = ".ip6.arpa."


def extract_address_from_reverse(name: str) -> str:
    """``ExtractAddressFromReverse``: ``4.3.2.1.in-addr.arpa.`` → ``1.2.3.4``; else ``""``."""
    n = name.lower()
    if n.endswith(IP4_ARPA):
        labels = n[: -len(IP4_ARPA)].split(".")
        try:
            return str(ipaddress.IPv4Address(".".join(reversed(labels))))
        except ValueError:
            return ""
    if n.endswith(IP6_ARPA):
        nibbles = n[: -len(IP6_ARPA)].split(".")
        if len(nibbles) != 32 or any(len(x) != 1 for x in nibbles):
            return ""
        hexs = "".join(reversed(nibbles))
        try:
            return str(ipaddress.IPv6Address(int(hexs, 16)))
        except ValueError:
            return ""
    return ""


def reverse_name(ip: str) -> str:
    """The in-addr.arpa/ip6.arpa name of an address, with the final dot."""
    return ipaddress.ip_address(ip).reverse_pointer + "."


def reverse(k: Kubernetes, state: Request) -> list[Record]:
    """``Reverse``."""
    ip = extract_address_from_reverse(state.name)
    if not ip:
        k.records(state)  # only its error matters
        return []
    records = service_record_for_ip(k, ip)
    if not records:
        raise NameError_(state.qname)
    return records


def service_record_for_ip(k: Kubernetes, ip: str) -> list[Record]:
    """``serviceRecordForIP``."""
    zone = k.config.primary_zone
    ttl = k.config.ttl
    namespaces = k.config.namespaces
    for svc in k.view.svc_index_reverse(ip):
        if namespaces and not k.namespace_exposed(svc.namespace):
            continue
        return [Record(host=f"{svc.name}.{svc.namespace}.{SVC}.{zone}", ttl=ttl)]
    from k8slab.dns.kubernetes import endpoint_hostname

    out: list[Record] = []
    for ep in k.view.ep_index_reverse(ip):
        if namespaces and not k.namespace_exposed(ep.namespace):
            continue
        for addr in ep.addresses:
            if addr.ip != ip:
                continue
            label = endpoint_hostname(addr, k.config.endpoint_pod_names)
            out.append(Record(host=f"{label}.{ep.index}.{SVC}.{zone}", ttl=ttl))
    return out
