"""What ``nslookup`` and ``dig +short`` print for a ``DnsAnswer`` (printers, no DNS logic).

Two nslookups are common in Kubernetes courses:

- bind9's (``registry.k8s.io/e2e-test-images/jessie-dnsutils``, the kubernetes.io "Debugging
  DNS Resolution" page; ``bin/dig/nslookup.c``)::

      Server:\t\t10.96.0.10
      Address:\t10.96.0.10#53

      Name:\tkubernetes.default.svc.cluster.local
      Address: 10.96.0.1

  failures: ``** server can't find NAME: NXDOMAIN`` (or ``SERVFAIL``), ``*** Can't find NAME:
  No answer`` for NODATA, ``;; connection timed out; no servers could be reached``, and
  ``nslookup: 'NAME' is not a legal name (label too long)`` before any query. An answer from a
  server that is not authoritative for it (forwarded names) is headed ``Non-authoritative
  answer:``; a CNAME prints ``NAME\\tcanonical name = TARGET.``. Each run ends with a blank line.
- busybox 1.28's (``busybox:1.28``, the image the kubernetes.io page pins), which resolves
  through ``getaddrinfo`` (so it walks the search list) and reverse-resolves every address::

      Server:    10.96.0.10
      Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

      Name:      kubernetes.default
      Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local

  failure: ``nslookup: can't resolve 'NAME'``.
"""

from __future__ import annotations

from collections.abc import Callable

from k8slab.dns.answer import INVALID, TIMEOUT, DnsAnswer

BIND = "bind"
BUSYBOX = "busybox"


def _rr_parts(line: str) -> tuple[str, str, str]:
    name, _ttl, _cls, rtype, data = line.split(" ", 4)
    return name, rtype, data


def nslookup_output(
    answer: DnsAnswer,
    server_ip: str = "10.96.0.10",
    *,
    style: str = BIND,
    aaaa: DnsAnswer | None = None,
    reverse: Callable[[str], str | None] | None = None,
) -> str:
    """The text ``nslookup NAME`` prints for ``answer`` (an A look-up).

    Parameters:
        answer: the A look-up (``lookup(..., "A", resolv=...)``).
        server_ip: the first nameserver of the pod's resolv.conf.
        style: ``"bind"`` (dnsutils image) or ``"busybox"`` (busybox:1.28).
        aaaa: bind's nslookup also asks AAAA; pass that look-up to print its records too.
        reverse: busybox only: IP → name (a PTR look-up), printed after each address.
    """
    if style == BUSYBOX:
        return _busybox(answer, server_ip, aaaa, reverse)
    return _bind(answer, server_ip, aaaa)


def nslookup_exit_code(answer: DnsAnswer, aaaa: DnsAnswer | None = None) -> int:
    """0 when something was found, else 1 (both nslookups)."""
    return 0 if answer.ok or (aaaa is not None and aaaa.ok) else 1


def _bind(answer: DnsAnswer, server_ip: str, aaaa: DnsAnswer | None) -> str:
    shown = answer.name.rstrip(".") or answer.qname
    if answer.rcode == INVALID:
        return f"nslookup: '{answer.name}' is not a legal name ({answer.error})\n"
    if answer.rcode == TIMEOUT:
        return ";; connection timed out; no servers could be reached\n\n"
    out = [f"Server:\t\t{server_ip}", f"Address:\t{server_ip}#53", ""]
    found = [a for a in (answer, aaaa) if a is not None and a.ok]
    if not found:
        if answer.rcode == "NOERROR":
            out.append(f"*** Can't find {shown}: No answer")
        else:
            out.append(f"** server can't find {shown}: {answer.rcode}")
        return "\n".join(out) + "\n\n"
    if not all(a.authoritative for a in found):
        out.append("Non-authoritative answer:")
    seen_cname: set[str] = set()
    for a in found:
        for line in a.records:
            name, rtype, data = _rr_parts(line)
            if rtype == "CNAME":
                if line not in seen_cname:
                    seen_cname.add(line)
                    out.append(f"{name.rstrip('.')}\tcanonical name = {data}")
            elif rtype in ("A", "AAAA"):
                out.append(f"Name:\t{name.rstrip('.')}")
                out.append(f"Address: {data}")
    return "\n".join(out) + "\n\n"


def _busybox(
    answer: DnsAnswer,
    server_ip: str,
    aaaa: DnsAnswer | None,
    reverse: Callable[[str], str | None] | None,
) -> str:
    def addr(i: int, ip: str) -> str:
        ptr = reverse(ip) if reverse is not None else None
        return f"Address {i}: {ip}" + (f" {ptr}" if ptr else "")

    out = [f"Server:    {server_ip}", addr(1, server_ip), ""]
    ips = list(answer.addresses) + (list(aaaa.addresses) if aaaa is not None else [])
    if answer.rcode in (INVALID, TIMEOUT) or not ips:
        out.append(f"nslookup: can't resolve '{answer.name}'")
        return "\n".join(out) + "\n"
    out.append(f"Name:      {answer.name}")
    out += [addr(i, ip) for i, ip in enumerate(ips, 1)]
    return "\n".join(out) + "\n"


def dig_short(answer: DnsAnswer) -> str:
    """``dig +short``: one rdata per line, names with their final dot."""
    return "".join(_rr_parts(line)[2] + "\n" for line in answer.records)
