"""Resource records and the shared record builders of a CoreDNS ``ServiceBackend``.

Sources: coredns/coredns ``plugin/backend_lookup.go`` (``A``, ``AAAA``, ``SRV``, ``TXT``,
``CNAME``, ``PTR``, ``NS``, ``SOA``, ``checkForApex``) and ``plugin/etcd/msg/service.go``
(``HostType``, ``NewSRV`` …). Each builder turns the backend's flat ``Record`` list into RRs:

- A/AAAA: one record per distinct address; a name (CNAME) is chased inside the zone, or looked
  up upstream, at most 8 deep; ``x CNAME x`` loops are skipped.
- SRV: weights are computed per priority before de-duplication (``100 * 100 / total``, floor,
  at least 1), so N endpoints give weight ``floor(100/N)``; duplicates by (target, port) are
  dropped; the target's address goes to the additional section; port -1 (no ports) is skipped.
- SOA: ``<zone> min(ttl,300) IN SOA ns.dns.<zone> hostmaster.<zone> <serial> 7200 1800 86400 <ttl>``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from k8slab.dns.corefile import fqdn, is_subdomain

MAX_CNAME_CHAIN = 7  # backend_lookup.go: "if len(previousRecords) > 7"
HOSTMASTER = "hostmaster"


@dataclass(frozen=True)
class RR:
    """One resource record; ``str()`` gives the zone-file line (``name ttl IN type rdata``)."""

    name: str
    ttl: int
    type: str
    data: str

    def __str__(self) -> str:
        return f"{self.name} {self.ttl} IN {self.type} {self.data}"

    @property
    def value(self) -> str:
        """The rdata as a student reads it: an IP, a name without the final dot, ``target:port``."""
        if self.type in ("CNAME", "PTR", "NS"):
            return self.data.rstrip(".")
        if self.type == "SRV":
            _prio, _weight, port, target = self.data.split()
            return f"{target.rstrip('.')}:{port}"
        if self.type == "TXT":
            return self.data.strip('"')
        return self.data


@dataclass(frozen=True)
class Msg:
    """A DNS response: rcode and the answer, authority (``ns``) and additional sections."""

    rcode: str
    answer: tuple[RR, ...] = ()
    ns: tuple[RR, ...] = ()
    extra: tuple[RR, ...] = ()
    authoritative: bool = False
    source: str = ""  # which plugin wrote it: "kubernetes", "forward", …


@dataclass(frozen=True)
class Record:
    """``msg.Service``: one thing the backend found (an address, a name, a text)."""

    host: str = ""
    port: int = 0
    ttl: int = 0
    domain: str = ""  # msg.Domain(Key): the name this record lives at
    text: str = ""
    priority: int = 0
    weight: int = 0

    def host_type(self) -> str:
        """``HostType``: TXT if it carries text, A/AAAA for an address, else CNAME."""
        if self.text:
            return "TXT"
        try:
            ip = ipaddress.ip_address(self.host)
        except ValueError:
            return "CNAME"
        return "A" if ip.version == 4 else "AAAA"


@dataclass(frozen=True)
class Request:
    """``request.Request``: the question as asked (``qname`` keeps its case)."""

    qname: str
    qtype: str
    zone: str = ""
    previous: tuple[RR, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return fqdn(self.qname).lower()

    def with_question(self, qname: str, qtype: str | None = None) -> Request:
        return Request(fqdn(qname), qtype or self.qtype, self.zone, self.previous)


class NameError_(Exception):
    """``IsNameError``: the name does not exist (NXDOMAIN, or fall through)."""


class Backend(Protocol):
    def services(self, state: Request) -> list[Record]: ...
    def reverse(self, state: Request) -> list[Record]: ...
    def lookup(self, name: str, qtype: str) -> Msg: ...
    def serial(self) -> int: ...
    def min_ttl(self) -> int: ...


def _address_records(
    b: Backend, zone: str, state: Request, want: str, recurse: Callable
) -> list[RR]:
    services = check_for_apex(b, zone, state)
    records: list[RR] = []
    seen: set[str] = set()
    for serv in services:
        what = serv.host_type()
        if what == "CNAME":
            target = fqdn(serv.host)
            if target.lower() == state.name:
                continue  # x CNAME x is a direct loop
            cname = RR(state.qname, serv.ttl, "CNAME", target)
            if len(state.previous) > MAX_CNAME_CHAIN:
                continue
            if any(p.type == "CNAME" and p.data.lower() == target.lower() for p in state.previous):
                continue
            if is_subdomain(zone, target):
                nxt = Request(target, state.qtype, zone, state.previous + (cname,))
                try:
                    more = recurse(b, zone, nxt)
                except NameError_:
                    more = []
                if more:
                    records.append(cname)
                    records.extend(more)
                continue
            m1 = b.lookup(target, state.qtype)
            records.append(cname)
            records.extend(m1.answer)
        elif what == want and serv.host not in seen:
            seen.add(serv.host)
            records.append(RR(state.qname, serv.ttl, want, serv.host))
    return records


def a_records(b: Backend, zone: str, state: Request) -> list[RR]:
    """``plugin.A``."""
    return _address_records(b, zone, state, "A", a_records)


def aaaa_records(b: Backend, zone: str, state: Request) -> list[RR]:
    """``plugin.AAAA``."""
    return _address_records(b, zone, state, "AAAA", aaaa_records)


def srv_records(b: Backend, zone: str, state: Request) -> tuple[list[RR], list[RR]]:
    """``plugin.SRV``: answer and additional records."""
    services = b.services(state)
    totals: dict[int, int] = {}
    for serv in services:
        totals[serv.priority] = totals.get(serv.priority, 0) + (serv.weight or 100)
    records: list[RR] = []
    extra: list[RR] = []
    dup: set[tuple] = set()
    looked_up: set[str] = set()
    for serv in services:
        if serv.port == -1:
            continue
        w1 = 100.0 / totals[serv.priority] * (serv.weight or 100)
        weight = max(int(w1 // 1), 1)
        what = serv.host_type()
        if what == "CNAME":
            target = fqdn(serv.host)
            records.append(
                RR(state.qname, serv.ttl, "SRV", f"{serv.priority} {weight} {serv.port} {target}")
            )
            if target in looked_up:
                continue
            looked_up.add(target)
            if not is_subdomain(zone, target):
                extra.extend(b.lookup(target, "A").answer)
                extra.extend(r for r in b.lookup(target, "AAAA").answer if r.type != "CNAME")
                continue
            try:
                extra.extend(a_records(b, zone, Request(target, "A", zone)))
            except NameError_:
                pass
        elif what in ("A", "AAAA"):
            target = serv.domain
            if (target, "", serv.port) not in dup:
                dup.add((target, "", serv.port))
                records.append(
                    RR(
                        state.qname,
                        serv.ttl,
                        "SRV",
                        f"{serv.priority} {weight} {serv.port} {target}",
                    )
                )
            if (target, serv.host, 0) not in dup:
                dup.add((target, serv.host, 0))
                extra.append(RR(target, serv.ttl, what, serv.host))
    return records, extra


def txt_records(b: Backend, zone: str, state: Request) -> list[RR]:
    """``plugin.TXT`` (the kubernetes backend only ever returns ``dns-version``)."""
    records: list[RR] = []
    seen: set[str] = set()
    for serv in b.services(state):
        if serv.host_type() == "TXT" and serv.text not in seen:
            seen.add(serv.text)
            records.append(RR(state.qname, serv.ttl, "TXT", f'"{serv.text}"'))
    return records


def cname_records(b: Backend, zone: str, state: Request) -> list[RR]:
    """``plugin.CNAME``: only the first record, and only when it is a name."""
    services = b.services(state)
    if services and services[0].host_type() == "CNAME":
        return [RR(state.qname, services[0].ttl, "CNAME", fqdn(services[0].host))]
    return []


def ptr_records(b: Backend, zone: str, state: Request) -> list[RR]:
    """``plugin.PTR``: names only, de-duplicated."""
    records: list[RR] = []
    seen: set[str] = set()
    for serv in b.reverse(state):
        if serv.host_type() == "CNAME" and serv.host not in seen:
            seen.add(serv.host)
            records.append(RR(state.qname, serv.ttl, "PTR", fqdn(serv.host)))
    return records


def ns_records(b: Backend, zone: str, state: Request) -> tuple[list[RR], list[RR]]:
    """``plugin.NS``: the apex's NS names, their addresses as additional records."""
    services = b.services(Request(fqdn("ns.dns." + zone), "NS", zone))
    records: list[RR] = []
    extra: list[RR] = []
    seen: set[str] = set()
    for serv in services:
        what = serv.host_type()
        if what not in ("A", "AAAA"):
            continue
        extra.append(RR(serv.domain, serv.ttl, what, serv.host))
        if serv.domain in seen:
            continue
        seen.add(serv.domain)
        records.append(RR(state.qname, serv.ttl, "NS", serv.domain))
    return records, extra


def soa_record(b: Backend, zone: str) -> RR:
    """``plugin.SOA``."""
    min_ttl = b.min_ttl()
    return RR(
        zone,
        min(min_ttl, 300),
        "SOA",
        f"ns.dns.{zone} {HOSTMASTER}.{zone} {b.serial()} 7200 1800 86400 {min_ttl}",
    )


def check_for_apex(b: Backend, zone: str, state: Request) -> list[Record]:
    """``checkForApex``: at the zone apex try the special ``apex.dns`` name first."""
    if state.name != fqdn(zone).lower():
        return b.services(state)
    try:
        return b.services(Request(fqdn("apex.dns." + zone), state.qtype, zone))
    except NameError_:
        return b.services(state)
