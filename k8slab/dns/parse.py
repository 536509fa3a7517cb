"""Query name → record request, as coredns/coredns ``plugin/kubernetes/parse.go``
(``parseRequest``).

The shapes, once the zone is trimmed (the multicluster and zonal shapes need options k8slab
does not model):

1. ``_port._protocol.service.namespace.pod|svc.zone`` (SRV)
2. ``endpoint.service.namespace.pod|svc.zone``
3. ``service.namespace.pod|svc.zone``
4. ``namespace.pod|svc.zone`` and ``pod|svc.zone`` (apexes: NODATA when they exist)
5. anything longer, or a last label other than ``svc``/``pod``: an invalid request (NXDOMAIN)

Labels come lowercased (CoreDNS works on ``state.Name()``); underscores on port and protocol
are stripped.
"""

from __future__ import annotations

from dataclasses import dataclass

SVC = "svc"
POD = "pod"


class InvalidRequest(Exception):
    """``errInvalidRequest``: a name shape the plugin does not serve (answered NXDOMAIN)."""


@dataclass(frozen=True)
class RecordRequest:
    port: str = ""
    protocol: str = ""
    endpoint: str = ""
    service: str = ""
    namespace: str = ""
    pod_or_svc: str = ""


def trim_zone(name: str, zone: str) -> str:
    """``dnsutil.TrimZone``: the labels of ``name`` in front of ``zone``, without dots."""
    n, z = name.lower(), zone.lower()
    if not n.endswith(z):
        return n.rstrip(".")
    return n[: len(n) - len(z)].rstrip(".")


def _strip_underscore(s: str) -> str:
    return s[1:] if s.startswith("_") else s


def parse_request(name: str, zone: str) -> RecordRequest:
    """Split ``name`` (lowercase FQDN) inside ``zone`` into a request; raise ``InvalidRequest``."""
    base = trim_zone(name, zone)
    if base in ("", SVC, POD):
        return RecordRequest()  # apex: NODATA
    segs = base.split(".")
    last = len(segs) - 1
    kind = segs[last]
    if kind not in (POD, SVC):
        raise InvalidRequest(name)
    fields: dict[str, str] = {"pod_or_svc": kind}
    last -= 1
    if last < 0:
        return RecordRequest(**fields)
    fields["namespace"] = segs[last]
    last -= 1
    if last < 0:
        return RecordRequest(**fields)
    fields["service"] = segs[last]
    last -= 1
    if last < 0:
        return RecordRequest(**fields)
    if last == 0:
        fields["endpoint"] = segs[0]
    elif last == 1:
        fields["protocol"] = _strip_underscore(segs[1])
        fields["port"] = _strip_underscore(segs[0])
    else:
        raise InvalidRequest(name)
    return RecordRequest(**fields)
