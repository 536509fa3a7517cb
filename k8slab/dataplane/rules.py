"""Load kube-proxy's rules for one node into its namespace, as kube-proxy does.

``lab.iptables_save(node, table)`` already carries everything kube-proxy writes, including the
jumps from the built-in chains (``-A PREROUTING … -j KUBE-SERVICES``, ``-A INPUT …
-j KUBE-FIREWALL``, …) that kube-proxy adds with ``iptables -I`` before its
``iptables-restore --noflush``. The namespace is new, so one ``iptables-restore`` of the three
tables gives the same ruleset. The ``nfacct`` counters the rules name
(``ct_state_invalid_dropped_pkts``, ``localhost_nps_accepted_pkts``, kube-proxy's metrics)
are created first; without the ``nfacct`` tool the ``-m nfacct`` matches are dropped (the match
only counts, it always matches, so the verdicts are the same).
"""

from __future__ import annotations

import re
import shutil

from k8slab.dataplane import netns

TABLES = ("filter", "nat", "mangle")
_NFACCT = re.compile(r" -m nfacct --nfacct-name +(\S+)")


def restore_payload(lab, node: str, *, with_nfacct: bool = True) -> str:
    """The ``iptables-restore`` input for ``node``: filter, nat and mangle."""
    text = "".join(lab.iptables_save(node, t) for t in TABLES)
    text = "".join(line + "\n" for line in text.splitlines() if line.strip())
    if not with_nfacct:
        text = _NFACCT.sub("", text)
    return text


def nfacct_counters(payload: str) -> list[str]:
    return sorted(set(_NFACCT.findall(payload)))


def load(lab, node: str, ns: str) -> str:
    """Create the nfacct counters and ``iptables-restore`` the node's rules; return the text."""
    has_nfacct = shutil.which("nfacct") is not None
    payload = restore_payload(lab, node, with_nfacct=has_nfacct)
    for counter in nfacct_counters(payload):
        netns.run(["nfacct", "add", counter], ns=ns)
    netns.run(["iptables-restore"], input=payload, ns=ns)
    return payload
