"""kube-proxy in iptables mode: per-node rule generation and the packet walk.

Files by concern: ``chains`` (names and the hash recipe), ``serviceport`` and ``endpoints``
(typed views of Services and EndpointSlices, ``categorize_endpoints``), ``rules`` (the ``Rule``
value and its two renderings), ``sync`` (``sync_proxy_rules``, one pass per node), ``save``
(iptables-save text, restore payload, parser, upstream's canonical sort), ``walk``
(``trace_packet``) and ``node`` (``node_ruleset``, the entry the facade uses).
"""
