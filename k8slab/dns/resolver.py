"""The pod's stub resolver: glibc's search walk over ``/etc/resolv.conf``.

Source: glibc ``resolv/res_query.c`` (``__res_context_search``, glibc 2.34+):

1. Count the dots; a trailing dot means "absolute": ask the name once and return that answer.
2. ``dots >= ndots``: ask the name as typed first; an answer ends the walk.
3. Then, with RES_DEFNAMES (no dots) / RES_DNSRCH (some dots) — both on by default — ask
   ``name.<domain>`` for each search domain in order. NXDOMAIN (HOST_NOT_FOUND), NODATA and
   SERVFAIL (TRY_AGAIN with rcode SERVFAIL) all move on to the next domain; any other failure
   (a timeout, REFUSED) stops the loop.
4. If the name was not asked as typed yet, ask it last.
5. Success is the first response with rcode NOERROR and at least one answer record
   (``__res_context_query`` returns -1 for NODATA). On failure the error is step 2's if it
   ran, else NO_DATA if any step got NODATA, else TRY_AGAIN if any got SERVFAIL, else the
   last one's.

``res_nsend`` tries the nameservers in order when one does not answer (timeout), not on an
NXDOMAIN. musl (Alpine) differs: it stops the walk at the first NODATA — not modelled.
"""

from __future__ import annotations

import random

from k8slab.api.reader import Reader
from k8slab.dns import upstream
from k8slab.dns.answer import INVALID, TIMEOUT, DnsAnswer, name_error
from k8slab.dns.records import Msg
from k8slab.dns.resolvconf import ResolvConf
from k8slab.dns.server import CoreDNS, answer_from_msg, as_server, round_robin

NO_SERVERS = ";; connection timed out; no servers could be reached"


def _ask(server: CoreDNS, resolv: ResolvConf, fqdn: str, qtype: str, rng) -> Msg:
    """``res_nsend``: the first nameserver that answers, in resolv.conf order."""
    cluster_ips = set(server.server_ips())
    dns_pods = set(server.pod_ips())
    for ns in resolv.nameservers or ("127.0.0.1",):
        if ns in cluster_ips or ns in dns_pods:
            if not dns_pods:
                continue  # the kube-dns Service has no ready endpoint: the packet goes nowhere
            msg = server.serve(fqdn, qtype)
            if rng is not None:
                block = server.corefile.block_for(fqdn)
                if block is not None and "loadbalance" in block.plugins:
                    msg = round_robin(msg, rng)
            return msg
        if ns.startswith("127."):
            continue  # nothing listens on the pod's loopback
        # Any other nameserver (the node's, one from dnsConfig) reaches the simulated Internet.
        return upstream.resolve(fqdn, qtype)
    return Msg(TIMEOUT, source="resolver")


def _answered(msg: Msg) -> bool:
    return msg.rcode == "NOERROR" and bool(msg.answer)


def lookup(
    reader: Reader | CoreDNS,
    name: str,
    qtype: str = "A",
    *,
    resolv: ResolvConf,
    search: bool = True,
    rng: random.Random | None = None,
) -> DnsAnswer:
    """Resolve ``name`` as a pod's glibc would, walking the search list of ``resolv``.

    Parameters:
        reader: the cluster's ``Reader`` (``lab.api``), or a ``CoreDNS`` to reuse its cache.
        name: what the program was given (``nginx``, ``kube-dns.kube-system``, ``x.y.``).
        qtype: the record type asked for each candidate name.
        resolv: the pod's resolv.conf (``pod_resolv_conf``).
        search: False asks the name once, as absolute (``dig`` without ``+search``).
        rng: with CoreDNS's ``loadbalance``, shuffle addresses with this seeded RNG.
    """
    server = as_server(reader)
    qtype = qtype.upper()
    typed = name
    error = name_error(name)
    if error is not None:
        return DnsAnswer(
            name.rstrip("."), qtype, INVALID, name=typed, error=error, source="resolver"
        )
    trailing_dot = name.endswith(".")
    bare = name[:-1] if trailing_dot else name
    dots = bare.count(".")
    tried: list[str] = []
    last: Msg | None = None
    last_name = bare

    def ask(candidate: str) -> Msg:
        nonlocal last, last_name
        tried.append(candidate)
        last = _ask(server, resolv, candidate + ".", qtype, rng)
        last_name = candidate
        return last

    def done(msg: Msg, asked: str, rcode: str | None = None) -> DnsAnswer:
        ans = answer_from_msg(msg, asked, qtype, tried=tried, name=typed)
        if rcode is not None and rcode != ans.rcode:
            ans = DnsAnswer(
                ans.qname,
                qtype,
                rcode,
                tried=list(tried),
                authority=ans.authority,
                name=typed,
                source=ans.source,
            )
        if ans.rcode == TIMEOUT:
            ans = DnsAnswer(
                ans.qname, qtype, TIMEOUT, tried=list(tried), name=typed, error=NO_SERVERS,
                source="resolver",
            )  # fmt: skip
        return ans

    if not search or trailing_dot:
        return done(ask(bare), bare)

    saved: Msg | None = None
    tried_as_is = False
    if dots >= resolv.ndots:
        msg = ask(bare)
        if _answered(msg):
            return done(msg, bare)
        saved, tried_as_is = msg, True

    got_nodata = got_servfail = False
    root_on_list = False
    for domain in resolv.searches:
        d = domain.rstrip(".")
        if d == "":
            root_on_list = True
            candidate = bare
        else:
            candidate = f"{bare}.{d}"
        if name_error(candidate) is not None:
            break  # longer than a name can be: NO_RECOVERY ends the loop
        msg = ask(candidate)
        if _answered(msg):
            return done(msg, candidate)
        if msg.rcode == "NOERROR":
            got_nodata = True
        elif msg.rcode == "SERVFAIL":
            got_servfail = True
        elif msg.rcode != "NXDOMAIN":
            break

    if not (tried_as_is or root_on_list):
        msg = ask(bare)
        if _answered(msg):
            return done(msg, bare)

    assert last is not None
    if saved is not None:
        return done(saved, bare)
    if got_nodata:
        return done(last, last_name, "NOERROR")
    if got_servfail:
        return done(last, last_name, "SERVFAIL")
    return done(last, last_name)
