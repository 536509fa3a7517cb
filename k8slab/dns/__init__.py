"""Cluster DNS: CoreDNS's kubernetes plugin, the pod's resolv.conf and glibc's search walk.

Laid out the CoreDNS way (STYLE §2): ``corefile`` reads the Corefile, ``objects`` holds the
cut-down Services/Endpoints/Pods and their indexes, ``parse`` turns a name into a request,
``kubernetes`` finds the records, ``reverse`` answers PTR, ``records`` builds RRs
(``backend_lookup.go``), ``server`` is ``ServeDNS`` plus the plugin chain, ``upstream`` stands
in for ``forward``, ``resolvconf`` and ``resolver`` are the pod side, ``nslookup`` prints.

Entry points: ``query(reader, qname, qtype)`` (one question to CoreDNS) and
``lookup(reader, name, qtype, resolv=...)`` (a pod's resolver walking its search list).
"""

from k8slab.dns.answer import DnsAnswer
from k8slab.dns.corefile import CorefileError, KubernetesConfig, parse_corefile
from k8slab.dns.nslookup import dig_short, nslookup_exit_code, nslookup_output
from k8slab.dns.resolvconf import ResolvConf, pod_resolv_conf
from k8slab.dns.resolver import lookup
from k8slab.dns.server import CoreDNS, query

__all__ = [
    "CoreDNS",
    "CorefileError",
    "DnsAnswer",
    "KubernetesConfig",
    "ResolvConf",
    "dig_short",
    "lookup",
    "nslookup_exit_code",
    "nslookup_output",
    "parse_corefile",
    "pod_resolv_conf",
    "query",
]
