"""``DnsAnswer``, what ``lab.dns`` returns, and the name checks the stub resolver makes.

Name limits: RFC 1035 §2.3.4 (labels ≤ 63 octets, names ≤ 255 octets on the wire, i.e. 253
characters of text without the final dot). glibc's ``res_nmkquery`` refuses to build a query
for a name that breaks them (``ns_name_compress`` fails), so nothing is sent; bind's tools say
``'<name>' is not a legal name (label too long)`` (``dighost.c``, ``dns_name_fromtext``
results ``ISC_R_LABELTOOLONG`` "label too long", ``ISC_R_NOSPACE`` "ran out of space",
``DNS_R_EMPTYLABEL`` "empty label").
"""

from __future__ import annotations

from dataclasses import dataclass, field

INVALID = "INVALID"  # not a DNS rcode: the resolver refused to send the query
TIMEOUT = "TIMEOUT"  # not a DNS rcode: no server answered

MAX_LABEL = 63
MAX_NAME = 253


@dataclass(frozen=True)
class DnsAnswer:
    """The outcome of one DNS question, or of a resolver's whole search walk.

    Fields:
        qname: the name of the question that produced this answer (no final dot); for a
            failed search walk, the last name asked.
        qtype: ``"A"``, ``"AAAA"``, ``"SRV"``, ``"PTR"``, ``"CNAME"``, ``"TXT"``, …
        rcode: ``"NOERROR"``, ``"NXDOMAIN"``, ``"SERVFAIL"``, ``"REFUSED"``; ``"TIMEOUT"`` when no
            server answered; ``"INVALID"`` when the name could not be sent at all.
        answers: the answer section as values: IPs for A/AAAA, ``target:port`` for SRV, names
            (no final dot) for CNAME/PTR/NS, the text for TXT. A CNAME chain lists the CNAME
            target(s) first, then the addresses, as CoreDNS orders them.
        tried: the FQDNs asked, in order (no final dot).
        records: the answer section as zone-file lines (``name. ttl IN TYPE data``).
        authority: the authority section (the SOA of an NXDOMAIN/NODATA answer).
        additional: the additional section (addresses of SRV targets, NS names).
        name: the name as the user typed it.
        error: why an ``INVALID``/``TIMEOUT`` answer has no rcode from a server.
        authoritative: the AA bit (CoreDNS's own zones) — bind's nslookup prints
            "Non-authoritative answer:" when it is off.
        source: the CoreDNS plugin that wrote the response (``kubernetes``, ``forward``), or
            ``resolver``.
    """

    qname: str
    qtype: str
    rcode: str
    answers: list[str] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    additional: list[str] = field(default_factory=list)
    name: str = ""
    error: str | None = None
    authoritative: bool = False
    source: str = ""

    @property
    def ok(self) -> bool:
        """NOERROR with at least one answer (what glibc counts as success)."""
        return self.rcode == "NOERROR" and bool(self.answers)

    @property
    def addresses(self) -> list[str]:
        """Only the A/AAAA values of the answer (what ``getaddrinfo`` hands to curl)."""
        return [r.split(" ", 4)[4] for r in self.records if r.split(" ", 4)[3] in ("A", "AAAA")]


def name_error(name: str) -> str | None:
    """Why ``name`` cannot be put in a query (bind's wording), or None when it can."""
    text = name[:-1] if name.endswith(".") and name != "." else name
    if not text:
        return "empty label"
    if any(c.isspace() or ord(c) < 33 or ord(c) > 126 for c in text):
        return "bad character"
    labels = text.split(".")
    if any(lb == "" for lb in labels):
        return "empty label"
    if any(len(lb) > MAX_LABEL for lb in labels):
        return "label too long"
    if len(text) > MAX_NAME:
        return "ran out of space"
    return None
