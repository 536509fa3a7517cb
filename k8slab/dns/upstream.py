"""What ``forward . /etc/resolv.conf`` would bring back, in an offline simulator.

A kubeadm/kind CoreDNS forwards every name outside its cluster zones (and reverse misses, via
``fallthrough in-addr.arpa ip6.arpa``) to the node's resolver. k8slab has no Internet, so the
"upstream" is a fixed, documented table. The choice, and why:

- ``example.com``, ``example.net``, ``example.org`` and their ``www.`` names (RFC 2606,
  reserved for documentation) answer addresses from the documentation ranges of RFC 5737
  (``192.0.2.0/24``, ``198.51.100.0/24``, ``203.0.113.0/24``), the same way the DNS spec's
  ExternalName example (§2.5) answers ``www.example.com`` with ``192.0.2.53``. The course
  needs *one* external name that works, to show ExternalName CNAMEs and the ndots walk of an
  external name ending in an answer, without pretending to know real addresses.
- ``localhost`` answers ``127.0.0.1``/``::1`` (RFC 6761 §6.3 lets resolvers do so).
- Names under the special-use TLDs of RFC 2606/6761/6762 (``test``, ``example``, ``invalid``,
  ``localhost``, ``local``) do not exist anywhere: NXDOMAIN. ``local`` covers the search-walk
  candidates ``x.cluster.local`` when the zone is not ``cluster.local``.
- A name whose last label is not a top-level domain the root zone delegates (from a short list
  of common TLDs below) does not exist either: NXDOMAIN, as the root would say. This is what a
  pod sees for ``kube-dns.kube-system`` or ``nginx`` asked as-is at the end of a search walk.
- Any other name under a real TLD (``google.com``, ``kubernetes.io``) would need the Internet:
  SERVFAIL, which is what CoreDNS answers when ``forward`` cannot reach its upstream. It says
  "offline", not "does not exist", and glibc moves on to the next search domain after it.

Reverse names: private and documentation ranges (RFC 1918, 5737, 6598 …) are NXDOMAIN, as the
RFC 6303 local zones of any recursive resolver answer; other reverse names SERVFAIL.
"""

from __future__ import annotations

import ipaddress

from k8slab.dns.records import RR, Msg

UPSTREAM_TTL = 3600  # what the simulated upstream puts on its answers

# RFC 2606 names → RFC 5737 documentation addresses (IPv6: RFC 3849 2001:db8::/32).
WELL_KNOWN: dict[str, dict[str, tuple[str, ...]]] = {
    "example.com.": {"A": ("192.0.2.10",), "AAAA": ("2001:db8::10",)},
    "www.example.com.": {"A": ("192.0.2.53",), "AAAA": ("2001:db8::53",)},
    "example.net.": {"A": ("198.51.100.10",), "AAAA": ("2001:db8:1::10",)},
    "www.example.net.": {"A": ("198.51.100.53",), "AAAA": ("2001:db8:1::53",)},
    "example.org.": {"A": ("203.0.113.10",), "AAAA": ("2001:db8:2::10",)},
    "www.example.org.": {"A": ("203.0.113.53",), "AAAA": ("2001:db8:2::53",)},
    "localhost.": {"A": ("127.0.0.1",), "AAAA": ("::1",)},
}

SPECIAL_USE_TLDS = frozenset({"test", "example", "invalid", "localhost", "local"})

# A deliberately short list of delegated TLDs (generic, infrastructure, and the ccTLDs a
# Spanish-speaking course is likely to type). Anything else is treated as not delegated.
KNOWN_TLDS = frozenset(
    {
        "com", "net", "org", "io", "dev", "app", "info", "edu", "gov", "int", "mil", "arpa",
        "cloud", "sh", "ai", "co", "me", "tv", "eu", "es", "mx", "ar", "cl", "pe", "uy",
        "ve", "ec", "bo", "py", "cr", "cu", "do", "gt", "hn", "ni", "pa", "sv", "pr", "us",
        "uk", "de", "fr", "it", "pt", "br", "cat", "gal", "eus", "nl", "be", "ch", "se", "jp",
        "cn", "in", "ru", "ca", "au", "nz",
    }
)  # fmt: skip

_PRIVATE_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "192.0.2.0/24",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "fc00::/7",
        "fe80::/10",
        "2001:db8::/32",
        "::1/128",
    )
)


def _soa(zone: str) -> RR:
    return RR(
        zone, 900, "SOA", "a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400"
    )


def resolve(qname: str, qtype: str) -> Msg:
    """Answer one question as the simulated upstream resolver would (never authoritative)."""
    from k8slab.dns.reverse import extract_address_from_reverse

    name = qname.lower()
    if not name.endswith("."):
        name += "."
    labels = [x for x in name.split(".") if x]
    if not labels:
        return Msg("NOERROR", source="forward")  # the root: nothing to add here
    if name.endswith(".in-addr.arpa.") or name.endswith(".ip6.arpa."):
        ip = extract_address_from_reverse(name)
        if ip and any(ipaddress.ip_address(ip) in n for n in _PRIVATE_NETS):
            return Msg("NXDOMAIN", source="forward")
        if ip == "":
            return Msg("NXDOMAIN", source="forward")
        return Msg("SERVFAIL", source="forward")
    known = WELL_KNOWN.get(name)
    if known is not None:
        data = known.get(qtype, ())
        answer = tuple(RR(qname, UPSTREAM_TTL, qtype, d) for d in data)
        return Msg("NOERROR", answer=answer, source="forward")
    tld = labels[-1]
    if tld in SPECIAL_USE_TLDS or tld not in KNOWN_TLDS:
        return Msg("NXDOMAIN", ns=(_soa("."),), source="forward")
    if len(labels) >= 2 and ".".join(labels[-2:]) in ("example.com", "example.net", "example.org"):
        return Msg("NXDOMAIN", ns=(_soa(".".join(labels[-2:]) + "."),), source="forward")
    return Msg("SERVFAIL", source="forward")
