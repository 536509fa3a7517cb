"""kube-proxy in iptables mode: per-node rule generation and the packet walk.

Files by concern: ``chains`` (names and the hash recipe), ``serviceport`` and ``endpoints``
(typed views of Services and EndpointSlices, ``categorize_endpoints``), ``rules`` (the ``Rule``
value and its two renderings), ``ruleset`` (tables of chains), ``sync`` (``sync_proxy_rules``,
one pass per node), ``save`` (iptables-save text, restore payload, parser, upstream's canonical
sort), ``walk`` (``trace_packet``) and ``node`` (``node_ruleset``, the entry the facade uses).

Typical use::

    rs = node_ruleset(lab.api, "node-1")
    print(iptables_save(rs, "nat"))
    result = trace_packet(rs, src_ip="10.244.1.5", dst_ip="10.96.0.10", dst_port=53,
                          protocol="udp", rng=rng, affinity_state=state)
"""

from .node import node_ruleset
from .rules import Rule, compute_probability, parse_rule
from .ruleset import Chain, Ruleset, Table
from .save import iptables_save, parse_iptables_dump, restore_payload, sort_iptables_rules
from .sync import sync_proxy_rules
from .walk import AffinityState, RuleHit, TraceResult, trace_packet

__all__ = [
    "AffinityState",
    "Chain",
    "Rule",
    "RuleHit",
    "Ruleset",
    "Table",
    "TraceResult",
    "compute_probability",
    "iptables_save",
    "node_ruleset",
    "parse_iptables_dump",
    "parse_rule",
    "restore_payload",
    "sort_iptables_rules",
    "sync_proxy_rules",
    "trace_packet",
]
