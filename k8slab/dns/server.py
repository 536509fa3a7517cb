"""The CoreDNS server: pick the server block, run the *kubernetes* handler, else forward.

Sources (coredns/coredns): ``plugin/kubernetes/handler.go`` (``ServeDNS``: the longest
matching zone, keeping the query's case; a switch on qtype — SOA only at the apex, NS only at
the apex, AXFR/IXFR refused, anything else a "fake A lookup" so NODATA and NXDOMAIN differ; a
name error falls through when ``fallthrough`` covers the name, else NXDOMAIN with the SOA; no
records is NOERROR with the SOA), ``plugin/plugin.go`` (``NextOrFailure``: no next plugin →
SERVFAIL), ``plugin/loadbalance/loadbalance.go`` (``roundRobin``: CNAMEs first, then the
rest, then shuffled addresses).

The Corefile is read from ConfigMap ``kube-system/coredns`` at query time (editing it, e.g.
``pods verified``, changes answers, as the ``reload`` plugin would). A Corefile CoreDNS would
refuse is ignored like ``reload`` ignores it: the last good one stays in force (kubeadm's,
when there never was a good one) and ``corefile_error`` says why.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from k8slab.api.reader import Reader
from k8slab.bootstrap import COREFILE
from k8slab.dns import upstream
from k8slab.dns.answer import INVALID, DnsAnswer, name_error
from k8slab.dns.corefile import (
    Corefile,
    CorefileError,
    KubernetesConfig,
    fqdn,
    is_subdomain,
    parse_corefile,
)
from k8slab.dns.kubernetes import Kubernetes
from k8slab.dns.objects import DnsView, build_view, service_key
from k8slab.dns.records import (
    RR,
    Msg,
    NameError_,
    Request,
    a_records,
    aaaa_records,
    cname_records,
    ns_records,
    ptr_records,
    soa_record,
    srv_records,
    txt_records,
)

COREFILE_NAMESPACE = "kube-system"
COREFILE_CONFIGMAP = "coredns"
COREFILE_KEY = "Corefile"
DNS_SERVICE = ("kube-system", "kube-dns")

# kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go), used when the store has
# no ConfigMap (static test tables) or never had a loadable one: the one the cluster boots with.
DEFAULT_COREFILE = COREFILE


@dataclass(frozen=True)
class _State:
    version: object
    corefile: Corefile
    corefile_error: str | None
    view: DnsView


class CoreDNS:
    """A CoreDNS instance reading the cluster through ``reader``.

    Parameters:
        reader: the store's read-only view (``get``/``list``); with a ``resource_version``
            attribute, the view and Corefile are cached until it changes.
        corefile: Corefile text that overrides the ConfigMap (tests, what-if questions).
    """

    def __init__(self, reader: Reader, *, corefile: str | None = None) -> None:
        self.reader = reader
        self._override = corefile
        self._state: _State | None = None
        self._last_good: Corefile | None = None

    # ------------------------------------------------------------ state
    def _snapshot(self) -> _State:
        version = getattr(self.reader, "resource_version", None)
        # Without a resource_version the reader is taken as a fixed table: one snapshot per
        # CoreDNS instance (``query(reader, …)`` builds a new instance each call).
        if self._state is not None and self._state.version == version:
            return self._state
        text = self._override
        if text is None:
            cm = self.reader.get("ConfigMap", COREFILE_NAMESPACE, COREFILE_CONFIGMAP)
            text = ((cm or {}).get("data") or {}).get(COREFILE_KEY)
        error = None
        if text is None:
            corefile = self._last_good or parse_corefile(DEFAULT_COREFILE)
        else:
            try:
                corefile = parse_corefile(text)
                self._last_good = corefile
            except CorefileError as err:
                error = str(err)
                corefile = self._last_good or parse_corefile(DEFAULT_COREFILE)
        self._state = _State(version, corefile, error, build_view(self.reader))
        return self._state

    @property
    def corefile(self) -> Corefile:
        return self._snapshot().corefile

    @property
    def corefile_error(self) -> str | None:
        return self._snapshot().corefile_error

    @property
    def view(self) -> DnsView:
        return self._snapshot().view

    def server_ips(self) -> tuple[str, ...]:
        """The ClusterIPs of Service ``kube-system/kube-dns``."""
        for svc in self.view.svc_index(service_key(DNS_SERVICE[1], DNS_SERVICE[0])):
            return tuple(ip for ip in svc.cluster_ips if ip != "None")
        return ()

    def pod_ips(self) -> tuple[str, ...]:
        """The ready CoreDNS pod IPs (the endpoints of ``kube-dns``)."""
        return _dns_pod_ips(self.view)

    # ------------------------------------------------------------ serving
    def serve(self, qname: str, qtype: str) -> Msg:
        """Answer one question (``qname`` absolute, any case) as the CoreDNS pods would."""
        qname = fqdn(qname)
        qtype = qtype.upper()
        state = self._snapshot()
        block = state.corefile.block_for(qname)
        if block is None:
            return Msg("REFUSED", source="")
        cfg = block.kubernetes
        if cfg is not None:
            msg = self._kubernetes(cfg, state.view, qname, qtype)
            if msg is not None:
                return msg
        if block.forward_to:
            return upstream.resolve(qname, qtype)
        return Msg("SERVFAIL", source="")

    def _kubernetes(
        self, cfg: KubernetesConfig, view: DnsView, qname: str, qtype: str
    ) -> Msg | None:
        """``ServeDNS`` of the kubernetes plugin; None means "next plugin"."""
        zone = ""
        for z in cfg.zones:
            if is_subdomain(z, qname) and len(z) > len(zone):
                zone = z
        if not zone:
            return None
        zone = qname[len(qname) - len(zone) :]  # keep the query's case
        k = Kubernetes(cfg, view, self._upstream_lookup, _dns_pod_ips(view)[:1])
        state = Request(qname, qtype, zone)
        records: list[RR] = []
        extra: list[RR] = []
        try:
            if qtype == "A":
                records = a_records(k, zone, state)
            elif qtype == "AAAA":
                records = aaaa_records(k, zone, state)
            elif qtype == "TXT":
                records = txt_records(k, zone, state)
            elif qtype == "CNAME":
                records = cname_records(k, zone, state)
            elif qtype == "PTR":
                records = ptr_records(k, zone, state)
            elif qtype == "MX":
                k.services(state)  # the kubernetes backend never has MX data
            elif qtype == "SRV":
                records, extra = srv_records(k, zone, state)
            elif qtype == "SOA":
                if state.name == zone.lower():
                    records = [soa_record(k, zone)]
            elif qtype in ("AXFR", "IXFR"):
                return Msg("REFUSED", source="kubernetes")
            elif qtype == "NS" and state.name == zone.lower():
                records, extra = ns_records(k, zone, state)
            else:
                a_records(k, zone, Request(qname, "A", zone))
        except NameError_:
            if cfg.falls_through(state.name):
                return None
            return Msg(
                "NXDOMAIN", ns=(soa_record(k, zone),), authoritative=True, source="kubernetes"
            )
        if not records:
            return Msg(
                "NOERROR", ns=(soa_record(k, zone),), authoritative=True, source="kubernetes"
            )
        return Msg(
            "NOERROR",
            answer=tuple(records),
            extra=tuple(extra),
            authoritative=True,
            source="kubernetes",
        )

    def _upstream_lookup(self, name: str, qtype: str) -> Msg:
        """``upstream.Lookup``: ask this same server again (it forwards names outside the zone)."""
        return self.serve(name, qtype)

    def query(self, qname: str, qtype: str = "A", *, rng: random.Random | None = None) -> DnsAnswer:
        """One question to CoreDNS, as ``dig @10.96.0.10 NAME TYPE`` asks it (no search)."""
        error = name_error(qname)
        shown = qname.rstrip(".") if qname != "." else "."
        if error is not None:
            return DnsAnswer(
                shown, qtype.upper(), INVALID, name=qname, error=error, source="resolver"
            )
        msg = self.serve(qname, qtype)
        if rng is not None:
            block = self.corefile.block_for(fqdn(qname))
            if block is not None and "loadbalance" in block.plugins:
                msg = round_robin(msg, rng)
        return answer_from_msg(msg, shown, qtype.upper(), tried=[shown], name=qname)


def _dns_pod_ips(view: DnsView) -> tuple[str, ...]:
    key = service_key(DNS_SERVICE[1], DNS_SERVICE[0])
    return tuple(a.ip for e in view.ep_index(key) for a in e.addresses)


def round_robin(msg: Msg, rng: random.Random) -> Msg:
    """``loadbalance``: CNAMEs first, other records next, A/AAAA shuffled last."""
    cnames = [r for r in msg.answer if r.type == "CNAME"]
    addrs = [r for r in msg.answer if r.type in ("A", "AAAA")]
    rest = [r for r in msg.answer if r.type not in ("CNAME", "A", "AAAA")]
    rng.shuffle(addrs)
    return Msg(
        msg.rcode, tuple(cnames + rest + addrs), msg.ns, msg.extra, msg.authoritative, msg.source
    )


def answer_from_msg(msg: Msg, qname: str, qtype: str, *, tried: list[str], name: str) -> DnsAnswer:
    return DnsAnswer(
        qname=qname,
        qtype=qtype,
        rcode=msg.rcode,
        answers=[r.value for r in msg.answer],
        tried=list(tried),
        records=[str(r) for r in msg.answer],
        authority=[str(r) for r in msg.ns],
        additional=[str(r) for r in msg.extra],
        name=name,
        authoritative=msg.authoritative,
        source=msg.source,
    )


def as_server(reader: Reader | CoreDNS) -> CoreDNS:
    return reader if isinstance(reader, CoreDNS) else CoreDNS(reader)


def query(
    reader: Reader | CoreDNS, qname: str, qtype: str = "A", *, rng: random.Random | None = None
) -> DnsAnswer:
    """Ask CoreDNS one question (the server side; no search list).

    Parameters:
        reader: the cluster's ``Reader`` (``lab.api``), or a ``CoreDNS`` to reuse its cache.
        qname: the name, taken as absolute whether or not it ends with a dot.
        qtype: ``A``, ``AAAA``, ``SRV``, ``PTR``, ``CNAME``, ``TXT``, ``NS``, ``SOA``, …
        rng: with the Corefile's ``loadbalance``, shuffle addresses with this seeded RNG.
    """
    return as_server(reader).query(qname, qtype, rng=rng)
